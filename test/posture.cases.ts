import { join } from 'node:path';
import { Assembly, dataEventBucketKeys, IndexedResource, isObject, loadAssembly, Resolver, ResourceIndex } from '../lib/model';
import { GET_STACK_OUTPUT_POSITIONS, misplacedStackOutputs } from '../lib/model/stack-output-positions';
import { loadConfigFile, parseConfig } from '../lib/config/load';
import { PocConfig } from '../lib/config/schema';
import { S3_DATA_EVENTS_SELECTOR } from '../lib/constructs/audit-trail';
import { GRANTS_ONLY_FOR_AWS_RESOURCES_SID } from '../lib/constructs/secure-defaults';
import { guardDutyFeatures } from '../lib/constructs/threat-detection';
import { relaxationsInForce } from '../lib/docs/relaxations';
import { rawDefaultConfig, ROOT } from './helpers';
import { assemblyDirectory, SYNTHESIZED_CONFIGS, SynthesizedConfigName } from './support/assemblies';

/**
 * Issue 14, sections 2 and 3, held on the synthesized templates of the default config and of
 * every example: cross-stack references CloudFormation documents and keeps true, and the posture
 * controls independent PCI rule sets look for. Each config is synthesized once for the file.
 */

interface Synthesized {
  readonly config: PocConfig;
  readonly assembly: Assembly;
  readonly index: ResourceIndex;
}

const loaded = new Map<SynthesizedConfigName, Synthesized>();
/** The default and every example config, as the suite's global setup synthesized them. */
function poc(name: SynthesizedConfigName): Synthesized {
  const cached = loaded.get(name);
  if (cached) return cached;
  const assembly = loadAssembly(assemblyDirectory(name));
  const result = {
    config: loadConfigFile(join(ROOT, SYNTHESIZED_CONFIGS[name])),
    assembly,
    index: new ResourceIndex(new Resolver(assembly)),
  };
  loaded.set(name, result);
  return result;
}

const configs = (Object.keys(SYNTHESIZED_CONFIGS) as SynthesizedConfigName[]).map(
  (name) => [SYNTHESIZED_CONFIGS[name], name] as const,
);

function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function walk(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) value.forEach((item) => walk(item, visit));
  else if (isObject(value)) {
    visit(value);
    Object.values(value).forEach((item) => walk(item, visit));
  }
}

describe('Fn::GetStackOutput positions (the check itself)', () => {
  const alarm = (dimension: unknown) => ({
    Resources: {
      Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { Dimensions: [{ Name: 'LoadBalancer', Value: dimension }] } },
    },
  });
  const reference = { 'Fn::GetStackOutput': { StackName: 'Producer', OutputName: 'ListenerArn' } };

  test('flags Fn::GetStackOutput nested in Fn::Split and Fn::Select, as CDK weak references render a load balancer dimension', () => {
    const nested = alarm({ 'Fn::Join': ['/', [{ 'Fn::Select': [1, { 'Fn::Split': ['/', reference] }] }]] });
    expect(misplacedStackOutputs('Consumer', nested)).toEqual([
      {
        stack: 'Consumer',
        path: 'Resources/Alarm/Properties/Dimensions/0/Value/Fn::Join/1/0/Fn::Select/1/Fn::Split/1/Fn::GetStackOutput',
        insideFunctions: ['Fn::Join', 'Fn::Select', 'Fn::Split'],
      },
    ]);
  });

  test('flags it outside resource properties (outputs, metadata), where no page documents it', () => {
    const template = { Outputs: { Copy: { Value: reference } }, Metadata: { Note: reference } };
    expect(misplacedStackOutputs('Consumer', template).map((found) => found.path)).toEqual([
      'Outputs/Copy/Value/Fn::GetStackOutput',
      'Metadata/Note/Fn::GetStackOutput',
    ]);
  });

  test('accepts it as a whole resource property value, the documented position; each position names its source', () => {
    expect(misplacedStackOutputs('Consumer', alarm(reference))).toEqual([]);
    for (const position of GET_STACK_OUTPUT_POSITIONS) expect(position.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });
});

describe.each(configs)('cross-stack references: %s', (_name, file) => {
  test('no template holds Fn::GetStackOutput, nested or not: same-region references are strong', () => {
    const { assembly } = poc(file);
    for (const stack of assembly.stacks) {
      expect(misplacedStackOutputs(stack.name, stack.template)).toEqual([]);
      expect({ stack: stack.name, weak: JSON.stringify(stack.template).includes('Fn::GetStackOutput') }).toEqual({
        stack: stack.name,
        weak: false,
      });
    }
  });

  test('every Fn::ImportValue reads an export of another stack of its own region; the cross-region stacks import nothing', () => {
    const { assembly, index } = poc(file);
    const imports: string[] = [];
    for (const stack of assembly.stacks) {
      walk(stack.template, (node) => {
        if (!('Fn::ImportValue' in node)) return;
        const name = index.resolver.value(stack.name, node['Fn::ImportValue']);
        expect(name.kind).toBe('literal');
        const exported = name.kind === 'literal' ? index.resolver.exportedOutput(name.value) : undefined;
        const producer = assembly.stacks.find((candidate) => candidate.name === exported?.stack);
        expect({ consumer: stack.name, region: producer?.region }).toEqual({ consumer: stack.name, region: stack.region });
        expect(producer?.name).not.toBe(stack.name);
        imports.push(stack.name);
      });
    }
    expect(imports.length).toBeGreaterThan(0);
    for (const stack of assembly.stacks.filter((candidate) => /-(EdgeAlarms|DisasterRecovery)/.test(candidate.name))) {
      expect(imports).not.toContain(stack.name);
    }
  });

  test('the unhealthy-host alarms name the load balancer by its full name, not by a listener ARN split apart', () => {
    const { index } = poc(file);
    const alarms = index.ofType('AWS::CloudWatch::Alarm').filter((alarm) => alarm.props.MetricName === 'UnHealthyHostCount');
    expect(alarms).toHaveLength(2);
    for (const alarm of alarms) {
      const dimension = listOf(alarm.props.Dimensions).find((candidate) => candidate.Name === 'LoadBalancer');
      const value = index.resolver.value(alarm.stack, dimension?.Value);
      expect(value).toMatchObject({ kind: 'resource', attribute: 'LoadBalancerFullName' });
      expect(value.kind === 'resource' && index.get(`${value.stack}/${value.logicalId}`)?.resource.Type).toBe(
        'AWS::ElasticLoadBalancingV2::LoadBalancer',
      );
    }
  });
});

describe.each(configs)('posture controls: %s', (_name, file) => {
  test('the RDS event subscription covers configuration changes, failures and maintenance of the database', () => {
    const { index } = poc(file);
    const subscriptions = index.ofType('AWS::RDS::EventSubscription');
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0].props.SourceType).toBe('db-instance');
    expect(subscriptions[0].props.EventCategories).toEqual(
      expect.arrayContaining(['configuration change', 'failure', 'maintenance', 'failover']),
    );
  });

  test('every KMS key policy lets only AWS services create grants', () => {
    const { index } = poc(file);
    const keys = index.ofType('AWS::KMS::Key');
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys) {
      const statements = listOf(isObject(key.props.KeyPolicy) ? key.props.KeyPolicy.Statement : undefined);
      expect({
        key: key.key,
        statement: statements.find((statement) => statement.Sid === GRANTS_ONLY_FOR_AWS_RESOURCES_SID),
      }).toEqual({
        key: key.key,
        statement: {
          Sid: GRANTS_ONLY_FOR_AWS_RESOURCES_SID,
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'kms:CreateGrant',
          Resource: '*',
          Condition: { Bool: { 'kms:GrantIsForAWSResource': 'false' } },
        },
      });
    }
  });

  test('GuardDuty: every protection plan set explicitly through Features (not the deprecated DataSources)', () => {
    const { config, index } = poc(file);
    const detectors = index.ofType('AWS::GuardDuty::Detector');
    if (!config.accountBaseline.guardDuty) {
      expect(detectors).toHaveLength(0);
      return;
    }
    expect(detectors).toHaveLength(1);
    expect(detectors[0].props.DataSources).toBeUndefined();
    const plans = config.guardDutyProtection;
    const status = (on: boolean) => (on ? 'ENABLED' : 'DISABLED');
    expect(detectors[0].props.Features).toEqual([
      { Name: 'S3_DATA_EVENTS', Status: status(plans.s3DataEvents) },
      { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
      { Name: 'EBS_MALWARE_PROTECTION', Status: status(plans.ebsMalwareProtection) },
      { Name: 'RDS_LOGIN_EVENTS', Status: status(plans.rdsLoginEvents) },
      { Name: 'LAMBDA_NETWORK_LOGS', Status: status(plans.lambdaNetworkLogs) },
      {
        Name: 'RUNTIME_MONITORING',
        Status: status(plans.runtimeMonitoring),
        AdditionalConfiguration: [{ Name: 'EC2_AGENT_MANAGEMENT', Status: status(plans.runtimeMonitoring) }],
      },
    ]);
  });

  test('CloudTrail records the S3 data events of every POC bucket but its own archive, or the config leaves the trail to the organization and says so', () => {
    const { config, assembly, index } = poc(file);
    const trails = index.ofType('AWS::CloudTrail::Trail');
    if (config.accountBaseline.hasOrganizationTrail) {
      expect(trails).toHaveLength(0);
      const relaxation = relaxationsInForce(config).find((item) => item.field === 'accountBaseline.hasOrganizationTrail');
      expect(relaxation?.relaxation).toMatch(/S3 data events of the POC's buckets/);
      expect(relaxation?.remedy).toMatch(/S3 data events \(reads and writes\) of the POC's buckets, the log archive's included/);
      return;
    }
    expect(trails).toHaveLength(1);
    const trail = trails[0];
    expect(trail.props.EventSelectors).toBeUndefined();
    const selectors = listOf(trail.props.AdvancedEventSelectors);
    expect(selectors.map((selector) => selector.Name)).toEqual(['Management events', S3_DATA_EVENTS_SELECTOR]);
    expect(selectors[0].FieldSelectors).toEqual([{ Field: 'eventCategory', Equals: ['Management'] }]);
    const archive = index.resolver.value(trail.stack, trail.props.S3BucketName);
    const archiveKey = archive.kind === 'resource' ? `${archive.stack}/${archive.logicalId}` : '';
    const buckets = index
      .ofType('AWS::S3::Bucket')
      .map((bucket: IndexedResource) => bucket.key)
      .filter((key) => key !== archiveKey)
      .sort();
    expect(buckets.length).toBeGreaterThanOrEqual(2);
    expect(dataEventBucketKeys(index, trail)).toEqual(buckets);
    expect(assembly.stacks.length).toBeGreaterThan(0);
  });

  test('every load balancer has deletion protection', () => {
    const { index } = poc(file);
    const balancers = index.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(balancers).toHaveLength(2);
    for (const balancer of balancers) {
      expect({ balancer: balancer.key, attributes: balancer.props.LoadBalancerAttributes }).toEqual({
        balancer: balancer.key,
        attributes: expect.arrayContaining([{ Key: 'deletion_protection.enabled', Value: 'true' }]),
      });
    }
  });
});

describe('GuardDuty protection plans as config fields', () => {
  const withPlans = (plans: Record<string, boolean>) => {
    const raw = rawDefaultConfig();
    return parseConfig({ ...raw, guardDutyProtection: plans }, 'test');
  };

  test('every plan defaults to on, and a config that turns one off gets it DISABLED and listed as a relaxation', () => {
    expect(withPlans({}).guardDutyProtection).toEqual({
      s3DataEvents: true,
      rdsLoginEvents: true,
      ebsMalwareProtection: true,
      runtimeMonitoring: true,
      lambdaNetworkLogs: true,
    });
    const config = withPlans({ runtimeMonitoring: false, s3DataEvents: false });
    const features = guardDutyFeatures(config.guardDutyProtection);
    expect(features.find((feature) => feature.name === 'RUNTIME_MONITORING')).toEqual({
      name: 'RUNTIME_MONITORING',
      status: 'DISABLED',
      additionalConfiguration: [{ name: 'EC2_AGENT_MANAGEMENT', status: 'DISABLED' }],
    });
    expect(features.find((feature) => feature.name === 'S3_DATA_EVENTS')?.status).toBe('DISABLED');
    expect(features.find((feature) => feature.name === 'EBS_MALWARE_PROTECTION')?.status).toBe('ENABLED');
    expect(relaxationsInForce(config).map((relaxation) => relaxation.field)).toEqual(
      expect.arrayContaining(['guardDutyProtection.runtimeMonitoring', 'guardDutyProtection.s3DataEvents']),
    );
    expect(relaxationsInForce(withPlans({})).filter((relaxation) => relaxation.field.startsWith('guardDutyProtection'))).toEqual(
      [],
    );
  });

  test('a plan turned off relaxes nothing when the account keeps its own detector', () => {
    const raw = rawDefaultConfig();
    const config = parseConfig(
      { ...raw, accountBaseline: { ...raw.accountBaseline, guardDuty: false }, guardDutyProtection: { s3DataEvents: false } },
      'test',
    );
    expect(relaxationsInForce(config).map((relaxation) => relaxation.field)).not.toContain('guardDutyProtection.s3DataEvents');
  });

  test('an unknown plan is refused', () => {
    const raw = rawDefaultConfig();
    expect(() => parseConfig({ ...raw, guardDutyProtection: { eksRuntime: true } as never }, 'test')).toThrow(/eksRuntime/);
  });
});
