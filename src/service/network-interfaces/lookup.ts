/** Finding the interface a request names (`InvalidNetworkInterfaceId.Malformed`, `InvalidNetworkInterfaceID.NotFound`). */
import { ec2Error } from '../../core/errors/ec2-error.ts';
import { requireWellFormedId } from '../../core/validate/resource-id.ts';
import type { ResourceView } from '../state/resource.ts';
import type { NetworkInterfaceRecord } from './records.ts';

export function requireNetworkInterface(view: ResourceView, id: string): NetworkInterfaceRecord {
  requireWellFormedId('eni', id);
  const eni = view.getOf<NetworkInterfaceRecord>('network-interface', id);
  if (!eni) throw ec2Error('InvalidNetworkInterfaceID.NotFound', id);
  return eni;
}

/** The interface holding an attachment id; EC2 answers InvalidAttachmentID.NotFound for one that names nothing. */
export function requireAttachment(view: ResourceView, attachmentId: string): NetworkInterfaceRecord {
  const eni = view.list<NetworkInterfaceRecord>('network-interface').find((e) => e.attachment?.attachmentId === attachmentId);
  if (!eni) throw ec2Error('InvalidAttachmentID.NotFound', attachmentId);
  return eni;
}
