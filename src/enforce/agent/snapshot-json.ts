/**
 * The snapshot on the wire (`GET /_rampart/v1/snapshot`): the engine's own `Snapshot`, as JSON. Its addresses and
 * CIDRs are plain objects (family, words, text), so JSON carries it losslessly and the enforcer's value compare
 * (model-changes.ts) sees exactly what the server holds. Decoding checks the shape the enforcer relies on.
 */
import type { Snapshot } from '../../core/model/snapshot.ts';
import { emptySnapshot } from '../../core/model/snapshot.ts';

export class SnapshotShapeError extends Error {}

export function decodeSnapshot(value: unknown): Snapshot {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SnapshotShapeError('the snapshot must be a JSON object');
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(emptySnapshot())) {
    if (!Array.isArray(record[key])) throw new SnapshotShapeError(`the snapshot's "${key}" must be a list`);
    for (const item of record[key] as unknown[]) if (typeof item !== 'object' || item === null) throw new SnapshotShapeError(`the snapshot's "${key}" must hold objects`);
  }
  return value as Snapshot;
}
