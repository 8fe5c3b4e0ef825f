import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Assembly, buildModel, loadModel, PocModel, Source } from '../../lib/model';
import { synthesized } from '../helpers';
import { assemblyDirectory } from '../support/assemblies';

const pathOf = (source: Source | undefined): string => source?.path ?? '';

describe('the POC model of the default config', () => {
  let model: PocModel;
  beforeAll(() => {
    synthesized('default');
    model = loadModel(assemblyDirectory('default'));
  });

  test('every stack, with its region and description, sorted by name', () => {
    expect(model.stacks.map((stack) => stack.name)).toEqual([...model.stacks.map((stack) => stack.name)].sort());
    expect(model.stacks.find((stack) => stack.name.endsWith('-EdgeAlarms'))?.region).toBe('us-east-1');
    expect(model.stacks.find((stack) => stack.name.endsWith('-Network'))?.region).toBeUndefined();
  });

  test('the tiers are Auto Scaling groups tied to their launch templates, target groups and subnets', () => {
    const web = model.fleets.find((fleet) => pathOf(fleet.source).includes('/WebTier/'));
    expect(web).toBeDefined();
    expect(web?.kind).toBe('auto-scaling-group');
    expect(web?.source.type).toBe('AWS::AutoScaling::AutoScalingGroup');
    expect(web?.launchTemplate?.type).toBe('AWS::EC2::LaunchTemplate');
    expect(web?.instanceType.known).toBe(true);
    expect(web?.minSize).toEqual({ known: true, value: expect.any(Number) });
    expect(web?.targetGroups).toHaveLength(1);
    expect(web?.subnets.length).toBe(web?.subnetCount);
    expect(web?.subnets.every((key) => model.index.get(key)?.resource.Type === 'AWS::EC2::Subnet')).toBe(true);
    expect(web?.publicIp).toBe(false);
  });

  test('the distribution is parsed once: a bucket origin with OAC, the web tier through a VPC origin over HTTPS-only behaviours', () => {
    expect(model.distributions).toHaveLength(1);
    const [distribution] = model.distributions;
    expect(distribution.enabled).toBe(true);
    expect(distribution.behaviors[0].where).toBe('DefaultCacheBehavior');
    expect(distribution.behaviors.every((behavior) => behavior.viewerProtocolPolicy !== 'allow-all')).toBe(true);
    const bucket = distribution.origins.find((origin) => origin.s3);
    expect(bucket?.originAccessControl).toBe(true);
    expect(bucket?.domainName).toEqual(expect.objectContaining({ kind: 'resource' }));
    const vpc = distribution.origins.find((origin) => origin.vpcOrigin);
    expect(vpc?.vpcOrigin?.source.type).toBe('AWS::CloudFront::VpcOrigin');
    expect(vpc?.vpcOrigin?.endpoint?.protocolPolicy).toBeDefined();
  });

  test('database, backup plan with its cross-region copy, load balancers with deletion protection', () => {
    expect(model.databases).toHaveLength(1);
    expect(model.databases[0]).toEqual(
      expect.objectContaining({ multiAz: true, encrypted: true, engine: { known: true, value: 'mysql' } }),
    );
    expect(model.backupPlans.some((plan) => plan.rules.some((rule) => rule.copyActions > 0))).toBe(true);
    expect(model.loadBalancers.length).toBeGreaterThan(0);
    expect(model.loadBalancers.every((lb) => lb.type === 'application' && lb.deletionProtection)).toBe(true);
  });

  test('roles carry their trust and every statement of their inline and attached policies', () => {
    expect(model.roles.length).toBe(model.resourcesOfType('AWS::IAM::Role').length);
    const web = model.roles.find(
      (role) => role.policies.some((policy) => policy.kind !== 'inline') && pathOf(role.source).includes('/WebTier/'),
    );
    expect(web?.trust).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'Service', value: 'ec2.amazonaws.com' })]),
    );
    const statements = web?.policies.flatMap((policy) => policy.statements) ?? [];
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.every((statement) => statement.effect === 'Allow' || statement.effect === 'Deny')).toBe(true);
    expect(statements.flatMap((statement) => statement.actions).every((action) => !action.startsWith('{'))).toBe(true);
  });

  test('every bucket blocks public access; a bucket without Block Public Access reads as open', () => {
    expect(model.buckets.length).toBe(model.resourcesOfType('AWS::S3::Bucket').length);
    expect(model.buckets.every((bucket) => bucket.publicAccessBlocked)).toBe(true);
    const open = buildModel({
      stacks: [
        {
          name: 'Fixture',
          template: {
            Resources: {
              Open: { Type: 'AWS::S3::Bucket', Properties: { PublicAccessBlockConfiguration: { BlockPublicAcls: true } } },
            },
          },
        },
      ],
    });
    expect(open.buckets[0]).toEqual(expect.objectContaining({ publicAccessBlocked: false, versioned: false }));
  });

  test('type counts agree with the per-type lists', () => {
    expect(model.typeCounts.get('AWS::CloudFront::Distribution')).toBe(1);
    expect(model.resourcesOfType('AWS::RDS::DBInstance').map((source) => source.key)).toEqual(
      model.databases.map((db) => db.source.key),
    );
  });
});

describe('values the model cannot read as literals', () => {
  const assemblyWith = (resources: Record<string, unknown>): Assembly => ({
    stacks: [{ name: 'Fixture', template: { Parameters: { Size: { Type: 'Number' } }, Resources: resources as never } }],
  });

  test('say which expression stopped them; parameter defaults and references are followed', () => {
    const model = buildModel(
      assemblyWith({
        Template: {
          Type: 'AWS::EC2::LaunchTemplate',
          Properties: { LaunchTemplateData: { InstanceType: { Ref: 'Size' }, BlockDeviceMappings: 'nope' } },
        },
        Group: {
          Type: 'AWS::AutoScaling::AutoScalingGroup',
          Properties: { MinSize: '1', MaxSize: 2, LaunchTemplate: { LaunchTemplateId: { Ref: 'Template' } } },
        },
      }),
    );
    const [fleet] = model.fleets;
    expect(fleet.minSize).toEqual({ known: true, value: 1 });
    expect(fleet.maxSize).toEqual({ known: true, value: 2 });
    expect(fleet.instanceType).toEqual({ known: false, expression: '{"Ref":"Size"}' });
    expect(fleet.volumes).toEqual({ known: false, expression: '"nope"' });
  });

  test('a group whose launch template is missing has none, rather than a wrong one', () => {
    const model = buildModel(
      assemblyWith({
        Group: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchTemplate: { LaunchTemplateName: 'other' } } },
      }),
    );
    expect(model.fleets[0].launchTemplate).toBeUndefined();
    expect(model.fleets[0].instanceType.known).toBe(false);
  });

  test('a folder that is not an assembly is an AssemblyError in the one format', () => {
    const directory = mkdtempSync(join(tmpdir(), 'model-'));
    writeFileSync(join(directory, 'manifest.json'), '{');
    expect(() => loadModel(directory)).toThrow(/manifest\.json: not valid JSON \(.*\); run `npx cdk synth` again$/);
  });
});
