import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { encodeError } from './encode-error.ts';
import { encodeSuccess } from './encode-xml.ts';

const parse = (xml: string): Record<string, unknown> => new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(xml) as Record<string, unknown>;

describe('encodeSuccess', () => {
  it('writes the EC2 envelope with model element names, <item> lists and empty wrappers (fact 2)', () => {
    const xml = encodeSuccess(
      'DescribeSecurityGroups',
      'DescribeSecurityGroupsResult',
      { SecurityGroups: [{ GroupId: 'sg-1', Description: 'a & <b>', IpPermissions: [], IpPermissionsEgress: [{ IpProtocol: '-1', UserIdGroupPairs: [], IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }] },
      'req-1',
    );
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId>')).toBe(true);
    expect(xml).toContain('<groupDescription>a &amp; &lt;b&gt;</groupDescription>');
    expect(xml).toContain('<ipPermissions/>');
    expect(xml).toContain('<groups/>');
    expect(xml).not.toContain('undefined');
    const doc = parse(xml) as { DescribeSecurityGroupsResponse: { securityGroupInfo: { item: { groupDescription: string; ipPermissionsEgress: { item: { ipRanges: { item: { cidrIp: string } } } } } } } };
    const item = doc.DescribeSecurityGroupsResponse.securityGroupInfo.item;
    expect(item.groupDescription).toBe('a & <b>');
    expect(item.ipPermissionsEgress.item.ipRanges.item.cidrIp).toBe('0.0.0.0/0');
  });

  it('keeps false and 0, and answers <return>true</return> for output-less operations', () => {
    const xml = encodeSuccess('AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupIngressResult', { Return: false, SecurityGroupRules: [{ FromPort: 0, IsEgress: false }] }, 'r');
    expect(xml).toContain('<return>false</return>');
    expect(xml).toContain('<fromPort>0</fromPort>');
    expect(xml).toContain('<isEgress>false</isEgress>');
    expect(encodeSuccess('DeleteVpc', undefined, {}, 'r')).toContain('<DeleteVpcResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><return>true</return></DeleteVpcResponse>');
  });
});

describe('encodeError', () => {
  it('writes <Response><Errors><Error> with RequestID (capital ID)', () => {
    expect(encodeError('InvalidGroup.NotFound', "The security group 'sg-1' does not exist", 'rid')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidGroup.NotFound</Code><Message>The security group &apos;sg-1&apos; does not exist</Message></Error></Errors><RequestID>rid</RequestID></Response>',
    );
  });
});
