import { describe, expect, it } from 'vitest';
import { EVALUATOR_LAYOUT } from './evaluate-nacl.ts';
import { NACL_MODE_ICMP, NACL_MODE_PORTS, NACL_STRIDE, N_FAMILY, N_HI, N_LO, N_MASK, N_MODE, N_NET, N_PROTOCOL } from './nacl-entries.ts';

describe('the NACL evaluator layout', () => {
  it('its private copies of the offsets equal the packing layout (they are copied for speed)', () => {
    expect(EVALUATOR_LAYOUT).toEqual({
      STRIDE: NACL_STRIDE,
      PROTOCOL: N_PROTOCOL,
      MODE: N_MODE,
      LO: N_LO,
      HI: N_HI,
      FAMILY: N_FAMILY,
      NET: N_NET,
      MASK: N_MASK,
      MODE_PORTS: NACL_MODE_PORTS,
      MODE_ICMP: NACL_MODE_ICMP,
    });
  });
});
