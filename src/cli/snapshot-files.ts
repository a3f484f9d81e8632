/**
 * `--snapshot PATH`: a folder of `*.json` files (any names; each one `aws ec2 describe-* --output json` document,
 * recognised by its top-level keys) or one JSON file holding a merged object, or a list of documents.
 * Reading is here; turning documents into the model is core/describe.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { snapshotFromDescribe } from '../core/describe/index.ts';
import type { Snapshot } from '../core/model/snapshot.ts';

/** The snapshot could not be read: a missing path, an empty folder, a file that is not JSON. */
export class SnapshotFileError extends Error {
  override readonly name = 'SnapshotFileError';
}

export function loadSnapshot(path: string): Snapshot {
  const files = snapshotFiles(path);
  const docs: unknown[] = [];
  const names: string[] = [];
  for (const file of files) {
    const parsed = parseJsonFile(file);
    if (Array.isArray(parsed)) {
      parsed.forEach((doc, i) => {
        docs.push(doc);
        names.push(`${basename(file)}[${i}]`);
      });
    } else {
      docs.push(parsed);
      names.push(basename(file));
    }
  }
  return snapshotFromDescribe(docs, { documentNames: names });
}

function snapshotFiles(path: string): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw new SnapshotFileError(`snapshot '${path}' does not exist`);
  }
  if (!isDirectory) return [path];
  const files = readdirSync(path)
    .filter((f) => f.toLowerCase().endsWith('.json'))
    .sort()
    .map((f) => join(path, f));
  if (files.length === 0) throw new SnapshotFileError(`snapshot folder '${path}' has no *.json files`);
  return files;
}

function parseJsonFile(file: string): unknown {
  const bytes = readFileSync(file);
  // Windows PowerShell 5 redirects (`aws … > sg.json`) write UTF-16LE with a byte-order mark.
  const text = bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2).toString('utf16le') : bytes.toString('utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SnapshotFileError(`${basename(file)}: not valid JSON (${(e as Error).message})`);
  }
}
