import type { NetworkAcl, NetworkAclEntry } from '../../core/model/network-acl.ts';
import { TCP, UDP, protocolLabel } from '../../core/net/protocol.ts';
import type { Check, FindingDraft } from '../model/check.ts';
import { describeSet, intersect, isEmpty, setOfCidrs, subtract, unionAll } from '../analysis/address-set.ts';
import { allowedAddresses, entriesOf, packetKinds } from '../analysis/nacl-evaluation.ts';
import { entryKey, freeRuleNumberBelow } from '../remediation/nacl-fix.ts';
import { isIacSource, regionFlag } from '../remediation/security-group-fix.ts';
import type { AuditContext } from '../run/context.ts';
import { entryText, naclResource } from './nacl-facts.ts';

/** Ephemeral ports: 1024-65535 covers every client the VPC guide lists (aws-semantics.md §6.11, fact 18). */
const EPHEMERAL_FROM = 1024;
const EPHEMERAL_TO = 65535;

export const NACL_006: Check = {
  id: 'NACL-006',
  title: 'Network ACL return path missing',
  severity: 'medium',
  ruleLevel: false,
  rationale:
    'NACLs are stateless: an inbound allow entry for tcp or udp from S only works when the outbound entries allow some ephemeral port (1024-65535) back to S, and an outbound allow to D needs inbound ephemeral ports from D. Flagged when, for some addresses where the allow is the deciding entry, every ephemeral port of the return direction is denied: those connections cannot work. Allows over the ephemeral range itself (e.g. 1024-65535) are return paths, not services, and are not checked.',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const findings: FindingDraft[] = [];
    for (const acl of ctx.estate.snapshot.networkAcls) {
      for (const family of [4, 6] as const) {
        for (const egress of [false, true]) {
          const forward = entriesOf(acl, egress, family);
          const back = entriesOf(acl, !egress, family);
          for (const entry of forward) {
            if (entry.action !== 'allow') continue;
            // An allow over the ephemeral range is itself the return path of the other direction, not a service.
            if (entry.portRange && entry.portRange.from >= EPHEMERAL_FROM && entry.portRange.to - entry.portRange.from >= 1024) continue;
            // A service is a tcp or udp allow; an allow of every protocol states no flow that must work.
            const protocols = entry.protocol === TCP || entry.protocol === UDP ? [entry.protocol] : [];
            for (const protocol of protocols) {
              const broken = brokenReturn(entry, forward, back, family, protocol);
              if (!broken) continue;
              findings.push(draft(ctx, acl, entry, protocol, family, broken));
            }
          }
        }
      }
    }
    return { findings };
  },
};

/** Addresses for which `entry` decides "allow" but the return direction denies every ephemeral port. */
function brokenReturn(entry: NetworkAclEntry, forward: readonly NetworkAclEntry[], back: readonly NetworkAclEntry[], family: 4 | 6, protocol: number) {
  const port = entry.portRange?.from ?? 0;
  const deciding = intersect(allowedAddresses(forward, family, { protocol, port }), setOfCidrs(family, [entry.cidr]));
  if (isEmpty(deciding)) return undefined;
  const replyable = unionAll(
    family,
    packetKinds(back, protocol, EPHEMERAL_FROM, EPHEMERAL_TO).map((k) => allowedAddresses(back, family, k)),
  );
  const broken = subtract(deciding, replyable);
  return isEmpty(broken) ? undefined : broken;
}

function draft(ctx: AuditContext, acl: NetworkAcl, entry: NetworkAclEntry, protocol: number, family: 4 | 6, broken: ReturnType<typeof brokenReturn> & object): FindingDraft {
  const backDir = entry.egress ? 'inbound' : 'outbound';
  const where = describeSet(broken);
  const number = freeRuleNumberBelow(acl, !entry.egress, 32766);
  const flag = entry.egress ? '--ingress' : '--egress';
  return {
    resource: naclResource(acl),
    message: `${acl.networkAclId} ${entry.egress ? 'outbound' : 'inbound'} ${entryText(entry)} cannot work for ${where}: ${backDir} entries deny every ephemeral ${protocolLabel(protocol)} port (${EPHEMERAL_FROM}-${EPHEMERAL_TO}) ${entry.egress ? 'from' : 'to'} those addresses`,
    ruleIds: [entryKey(acl.networkAclId, entry)],
    evidence: { direction: entry.egress ? 'egress' : 'ingress', family, protocol, peers: [where], ruleNumbers: [entry.ruleNumber] },
    remediation: isIacSource(ctx)
      ? {
          summary: `Add a ${backDir} allow for ${protocolLabel(protocol)} ${EPHEMERAL_FROM}-${EPHEMERAL_TO} ${entry.egress ? 'from' : 'to'} ${entry.cidr.text}, or remove the ${entry.egress ? 'outbound' : 'inbound'} allow if it is not needed.`,
          commands: [],
          patch: `# ${acl.networkAclId}: add a ${backDir} entry: allow ${protocolLabel(protocol)} ${EPHEMERAL_FROM}-${EPHEMERAL_TO} ${entry.egress ? 'from' : 'to'} ${entry.cidr.text}`,
        }
      : {
          summary: `Add a ${backDir} allow for ${protocolLabel(protocol)} ${EPHEMERAL_FROM}-${EPHEMERAL_TO} ${entry.egress ? 'from' : 'to'} ${entry.cidr.text}, or remove the allow if it is not needed.`,
          commands: [
            `aws ec2 create-network-acl-entry --network-acl-id ${acl.networkAclId}${regionFlag(ctx)} ${flag} --rule-number ${number} --protocol ${protocol} --port-range From=${EPHEMERAL_FROM},To=${EPHEMERAL_TO} ${family === 4 ? '--cidr-block' : '--ipv6-cidr-block'} ${entry.cidr.text} --rule-action allow`,
          ],
        },
  };
}
