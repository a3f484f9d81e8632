import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cidrContains, parseCidr } from './cidr.ts';
import { formatIp, parseIp } from './ip.ts';

describe('parseCidr', () => {
  it('canonicalises the network address (aws-semantics.md fact 8)', () => {
    expect(parseCidr('10.0.0.5/16')?.text).toBe('10.0.0.0/16');
    expect(parseCidr('100.68.0.18/18')?.text).toBe('100.68.0.0/18');
    expect(parseCidr('2001:db8::1/32')?.text).toBe('2001:db8::/32');
    expect(parseCidr('0.0.0.0/0')?.text).toBe('0.0.0.0/0');
    expect(parseCidr('::/0')?.text).toBe('::/0');
  });
  it('rejects what is not a CIDR', () => {
    for (const bad of ['10.0.0.0/33', '10.0.0.0', '010.0.0.0/8', '10.0.0.256/8', '::/129', '10.0.0.0/-1', '10.0.0.0/08', 'foo/8', '1.2.3.4/ 8']) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });
  it('restricts the family when asked', () => {
    expect(parseCidr('::/0', 4)).toBeUndefined();
    expect(parseCidr('0.0.0.0/0', 6)).toBeUndefined();
  });
  it('contains exactly the addresses under its mask', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), fc.ipV4(), (a, len, b) => {
        const c = parseCidr(`${a}/${len}`)!;
        const ip = parseIp(b)!;
        const expected = len === 0 || (ip.words[0] >>> (32 - len)) === (parseIp(a)!.words[0] >>> (32 - len));
        expect(cidrContains(c, ip)).toBe(expected);
      }),
    );
  });
  it('formats IPv6 canonically and round-trips', () => {
    fc.assert(
      fc.property(fc.ipV6(), (a) => {
        const ip = parseIp(a)!;
        expect(parseIp(formatIp(ip))).toEqual(ip);
      }),
    );
  });
});
