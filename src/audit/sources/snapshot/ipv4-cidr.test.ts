import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../../core/net/cidr.ts';
import { packedIpv4Cidr, packedNetworkKey, parseIpv4CidrFast } from './ipv4-cidr.ts';

const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('00', '01', '010', '255', '256', '1000', ''));
const prefix = fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.constantFrom('00', '08', '032', '', '1a'));
const cidrLike = fc.tuple(octet, octet, octet, octet, prefix, fc.constantFrom('.', '/', ':', ' ')).map(([a, b, c, d, p, sep]) => `${a}.${b}.${c}${sep}${d}/${p}`);
const anyText = fc.string({ unit: fc.constantFrom(...'0123456789./:a '), maxLength: 20 });

describe('fast IPv4 CIDR parsing', () => {
  it('accepts what the core parser accepts for IPv4, with an equal result, and nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(cidrLike, anyText), (text) => {
        const fast = parseIpv4CidrFast(text);
        if (fast !== undefined) expect(fast).toEqual(parseCidr(text, 4));
        else if (/^[0-9./]+$/.test(text) && parseCidr(text, 4) !== undefined) expect.fail(`refused ${text}, which the core parser accepts`);
      }),
      { numRuns: 5000 },
    );
  });

  it('gives two texts the same prefix length and network key exactly when they name the same CIDR', () => {
    const valid = fc.tuple(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 32 })).map(([o, p]) => `${o.join('.')}/${p}`);
    fc.assert(
      fc.property(valid, valid, (a, b) => {
        const [pa, pb] = [packedIpv4Cidr(a), packedIpv4Cidr(b)];
        const sameKey = pa % 64 === pb % 64 && packedNetworkKey(pa) === packedNetworkKey(pb);
        expect(sameKey).toBe(parseIpv4CidrFast(a)!.text === parseIpv4CidrFast(b)!.text);
      }),
      { numRuns: 5000 },
    );
    expect(packedNetworkKey(packedIpv4Cidr('10.0.0.5/24'))).toBe(packedNetworkKey(packedIpv4Cidr('10.0.0.0/24')));
    expect(packedIpv4Cidr('010.0.0.0/24')).toBe(-1);
  });

  it('canonicalises a host address to its network', () => {
    expect(parseIpv4CidrFast('10.0.0.5/16')).toEqual(parseCidr('10.0.0.0/16'));
    expect(parseIpv4CidrFast('0.0.0.0/0')?.text).toBe('0.0.0.0/0');
    expect(parseIpv4CidrFast('255.255.255.255/32')?.text).toBe('255.255.255.255/32');
  });
});
