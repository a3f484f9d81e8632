import { describe, expect, it } from 'vitest';
import { IntrinsicResolver, NO_VALUE, ResourceId, Unresolved } from './intrinsics.ts';
import { parseTemplate } from './cfn-template-file.ts';

const template = parseTemplate(
  `
Parameters:
  Env: { Type: String, Default: prod }
  Open: { Type: String }
  Ports: { Type: CommaDelimitedList, Default: "22,80" }
Mappings:
  M: { prod: { Cidr: 10.0.0.0/16 }, dev: { Cidr: 10.0.0.0/16 } }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Unknown: !Equals [!Ref Open, x]
Resources:
  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.1.0.0/16 } }
  Sg: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: x } }
`,
  'inline.yaml',
).template;

describe('CloudFormation intrinsics', () => {
  const r = new IntrinsicResolver(template, { parameters: {} });
  const v = (yamlValue: unknown) => r.resolve(yamlValue);

  it('resolves parameters (Default, or the given value) and resources', () => {
    expect(v({ Ref: 'Env' })).toBe('prod');
    expect(new IntrinsicResolver(template, { parameters: { Env: 'dev' } }).resolve({ Ref: 'Env' })).toBe('dev');
    expect(v({ Ref: 'Ports' })).toEqual(['22', '80']);
    expect(v({ Ref: 'Sg' })).toEqual(new ResourceId('Sg'));
    expect(v({ 'Fn::GetAtt': ['Sg', 'GroupId'] })).toEqual(new ResourceId('Sg'));
    expect(v({ 'Fn::GetAtt': ['Vpc', 'DefaultSecurityGroup'] })).toEqual(new ResourceId('Vpc', 'DefaultSecurityGroup'));
    expect(v({ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] })).toBe('10.1.0.0/16');
    expect(v({ Ref: 'AWS::NoValue' })).toBe(NO_VALUE);
  });

  it('evaluates Sub, Join, Select, Split, If, FindInMap and Cidr', () => {
    expect(v({ 'Fn::Sub': '${Env}-${!Literal}' })).toBe('prod-${Literal}');
    expect(v({ 'Fn::Sub': ['${A}/0', { A: '0.0.0.0' }] })).toBe('0.0.0.0/0');
    expect(v({ 'Fn::Join': ['/', ['0.0.0.0', '0']] })).toBe('0.0.0.0/0');
    expect(v({ 'Fn::Select': [1, { Ref: 'Ports' }] })).toBe('80');
    expect(v({ 'Fn::Split': [',', 'a,b'] })).toEqual(['a', 'b']);
    expect(v({ 'Fn::If': ['IsProd', 'yes', 'no'] })).toBe('yes');
    expect(v({ 'Fn::FindInMap': ['M', { Ref: 'Env' }, 'Cidr'] })).toBe('10.0.0.0/16');
    expect(v({ 'Fn::Cidr': ['10.0.0.0/16', 3, 8] })).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
  });

  it('leaves what deployment decides unresolved, with the reason — but resolves what does not depend on it', () => {
    expect((v({ Ref: 'Open' }) as Unresolved).reason).toMatch(/no Default/);
    expect(v({ 'Fn::ImportValue': 'x' })).toBeInstanceOf(Unresolved);
    expect(v({ 'Fn::If': ['Unknown', 'a', 'b'] })).toBeInstanceOf(Unresolved);
    expect(v({ 'Fn::If': ['Unknown', 'same', 'same'] })).toBe('same');
    expect(v({ 'Fn::FindInMap': ['M', { Ref: 'Open' }, 'Cidr'] })).toBe('10.0.0.0/16'); // every row agrees
    expect(v({ 'Fn::Join': ['', [{ Ref: 'Sg' }, '-x']] })).toBeInstanceOf(Unresolved);
    expect(v({ Ref: 'AWS::Region' })).toBeInstanceOf(Unresolved);
  });

  it('reads short-form tags into the long form with positions', () => {
    const file = parseTemplate('Resources:\n  A:\n    Type: X\n    Properties:\n      V: !Sub "${B}"\n      W: !GetAtt C.D\n', 'p.yaml');
    const props = ((file.template.Resources as Record<string, { Properties: Record<string, unknown> }>).A).Properties;
    expect(props.V).toEqual({ 'Fn::Sub': '${B}' });
    expect(props.W).toEqual({ 'Fn::GetAtt': ['C', 'D'] });
    expect(file.keyPosition(file.template.Resources as object, 'A')?.line).toBe(2);
  });
});
