/** Every migration, in order. A static map (not a folder scan) so bundling and tsx both find them. */
import type { Migration } from 'kysely';
import * as init from './0001-init.ts';
import * as regionRevisions from './0002-region-revisions.ts';

export const MIGRATIONS: Record<string, Migration> = {
  '0001-init': init,
  '0002-region-revisions': regionRevisions,
};
