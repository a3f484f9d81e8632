/** Finding the instance a request names: `InvalidInstanceID.Malformed`, `InvalidInstanceID.NotFound` (§2). */
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { requireWellFormedId } from '../../core/validate/resource-id.ts';
import type { ResourceView } from '../state/resource.ts';
import { isVisible, type InstanceRecord } from './records.ts';

export function requireInstance(view: ResourceView, id: string, now: Date): InstanceRecord {
  requireWellFormedId('i', id);
  const instance = view.getOf<InstanceRecord>('instance', id);
  if (!instance || !isVisible(instance, now)) throw ec2Error('InvalidInstanceID.NotFound', id);
  return instance;
}

/** A running instance, or IncorrectInstanceState (wording UNCONFIRMED). */
export function requireRunningInstance(view: ResourceView, id: string, now: Date): InstanceRecord {
  const instance = requireInstance(view, id, now);
  if (instance.state !== 'running') throw ec2Error('IncorrectInstanceState', `The instance '${id}' is not in the 'running' state.`);
  return instance;
}
