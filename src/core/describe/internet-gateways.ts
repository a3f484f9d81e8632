/**
 * describe-internet-gateways → InternetGateway. An attached gateway reports its attachment state as `available`
 * (an oddity of the API; `attached` is accepted too); `attaching`, `detaching` and `detached` do not count.
 */
import type { InternetGateway } from '../model/network.ts';
import type { DescribeItem } from './describe-item.ts';
import { readTags } from './tags.ts';

const ATTACHED = new Set(['available', 'attached']);

export function readInternetGateway(raw: DescribeItem): InternetGateway {
  const internetGatewayId = raw.requiredString('InternetGatewayId');
  const item = raw.named(internetGatewayId);
  const attachedVpcIds = item
    .list('Attachments')
    .filter((a) => ATTACHED.has(a.optionalString('State') ?? 'available'))
    .map((a) => a.requiredString('VpcId'));
  return { internetGatewayId, attachedVpcIds, tags: readTags(item) };
}
