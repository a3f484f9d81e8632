import type { Check } from '../model/check.ts';

export const SG_025: Check = {
  id: 'SG-025',
  title: 'Rule unused according to flow logs',
  severity: 'info',
  ruleLevel: true,
  rationale:
    'No accepted flow in the observation window matches the rule\'s tuple: the access may be removable. Needs VPC flow logs; without them the check cannot say anything and is reported as not evaluated (UNKNOWN), never as a guess.',
  mapping: { cis: [], fsbp: [] },
  run: () => ({ findings: [], notEvaluated: 'needs VPC flow logs, which this input does not include' }),
};
