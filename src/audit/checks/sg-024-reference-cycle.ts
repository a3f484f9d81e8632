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
    // Groups are numbered (index.references: one number per group id), so the graph is integer lists and Tarjan's
    // bookkeeping typed arrays: at 100,000 groups and 350,000 references, string-keyed maps and sets cost seconds.
    const groups = ctx.estate.snapshot.securityGroups;
    const refs = ctx.index.references;
    // Only groups that reference another group get a list: the others are never roots (Tarjan still visits them
    // as targets, with no outgoing edges).
    const edges: Array<number[] | undefined> = new Array(groups.length);
    for (let g = 0; g < groups.length; g++) {
      if (refs.start[g] === refs.start[g + 1]) continue;
      const from = refs.numberOf.get(groups[g].groupId)!;
      for (let k = refs.start[g]; k < refs.start[g + 1]; k++) {
        const to = refs.target[k];
        if (to < 0 || to === from) continue;
        const out = (edges[from] ??= []);
        if (!out.includes(to)) out.push(to);
      }
    }
    const findings: FindingDraft[] = [];
    for (const component of stronglyConnected(edges)) {
      if (component.length < 2) continue;
      const members = component.map((i) => groups[i].groupId).sort();
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

/**
 * Tarjan's algorithm over the graph whose node i has the edges `edges[i]`, iterative (deep reference chains must
 * not overflow the stack). Only nodes with edges start a search; the others can be on no cycle.
 */
function stronglyConnected(edges: ReadonlyArray<readonly number[] | undefined>): number[][] {
  const n = edges.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const out: number[][] = [];
  // The search path: each node with the position of its next edge.
  const pathNode: number[] = [];
  const pathEdge: number[] = [];
  let counter = 0;
  const visit = (v: number) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    pathNode.push(v);
    pathEdge.push(0);
  };
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1 || edges[root] === undefined) continue;
    visit(root);
    while (pathNode.length > 0) {
      const top = pathNode.length - 1;
      const v = pathNode[top];
      const e = pathEdge[top];
      const successors = edges[v] ?? NO_EDGES;
      if (e < successors.length) {
        pathEdge[top] = e + 1;
        const w = successors[e];
        if (index[w] === -1) visit(w);
        else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
        continue;
      }
      pathNode.pop();
      pathEdge.pop();
      if (pathNode.length > 0) {
        const parent = pathNode[pathNode.length - 1];
        low[parent] = Math.min(low[parent], low[v]);
      }
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        out.push(component);
      }
    }
  }
  return out;
}

const NO_EDGES: readonly number[] = [];
