/**
 * How transactions reach nft in one network namespace. Two implementations: `spawnedNft` starts one `nft -f -`
 * per transaction (no dependency beyond nft; each call pays process start-up and a rebuild of nft's cache of the
 * whole ruleset, enforcement.md §4.6), and nft-session.ts keeps one libnftables context alive (the default).
 */
import { inNamespace, runCommand } from './run-command.ts';

export interface NftRunner {
  /** Applies a transaction atomically; rejects with the nft error when the kernel or nft refuses it. */
  run(transaction: string): Promise<void>;
  /** `nft list table inet <table>` text, for checks and debugging. */
  listTable(table: string): Promise<string>;
  /** Releases what the runner holds (a helper process); the runner is unusable afterwards. */
  close(): void;
}

export function spawnedNft(namespace: string | undefined): NftRunner {
  return {
    async run(transaction: string): Promise<void> {
      await runCommand(inNamespace(namespace, ['nft', '-f', '-']), transaction);
    },
    async listTable(table: string): Promise<string> {
      return (await runCommand(inNamespace(namespace, ['nft', 'list', 'table', 'inet', table]))).stdout;
    },
    close(): void {},
  };
}
