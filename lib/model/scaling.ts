import { ResourceIndex } from './resources';
import { PropertyReader, Source, sourceOf } from './source';

/** An Auto Scaling policy; for target tracking, the value it keeps its metric at. */
export interface ScalingPolicy {
  readonly source: Source;
  /** The key of the Auto Scaling group it scales. */
  readonly group?: string;
  /** `TargetTrackingConfiguration.TargetValue`, when the policy tracks a target. */
  readonly targetValue?: number;
}

export function scalingPoliciesOf(index: ResourceIndex): ScalingPolicy[] {
  return index.sortedOfType('AWS::AutoScaling::ScalingPolicy').map((entry) => {
    const policy = new PropertyReader(index, entry);
    const target = policy.literal(policy.object(entry.props.TargetTrackingConfiguration).TargetValue);
    return {
      source: sourceOf(entry),
      group: policy.keyOf(entry.props.AutoScalingGroupName),
      targetValue: target === undefined || Number.isNaN(Number(target)) ? undefined : Number(target),
    };
  });
}

/**
 * The IPv4 CIDRs, as the template writes them, that a security group admits over TCP on `port`:
 * its inline rules and the separate ingress resources that name it.
 */
export function ingressCidrsOf(index: ResourceIndex, groupKey: string, port: number): string[] {
  const group = index.get(groupKey);
  if (!group) return [];
  const reader = new PropertyReader(index, group);
  const separate = index
    .ofType('AWS::EC2::SecurityGroupIngress')
    .filter((candidate) => index.keyOf(candidate.stack, candidate.props.GroupId) === groupKey)
    .map((candidate) => candidate.props);
  const cidrs = [...reader.objects(group.props.SecurityGroupIngress), ...separate]
    .filter((rule) => {
      const from = Number(reader.literal(rule.FromPort));
      const to = Number(reader.literal(rule.ToPort));
      return reader.literal(rule.IpProtocol) === 'tcp' && from <= port && port <= to;
    })
    .map((rule) => reader.literal(rule.CidrIp))
    .filter((cidr): cidr is string => cidr !== undefined);
  return [...new Set(cidrs)].sort();
}
