import { readFileSync } from 'node:fs';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { PocConfig } from '../../lib/config/schema';
import { PocDemand, readDemand } from '../../lib/preflight/demand';
import { defaultConfig, exampleConfig } from '../helpers';
import { assemblyDirectory, SynthesizedConfigName } from '../support/assemblies';
import { demandOf } from './fixtures';

/** What `npm run preflight` reads, from the assembly of the suite's global setup, and that assembly's primary templates. */
function synthesized(
  name: SynthesizedConfigName,
  config: PocConfig,
): { demand: PocDemand; templates: Record<string, { Type: string }>[] } {
  const assembly = new CloudAssembly(assemblyDirectory(name));
  const primary = assembly.stacks.filter(
    (stack) =>
      (stack.environment.region === 'unknown-region' ? undefined : stack.environment.region) === config.environment?.region,
  );
  return {
    demand: readDemand(assembly, config.environment?.region),
    templates: primary.map((stack) => JSON.parse(readFileSync(stack.templateFullPath, 'utf8')).Resources),
  };
}

function countOf(templates: Record<string, { Type: string }>[], type: string): number {
  return templates.flatMap((resources) => Object.values(resources)).filter((resource) => resource.Type === type).length;
}

describe('what the default config deploys, read from its synthesized assembly', () => {
  const config = defaultConfig();
  const { demand, templates } = synthesized('default', config);

  test('every stack with its region (primary when agnostic) and the bootstrap version aws-cdk-lib asks for', () => {
    expect(demand.stacks.map((stack) => [stack.name, stack.region])).toEqual([
      ['AnyCompanyApparel-DisasterRecovery', 'eu-west-1'],
      ['AnyCompanyApparel-Network', undefined],
      ['AnyCompanyApparel-Data', undefined],
      ['AnyCompanyApparel-App', undefined],
      ['AnyCompanyApparel-Edge', undefined],
      ['AnyCompanyApparel-EdgeAlarms', 'us-east-1'],
      ['AnyCompanyApparel-Operations', undefined],
    ]);
    // aws-cdk-lib 2.276's DefaultStackSynthesizer requires bootstrap version 6 for stacks and assets;
    // a later aws-cdk-lib may ask for more, and this test will say so.
    expect(new Set(demand.stacks.map((stack) => stack.bootstrapVersion))).toEqual(new Set([6]));
    expect(new Set(demand.stacks.map((stack) => stack.bootstrapParameter))).toEqual(
      new Set(['/cdk-bootstrap/hnb659fds/version']),
    );
  });

  test('the fleets at their min and max size: the tiers from the config, one bastion per AZ', () => {
    expect(demand.fleets).toEqual(
      expect.arrayContaining([
        { usedBy: 'WebTier', instanceType: config.web.instanceType, min: config.web.minCapacity, max: config.web.maxCapacity },
        { usedBy: 'AppTier', instanceType: config.app.instanceType, min: config.app.minCapacity, max: config.app.maxCapacity },
      ]),
    );
    // One Auto Scaling group: a bastion per AZ, and room for the replacement launched before one retires.
    const count = config.network.availabilityZoneCount;
    expect(demand.fleets.filter((fleet) => fleet.usedBy === 'Bastions')).toEqual([
      { usedBy: 'Bastions', instanceType: 't4g.nano', min: count, max: count + 1 },
    ]);
  });

  test('the instance types of both tiers and the bastions', () => {
    expect(demand.instanceTypes).toEqual(
      expect.arrayContaining([
        { instanceType: config.web.instanceType, usedBy: ['WebTier'] },
        { instanceType: config.app.instanceType, usedBy: ['AppTier'] },
        { instanceType: 't4g.nano', usedBy: ['Bastions'] },
      ]),
    );
  });

  test('MySQL 8.0 Multi-AZ with the MEMCACHED option, no ElastiCache', () => {
    expect(demand.database).toEqual({
      engine: 'mysql',
      engineVersion: '8.0.46',
      instanceClass: config.database.instanceClass,
      multiAz: true,
      storageType: 'gp3',
      storageEncrypted: true,
    });
    expect(demand.databaseOptions).toEqual({
      engineName: 'mysql',
      majorEngineVersion: '8.0',
      options: ['MEMCACHED', 'MARIADB_AUDIT_PLUGIN'],
    });
    expect(demand.cache).toBeUndefined();
  });

  test('the singletons the accountBaseline flags create', () => {
    expect(demand.creates).toEqual({
      guardDutyDetector: true,
      configRecorder: true,
      configRules: true,
      securityHub: true,
      trail: true,
      sessionManagerPreferences: true,
    });
  });

  test('the fixture the check tests start from is what the default config deploys', () => {
    const fixture = demandOf();
    expect(demand.instanceTypes).toEqual(fixture.instanceTypes);
    const byName = (a: { usedBy: string }, b: { usedBy: string }) => a.usedBy.localeCompare(b.usedBy);
    expect([...demand.fleets].sort(byName)).toEqual([...fixture.fleets].sort(byName));
    expect(demand.database).toEqual(fixture.database);
    expect(demand.databaseOptions).toEqual(fixture.databaseOptions);
    expect(demand.creates).toEqual(fixture.creates);
    expect(demand.counts).toMatchObject({ vpcs: 1, internetGateways: 1, elasticIps: 2, natGateways: 2 });
  });

  test('the counts are those of the primary-region templates', () => {
    expect(demand.counts).toEqual({
      vpcs: 1,
      internetGateways: 1,
      elasticIps: 2,
      natGateways: 2,
      applicationLoadBalancers: countOf(templates, 'AWS::ElasticLoadBalancingV2::LoadBalancer'),
      securityGroups: countOf(templates, 'AWS::EC2::SecurityGroup'),
      vpcOrigins: countOf(templates, 'AWS::CloudFront::VpcOrigin'),
    });
    expect(demand.counts.securityGroups).toBeGreaterThan(5);
  });
});

describe('what a pinned config with ElastiCache and an account baseline deploys', () => {
  const config = exampleConfig();
  const { demand } = synthesized('example', config);

  test('every stack is pinned: to the config region, us-east-1 or the DR region', () => {
    expect(new Set(demand.stacks.map((stack) => stack.region))).toEqual(new Set(['eu-west-3', 'us-east-1', 'eu-west-1']));
  });

  test('MySQL 8.4 with an ElastiCache node per AZ; no MEMCACHED option', () => {
    expect(demand.database?.engineVersion).toBe('8.4.10');
    expect(demand.databaseOptions?.options).toEqual(['MARIADB_AUDIT_PLUGIN']);
    expect(demand.cache).toEqual({ engine: 'memcached', nodeType: config.database.cacheNodeType, nodes: 3 });
  });

  test('the singletons follow the flags: none where the account has one', () => {
    const baseline = config.accountBaseline;
    expect(demand.creates).toMatchObject({
      guardDutyDetector: baseline.guardDuty,
      configRecorder: !baseline.hasConfigRecorder,
      securityHub: baseline.securityHub,
      trail: !baseline.hasOrganizationTrail,
      sessionManagerPreferences: !baseline.hasSessionManagerPreferences,
    });
    expect(demand.counts).toMatchObject({ natGateways: 3, elasticIps: 3 });
  });
});
