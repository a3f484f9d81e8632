/**
 * Runs the real `bin/rampart.js` as a child process, as a user would, and collects its exit code and output.
 * NO_COLOR keeps the output plain (it is piped anyway, so picocolors would turn colour off by itself).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const TUTORIAL = `${ROOT}examples/tutorial`;

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function rampart(...args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [`${ROOT}bin/rampart.js`, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `rampart check --snapshot examples/tutorial …`. */
export function check(...args: string[]): Promise<RunResult> {
  return rampart('check', '--snapshot', TUTORIAL, ...args);
}

/** The tutorial's ids (examples/tutorial/*.json). */
export const T = {
  web: 'i-0a7b3c9d1e2f40516',
  app: 'i-0b8c4d0e2f3a51627',
  db: 'i-0c9d5e1f3a4b62738',
  webEni: 'eni-0d1e2f3a4b5c6d7e8',
  dbEni: 'eni-0f3a4b5c6d7e8f9a0',
  webPublicIp: '54.210.167.204',
  office: '203.0.113.10',
  sgWeb: 'sg-0123abcd4567ef890',
  sgApp: 'sg-0456bcde789f01234',
  sgDb: 'sg-0789cdef0123a4567',
  privateAcl: 'acl-0e1d2c3b4a5968778',
  defaultAcl: 'acl-01a2b3c4d5e6f7a8b',
} as const;
