import { isObject } from './assembly';
import { launchTemplateOf, launchTemplateSpecificationOf } from './compute';
import { Subnet } from './network-types';
import { IndexedResource, ResourceIndex } from './resources';

/** How the placements read launch settings, subnet groups and load balancer targets from the templates. */

interface LaunchSettings {
  /** The resource whose stack the expressions below belong to. */
  readonly source?: IndexedResource;
  readonly groups?: unknown;
  readonly subnet?: unknown;
  readonly publicIp?: boolean;
}

export function launchSettingsOf(index: ResourceIndex, entry: IndexedResource): LaunchSettings {
  if (launchTemplateSpecificationOf(entry)) {
    const template = launchTemplateOf(index, entry);
    if (!template) return {};
    const data = isObject(template.props.LaunchTemplateData) ? template.props.LaunchTemplateData : {};
    const primary = primaryInterface(data.NetworkInterfaces);
    return {
      source: template,
      groups: data.SecurityGroupIds ?? primary?.Groups,
      subnet: primary?.SubnetId,
      publicIp:
        primary?.AssociatePublicIpAddress === undefined
          ? undefined
          : index.literal(template.stack, primary.AssociatePublicIpAddress) === 'true',
    };
  }
  if (entry.props.LaunchConfigurationName !== undefined) {
    const key = index.keyOf(entry.stack, entry.props.LaunchConfigurationName);
    const configuration = key ? index.get(key) : undefined;
    if (!configuration) return {};
    const associate = configuration.props.AssociatePublicIpAddress;
    return {
      source: configuration,
      groups: configuration.props.SecurityGroups,
      publicIp: associate === undefined ? undefined : index.literal(configuration.stack, associate) === 'true',
    };
  }
  return {};
}

export function primaryInterface(interfaces: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(interfaces)) return undefined;
  const objects = interfaces.filter(isObject);
  return objects.find((item) => String(item.DeviceIndex ?? '0') === '0') ?? objects[0];
}

export function subnetGroupSubnets(
  index: ResourceIndex,
  entry: IndexedResource,
  expression: unknown,
  groupType: string,
  nameField: string,
  subnetsOf: (entry: IndexedResource, expression: unknown) => Subnet[],
): Subnet[] {
  if (expression === undefined) return [];
  const key = index.keyOf(entry.stack, expression);
  const byKey = key ? index.get(key) : undefined;
  const name = index.literal(entry.stack, expression);
  const group =
    byKey?.resource.Type === groupType
      ? byKey
      : index
          .ofType(groupType)
          .find((candidate) => name !== undefined && index.literal(candidate.stack, candidate.props[nameField]) === name);
  return group ? subnetsOf(group, group.props.SubnetIds) : [];
}

/** Target group key -> the load balancers whose listeners forward to it. */
export function targetGroupBalancersOf(index: ResourceIndex): Map<string, Set<string>> {
  const balancerOfListener = new Map<string, string>();
  const result = new Map<string, Set<string>>();
  const forward = (balancer: string | undefined, stack: string, actions: unknown) => {
    if (!balancer || !Array.isArray(actions)) return;
    for (const action of actions.filter(isObject)) {
      const forwardConfig = isObject(action.ForwardConfig) ? action.ForwardConfig : {};
      const weighted = Array.isArray(forwardConfig.TargetGroups)
        ? forwardConfig.TargetGroups.filter(isObject).map((group) => group.TargetGroupArn)
        : [];
      for (const group of index.keysOf(
        stack,
        [action.TargetGroupArn, ...weighted].filter((value) => value !== undefined),
      )) {
        const set = result.get(group) ?? new Set<string>();
        set.add(balancer);
        result.set(group, set);
      }
    }
  };
  for (const entry of index.ofType('AWS::ElasticLoadBalancingV2::Listener')) {
    const balancer = index.keyOf(entry.stack, entry.props.LoadBalancerArn);
    if (balancer) balancerOfListener.set(entry.key, balancer);
    forward(balancer, entry.stack, entry.props.DefaultActions);
  }
  for (const entry of index.ofType('AWS::ElasticLoadBalancingV2::ListenerRule')) {
    const listener = index.keyOf(entry.stack, entry.props.ListenerArn);
    forward(listener ? balancerOfListener.get(listener) : undefined, entry.stack, entry.props.Actions);
  }
  return result;
}

/** Instance key -> the target groups that register it directly. */
export function instanceTargetGroupsOf(index: ResourceIndex): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const entry of index.ofType('AWS::ElasticLoadBalancingV2::TargetGroup')) {
    const targets = Array.isArray(entry.props.Targets) ? entry.props.Targets.filter(isObject) : [];
    for (const target of targets) {
      const instance = index.keyOf(entry.stack, target.Id);
      if (instance) result.set(instance, [...(result.get(instance) ?? []), entry.key]);
    }
  }
  return result;
}
