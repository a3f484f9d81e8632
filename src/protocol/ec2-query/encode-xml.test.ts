import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { encodeError } from './encode-error.ts';
import { encodeSuccess, encodeSuccessDocument } from './encode-xml.ts';

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

describe('remembered XML (DescribeSecurityGroups)', () => {
  const group = (id: string) => ({ GroupId: id, GroupName: id, Description: 'd', IpPermissions: [], IpPermissionsEgress: [] });
  const describeXml = (groups: object[]) => encodeSuccess('DescribeSecurityGroups', 'DescribeSecurityGroupsResult', { SecurityGroups: groups }, 'r');

  it('answers a list it has written again with the same XML, and a new list with its own groups', () => {
    const a = group('sg-a');
    const b = group('sg-b');
    const list = [a, b];
    const first = describeXml(list);
    expect(describeXml(list)).toBe(first);
    // The service hands a new list (and new group objects) after a change: the answer must show it.
    const changed = describeXml([a, { ...b, Description: 'changed' }]);
    expect(changed).toContain('<groupDescription>changed</groupDescription>');
    expect(changed).toContain('<groupId>sg-a</groupId>');
    expect(describeXml([b])).not.toContain('sg-a');
  });

  it('writes a large answer as UTF-8 bytes equal to the text, kept per result object, and a small one as text', () => {
    const many = Array.from({ length: 600 }, (_, i) => ({ ...group(`sg-${i}`), Description: `grüße ${i} & co` }));
    const result = { SecurityGroups: many };
    const doc = encodeSuccessDocument('DescribeSecurityGroups', 'DescribeSecurityGroupsResult', result, 'r1');
    expect(Buffer.isBuffer(doc)).toBe(true);
    expect(doc.toString()).toBe(encodeSuccess('DescribeSecurityGroups', 'DescribeSecurityGroupsResult', result, 'r1'));
    const again = encodeSuccessDocument('DescribeSecurityGroups', 'DescribeSecurityGroupsResult', result, 'r2').toString();
    expect(again).toBe(encodeSuccess('DescribeSecurityGroups', 'DescribeSecurityGroupsResult', result, 'r2'));
    // A new result object (the state changed) is written anew.
    const changed = { SecurityGroups: [...many.slice(1), group('sg-new')] };
    expect(encodeSuccessDocument('DescribeSecurityGroups', 'DescribeSecurityGroupsResult', changed, 'r3').toString()).toContain('<groupId>sg-new</groupId>');
    expect(typeof encodeSuccessDocument('DescribeSecurityGroups', 'DescribeSecurityGroupsResult', { SecurityGroups: [group('sg-1')] }, 'r4')).toBe('string');
  });
});

describe('encodeError', () => {
  it('writes <Response><Errors><Error> with RequestID (capital ID)', () => {
    expect(encodeError('InvalidGroup.NotFound', "The security group 'sg-1' does not exist", 'rid')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidGroup.NotFound</Code><Message>The security group &apos;sg-1&apos; does not exist</Message></Error></Errors><RequestID>rid</RequestID></Response>',
    );
  });
});
