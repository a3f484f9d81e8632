/**
 * RunInstances' TagSpecification.N (M): tags for the instances and for the interfaces created at launch; `volume`
 * and `spot-instances-request` are accepted and have nothing to tag here (Rampart has no volumes), any other type is
 * refused (wording UNCONFIRMED). Template tags come first, the request's override them per key (UNCONFIRMED).
 */
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { Tag } from '../../core/model/tag.ts';
import { mergeTags, validateTag } from '../tags/tag-rules.ts';
import type { LaunchSpec } from './launch-spec.ts';

const ACCEPTED = new Set(['instance', 'network-interface', 'volume', 'spot-instances-request']);

export interface LaunchTags {
  readonly instance: readonly Tag[];
  readonly networkInterface: readonly Tag[];
}

export function launchTagsOf(spec: LaunchSpec, limit: number): LaunchTags {
  let instance: Tag[] = [];
  let networkInterface: Tag[] = [];
  for (const s of spec.tagSpecifications) {
    if (!ACCEPTED.has(s.resourceType)) {
      throw ec2Error('InvalidParameterValue', `'${s.resourceType}' is not a valid taggable resource type for this operation.`);
    }
    const tags = s.tags.map(validateTag);
    if (s.resourceType === 'instance') instance = mergeTags(instance, tags, limit);
    if (s.resourceType === 'network-interface') networkInterface = mergeTags(networkInterface, tags, limit);
  }
  return { instance, networkInterface };
}
