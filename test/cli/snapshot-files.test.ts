/** `--snapshot PATH` on real files: a folder of any names, one merged file, a list file, UTF-16, and the failures. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SnapshotFileError, loadSnapshot } from '../../src/cli/snapshot-files.ts';
import { TUTORIAL } from './rampart-process.ts';

let dir: string;
const tutorialDocs = () => readdirSync(TUTORIAL).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(TUTORIAL, f), 'utf8')));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-snapshot-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadSnapshot', () => {
  const reference = loadSnapshot(TUTORIAL);

  it('reads the tutorial folder', () => {
    expect(reference.instances).toHaveLength(3);
    expect(reference.securityGroups.map((g) => g.groupName)).toEqual(['default', 'web', 'app', 'db']);
  });

  it('recognises documents by content, not by file name', () => {
    const renamed = join(dir, 'renamed');
    mkdirSync(renamed);
    tutorialDocs().forEach((doc, i) => writeFileSync(join(renamed, `capture-${String(i).padStart(2, '0')}.JSON`), JSON.stringify(doc)));
    writeFileSync(join(renamed, 'notes.txt'), 'not json, not read');
    expect(loadSnapshot(renamed)).toEqual(reference);
  });

  it('reads one merged JSON file, and a JSON list of documents', () => {
    const merged = join(dir, 'merged.json');
    writeFileSync(merged, JSON.stringify(Object.assign({}, ...tutorialDocs())));
    expect(loadSnapshot(merged)).toEqual(reference);
    const list = join(dir, 'list.json');
    writeFileSync(list, JSON.stringify(tutorialDocs()));
    expect(loadSnapshot(list)).toEqual(reference);
  });

  it('reads UTF-16LE with a byte-order mark (Windows PowerShell redirects)', () => {
    const file = join(dir, 'utf16.json');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(Object.assign({}, ...tutorialDocs())), 'utf16le')]));
    expect(loadSnapshot(file)).toEqual(reference);
  });

  it('fails clearly on a missing path, an empty folder and a file that is not JSON', () => {
    expect(() => loadSnapshot(join(dir, 'nothing'))).toThrow(new SnapshotFileError(`snapshot '${join(dir, 'nothing')}' does not exist`));
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(() => loadSnapshot(empty)).toThrow(`snapshot folder '${empty}' has no *.json files`);
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'sg.json'), '{ "SecurityGroups": [ }');
    expect(() => loadSnapshot(bad)).toThrow(/^sg\.json: not valid JSON \(/);
  });

  it('names the file and list position of a document inside a list file', () => {
    const file = join(dir, 'bad-list.json');
    writeFileSync(file, JSON.stringify([{ Vpcs: [] }, { Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1', CidrBlock: '10.0.0.0/33' }] }]));
    expect(() => loadSnapshot(file)).toThrow('bad-list.json[1]: Subnets[0] (subnet-1).CidrBlock: Value (10.0.0.0/33) for parameter cidrBlock is invalid. This is not a valid IPv4 CIDR block.');
  });
});
