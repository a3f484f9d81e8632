/**
 * ModifyInstanceAttribute (M): "You can specify only one attribute at a time" — as its own parameter or as
 * `Attribute` + `Value`. Groups replace the primary interface's groups (aws-semantics.md §3.15, §4.4: "changing an
 * instance's groups changes its primary ENI's groups"; by id, same VPC, ≥1, quota → SecurityGroupsPerInstanceLimitExceeded;
 * an instance with several interfaces is refused, as M warns, with InvalidInstanceID — UNCONFIRMED). SourceDestCheck
 * goes to the primary interface too. Termination and stop protection and the shutdown behaviour are kept. Attributes
 * that need a stopped instance answer IncorrectInstanceState: Rampart's instances are always running.
 */
import type { ModifyInstanceAttributeRequest } from '../../api/ec2/types.ts';
import type { Ec2EmptyResult } from '../../api/ec2/operations.ts';
import { ec2Error } from '../../core/errors/ec2-error.ts';
import type { RequestContext } from '../context.ts';
import { interfaceGroupIds } from '../network-interfaces/interface-groups.ts';
import { onlyOneAttribute } from '../network-interfaces/modify-network-interface-attribute.ts';
import type { NetworkInterfaceRecord } from '../network-interfaces/records.ts';
import type { RegionTx } from '../state/region-tx.ts';
import type { SubnetRecord } from '../vpcs/records.ts';
import { requireRunningInstance } from './lookup.ts';
import type { InstanceRecord } from './records.ts';

type Change =
  | { readonly kind: 'groups'; readonly groupIds: readonly string[] }
  | { readonly kind: 'sourceDestCheck'; readonly value: boolean }
  | { readonly kind: 'disableApiTermination' | 'disableApiStop'; readonly value: boolean }
  | { readonly kind: 'shutdownBehavior'; readonly value: 'stop' | 'terminate' }
  | { readonly kind: 'needsStop'; readonly attribute: string };

const ATTRIBUTES = [
  'Attribute',
  'SourceDestCheck',
  'DisableApiStop',
  'BlockDeviceMappings',
  'DisableApiTermination',
  'InstanceType',
  'Kernel',
  'Ramdisk',
  'UserData',
  'InstanceInitiatedShutdownBehavior',
  'Groups',
  'EbsOptimized',
  'SriovNetSupport',
  'EnaSupport',
] as const satisfies readonly (keyof ModifyInstanceAttributeRequest)[];

function booleanOf(text: string | undefined, attribute: string): boolean {
  if (text === 'true' || text === 'false') return text === 'true';
  throw ec2Error('InvalidParameterValue', `Value (${text ?? ''}) for parameter ${attribute} is invalid. Expected true or false.`);
}

function shutdownOf(text: string | undefined): 'stop' | 'terminate' {
  if (text === 'stop' || text === 'terminate') return text;
  throw ec2Error('InvalidParameterValue', `Value (${text ?? ''}) for parameter instanceInitiatedShutdownBehavior is invalid. Expected stop or terminate.`);
}

function changeOf(input: ModifyInstanceAttributeRequest): Change {
  const required = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw ec2Error('MissingParameter', name);
    return value;
  };
  switch (onlyOneAttribute(input, ATTRIBUTES)) {
    case 'Attribute':
      switch (input.Attribute!) {
        case 'groupSet':
          return { kind: 'groups', groupIds: [required(input.Value, 'Value')] };
        case 'sourceDestCheck':
          return { kind: 'sourceDestCheck', value: booleanOf(input.Value, 'sourceDestCheck') };
        case 'disableApiTermination':
        case 'disableApiStop':
          return { kind: input.Attribute!, value: booleanOf(input.Value, input.Attribute!) };
        case 'instanceInitiatedShutdownBehavior':
          return { kind: 'shutdownBehavior', value: shutdownOf(input.Value) };
        case 'rootDeviceName':
        case 'productCodes':
          throw ec2Error('InvalidParameterValue', `The attribute ${input.Attribute} cannot be modified.`);
        default:
          return { kind: 'needsStop', attribute: input.Attribute! };
      }
    case 'Groups':
      return { kind: 'groups', groupIds: input.Groups! };
    case 'SourceDestCheck':
      return { kind: 'sourceDestCheck', value: required(input.SourceDestCheck!.Value, 'SourceDestCheck.Value') };
    case 'DisableApiTermination':
      return { kind: 'disableApiTermination', value: required(input.DisableApiTermination!.Value, 'DisableApiTermination.Value') };
    case 'DisableApiStop':
      return { kind: 'disableApiStop', value: required(input.DisableApiStop!.Value, 'DisableApiStop.Value') };
    case 'InstanceInitiatedShutdownBehavior':
      return { kind: 'shutdownBehavior', value: shutdownOf(input.InstanceInitiatedShutdownBehavior!.Value) };
    case 'BlockDeviceMappings':
      // Rampart has no volumes, so no mapping can name an attached one (wording UNCONFIRMED).
      throw ec2Error('InvalidParameterValue', 'The instance has no block device with that name.');
    default:
      return { kind: 'needsStop', attribute: onlyOneAttribute(input, ATTRIBUTES) };
  }
}

function primaryInterface(tx: RegionTx, instance: InstanceRecord, forGroups: boolean): NetworkInterfaceRecord {
  if (forGroups && instance.networkInterfaceIds.length > 1) {
    throw ec2Error('InvalidInstanceID', `There are multiple interfaces attached to instance '${instance.id}'. Please specify an interface ID for the operation instead.`);
  }
  return tx.getOf<NetworkInterfaceRecord>('network-interface', instance.networkInterfaceIds[0])!;
}

export async function modifyInstanceAttribute(input: ModifyInstanceAttributeRequest, ctx: RequestContext): Promise<Ec2EmptyResult> {
  const change = changeOf(input);
  await ctx.write((tx) => {
    const instance = requireRunningInstance(tx, input.InstanceId, ctx.now);
    switch (change.kind) {
      case 'groups': {
        const eni = primaryInterface(tx, instance, true);
        const subnet = tx.getOf<SubnetRecord>('subnet', eni.parentId)!;
        const tooMany = () => ec2Error('SecurityGroupsPerInstanceLimitExceeded');
        tx.put<NetworkInterfaceRecord>({ ...eni, groupIds: interfaceGroupIds({ view: tx, subnet, limit: ctx.quotas.securityGroupsPerInterface, tooMany }, change.groupIds) });
        break;
      }
      case 'sourceDestCheck':
        tx.put<NetworkInterfaceRecord>({ ...primaryInterface(tx, instance, false), sourceDestCheck: change.value });
        break;
      case 'disableApiTermination':
        tx.put<InstanceRecord>({ ...instance, disableApiTermination: change.value });
        break;
      case 'disableApiStop':
        tx.put<InstanceRecord>({ ...instance, disableApiStop: change.value });
        break;
      case 'shutdownBehavior':
        tx.put<InstanceRecord>({ ...instance, instanceInitiatedShutdownBehavior: change.value });
        break;
      case 'needsStop':
        // Wording UNCONFIRMED; EC2 requires a stopped instance for these (M: "To modify some attributes, the instance must be stopped").
        throw ec2Error('IncorrectInstanceState', `The instance '${instance.id}' is not in the 'stopped' state, which changing ${change.attribute} requires.`);
    }
  });
  return {};
}
