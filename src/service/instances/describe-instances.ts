/**
 * DescribeInstances (aws-semantics.md §3.18): by id (an unknown id fails the call; MaxResults may not be combined with
 * ids) and with the filters of instance-filters.ts, paginated over instances and answered as reservations, in launch
 * order. Terminated instances show for an hour after termination.
 */
import type { DescribeInstancesRequest, DescribeInstancesResult, Reservation } from '../../api/ec2/types.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { applyFilters } from '../describe/filters.ts';
import { paginate } from '../describe/paginate.ts';
import { instanceFilters } from './instance-filters.ts';
import { requireInstance } from './lookup.ts';
import { isVisible, type InstanceRecord } from './records.ts';
import { instanceToWire } from './to-wire.ts';

export function describeInstances(input: DescribeInstancesRequest, ctx: RequestContext): DescribeInstancesResult {
  const byId = (input.InstanceIds?.length ?? 0) > 0;
  if (byId && input.MaxResults !== undefined) {
    // M: "You cannot specify this parameter and the instance IDs parameter in the same request" (code UNCONFIRMED).
    throw ec2Error('InvalidParameterCombination', 'The parameter instancesSet cannot be used with the parameter maxResults');
  }
  if (input.MaxResults !== undefined && (input.MaxResults < 5 || input.MaxResults > 1000)) {
    // The model leaves the range to the docs (5–1,000); wording as reported from EC2 (UNCONFIRMED for the upper bound).
    throw ec2Error('InvalidParameterValue', `Value ( ${input.MaxResults} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`);
  }
  const wire = { view: ctx.view, ownerId: ctx.accountId, region: ctx.region };
  const instances = byId
    ? [...new Set(input.InstanceIds)].map((id) => requireInstance(ctx.view, id, ctx.now))
    : ctx.view.list<InstanceRecord>('instance').filter((i) => isVisible(i, ctx.now));
  const filtered = applyFilters(instances, input.Filters, instanceFilters(wire));
  const page = paginate(filtered, (i) => i.id, input.MaxResults, input.NextToken);
  const reservations: Reservation[] = [];
  const byReservation = new Map<string, Reservation & { Instances: NonNullable<Reservation['Instances']>[number][] }>();
  for (const i of page.items) {
    let r = byReservation.get(i.reservationId);
    if (!r) {
      // Reservation groups are "Not supported" for VPC launches: always empty (CLI-EX `Groups: []`).
      r = { ReservationId: i.reservationId, OwnerId: ctx.accountId, Groups: [], Instances: [] };
      byReservation.set(i.reservationId, r);
      reservations.push(r);
    }
    r.Instances.push(instanceToWire(wire, i));
  }
  return { Reservations: reservations, NextToken: page.nextToken };
}
