/**
 * Recognises describe documents by their top-level keys, whatever their file names, and gathers the items of every
 * document into one list per key. A document may hold one key (one `aws ec2 describe-*` call) or several (a merged
 * object). Keys we do not use (`NextToken`, `ResponseMetadata`, …) are ignored; a document with none of ours is an
 * error, because it is almost certainly the wrong file.
 */
import { Ec2Error } from '../errors/ec2-error.ts';
import { DescribeItem, describeJsonType } from './describe-item.ts';

/** The list keys we read, each the top-level key of one describe call's output. */
const LIST_KEYS = [
  'Vpcs', // describe-vpcs
  'Subnets', // describe-subnets
  'SecurityGroups', // describe-security-groups
  'SecurityGroupRules', // describe-security-group-rules
  'NetworkAcls', // describe-network-acls
  'NetworkInterfaces', // describe-network-interfaces
  'Reservations', // describe-instances
  'Addresses', // describe-addresses
  'RouteTables', // describe-route-tables
  'InternetGateways', // describe-internet-gateways
  'PrefixLists', // describe-managed-prefix-lists
] as const;

export type ListKey = (typeof LIST_KEYS)[number];

/** Every recognised top-level key; `Entries` is get-managed-prefix-list-entries (with a `PrefixListId` added). */
export const RECOGNISED_KEYS: readonly string[] = [...LIST_KEYS, 'Entries'];

/** The entries of one prefix list, from a `{ "PrefixListId": "pl-…", "Entries": [...] }` document. */
export interface PrefixListEntriesDocument {
  readonly prefixListId: string;
  readonly entries: readonly DescribeItem[];
}

export type DescribeSections = Readonly<Record<ListKey, readonly DescribeItem[]>> & {
  readonly prefixListEntries: readonly PrefixListEntriesDocument[];
};

export function collectSections(docs: readonly unknown[], names: readonly string[] | undefined): DescribeSections {
  const lists = Object.fromEntries(LIST_KEYS.map((k) => [k, [] as DescribeItem[]])) as Record<ListKey, DescribeItem[]>;
  const prefixListEntries: PrefixListEntriesDocument[] = [];
  docs.forEach((doc, i) => {
    const name = names?.[i] ?? (docs.length === 1 ? 'document' : `document ${i + 1}`);
    const top = DescribeItem.of(doc, name);
    let recognised = false;
    for (const key of LIST_KEYS) {
      if (!top.has(key)) continue;
      recognised = true;
      if (!Array.isArray(top.fields[key])) {
        throw new Ec2Error('InvalidParameterValue', `${name}: ${key} must be a list, found ${describeJsonType(top.fields[key])}`);
      }
      (top.fields[key] as unknown[]).forEach((value, j) => lists[key].push(DescribeItem.of(value, `${name}: ${key}[${j}]`)));
    }
    if (top.has('Entries')) {
      recognised = true;
      // get-managed-prefix-list-entries prints only `Entries`; the list id must be added by whoever saved it.
      const prefixListId = top.optionalString('PrefixListId');
      if (!prefixListId) {
        throw new Ec2Error(
          'MissingParameter',
          `${name}: an Entries document (get-managed-prefix-list-entries) must name its list: add "PrefixListId": "pl-…" at the top level`,
        );
      }
      const entries = (top.fields.Entries as unknown[] | undefined) ?? [];
      if (!Array.isArray(entries)) throw new Ec2Error('InvalidParameterValue', `${name}: Entries must be a list`);
      prefixListEntries.push({ prefixListId, entries: entries.map((v, j) => DescribeItem.of(v, `${name}: Entries[${j}]`)) });
    }
    if (!recognised) {
      throw new Ec2Error(
        'InvalidParameterValue',
        `${name}: not a describe document: none of the keys ${RECOGNISED_KEYS.join(', ')} is at its top level`,
      );
    }
  });
  return { ...lists, prefixListEntries };
}
