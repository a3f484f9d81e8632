/**
 * Where the shared benchmark inputs live: `../shared` next to the project root, or $RAMPART_SHARED. The corpora
 * are read in place and never copied into the project (their licences differ: classbench/README.md).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Generated data (rulegen corpora) goes here; the folder is git-ignored. */
export const BENCH_DATA_DIR = path.join(PROJECT_ROOT, 'bench/.data');

export function sharedDir(): string {
  const dir = process.env.RAMPART_SHARED ?? path.resolve(PROJECT_ROOT, '../shared');
  if (!existsSync(dir)) {
    throw new Error(`shared benchmark inputs not found at ${dir}; set RAMPART_SHARED to the shared/ folder`);
  }
  return dir;
}
