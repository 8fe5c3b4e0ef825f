import { CfnResource as TemplateResource, StackTemplate } from '../model';

/**
 * What the synthesized templates would deploy that costs money, read from the resources only
 * (never from the constructs or the config). Values that are not literals in the template (a
 * parameter, an intrinsic) cannot be priced: each is reported as a problem, all at once.
 */

export interface Fleet {
  readonly name: string;
  readonly kind: 'auto-scaling-group' | 'instance';
  readonly instanceType: string;
  readonly min: number;
  readonly max: number;
  /** gp3 GiB attached to each instance. */
  readonly gp3GiB: number;
  readonly detailedMonitoring: boolean;
  readonly publicIp: boolean;
  /** Subnets (one per AZ) the group spreads over; 1 for a stand-alone instance. */
  readonly subnets: number;
}

export interface Database {
  readonly name: string;
  readonly instanceClass: string;
  readonly engine: string;
  readonly engineVersion: string;
  /** "8.0" for "8.0.46". */
  readonly majorVersion: string;
  readonly lifecycleSupport?: string;
  readonly multiAz: boolean;
  readonly allocatedGiB: number;
  readonly maxAllocatedGiB: number;
  readonly storageType: string;
  readonly encrypted: boolean;
  readonly backupRetentionDays: number;
}

export interface CacheCluster {
  readonly name: string;
  readonly engine: string;
  readonly nodeType: string;
  readonly nodes: number;
}

export interface LoadBalancer {
  readonly name: string;
  readonly internetFacing: boolean;
  /** One public IPv4 address per subnet (AZ) for an internet-facing load balancer. */
  readonly subnets: number;
}

export interface Inventory {
  readonly stacks: readonly string[];
  readonly fleets: readonly Fleet[];
  readonly natGateways: number;
  readonly elasticIps: number;
  readonly loadBalancers: readonly LoadBalancer[];
  readonly databases: readonly Database[];
  readonly caches: readonly CacheCluster[];
  readonly distributions: number;
  /** Distributions whose additional CloudWatch metrics are on (billed as CloudWatch metrics). */
  readonly distributionsWithAdditionalMetrics: number;
  readonly webAcls: readonly { readonly name: string; readonly rules: number }[];
  readonly alarms: number;
  readonly dashboards: number;
  readonly logGroups: number;
  readonly flowLogs: number;
  readonly configRecorders: number;
  readonly configRules: number;
  readonly guardDutyDetectors: number;
  /** GuardDuty protection plans (detector Features) enabled, each billed by what it analyses. */
  readonly guardDutyFeatures: readonly string[];
  readonly securityHubs: number;
  readonly inspectorEc2: boolean;
  readonly trails: number;
  /** Objects and prefixes whose S3 data events the trails record (billed per 100,000 events); 'all': every object. */
  readonly trailDataEventResources: number | 'all';
  readonly kmsKeys: number;
  readonly secrets: number;
  readonly buckets: number;
  readonly backupPlans: readonly { readonly name: string; readonly copyDestinations: number }[];
  /** Resource types present but not priced line by line, with their count. */
  readonly unpriced: Readonly<Record<string, number>>;
}

/** Resource types that cost nothing by themselves, or whose cost is carried by another line. */
const NOT_BILLED_BY_ITSELF = new Set([
  'AWS::CDK::Metadata',
  'AWS::AutoScaling::ScalingPolicy',
  'AWS::AutoScaling::LifecycleHook',
  'AWS::CloudFront::OriginAccessControl',
  // CloudFront bills the requests and transfer of a VPC origin like any other origin; the origin
  // itself and the private address of its interface in the subnet cost nothing (developer guide,
  // "Restrict access with VPC origins").
  'AWS::CloudFront::VpcOrigin',
  'AWS::CloudFront::ResponseHeadersPolicy',
  'AWS::Config::DeliveryChannel',
  'AWS::EC2::FlowLog',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::LaunchTemplate',
  'AWS::EC2::NetworkAcl',
  'AWS::EC2::NetworkAclEntry',
  'AWS::EC2::Route',
  'AWS::EC2::RouteTable',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::SecurityGroupEgress',
  'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::Subnet',
  'AWS::EC2::SubnetNetworkAclAssociation',
  'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::VPC',
  'AWS::EC2::VPCGatewayAttachment',
  'AWS::ElastiCache::ParameterGroup',
  'AWS::ElastiCache::SubnetGroup',
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::ListenerCertificate',
  'AWS::ElasticLoadBalancingV2::ListenerRule',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::IAM::InstanceProfile',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::Policy',
  'AWS::IAM::Role',
  'AWS::KMS::Alias',
  'AWS::RDS::DBParameterGroup',
  'AWS::RDS::DBSubnetGroup',
  'AWS::RDS::OptionGroup',
  'AWS::S3::BucketPolicy',
  'AWS::SecretsManager::ResourcePolicy',
  'AWS::SecretsManager::RotationSchedule',
  'AWS::SecretsManager::SecretTargetAttachment',
  'AWS::SecurityHub::Standard',
  'AWS::SNS::Subscription',
  'AWS::SNS::TopicPolicy',
  // Session Manager preferences: Session Manager itself costs nothing on EC2 instances.
  'AWS::SSM::Document',
  'AWS::WAFv2::LoggingConfiguration',
  'AWS::WAFv2::WebACLAssociation',
  'AWS::Backup::BackupSelection',
  'AWS::Backup::BackupVault',
]);

const PRICED = new Set([
  'AWS::AutoScaling::AutoScalingGroup',
  'AWS::EC2::Instance',
  'AWS::EC2::NatGateway',
  'AWS::EC2::EIP',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::RDS::DBInstance',
  'AWS::ElastiCache::CacheCluster',
  'AWS::CloudFront::Distribution',
  'AWS::CloudFront::MonitoringSubscription',
  'AWS::WAFv2::WebACL',
  'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::Dashboard',
  'AWS::Logs::LogGroup',
  'AWS::Config::ConfigurationRecorder',
  'AWS::Config::ConfigRule',
  'AWS::GuardDuty::Detector',
  'AWS::SecurityHub::Hub',
  'AWS::CloudTrail::Trail',
  'AWS::KMS::Key',
  'AWS::SecretsManager::Secret',
  'AWS::S3::Bucket',
  'AWS::Backup::BackupPlan',
]);

interface Located {
  readonly stack: StackTemplate;
  readonly logicalId: string;
  readonly resource: TemplateResource;
}

export function inventoryOf(stacks: readonly StackTemplate[], problems: string[]): Inventory {
  const all: Located[] = stacks.flatMap((stack) =>
    Object.keys(stack.template.Resources ?? {})
      .sort()
      .map((logicalId) => ({ stack, logicalId, resource: (stack.template.Resources ?? {})[logicalId] })),
  );
  const ofType = (type: string) => all.filter((located) => located.resource.Type === type);
  const count = (type: string) => ofType(type).length;
  const reader = new PropertyReader(problems);

  const fleets = [
    ...ofType('AWS::AutoScaling::AutoScalingGroup').map((asg) => autoScalingFleet(asg, reader)),
    ...ofType('AWS::EC2::Instance').map((instance) => standaloneFleet(instance, reader)),
  ].filter((fleet): fleet is Fleet => fleet !== undefined);

  const unpriced: Record<string, number> = {};
  for (const { resource } of all) {
    if (
      PRICED.has(resource.Type) ||
      NOT_BILLED_BY_ITSELF.has(resource.Type) ||
      isInspectorEnablement(resource) ||
      isGatewayEndpoint(resource)
    ) {
      continue;
    }
    unpriced[resource.Type] = (unpriced[resource.Type] ?? 0) + 1;
  }

  return {
    stacks: stacks.map((stack) => stack.name),
    fleets,
    natGateways: count('AWS::EC2::NatGateway'),
    elasticIps: count('AWS::EC2::EIP'),
    loadBalancers: ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')
      .map((lb) => loadBalancer(lb, reader))
      .filter((lb): lb is LoadBalancer => lb !== undefined),
    databases: ofType('AWS::RDS::DBInstance')
      .map((db) => database(db, reader))
      .filter((db): db is Database => db !== undefined),
    caches: ofType('AWS::ElastiCache::CacheCluster')
      .map((cache) => cacheCluster(cache, reader))
      .filter((cache): cache is CacheCluster => cache !== undefined),
    distributions: count('AWS::CloudFront::Distribution'),
    distributionsWithAdditionalMetrics: ofType('AWS::CloudFront::MonitoringSubscription').filter(additionalMetricsEnabled).length,
    webAcls: ofType('AWS::WAFv2::WebACL').map((acl) => ({
      name: displayName(acl),
      rules: Array.isArray(acl.resource.Properties?.Rules) ? acl.resource.Properties.Rules.length : 0,
    })),
    alarms: count('AWS::CloudWatch::Alarm'),
    dashboards: count('AWS::CloudWatch::Dashboard'),
    logGroups: count('AWS::Logs::LogGroup'),
    flowLogs: count('AWS::EC2::FlowLog'),
    configRecorders: count('AWS::Config::ConfigurationRecorder'),
    configRules: count('AWS::Config::ConfigRule'),
    guardDutyDetectors: ofType('AWS::GuardDuty::Detector').filter((detector) => detector.resource.Properties?.Enable !== false)
      .length,
    guardDutyFeatures: [
      ...new Set(
        ofType('AWS::GuardDuty::Detector')
          .filter((detector) => detector.resource.Properties?.Enable !== false)
          .flatMap((detector) => listOf(detector.resource.Properties?.Features))
          .filter((feature) => feature.Status === 'ENABLED' && typeof feature.Name === 'string')
          .map((feature) => String(feature.Name)),
      ),
    ].sort(),
    securityHubs: count('AWS::SecurityHub::Hub'),
    inspectorEc2: all.some((located) => isInspectorEnablement(located.resource)),
    trails: ofType('AWS::CloudTrail::Trail').filter((trail) => trail.resource.Properties?.IsLogging !== false).length,
    trailDataEventResources: ofType('AWS::CloudTrail::Trail')
      .filter((trail) => trail.resource.Properties?.IsLogging !== false)
      .map((trail) => dataEventResources(trail.resource))
      .reduce<number | 'all'>((total, resources) => (total === 'all' || resources === 'all' ? 'all' : total + resources), 0),
    kmsKeys: count('AWS::KMS::Key'),
    secrets: count('AWS::SecretsManager::Secret'),
    buckets: count('AWS::S3::Bucket'),
    backupPlans: ofType('AWS::Backup::BackupPlan').map((plan) => ({
      name: displayName(plan),
      copyDestinations: copyDestinations(plan),
    })),
    unpriced,
  };
}

function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value)
    ? value.filter((item): item is Record<string, unknown> => item !== null && typeof item === 'object' && !Array.isArray(item))
    : [];
}

/**
 * How many S3 objects or prefixes a trail's basic or advanced selectors record data events of;
 * 'all' when a data selector names no resource (every object of the account).
 */
function dataEventResources(trail: TemplateResource): number | 'all' {
  const basic = listOf(trail.Properties?.EventSelectors)
    .flatMap((selector) => listOf(selector.DataResources))
    .flatMap((resource) => (Array.isArray(resource.Values) ? resource.Values : []));
  const dataSelectors = listOf(trail.Properties?.AdvancedEventSelectors)
    .map((selector) => listOf(selector.FieldSelectors))
    .filter((fields) =>
      fields.some((field) => field.Field === 'eventCategory' && Array.isArray(field.Equals) && field.Equals.includes('Data')),
    );
  const scopes = dataSelectors.map((fields) =>
    fields
      .filter((field) => field.Field === 'resources.ARN')
      .flatMap((field) => (Array.isArray(field.StartsWith) ? field.StartsWith : Array.isArray(field.Equals) ? field.Equals : [])),
  );
  if (scopes.some((scope) => scope.length === 0)) return 'all';
  return basic.length + scopes.reduce((total, scope) => total + scope.length, 0);
}

function additionalMetricsEnabled(subscription: Located): boolean {
  const settings = subscription.resource.Properties?.MonitoringSubscription as
    { readonly RealtimeMetricsSubscriptionConfig?: { readonly RealtimeMetricsSubscriptionStatus?: unknown } } | undefined;
  return settings?.RealtimeMetricsSubscriptionConfig?.RealtimeMetricsSubscriptionStatus === 'Enabled';
}

/** Gateway endpoints (S3, DynamoDB) are free; interface endpoints are billed and stay in the unpriced list. */
function isGatewayEndpoint(resource: TemplateResource): boolean {
  return resource.Type === 'AWS::EC2::VPCEndpoint' && (resource.Properties?.VpcEndpointType ?? 'Gateway') === 'Gateway';
}

/** Amazon Inspector v2 has no CloudFormation resource: the kit enables it with an AwsCustomResource. */
function isInspectorEnablement(resource: TemplateResource): boolean {
  if (resource.Type !== 'Custom::AWS' || typeof resource.Properties?.Create !== 'string') return false;
  try {
    const call = JSON.parse(resource.Properties.Create) as {
      service?: string;
      action?: string;
      parameters?: { resourceTypes?: unknown };
    };
    const types = call.parameters?.resourceTypes;
    return (
      call.service?.toLowerCase() === 'inspector2' &&
      call.action?.toLowerCase() === 'enable' &&
      Array.isArray(types) &&
      types.includes('EC2')
    );
  } catch {
    return false;
  }
}

function autoScalingFleet(asg: Located, reader: PropertyReader): Fleet | undefined {
  const props = asg.resource.Properties ?? {};
  const where = locate(asg);
  const min = reader.integer(props.MinSize, `${where}: MinSize`);
  const max = reader.integer(props.MaxSize, `${where}: MaxSize`);
  const spec = props.LaunchTemplate as { LaunchTemplateId?: unknown; LaunchTemplateName?: unknown } | undefined;
  const ref = refOf(spec?.LaunchTemplateId) ?? refOf(spec?.LaunchTemplateName);
  const template = ref ? asg.stack.template.Resources?.[ref] : undefined;
  if (!template || template.Type !== 'AWS::EC2::LaunchTemplate') {
    reader.problems.push(
      `${where}: the estimate prices Auto Scaling groups through a LaunchTemplate in the same stack (LaunchTemplateId: { Ref }); this group has none`,
    );
    return undefined;
  }
  const data = (template.Properties?.LaunchTemplateData ?? {}) as Record<string, unknown>;
  const instanceType = reader.text(data.InstanceType, `${where}: InstanceType of launch template ${ref}`);
  const gp3GiB = reader.gp3GiB(data.BlockDeviceMappings, `${where}: launch template ${ref}`);
  const monitoring = data.Monitoring as { Enabled?: unknown } | undefined;
  const interfaces = Array.isArray(data.NetworkInterfaces) ? (data.NetworkInterfaces as Record<string, unknown>[]) : [];
  if (min === undefined || max === undefined || instanceType === undefined || gp3GiB === undefined) return undefined;
  return {
    name: displayName(asg),
    kind: 'auto-scaling-group',
    instanceType,
    min,
    max,
    gp3GiB,
    detailedMonitoring: monitoring?.Enabled === true,
    publicIp: interfaces.some((nic) => nic.AssociatePublicIpAddress === true),
    subnets: Array.isArray(props.VPCZoneIdentifier) ? props.VPCZoneIdentifier.length : 0,
  };
}

function standaloneFleet(instance: Located, reader: PropertyReader): Fleet | undefined {
  const props = instance.resource.Properties ?? {};
  const where = locate(instance);
  const instanceType = reader.text(props.InstanceType, `${where}: InstanceType`);
  const gp3GiB = reader.gp3GiB(props.BlockDeviceMappings, where);
  const interfaces = Array.isArray(props.NetworkInterfaces) ? (props.NetworkInterfaces as Record<string, unknown>[]) : [];
  if (instanceType === undefined || gp3GiB === undefined) return undefined;
  return {
    name: displayName(instance),
    kind: 'instance',
    instanceType,
    min: 1,
    max: 1,
    gp3GiB,
    detailedMonitoring: props.Monitoring === true,
    publicIp: interfaces.some((nic) => nic.AssociatePublicIpAddress === true),
    subnets: 1,
  };
}

function loadBalancer(lb: Located, reader: PropertyReader): LoadBalancer | undefined {
  const props = lb.resource.Properties ?? {};
  const type = props.Type ?? 'application';
  if (type !== 'application') {
    reader.problems.push(`${locate(lb)}: load balancer Type "${String(type)}" has no price in the estimate (only application)`);
    return undefined;
  }
  const subnets = Array.isArray(props.Subnets)
    ? props.Subnets.length
    : Array.isArray(props.SubnetMappings)
      ? props.SubnetMappings.length
      : 0;
  return { name: displayName(lb), internetFacing: props.Scheme !== 'internal', subnets };
}

function database(db: Located, reader: PropertyReader): Database | undefined {
  const props = db.resource.Properties ?? {};
  const where = locate(db);
  const instanceClass = reader.text(props.DBInstanceClass, `${where}: DBInstanceClass`);
  const engine = reader.text(props.Engine, `${where}: Engine`);
  const engineVersion = reader.text(props.EngineVersion, `${where}: EngineVersion`);
  const allocatedGiB = reader.integer(props.AllocatedStorage, `${where}: AllocatedStorage`);
  const maxAllocatedGiB =
    props.MaxAllocatedStorage === undefined
      ? allocatedGiB
      : reader.integer(props.MaxAllocatedStorage, `${where}: MaxAllocatedStorage`);
  const backupRetentionDays =
    props.BackupRetentionPeriod === undefined
      ? 1
      : reader.integer(props.BackupRetentionPeriod, `${where}: BackupRetentionPeriod`);
  const storageType = props.StorageType === undefined ? 'gp2' : reader.text(props.StorageType, `${where}: StorageType`);
  const lifecycleSupport =
    props.EngineLifecycleSupport === undefined
      ? undefined
      : reader.text(props.EngineLifecycleSupport, `${where}: EngineLifecycleSupport`);
  if (
    instanceClass === undefined ||
    engine === undefined ||
    engineVersion === undefined ||
    allocatedGiB === undefined ||
    maxAllocatedGiB === undefined ||
    backupRetentionDays === undefined ||
    storageType === undefined
  ) {
    return undefined;
  }
  return {
    name: displayName(db),
    instanceClass,
    engine,
    engineVersion,
    majorVersion: engineVersion.split('.').slice(0, 2).join('.'),
    lifecycleSupport,
    multiAz: props.MultiAZ === true || props.MultiAZ === 'true',
    allocatedGiB,
    maxAllocatedGiB,
    storageType,
    encrypted: props.StorageEncrypted === true || props.StorageEncrypted === 'true',
    backupRetentionDays,
  };
}

function cacheCluster(cache: Located, reader: PropertyReader): CacheCluster | undefined {
  const props = cache.resource.Properties ?? {};
  const where = locate(cache);
  const engine = reader.text(props.Engine, `${where}: Engine`);
  const nodeType = reader.text(props.CacheNodeType, `${where}: CacheNodeType`);
  const nodes = reader.integer(props.NumCacheNodes, `${where}: NumCacheNodes`);
  if (engine === undefined || nodeType === undefined || nodes === undefined) return undefined;
  return { name: displayName(cache), engine, nodeType, nodes };
}

function copyDestinations(plan: Located): number {
  const rules =
    (plan.resource.Properties?.BackupPlan as { BackupPlanRule?: { CopyActions?: unknown[] }[] } | undefined)?.BackupPlanRule ??
    [];
  return Math.max(0, ...rules.map((rule) => rule.CopyActions?.length ?? 0));
}

function refOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'Ref' in value && typeof value.Ref === 'string') return value.Ref;
  return undefined;
}

/** The construct path without the stack name ("WebTier/Group/ASG"), else the logical id. */
function displayName({ stack, logicalId, resource }: Located): string {
  const path = resource.Metadata?.['aws:cdk:path'];
  if (typeof path !== 'string') return logicalId;
  return path
    .split('/')
    .filter((segment, index) => !(index === 0 && segment === stack.name) && segment !== 'Resource')
    .join('/');
}

function locate({ stack, logicalId }: Located): string {
  return `${stack.name}/${logicalId}`;
}

/** Reads literal values; anything else (a Ref, a Fn::*) is recorded as a problem. */
class PropertyReader {
  constructor(readonly problems: string[]) {}

  text(value: unknown, what: string): string | undefined {
    if (typeof value === 'string' && value.length > 0) return value;
    this.problems.push(`${what} is ${describe(value)}, not a literal string: the estimate prices literal values only`);
    return undefined;
  }

  integer(value: unknown, what: string): number | undefined {
    const parsed = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
    if (Number.isInteger(parsed) && parsed >= 0) return parsed;
    this.problems.push(`${what} is ${describe(value)}, not a literal whole number: the estimate prices literal values only`);
    return undefined;
  }

  /** Total gp3 GiB of the block device mappings; other volume types have no price here. */
  gp3GiB(mappings: unknown, what: string): number | undefined {
    if (mappings === undefined) return 0;
    if (!Array.isArray(mappings)) {
      this.problems.push(`${what}: BlockDeviceMappings is ${describe(mappings)}, not a literal list`);
      return undefined;
    }
    let total = 0;
    for (const mapping of mappings as { Ebs?: { VolumeSize?: unknown; VolumeType?: unknown } }[]) {
      if (!mapping.Ebs) continue;
      const type = mapping.Ebs.VolumeType ?? 'gp2';
      if (type !== 'gp3') {
        this.problems.push(
          `${what}: EBS volume type "${String(type)}" has no price in the estimate (only gp3); use gp3 or extend lib/cost`,
        );
        return undefined;
      }
      const size = this.integer(mapping.Ebs.VolumeSize, `${what}: EBS VolumeSize`);
      if (size === undefined) return undefined;
      total += size;
    }
    return total;
  }
}

function describe(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}
