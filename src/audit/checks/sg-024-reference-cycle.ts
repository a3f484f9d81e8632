import type { Check, FindingDraft } from '../model/check.ts';

export const SG_024: Check = {
  id: 'SG-024',
  title: 'Security-group reference cycle',
  severity: 'info',
  ruleLevel: false,
  rationale:
    'Groups reference each other in a cycle (A admits B, B admits … A). Cycles block deletion (each is a dependency of the other) and hide transitive trust. Self-references are SG-019\'s business, not cycles.',
  mapping: { cis: [], fsbp: [] },
  run: (ctx) => {
    const edges = new Map<string, Set<string>>();
    for (const g of ctx.estate.snapshot.securityGroups) {
      // Only groups that reference another group can be on a cycle: the others are never roots (Tarjan still
      // visits them as targets, with no outgoing edges), which keeps the graph to the referencing part of the estate.
      let out: Set<string> | undefined;
      for (const list of [g.ingress, g.egress]) {
        for (const r of list) {
          if (r.peer.kind === 'group' && r.peer.groupId !== g.groupId && ctx.index.groups.has(r.peer.groupId)) (out ??= new Set<string>()).add(r.peer.groupId);
        }
      }
      if (out) edges.set(g.groupId, out);
    }
    const findings: FindingDraft[] = [];
    for (const component of stronglyConnected(edges)) {
      if (component.length < 2) continue;
      const members = [...component].sort();
      const group = ctx.index.groups.get(members[0])!;
      findings.push({
        resource: ctx.groupResource(group),
        message: `reference cycle between ${members.join(', ')}`,
        evidence: { groupIds: members },
        remediation: { summary: 'Break the cycle: let one side reference a shared group (or a CIDR) instead of the other.', commands: [] },
      });
    }
    return { findings };
  },
};

const NO_EDGES: ReadonlySet<string> = new Set<string>();

/** Tarjan's algorithm, iterative (deep reference chains must not overflow the stack). */
function stronglyConnected(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; next: Iterator<string> }> = [];
    const visit = (node: string) => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: (edges.get(node) ?? NO_EDGES).values() });
    };
    visit(root);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const step = top.next.next();
      if (!step.done) {
        const w = step.value;
        if (!index.has(w)) visit(w);
        else if (onStack.has(w)) low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== top.node);
        out.push(component);
      }
    }
  }
  return out;
}
