import { describe, expect, it } from 'vitest';
import { isEc2Error } from '../../core/errors/ec2-error.ts';
import { decodeForm } from './decode-form.ts';

const form = (s: string): Array<[string, string]> => [...new URLSearchParams(s)];

function failure(shape: string, body: string): { code: string; message: string } {
  try {
    decodeForm(shape, form(body));
  } catch (e) {
    if (isEc2Error(e)) return { code: e.wireCode, message: e.message };
    throw e;
  }
  throw new Error('expected a decoding error');
}

describe('decodeForm', () => {
  it('decodes botocore\'s captured AuthorizeSecurityGroupIngress body (aws-semantics.md §1.1)', () => {
    const body =
      'Action=AuthorizeSecurityGroupIngress&Version=2016-11-15&GroupId=sg-1&IpPermissions.1.IpProtocol=tcp&IpPermissions.1.FromPort=22&IpPermissions.1.ToPort=22' +
      '&IpPermissions.1.IpRanges.1.CidrIp=10.0.0.0%2F16&IpPermissions.1.IpRanges.1.Description=ssh&IpPermissions.1.Ipv6Ranges.1.CidrIpv6=%3A%3A%2F0' +
      '&IpPermissions.1.Groups.1.GroupId=sg-2&IpPermissions.1.Groups.1.UserId=123456789012&IpPermissions.1.PrefixListIds.1.PrefixListId=pl-1' +
      '&TagSpecification.1.ResourceType=security-group-rule&TagSpecification.1.Tag.1.Key=a&TagSpecification.1.Tag.1.Value=b&DryRun=true';
    expect(decodeForm('AuthorizeSecurityGroupIngressRequest', form(body))).toEqual({
      GroupId: 'sg-1',
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          IpRanges: [{ CidrIp: '10.0.0.0/16', Description: 'ssh' }],
          Ipv6Ranges: [{ CidrIpv6: '::/0' }],
          UserIdGroupPairs: [{ GroupId: 'sg-2', UserId: '123456789012' }],
          PrefixListIds: [{ PrefixListId: 'pl-1' }],
        },
      ],
      TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: [{ Key: 'a', Value: 'b' }] }],
      DryRun: true,
    });
  });

  it('uses the model\'s wire names and orders list items by index', () => {
    expect(decodeForm('CreateSecurityGroupRequest', form('GroupName=web&GroupDescription=d'))).toEqual({ GroupName: 'web', Description: 'd' });
    expect(decodeForm('DescribeSecurityGroupsRequest', form('GroupId.2=sg-b&GroupId.1=sg-a&Filter.1.Name=vpc-id&Filter.1.Value.1=v'))).toEqual({
      GroupIds: ['sg-a', 'sg-b'],
      Filters: [{ Name: 'vpc-id', Values: ['v'] }],
    });
  });

  it('reports unknown, missing and mistyped parameters with EC2\'s codes', () => {
    expect(failure('DescribeVpcsRequest', 'Foo=1').code).toBe('UnknownParameter');
    expect(failure('DescribeVpcsRequest', 'VpcId.x=1')).toEqual({ code: 'UnknownParameter', message: 'The parameter VpcId.x is not recognized' });
    expect(failure('DescribeVpcsRequest', 'VpcId=vpc-1').code).toBe('UnknownParameter');
    expect(failure('CreateSecurityGroupRequest', 'GroupName=x')).toEqual({ code: 'MissingParameter', message: 'The request must contain the parameter GroupDescription' });
    expect(failure('ModifySecurityGroupRulesRequest', 'GroupId=sg-1&SecurityGroupRule.1.SecurityGroupRule.FromPort=1').message).toBe(
      'The request must contain the parameter SecurityGroupRule.1.SecurityGroupRuleId',
    );
    expect(failure('AuthorizeSecurityGroupIngressRequest', 'FromPort=eighty').code).toBe('InvalidParameterValue');
    expect(failure('DescribeVpcsRequest', 'DryRun=yes').code).toBe('InvalidParameterValue');
    expect(failure('DescribeSecurityGroupsRequest', 'MaxResults=1001').code).toBe('InvalidParameterValue');
    expect(failure('CreateVpcRequest', 'CidrBlock=10.0.0.0/16&InstanceTenancy=shared').code).toBe('InvalidParameterValue');
  });

  it('ignores the envelope and presigning parameters', () => {
    expect(decodeForm('DescribeVpcsRequest', form('Action=DescribeVpcs&Version=2016-11-15&X-Amz-Signature=abc&X-Amz-Date=x'))).toEqual({});
  });
});
