import { Fleet as ModelFleet, Literal, PocModel, Source, Volume } from '../model';

/**
 * What the synthesized templates would deploy that costs money, read from the POC model (never
 * from the constructs or the config). Values that are not literals in the template (a parameter,
 * an intrinsic) cannot be priced: each is reported as a problem, all at once.
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

export function inventoryOf(model: PocModel, problems: string[]): Inventory {
  const count = (type: string) => model.resourcesOfType(type).length;
  const reader = new LiteralReader(problems);
  const unpriced: Record<string, number> = {};
  const free = new Set([
    ...model.inspectorEc2.map((source) => source.key),
    ...model.vpcEndpoints.filter((endpoint) => endpoint.endpointType === 'Gateway').map((endpoint) => endpoint.source.key),
  ]);
  for (const [type, sources] of [...model.typeCounts.keys()].map((type) => [type, model.resourcesOfType(type)] as const)) {
    if (PRICED.has(type) || NOT_BILLED_BY_ITSELF.has(type)) continue;
    const billed = sources.filter((source) => !free.has(source.key)).length;
    if (billed > 0) unpriced[type] = billed;
  }
  const detectors = model.threatDetectors.filter((detector) => detector.enabled);
  const trails = model.trails.filter((trail) => trail.logging);

  return {
    stacks: model.assembly.stacks.map((stack) => stack.name),
    fleets: model.fleets.map((fleet) => fleetOf(fleet, reader)).filter((fleet): fleet is Fleet => fleet !== undefined),
    natGateways: count('AWS::EC2::NatGateway'),
    elasticIps: count('AWS::EC2::EIP'),
    loadBalancers: model.loadBalancers
      .map((lb) => {
        if (lb.type === 'application') {
          return { name: displayName(lb.source), internetFacing: lb.internetFacing, subnets: lb.subnetCount };
        }
        problems.push(`${lb.source.key}: load balancer Type "${lb.type}" has no price in the estimate (only application)`);
        return undefined;
      })
      .filter((lb): lb is LoadBalancer => lb !== undefined),
    databases: model.databases.map((db) => database(db, reader)).filter((db): db is Database => db !== undefined),
    caches: model.caches
      .map((cache) => {
        const where = cache.source.key;
        const engine = reader.text(cache.engine, `${where}: Engine`);
        const nodeType = reader.text(cache.nodeType, `${where}: CacheNodeType`);
        const nodes = reader.integer(cache.nodes, `${where}: NumCacheNodes`);
        if (engine === undefined || nodeType === undefined || nodes === undefined) return undefined;
        return { name: displayName(cache.source), engine, nodeType, nodes };
      })
      .filter((cache): cache is CacheCluster => cache !== undefined),
    distributions: model.distributions.length,
    distributionsWithAdditionalMetrics: model.distributions.filter((distribution) => distribution.additionalMetrics).length,
    webAcls: model.webAcls.map((acl) => ({ name: displayName(acl.source), rules: acl.rules.length })),
    alarms: count('AWS::CloudWatch::Alarm'),
    dashboards: count('AWS::CloudWatch::Dashboard'),
    logGroups: count('AWS::Logs::LogGroup'),
    flowLogs: count('AWS::EC2::FlowLog'),
    configRecorders: count('AWS::Config::ConfigurationRecorder'),
    configRules: count('AWS::Config::ConfigRule'),
    guardDutyDetectors: detectors.length,
    guardDutyFeatures: [...new Set(detectors.flatMap((detector) => detector.features))].sort(),
    securityHubs: count('AWS::SecurityHub::Hub'),
    inspectorEc2: model.inspectorEc2.length > 0,
    trails: trails.length,
    trailDataEventResources: trails
      .map((trail) => trail.dataEventResources)
      .reduce<number | 'all'>((total, resources) => (total === 'all' || resources === 'all' ? 'all' : total + resources), 0),
    kmsKeys: count('AWS::KMS::Key'),
    secrets: count('AWS::SecretsManager::Secret'),
    buckets: count('AWS::S3::Bucket'),
    backupPlans: model.backupPlans.map((plan) => ({
      name: displayName(plan.source),
      copyDestinations: Math.max(0, ...plan.rules.map((rule) => rule.copyActions)),
    })),
    unpriced,
  };
}

function fleetOf(fleet: ModelFleet, reader: LiteralReader): Fleet | undefined {
  const where = fleet.source.key;
  if (fleet.kind === 'auto-scaling-group' && !fleet.launchTemplate) {
    reader.problems.push(
      `${where}: the estimate prices Auto Scaling groups through their LaunchTemplate (by id or name); this group has none`,
    );
    return undefined;
  }
  const template = fleet.launchTemplate ? ` launch template ${fleet.launchTemplate.logicalId}` : '';
  const min = reader.integer(fleet.minSize, `${where}: MinSize`);
  const max = reader.integer(fleet.maxSize, `${where}: MaxSize`);
  const instanceType = reader.text(fleet.instanceType, `${where}: InstanceType${template ? ` of${template}` : ''}`);
  const gp3GiB = reader.gp3GiB(fleet.volumes, template ? `${where}:${template}` : where);
  if (min === undefined || max === undefined || instanceType === undefined || gp3GiB === undefined) return undefined;
  return {
    name: displayName(fleet.source),
    kind: fleet.kind,
    instanceType,
    min,
    max,
    gp3GiB,
    detailedMonitoring: fleet.detailedMonitoring,
    publicIp: fleet.publicIp,
    subnets: fleet.subnetCount,
  };
}

function database(db: PocModel['databases'][number], reader: LiteralReader): Database | undefined {
  const where = db.source.key;
  const instanceClass = reader.text(db.instanceClass, `${where}: DBInstanceClass`);
  const engine = reader.text(db.engine, `${where}: Engine`);
  const engineVersion = reader.text(db.engineVersion, `${where}: EngineVersion`);
  const allocatedGiB = reader.integer(db.allocatedGiB, `${where}: AllocatedStorage`);
  // The ceiling is the allocated storage itself when the template sets none: one problem, not two.
  const maxAllocatedGiB =
    db.maxAllocatedGiB === db.allocatedGiB ? allocatedGiB : reader.integer(db.maxAllocatedGiB, `${where}: MaxAllocatedStorage`);
  const backupRetentionDays = reader.integer(db.backupRetentionDays, `${where}: BackupRetentionPeriod`);
  const storageType = reader.text(db.storageType, `${where}: StorageType`);
  const lifecycleSupport = db.lifecycleSupport && reader.text(db.lifecycleSupport, `${where}: EngineLifecycleSupport`);
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
    name: displayName(db.source),
    instanceClass,
    engine,
    engineVersion,
    majorVersion: engineVersion.split('.').slice(0, 2).join('.'),
    lifecycleSupport,
    multiAz: db.multiAz,
    allocatedGiB,
    maxAllocatedGiB,
    storageType,
    encrypted: db.encrypted,
    backupRetentionDays,
  };
}

/** The construct path without the stack name ("WebTier/Group/ASG"), else the logical id. */
function displayName(source: Source): string {
  if (source.path === undefined) return source.logicalId;
  return source.path
    .split('/')
    .filter((segment, index) => !(index === 0 && segment === source.stack) && segment !== 'Resource')
    .join('/');
}

/** Takes the literal values the estimate needs; anything else (a Ref, a Fn::*) is recorded as a problem. */
class LiteralReader {
  constructor(readonly problems: string[]) {}

  text(value: Literal<string>, what: string): string | undefined {
    if (value.known) return value.value;
    this.problems.push(`${what} is ${value.expression}, not a literal string: the estimate prices literal values only`);
    return undefined;
  }

  integer(value: Literal<number>, what: string): number | undefined {
    if (value.known) return value.value;
    this.problems.push(`${what} is ${value.expression}, not a literal whole number: the estimate prices literal values only`);
    return undefined;
  }

  /** Total gp3 GiB of the volumes; other volume types have no price here. */
  gp3GiB(volumes: Literal<readonly Volume[]>, what: string): number | undefined {
    if (!volumes.known) {
      this.problems.push(`${what}: BlockDeviceMappings is ${volumes.expression}, not a literal list`);
      return undefined;
    }
    let total = 0;
    for (const volume of volumes.value) {
      if (volume.type !== 'gp3') {
        this.problems.push(
          `${what}: EBS volume type "${volume.type}" has no price in the estimate (only gp3); use gp3 or extend lib/cost`,
        );
        return undefined;
      }
      const size = this.integer(volume.sizeGiB, `${what}: EBS VolumeSize`);
      if (size === undefined) return undefined;
      total += size;
    }
    return total;
  }
}
