/**
 * rulegen corpora, generated on demand into bench/.data and kept there: generating the 100k corpus takes minutes
 * of single-threaded Python (rulegen/README.md), so a run reuses the directory made by an earlier run with the
 * same arguments. A corpus counts as present only once its `done` marker exists (an interrupted run leaves a
 * `.tmp` directory, which the next run replaces).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DATA_DIR, sharedDir } from '../support/shared-dir.ts';

export interface CorpusRequest {
  readonly rules: number;
  readonly flows: number;
  readonly seed: number;
}

export function corpusDir(req: CorpusRequest): string {
  return path.join(BENCH_DATA_DIR, 'rulegen', `r${req.rules}-f${req.flows}-s${req.seed}`);
}

/** The corpus directory, generating it first when it is missing. */
export function ensureCorpus(req: CorpusRequest, log: (line: string) => void): string {
  const dir = corpusDir(req);
  if (existsSync(path.join(dir, 'done'))) return dir;
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  const script = path.join(sharedDir(), 'tools/rulegen/rulegen.py');
  const args = [script, '--seed', String(req.seed), '--rules', String(req.rules), '--flows', String(req.flows), '--out', tmp];
  log(`  generating: python3 ${args.join(' ')}  (cached in ${path.relative(process.cwd(), dir)})`);
  const t0 = Date.now();
  execFileSync('python3', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  writeFileSync(path.join(dir, 'done'), `${new Date().toISOString()}\n`);
  log(`  generated in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return dir;
}
