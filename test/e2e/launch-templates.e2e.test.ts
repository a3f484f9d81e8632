/**
 * Launch templates through @aws-sdk/client-ec2 against a real `rampart serve` process (aws-semantics.md §3.17,
 * §3.16): names, AlreadyExists, versions ($Latest/$Default/numbers, SourceVersion inheritance), describes and
 * filters, delete, ClientToken — and RunInstances from a template, with overrides and the combination rules applied
 * to the merged parameters.
 */
import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteLaunchTemplateCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  RunInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2Client, ec2Failure } from '../helpers/ec2-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let ec2: EC2Client;
let vpcId: string;
let subnetId: string;
let web: string;

beforeAll(async () => {
  server = await startTestServer();
  ec2 = ec2Client(server);
  vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc!.VpcId!;
  subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.1.0/24' }))).Subnet!.SubnetId!;
  web = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'web', Description: 'web tier' }))).GroupId!;
});
afterAll(async () => {
  ec2?.destroy();
  await server?.stop();
});

async function templateCount(): Promise<number> {
  return (await ec2.send(new DescribeLaunchTemplatesCommand({}))).LaunchTemplates!.length;
}

describe('CreateLaunchTemplate / DescribeLaunchTemplates / DeleteLaunchTemplate (§3.17)', () => {
  it('creates version 1 as default and latest, refuses a taken or malformed name, and deletes with its versions', async () => {
    const { LaunchTemplate: t } = await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'web-servers',
        VersionDescription: 'first',
        LaunchTemplateData: { ImageId: 'ami-0123456789abcdef0', InstanceType: 't3.micro' },
        TagSpecifications: [{ ResourceType: 'launch-template', Tags: [{ Key: 'team', Value: 'web' }] }],
      }),
    );
    expect(t).toMatchObject({ LaunchTemplateName: 'web-servers', DefaultVersionNumber: 1, LatestVersionNumber: 1, CreatedBy: `arn:aws:iam::${server.accountId}:root` });
    expect(t!.LaunchTemplateId).toMatch(/^lt-[0-9a-f]{17}$/);
    expect(t!.CreateTime).toBeInstanceOf(Date);
    const before = await templateCount();
    const taken = await ec2Failure(ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'web-servers', LaunchTemplateData: { ImageId: 'ami-0123456789abcdef0' } })));
    expect(taken.code).toBe('InvalidLaunchTemplateName.AlreadyExistsException');
    const malformed = await ec2Failure(ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'no spaces allowed', LaunchTemplateData: { ImageId: 'ami-0123456789abcdef0' } })));
    expect(malformed.code).toBe('InvalidLaunchTemplateName.MalformedException');
    expect(await templateCount()).toBe(before);

    const byName = await ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['web-servers'] }));
    expect(byName.LaunchTemplates![0].LaunchTemplateId).toBe(t!.LaunchTemplateId);
    expect(byName.LaunchTemplates![0].Tags).toEqual([{ Key: 'team', Value: 'web' }]);
    const byTag = await ec2.send(new DescribeLaunchTemplatesCommand({ Filters: [{ Name: 'tag:team', Values: ['web'] }] }));
    expect(byTag.LaunchTemplates!.map((x) => x.LaunchTemplateName)).toEqual(['web-servers']);
    expect((await ec2Failure(ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['nope'] })))).code).toBe('InvalidLaunchTemplateName.NotFoundException');
    expect((await ec2Failure(ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: ['lt-0000000000000000a'] })))).code).toBe('InvalidLaunchTemplateId.NotFound');
    expect((await ec2Failure(ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: ['template-1'] })))).code).toBe('InvalidLaunchTemplateId.Malformed');

    const deleted = await ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateName: 'web-servers' }));
    expect(deleted.LaunchTemplate!.LaunchTemplateId).toBe(t!.LaunchTemplateId);
    expect((await ec2Failure(ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: t!.LaunchTemplateId })))).code).toBe('InvalidLaunchTemplateId.NotFound');
    // The name is free again.
    await ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'web-servers', LaunchTemplateData: { ImageId: 'ami-0123456789abcdef0' } }));
  });

  it('is idempotent with ClientToken', async () => {
    const input = { LaunchTemplateName: 'idem', LaunchTemplateData: { ImageId: 'ami-0123456789abcdef0' }, ClientToken: 'tok-1' };
    const a = await ec2.send(new CreateLaunchTemplateCommand(input));
    const b = await ec2.send(new CreateLaunchTemplateCommand(input));
    expect(b.LaunchTemplate!.LaunchTemplateId).toBe(a.LaunchTemplate!.LaunchTemplateId);
    const other = await ec2Failure(ec2.send(new CreateLaunchTemplateCommand({ ...input, LaunchTemplateName: 'idem-2' })));
    expect(other.code).toBe('IdempotentParameterMismatch');
  });
});

describe('launch template versions (§3.17)', () => {
  it('numbers versions, inherits from SourceVersion, and describes $Latest, $Default, numbers and ranges', async () => {
    const { LaunchTemplate: t } = await ec2.send(
      new CreateLaunchTemplateCommand({ LaunchTemplateName: 'versioned', LaunchTemplateData: { ImageId: 'ami-11111111', InstanceType: 't3.micro', KeyName: 'k1' } }),
    );
    const id = t!.LaunchTemplateId!;
    // CLI-EX: a new version from SourceVersion keeps the source's other parameters.
    const v2 = await ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: id, SourceVersion: '1', VersionDescription: 'new ami', LaunchTemplateData: { ImageId: 'ami-22222222' } }));
    expect(v2.LaunchTemplateVersion).toMatchObject({ VersionNumber: 2, DefaultVersion: false, VersionDescription: 'new ami', LaunchTemplateData: { ImageId: 'ami-22222222', InstanceType: 't3.micro', KeyName: 'k1' } });
    // Without SourceVersion only the given data.
    const v3 = await ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateName: 'versioned', LaunchTemplateData: { ImageId: 'ami-33333333' } }));
    expect(v3.LaunchTemplateVersion!.LaunchTemplateData).toEqual({ ImageId: 'ami-33333333' });

    const versions = async (input: Record<string, unknown>) =>
      (await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id, ...input }))).LaunchTemplateVersions!.map((v) => v.VersionNumber);
    expect(await versions({})).toEqual([1, 2, 3]);
    expect(await versions({ Versions: ['$Latest'] })).toEqual([3]);
    expect(await versions({ Versions: ['$Default', '2'] })).toEqual([1, 2]);
    expect(await versions({ MinVersion: '2' })).toEqual([2, 3]);
    expect(await versions({ Filters: [{ Name: 'image-id', Values: ['ami-22222222'] }] })).toEqual([2]);
    expect(await versions({ Filters: [{ Name: 'is-default-version', Values: ['true'] }] })).toEqual([1]);
    const { LaunchTemplates } = await ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: [id] }));
    expect(LaunchTemplates![0]).toMatchObject({ DefaultVersionNumber: 1, LatestVersionNumber: 3 });
    const missing = await ec2Failure(ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Versions: ['9'] })));
    expect(missing.code).toBe('InvalidLaunchTemplateId.VersionNotFound');
    const badSource = await ec2Failure(ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: id, SourceVersion: '7', LaunchTemplateData: { ImageId: 'ami-44444444' } })));
    expect(badSource.code).toBe('InvalidLaunchTemplateId.VersionNotFound');
    expect(await versions({})).toEqual([1, 2, 3]);
    // Across templates, only $Latest / $Default.
    const latest = await ec2.send(new DescribeLaunchTemplateVersionsCommand({ Versions: ['$Latest'] }));
    expect(latest.LaunchTemplateVersions!.find((v) => v.LaunchTemplateId === id)!.VersionNumber).toBe(3);
  });
});

describe('RunInstances from a launch template (§3.16)', () => {
  it('launches the version named, lets the request override, and applies the combination rules to the result', async () => {
    const { LaunchTemplate: t } = await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'public-web',
        LaunchTemplateData: {
          ImageId: 'ami-0123456789abcdef0',
          InstanceType: 't3.micro',
          NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, Groups: [web], AssociatePublicIpAddress: true, ConnectionTrackingSpecification: { TcpEstablishedTimeout: 600 } }],
          TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'role', Value: 'web' }] }],
        },
      }),
    );
    await ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: t!.LaunchTemplateId, SourceVersion: '1', LaunchTemplateData: { InstanceType: 't3.large' } }));

    const launch = async (version: string | undefined, extra: Record<string, unknown> = {}) =>
      (await ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, LaunchTemplate: { LaunchTemplateId: t!.LaunchTemplateId, Version: version }, ...extra }))).Instances![0];
    const byDefault = await launch(undefined);
    expect(byDefault.InstanceType).toBe('t3.micro');
    expect((await launch('$Latest')).InstanceType).toBe('t3.large');
    expect((await launch('2')).InstanceType).toBe('t3.large');
    expect((await launch('$Default', { InstanceType: 'c5.xlarge' })).InstanceType).toBe('c5.xlarge');

    const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [byDefault.InstanceId!] }));
    const i = Reservations![0].Instances![0];
    expect(i.State!.Name).toBe('running');
    expect(i.PublicIpAddress).toBeDefined();
    expect(i.SubnetId).toBe(subnetId);
    expect(i.SecurityGroups).toEqual([{ GroupId: web, GroupName: 'web' }]);
    expect(i.NetworkInterfaces![0].ConnectionTrackingConfiguration).toEqual({ TcpEstablishedTimeout: 600, UdpStreamTimeout: 180, UdpTimeout: 30 });
    expect(i.Tags).toEqual([{ Key: 'role', Value: 'web' }]);

    // Template interfaces + request-level groups or subnet: EC2's InvalidParameterCombination (§2).
    expect((await ec2Failure(launch('1', { SecurityGroupIds: [web] }))).code).toBe('InvalidParameterCombination');
    expect((await ec2Failure(launch('1', { SubnetId: subnetId }))).code).toBe('InvalidParameterCombination');
    expect((await ec2Failure(launch('5'))).code).toBe('InvalidLaunchTemplateId.VersionNotFound');
    const unknown = ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, LaunchTemplate: { LaunchTemplateName: 'no-such-template' } }));
    expect((await ec2Failure(unknown)).code).toBe('InvalidLaunchTemplateName.NotFoundException');
  });
});
