import { describe, expect, it } from 'vitest';
import { ClaimIndex } from './claim-index.ts';

describe('ClaimIndex', () => {
  const order: Record<string, number> = { first: 1, second: 2, third: 3 };

  it('resolves a contested key to the claimant first in snapshot order, whatever the claim order', () => {
    const index = new ClaimIndex<string>((id) => order[id]);
    index.claim('subnet-a', 'third');
    index.claim('subnet-a', 'first');
    index.claim('subnet-a', 'second');
    expect(index.resolve('subnet-a')).toBe('first');
    index.release('subnet-a', 'first');
    expect(index.resolve('subnet-a')).toBe('second');
    index.release('subnet-a', 'second');
    expect(index.resolve('subnet-a')).toBe('third');
    index.release('subnet-a', 'third');
    expect(index.resolve('subnet-a')).toBeUndefined();
  });

  it('counts repeated claims by one owner', () => {
    const index = new ClaimIndex<string>((id) => order[id]);
    index.claim('k', 'second');
    index.claim('k', 'second');
    index.claim('k', 'third');
    index.release('k', 'second');
    expect(index.resolve('k')).toBe('second');
    index.release('k', 'second');
    expect(index.resolve('k')).toBe('third');
    index.release('k', 'nobody');
    expect(index.resolve('k')).toBe('third');
  });
});
