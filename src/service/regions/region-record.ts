/** Marks an account+region whose first-use defaults (default VPC and friends) exist. */
import type { Resource } from '../state/resource.ts';

export const REGION_RECORD_ID = 'region';

export interface RegionRecord extends Resource {
  readonly kind: 'region';
  readonly defaultVpcId?: string;
}
