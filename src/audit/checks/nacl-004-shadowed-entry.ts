import type { NetworkAclEntry } from '../../core/model/network-acl.ts';
import type { Check, FindingDraft } from '../model/check.ts';
import { covers, overlaps, setOfCidrs } from '../analysis/address-set.ts';
import { allPacketKinds, entriesOf, entryMatches, packetKinds } from '../analysis/nacl-evaluation.ts';
import { deleteEntryFix, entryKey } from '../remediation/nacl-fix.ts';
import { entryText, naclResource } from './nacl-facts.ts';

export const NACL_004: Check = {
  id: 'NACL-004',
  title: 'Network ACL entry can never match',
  severity: 'low',
  ruleLevel: false,
  rationale:
    'Lower-numbered entries of the same direction and family already decide every packet this entry could match (its whole protocol, port and CIDR space, possibly through several entries together). The entry is dead: an ineffective deny gives false comfort, an ineffective allow is a trap for whoever removes the entry above it.',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const findings: FindingDraft[] = [];
    for (const acl of ctx.estate.snapshot.networkAcls) {
      for (const egress of [false, true]) {
        for (const family of [4, 6] as const) {
          const entries = entriesOf(acl, egress, family);
          entries.forEach((entry, i) => {
            if (i === 0) return;
            const earlier = entries.slice(0, i);
            const deciders = shadowers(entry, earlier, entries, family);
            if (!deciders) return;
            findings.push({
              resource: naclResource(acl),
              message: `${acl.networkAclId} ${entryText(entry)} can never match: ${deciders.map((d) => `rule ${d.ruleNumber}`).join(', ')} decide all of its traffic first`,
              ruleIds: [entryKey(acl.networkAclId, entry)],
              evidence: { direction: egress ? 'egress' : 'ingress', family, ruleNumbers: [entry.ruleNumber] },
              remediation: deleteEntryFix(ctx, acl, entry, 'Delete the dead entry, or renumber it before the entries that hide it if it was meant to win.'),
            });
          });
        }
      }
    }
    return { findings };
  },
};

/** The earlier entries that together match everything `entry` matches, or undefined when some packet reaches it. */
function shadowers(entry: NetworkAclEntry, earlier: readonly NetworkAclEntry[], all: readonly NetworkAclEntry[], family: 4 | 6): NetworkAclEntry[] | undefined {
  const target = setOfCidrs(family, [entry.cidr]);
  const space = entry.protocol === -1 ? allPacketKinds(all) : packetKinds(all, entry.protocol, entry.portRange?.from ?? 0, entry.portRange?.to ?? 65535);
  const kinds = space.filter((k) => entryMatches(entry, k));
  if (kinds.length === 0) return undefined;
  const used = new Set<NetworkAclEntry>();
  for (const kind of kinds) {
    const matching = earlier.filter((e) => entryMatches(e, kind) && overlaps(setOfCidrs(family, [e.cidr]), target));
    if (!covers(setOfCidrs(family, matching.map((e) => e.cidr)), target)) return undefined;
    for (const e of matching) used.add(e);
  }
  return [...used].sort((a, b) => a.ruleNumber - b.ruleNumber);
}
