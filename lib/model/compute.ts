import { isObject } from './assembly';
import { IndexedResource, ResourceIndex } from './resources';
import { known, Literal, PropertyReader, Source, sourceOf, unknown } from './source';

/** An EBS volume a launch template or instance attaches. */
export interface Volume {
  /** The volume type; `gp2` when the template leaves it out (the EC2 default). */
  readonly type: string;
  readonly sizeGiB: Literal<number>;
}

/** An Auto Scaling group with what its launch template gives each instance, or a stand-alone instance. */
export interface Fleet {
  readonly source: Source;
  readonly kind: 'auto-scaling-group' | 'instance';
  readonly minSize: Literal<number>;
  readonly maxSize: Literal<number>;
  /** The launch template the group launches from; undefined for an instance or a group the model cannot tie to one. */
  readonly launchTemplate?: Source;
  readonly instanceType: Literal<string>;
  /** The image id as a literal (an SSM parameter name for `resolve:ssm:` images); undefined when not a literal. */
  readonly image?: string;
  readonly volumes: Literal<readonly Volume[]>;
  readonly detailedMonitoring: boolean;
  /** Whether an instance's network interface asks for a public IPv4 address. */
  readonly publicIp: boolean;
  /** Keys of the subnets it launches in (what the template names, possibly `external:` ids). */
  readonly subnets: readonly string[];
  /** How many subnet entries the template lists, resolved or not. */
  readonly subnetCount: number;
  /** Keys of the target groups the group registers its instances with. */
  readonly targetGroups: readonly string[];
  /** After how long Auto Scaling replaces an instance; undefined when the group sets no limit. */
  readonly maxInstanceLifetimeSeconds?: number;
  /** `DesiredCapacity`; undefined: the group starts at its minimum size. */
  readonly desiredCapacity?: number;
  /** What Auto Scaling replaces an instance on: `EC2` (status checks, the default) or `ELB` (also the target group's checks). */
  readonly healthCheckType: string;
  /** How long a new instance may fail health checks before Auto Scaling replaces it; undefined: not set. */
  readonly healthCheckGraceSeconds?: number;
}

export interface LoadBalancer {
  readonly source: Source;
  /** `application` when the template leaves it out. */
  readonly type: string;
  readonly internetFacing: boolean;
  /** How many subnets (one per AZ) it spans. */
  readonly subnetCount: number;
  readonly deletionProtection: boolean;
}

export function fleetsOf(index: ResourceIndex): Fleet[] {
  return [
    ...index.sortedOfType('AWS::AutoScaling::AutoScalingGroup').map((entry) => autoScalingFleet(index, entry)),
    ...index.sortedOfType('AWS::EC2::Instance').map((entry) => standaloneFleet(index, entry)),
  ];
}

/** The launch template specification of an Auto Scaling group: its own, or its mixed instances policy's. */
export function launchTemplateSpecificationOf(entry: IndexedResource): Record<string, unknown> | undefined {
  const mixed = isObject(entry.props.MixedInstancesPolicy) ? entry.props.MixedInstancesPolicy : undefined;
  const mixedTemplate = mixed && isObject(mixed.LaunchTemplate) ? mixed.LaunchTemplate.LaunchTemplateSpecification : undefined;
  if (isObject(entry.props.LaunchTemplate)) return entry.props.LaunchTemplate;
  return isObject(mixedTemplate) ? mixedTemplate : undefined;
}

/**
 * The launch template an Auto Scaling group names (by id or by name, directly or in its mixed
 * instances policy), in any stack of the assembly.
 */
export function launchTemplateOf(index: ResourceIndex, entry: IndexedResource): IndexedResource | undefined {
  const specification = launchTemplateSpecificationOf(entry);
  if (!specification) return undefined;
  let template: IndexedResource | undefined;
  if (specification.LaunchTemplateId !== undefined) {
    const key = index.keyOf(entry.stack, specification.LaunchTemplateId);
    template = key ? index.get(key) : undefined;
  } else {
    const name = index.literal(entry.stack, specification.LaunchTemplateName);
    template = index
      .ofType('AWS::EC2::LaunchTemplate')
      .find((candidate) => name !== undefined && index.literal(candidate.stack, candidate.props.LaunchTemplateName) === name);
  }
  return template?.resource.Type === 'AWS::EC2::LaunchTemplate' ? template : undefined;
}

function autoScalingFleet(index: ResourceIndex, entry: IndexedResource): Fleet {
  const group = new PropertyReader(index, entry);
  const template = launchTemplateOf(index, entry);
  const launch = template ? new PropertyReader(index, template) : undefined;
  const data = launch ? launch.object(launch.props.LaunchTemplateData) : {};
  const lifetime = group.integer(entry.props.MaxInstanceLifetime);
  const desired = group.integer(entry.props.DesiredCapacity);
  const grace = group.integer(entry.props.HealthCheckGracePeriod);
  return {
    source: sourceOf(entry),
    kind: 'auto-scaling-group',
    minSize: group.integer(entry.props.MinSize),
    maxSize: group.integer(entry.props.MaxSize),
    launchTemplate: template && sourceOf(template),
    instanceType: launch ? launch.text(data.InstanceType) : unknown(undefined),
    image: launch?.literal(data.ImageId),
    volumes: launch ? volumesOf(launch, data.BlockDeviceMappings) : known([]),
    detailedMonitoring: launch ? launch.flag(launch.object(data.Monitoring).Enabled) : false,
    publicIp: launch ? launch.objects(data.NetworkInterfaces).some((nic) => launch.flag(nic.AssociatePublicIpAddress)) : false,
    subnets: group.keysOf(entry.props.VPCZoneIdentifier),
    subnetCount: Array.isArray(entry.props.VPCZoneIdentifier) ? entry.props.VPCZoneIdentifier.length : 0,
    targetGroups: group.keysOf(entry.props.TargetGroupARNs),
    maxInstanceLifetimeSeconds: lifetime.known ? lifetime.value : undefined,
    desiredCapacity: desired.known ? desired.value : undefined,
    healthCheckType: group.literal(entry.props.HealthCheckType) ?? 'EC2',
    healthCheckGraceSeconds: grace.known ? grace.value : undefined,
  };
}

function standaloneFleet(index: ResourceIndex, entry: IndexedResource): Fleet {
  const instance = new PropertyReader(index, entry);
  const subnet = instance.keyOf(entry.props.SubnetId);
  return {
    source: sourceOf(entry),
    kind: 'instance',
    minSize: known(1),
    maxSize: known(1),
    instanceType: instance.text(entry.props.InstanceType),
    image: instance.literal(entry.props.ImageId),
    volumes: volumesOf(instance, entry.props.BlockDeviceMappings),
    detailedMonitoring: instance.flag(entry.props.Monitoring),
    publicIp: instance.objects(entry.props.NetworkInterfaces).some((nic) => instance.flag(nic.AssociatePublicIpAddress)),
    subnets: subnet ? [subnet] : [],
    subnetCount: 1,
    targetGroups: [],
    healthCheckType: 'EC2',
  };
}

function volumesOf(reader: PropertyReader, mappings: unknown): Literal<readonly Volume[]> {
  if (mappings === undefined) return known([]);
  if (!Array.isArray(mappings)) return unknown(mappings);
  return known(
    reader.objects(mappings).flatMap((mapping) => {
      if (!isObject(mapping.Ebs)) return [];
      const type = mapping.Ebs.VolumeType === undefined ? 'gp2' : (reader.literal(mapping.Ebs.VolumeType) ?? 'unknown');
      return [{ type, sizeGiB: reader.integer(mapping.Ebs.VolumeSize) }];
    }),
  );
}

export function loadBalancersOf(index: ResourceIndex): LoadBalancer[] {
  return index.sortedOfType('AWS::ElasticLoadBalancingV2::LoadBalancer').map((entry) => {
    const reader = new PropertyReader(index, entry);
    const subnets = Array.isArray(entry.props.Subnets)
      ? entry.props.Subnets
      : Array.isArray(entry.props.SubnetMappings)
        ? entry.props.SubnetMappings
        : [];
    return {
      source: sourceOf(entry),
      type: entry.props.Type === undefined ? 'application' : (reader.literal(entry.props.Type) ?? 'unknown'),
      internetFacing: reader.literal(entry.props.Scheme) !== 'internal',
      subnetCount: subnets.length,
      deletionProtection: reader
        .objects(entry.props.LoadBalancerAttributes)
        .some((attribute) => attribute.Key === 'deletion_protection.enabled' && reader.literal(attribute.Value) === 'true'),
    };
  });
}
