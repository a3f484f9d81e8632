import { describe, expect, it } from 'vitest';
import { CLASSIFIER_LAYOUT } from './classifier.ts';
import * as pool from './rule-pool.ts';

describe('classifier layout', () => {
  it('repeats the record layout of rule-pool.ts exactly', () => {
    expect(CLASSIFIER_LAYOUT).toEqual({
      STRIDE: pool.RULE_STRIDE,
      PROTOCOL: pool.R_PROTOCOL,
      LO: pool.R_LO,
      HI: pool.R_HI,
      PEER: pool.R_PEER,
      PEER_A: pool.R_PEER_A,
      PEER_B: pool.R_PEER_B,
      CIDR4: pool.PEER_CIDR4,
      CIDR6: pool.PEER_CIDR6,
      GROUP: pool.PEER_GROUP,
      ANY4: pool.PEER_ANY4,
      ANY6: pool.PEER_ANY6,
    });
  });
});
