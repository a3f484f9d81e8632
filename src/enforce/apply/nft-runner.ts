/**
 * Feeds one transaction to `nft -f -` inside a network namespace. One process per transaction: nft rebuilds its
 * cache of the whole ruleset on every invocation (enforcement.md §4.6), so batching a reconcile tick into one
 * call is what keeps changes cheap.
 */
import { inNamespace, runCommand } from './run-command.ts';

export interface NftRunner {
  /** Applies a transaction atomically; rejects with the nft error when the kernel or nft refuses it. */
  run(transaction: string): Promise<void>;
  /** `nft list table inet <table>` text, for checks and debugging. */
  listTable(table: string): Promise<string>;
}

export function namespaceNft(namespace: string | undefined): NftRunner {
  return {
    async run(transaction: string): Promise<void> {
      await runCommand(inNamespace(namespace, ['nft', '-f', '-']), transaction);
    },
    async listTable(table: string): Promise<string> {
      return (await runCommand(inNamespace(namespace, ['nft', 'list', 'table', 'inet', table]))).stdout;
    },
  };
}
