import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NetworkAclEntry } from '../../core/model/network-acl.ts';
import { parseCidr } from '../../core/net/cidr.ts';
import { allowedAddresses, entryMatches, packetKinds } from './nacl-evaluation.ts';

const entry = fc.record({
  ruleNumber: fc.integer({ min: 1, max: 500 }),
  action: fc.constantFrom('allow' as const, 'deny' as const),
  protocol: fc.constantFrom(-1, 6, 17),
  host: fc.integer({ min: 0, max: 255 }),
  len: fc.integer({ min: 24, max: 32 }),
  from: fc.integer({ min: 0, max: 30 }),
  width: fc.integer({ min: 0, max: 30 }),
});

describe('NACL evaluation over address sets', () => {
  it('equals first-match evaluation of each address and port (deny-before-allow honoured)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.ruleNumber, maxLength: 6 }), (raw) => {
        const entries: NetworkAclEntry[] = raw
          .map((e) => ({
            ruleNumber: e.ruleNumber,
            egress: false,
            action: e.action,
            protocol: e.protocol,
            cidr: parseCidr(`10.0.0.${e.host}/${e.len}`)!,
            ...(e.protocol !== -1 ? { portRange: { from: e.from, to: e.from + e.width } } : {}),
          }))
          .sort((a, b) => a.ruleNumber - b.ruleNumber);
        for (const kind of packetKinds(entries, 6, 0, 70)) {
          const set = allowedAddresses(entries, 4, kind);
          for (let h = 0; h < 256; h += 7) {
            const ip = BigInt(0x0a000000 + h);
            const first = entries.find((e) => entryMatches(e, kind) && (ip & ~((1n << BigInt(32 - e.cidr.prefixLength)) - 1n)) === BigInt(e.cidr.words[0]));
            const allowed = set.intervals.some(([lo, hi]) => lo <= ip && ip <= hi);
            expect(allowed).toBe(first?.action === 'allow');
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  it('packet kinds split port space at every entry boundary of the protocol', () => {
    const entries: NetworkAclEntry[] = [{ ruleNumber: 1, egress: false, action: 'deny', protocol: 6, cidr: parseCidr('0.0.0.0/0')!, portRange: { from: 22, to: 22 } }];
    expect(packetKinds(entries, 6).map((k) => k.port)).toEqual([0, 22, 23]);
    expect(packetKinds(entries, 17).map((k) => k.port)).toEqual([0]);
  });
});
