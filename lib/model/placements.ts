import { DATABASE_USERS_RESOURCE_TYPE } from '../segmentation';
import { balancerSubnet, balancerZone, edgeTier, TOPOLOGY } from '../shared/topology';
import { isObject } from './assembly';
import { distributionFlows } from './distribution-flows';
import { distributionsOf } from './edge';
import { NetworkModel, SecurityGroup, Subnet } from './network-types';
import {
  instanceTargetGroupsOf,
  launchSettingsOf,
  primaryInterface,
  subnetGroupSubnets,
  targetGroupBalancersOf,
} from './placement-helpers';
import { DistributionReach, Endpoint, PlacementOptions, Placements, ZoneId } from './placement-types';
import { IndexedResource, ResourceIndex } from './resources';

/**
 * Which resources have network interfaces, where they sit (subnets, security groups, public
 * address) and which zone of the segmentation table each one is. Zones come from what a
 * resource is, not from its name, and their names from the tier table (lib/shared/topology.ts):
 * an ALB that a CloudFront VPC origin reaches, or an internet-facing one, is the load balancer of
 * the tier CloudFront calls (web); another (internal) ALB is the load balancer of the other tier
 * (app), or, when the table has several others, of the one whose balancer subnets it sits in; an
 * Auto Scaling group or instance behind a tier's load balancer is that tier, a standalone
 * instance or a group no load balancer serves is a bastion, a DB instance is the database, its MEMCACHED option or an ElastiCache
 * cluster is the cache, the function a secret rotation schedule calls is rotation, and so is the
 * function behind the database-users custom resource (the other database credential function). Anything
 * else is its own zone, named by its construct path, and every flow to or from it is reported.
 */
export function findPlacements(index: ResourceIndex, network: NetworkModel, options: PlacementOptions = {}): Placements {
  const notes: string[] = [];
  const endpoints: Endpoint[] = [];
  const groupsOf = (entry: IndexedResource, expression: unknown): SecurityGroup[] =>
    index.keysOf(entry.stack, expression).flatMap((key) => {
      const group = network.groups.get(key);
      if (!group) notes.push(`${entry.key}: security group ${key.replace(/^external:/, '')} is not in the assembly; ignored`);
      return group ? [group] : [];
    });
  const subnetsOf = (entry: IndexedResource, expression: unknown): Subnet[] =>
    index.keysOf(entry.stack, expression).flatMap((key) => {
      const subnet = network.subnets.get(key);
      if (!subnet)
        notes.push(
          `${entry.key}: subnet ${key.replace(/^external:/, '')} is not in the assembly; that placement is not analysed`,
        );
      return subnet ? [subnet] : [];
    });
  const add = (endpoint: Omit<Endpoint, 'zone'> & { zone?: ZoneId }) => {
    if (endpoint.placements.length === 0) {
      notes.push(`${endpoint.name}: ${endpoint.kind} with no subnet of the assembly; not analysed`);
      return;
    }
    if (endpoint.filtered && endpoint.groups.length === 0) {
      notes.push(
        `${endpoint.name}: no security group of the assembly; AWS then attaches the VPC's default group, which the templates do not describe: treated as allowing nothing`,
      );
    }
    endpoints.push({ ...endpoint, zone: endpoint.zone ?? `other:${endpoint.name}` });
  };

  // Load balancers, and which of them forwards to which target group.
  const vpcOriginTargets = new Set(
    index.ofType('AWS::CloudFront::VpcOrigin').flatMap((entry) => {
      const endpoint = isObject(entry.props.VpcOriginEndpointConfig) ? entry.props.VpcOriginEndpointConfig : {};
      return index.keysOf(entry.stack, [endpoint.Arn]);
    }),
  );
  const topology = options.topology ?? TOPOLOGY;
  const edge = edgeTier(topology);
  const inner = topology.filter((tier) => tier !== edge);
  const innerBalancerZone = (subnets: readonly Subnet[]): ZoneId | undefined => {
    if (inner.length === 1) return balancerZone(inner[0]);
    const groups = new Set(subnets.map((subnet) => subnet.group));
    const candidates = inner.filter((tier) => groups.size === 1 && groups.has(balancerSubnet(tier).name));
    return candidates.length === 1 ? balancerZone(candidates[0]) : undefined;
  };
  const balancerZones = new Map<string, ZoneId>();
  for (const entry of index.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    const type = index.literal(entry.stack, entry.props.Type) ?? 'application';
    const internal = index.literal(entry.stack, entry.props.Scheme) === 'internal';
    const webFacing = !internal || vpcOriginTargets.has(entry.key);
    const mappings = Array.isArray(entry.props.SubnetMappings) ? entry.props.SubnetMappings : [];
    const subnets = [
      ...subnetsOf(entry, entry.props.Subnets),
      ...mappings.flatMap((mapping) => (isObject(mapping) ? subnetsOf(entry, [mapping.SubnetId]) : [])),
    ];
    const zone: ZoneId | undefined =
      type === 'application' ? (webFacing ? balancerZone(edge) : innerBalancerZone(subnets)) : undefined;
    const name = index.nameOf(entry);
    if (zone) balancerZones.set(entry.key, zone);
    add({
      key: entry.key,
      zone,
      name,
      kind: `${type} load balancer (${internal ? 'internal' : 'internet-facing'}${vpcOriginTargets.has(entry.key) ? ', CloudFront VPC origin' : ''})`,
      placements: subnets.map((subnet) => ({ subnet, publicIp: !internal })),
      groups: groupsOf(entry, entry.props.SecurityGroups),
      filtered: type === 'application' || entry.props.SecurityGroups !== undefined,
    });
  }
  const targetGroupBalancers = targetGroupBalancersOf(index);
  const tierBehind = (targetGroups: readonly string[]): ZoneId | undefined => {
    const zones = new Set(
      targetGroups.flatMap((group) => [...(targetGroupBalancers.get(group) ?? [])]).map((lb) => balancerZones.get(lb)),
    );
    return topology.find((tier) => zones.has(balancerZone(tier)))?.name;
  };

  // Auto Scaling groups, through their launch template (or launch configuration); one no load
  // balancer serves is the bastions.
  for (const entry of index.ofType('AWS::AutoScaling::AutoScalingGroup')) {
    const launch = launchSettingsOf(index, entry);
    const subnets = subnetsOf(entry, entry.props.VPCZoneIdentifier);
    const targetGroups = index.keysOf(entry.stack, entry.props.TargetGroupARNs);
    add({
      key: entry.key,
      zone: targetGroups.length === 0 ? 'bastion' : tierBehind(targetGroups),
      name: index.nameOf(entry),
      kind: 'Auto Scaling group',
      placements: subnets.map((subnet) => ({ subnet, publicIp: launch.publicIp ?? subnet.mapPublicIpOnLaunch })),
      groups: launch.source ? groupsOf(launch.source, launch.groups) : [],
      filtered: true,
    });
  }

  // Standalone instances: bastions, unless a target group serves them.
  const elasticIps = new Set(
    [...index.ofType('AWS::EC2::EIP'), ...index.ofType('AWS::EC2::EIPAssociation')]
      .map((entry) => index.keyOf(entry.stack, entry.props.InstanceId))
      .filter((key): key is string => key !== undefined),
  );
  const instanceTargets = instanceTargetGroupsOf(index);
  for (const entry of index.ofType('AWS::EC2::Instance')) {
    const launch = launchSettingsOf(index, entry);
    const primary = primaryInterface(entry.props.NetworkInterfaces);
    const subnetExpression = entry.props.SubnetId ?? primary?.SubnetId ?? launch.subnet;
    const groupSource = entry.props.SecurityGroupIds !== undefined || primary?.GroupSet !== undefined ? entry : launch.source;
    const groupExpression = entry.props.SecurityGroupIds ?? primary?.GroupSet ?? launch.groups;
    const explicitPublic =
      primary?.AssociatePublicIpAddress !== undefined
        ? index.literal(entry.stack, primary.AssociatePublicIpAddress) === 'true'
        : launch.publicIp;
    const subnets = subnetExpression === undefined ? [] : subnetsOf(entry, [subnetExpression]);
    add({
      key: entry.key,
      zone: tierBehind(instanceTargets.get(entry.key) ?? []) ?? 'bastion',
      name: index.nameOf(entry),
      kind: 'EC2 instance',
      placements: subnets.map((subnet) => ({
        subnet,
        publicIp: elasticIps.has(entry.key) || (explicitPublic ?? subnet.mapPublicIpOnLaunch),
      })),
      groups: groupSource ? groupsOf(groupSource, groupExpression) : [],
      filtered: true,
    });
  }

  // RDS: the instance is the database; an option with its own security groups (MEMCACHED) is the cache.
  for (const entry of index.ofType('AWS::RDS::DBInstance')) {
    if (entry.props.DBClusterIdentifier !== undefined) continue;
    const subnets = subnetGroupSubnets(
      index,
      entry,
      entry.props.DBSubnetGroupName,
      'AWS::RDS::DBSubnetGroup',
      'DBSubnetGroupName',
      subnetsOf,
    );
    const declared =
      entry.props.PubliclyAccessible === undefined
        ? undefined
        : index.literal(entry.stack, entry.props.PubliclyAccessible) === 'true';
    // RDS default with a subnet group: public when the VPC has an internet gateway attached.
    const publicIn = (subnet: Subnet) => declared ?? network.vpcs.get(subnet.vpcKey)?.hasInternetGateway ?? false;
    const name = index.nameOf(entry);
    add({
      key: entry.key,
      zone: 'database',
      name,
      kind: 'RDS DB instance',
      placements: subnets.map((subnet) => ({ subnet, publicIp: publicIn(subnet) })),
      groups: groupsOf(entry, entry.props.VPCSecurityGroups),
      filtered: true,
    });
    const optionGroupKey = index.keyOf(entry.stack, entry.props.OptionGroupName);
    const optionGroup = optionGroupKey ? index.get(optionGroupKey) : undefined;
    const options =
      optionGroup && Array.isArray(optionGroup.props.OptionConfigurations) ? optionGroup.props.OptionConfigurations : [];
    for (const option of options) {
      if (!isObject(option) || option.VpcSecurityGroupMemberships === undefined || !optionGroup) continue;
      const optionName = index.literal(optionGroup.stack, option.OptionName) ?? 'option';
      add({
        key: `${entry.key}#${optionName}`,
        zone: optionName === 'MEMCACHED' ? 'cache' : undefined,
        name: `${name} option ${optionName}`,
        kind: `RDS option ${optionName}`,
        placements: subnets.map((subnet) => ({ subnet, publicIp: publicIn(subnet) })),
        groups: groupsOf(optionGroup, option.VpcSecurityGroupMemberships),
        filtered: true,
      });
    }
  }
  for (const entry of index.ofType('AWS::RDS::DBCluster')) {
    const subnets = subnetGroupSubnets(
      index,
      entry,
      entry.props.DBSubnetGroupName,
      'AWS::RDS::DBSubnetGroup',
      'DBSubnetGroupName',
      subnetsOf,
    );
    add({
      key: entry.key,
      zone: 'database',
      name: index.nameOf(entry),
      kind: 'RDS DB cluster',
      placements: subnets.map((subnet) => ({ subnet, publicIp: false })),
      groups: groupsOf(entry, entry.props.VpcSecurityGroupIds),
      filtered: true,
    });
  }

  // ElastiCache.
  for (const [type, groupsField] of [
    ['AWS::ElastiCache::CacheCluster', 'VpcSecurityGroupIds'],
    ['AWS::ElastiCache::ReplicationGroup', 'SecurityGroupIds'],
    ['AWS::ElastiCache::ServerlessCache', 'SecurityGroupIds'],
  ] as const) {
    for (const entry of index.ofType(type)) {
      if (type === 'AWS::ElastiCache::CacheCluster' && entry.props.ReplicationGroupId !== undefined) continue;
      const subnets =
        entry.props.SubnetIds !== undefined
          ? subnetsOf(entry, entry.props.SubnetIds)
          : subnetGroupSubnets(
              index,
              entry,
              entry.props.CacheSubnetGroupName,
              'AWS::ElastiCache::SubnetGroup',
              'CacheSubnetGroupName',
              subnetsOf,
            );
      add({
        key: entry.key,
        zone: 'cache',
        name: index.nameOf(entry),
        kind: type.replace('AWS::ElastiCache::', 'ElastiCache '),
        placements: subnets.map((subnet) => ({ subnet, publicIp: false })),
        groups: groupsOf(entry, entry.props[groupsField]),
        filtered: true,
      });
    }
  }

  // Functions in the VPC; the one a rotation schedule calls is the rotation zone.
  const rotationFunctions = new Set<string>();
  for (const entry of index.ofType('AWS::SecretsManager::RotationSchedule')) {
    const target = index.resolver.value(entry.stack, entry.props.RotationLambdaARN);
    if (target.kind === 'resource') {
      const key = `${target.stack}/${target.logicalId}`;
      const application = index.get(key);
      if (application?.resource.Type === 'AWS::Serverless::Application') {
        const parameters = isObject(application.props.Parameters) ? application.props.Parameters : {};
        add({
          key,
          zone: 'rotation',
          name: index.nameOf(application),
          kind: 'rotation function (serverless application)',
          placements: subnetsOf(application, parameters.vpcSubnetIds).map((subnet) => ({ subnet, publicIp: false })),
          groups: groupsOf(application, parameters.vpcSecurityGroupIds),
          filtered: true,
        });
      } else {
        rotationFunctions.add(key);
      }
    }
    const hosted = isObject(entry.props.HostedRotationLambda) ? entry.props.HostedRotationLambda : undefined;
    if (hosted?.VpcSubnetIds !== undefined) {
      add({
        key: `${entry.key}#hosted`,
        zone: 'rotation',
        name: `${index.nameOf(entry)} hosted rotation function`,
        kind: 'hosted rotation function',
        placements: subnetsOf(entry, hosted.VpcSubnetIds).map((subnet) => ({ subnet, publicIp: false })),
        groups: groupsOf(entry, hosted.VpcSecurityGroupIds),
        filtered: true,
      });
    }
  }
  // The database-users resource calls the provider framework, which calls the function named in its environment.
  for (const entry of index.ofType(DATABASE_USERS_RESOURCE_TYPE)) {
    const framework = index.resolver.value(entry.stack, entry.props.ServiceToken);
    if (framework.kind !== 'resource') continue;
    const frameworkEntry = index.get(`${framework.stack}/${framework.logicalId}`);
    const environment = isObject(frameworkEntry?.props.Environment) ? frameworkEntry.props.Environment : {};
    const variables = isObject(environment.Variables) ? environment.Variables : {};
    const handler = index.resolver.value(framework.stack, variables.USER_ON_EVENT_FUNCTION_ARN);
    if (handler.kind === 'resource') rotationFunctions.add(`${handler.stack}/${handler.logicalId}`);
  }
  for (const entry of index.ofType('AWS::Lambda::Function')) {
    const vpcConfig = isObject(entry.props.VpcConfig) ? entry.props.VpcConfig : undefined;
    if (!vpcConfig || vpcConfig.SubnetIds === undefined) continue;
    add({
      key: entry.key,
      zone: rotationFunctions.has(entry.key) ? 'rotation' : undefined,
      name: index.nameOf(entry),
      kind: 'Lambda function',
      placements: subnetsOf(entry, vpcConfig.SubnetIds).map((subnet) => ({ subnet, publicIp: false })),
      groups: groupsOf(entry, vpcConfig.SecurityGroupIds),
      filtered: true,
    });
  }

  // Interface VPC endpoints.
  for (const entry of index.ofType('AWS::EC2::VPCEndpoint')) {
    if (index.literal(entry.stack, entry.props.VpcEndpointType) !== 'Interface') continue;
    add({
      key: entry.key,
      name: index.nameOf(entry),
      kind: 'interface VPC endpoint',
      placements: subnetsOf(entry, entry.props.SubnetIds).map((subnet) => ({ subnet, publicIp: false })),
      groups: groupsOf(entry, entry.props.SecurityGroupIds),
      filtered: true,
    });
  }

  const distributions = distributionsOf(index)
    .map((distribution) => distributionFlows(index, distribution, endpoints, options.originHosts ?? {}, notes))
    .filter((distribution): distribution is DistributionReach => distribution !== undefined);

  endpoints.sort((a, b) => a.key.localeCompare(b.key));
  return { endpoints, distributions, notes };
}
