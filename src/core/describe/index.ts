/**
 * Snapshots from the JSON that the real `aws ec2 describe-*` commands print. Pure: the caller reads the files
 * (src/cli/snapshot-files.ts) and hands the parsed documents here. The format is described in docs/check.md.
 */
export { snapshotFromDescribe, type DescribeOptions } from './snapshot-from-describe.ts';
export { RECOGNISED_KEYS } from './describe-documents.ts';
export { syntheticRuleId } from './synthetic-rule-id.ts';
export { nameTag } from './tags.ts';
