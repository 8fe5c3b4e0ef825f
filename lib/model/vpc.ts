import { isObject } from './assembly';
import { RuleRef } from './network-types';
import { ResourceIndex } from './resources';
import { Source, sourceOf } from './source';

/** What the documents say about the VPC beyond the rules the analysis evaluates. */

export interface FlowLog {
  readonly source: Source;
  /** The key of what it records (a VPC, a subnet, an interface). */
  readonly resource?: string;
  readonly trafficType?: string;
  readonly destinationType?: string;
}

export interface NatGatewayResource {
  readonly source: Source;
  readonly subnet?: string;
}

export interface SecurityGroupResource {
  readonly source: Source;
  readonly description?: string;
}

export function flowLogsOf(index: ResourceIndex): FlowLog[] {
  return index.sortedOfType('AWS::EC2::FlowLog').map((entry) => ({
    source: sourceOf(entry),
    resource: index.keyOf(entry.stack, entry.props.ResourceId),
    trafficType: index.literal(entry.stack, entry.props.TrafficType),
    destinationType: index.literal(entry.stack, entry.props.LogDestinationType),
  }));
}

export function natGatewaysOf(index: ResourceIndex): NatGatewayResource[] {
  return index.sortedOfType('AWS::EC2::NatGateway').map((entry) => ({
    source: sourceOf(entry),
    subnet: index.keyOf(entry.stack, entry.props.SubnetId),
  }));
}

export function securityGroupResourcesOf(index: ResourceIndex): SecurityGroupResource[] {
  return index.sortedOfType('AWS::EC2::SecurityGroup').map((entry) => ({
    source: sourceOf(entry),
    description: index.literal(entry.stack, entry.props.GroupDescription),
  }));
}

/**
 * The Description the template gives a security-group rule: the inline entry's
 * (`SecurityGroupIngress[i]`) or the separate ingress or egress resource's.
 */
export function ruleDescriptionOf(index: ResourceIndex, rule: RuleRef): string | undefined {
  const entry = index.get(`${rule.stack}/${rule.logicalId}`);
  if (!entry) return undefined;
  const inline = /^SecurityGroup(Ingress|Egress)\[(\d+)\]$/.exec(rule.entry ?? '');
  if (inline) {
    const list = entry.props[`SecurityGroup${inline[1]}`];
    const item = Array.isArray(list) ? list[Number(inline[2])] : undefined;
    return isObject(item) ? index.literal(entry.stack, item.Description) : undefined;
  }
  return index.literal(entry.stack, entry.props.Description);
}

/** `com.amazonaws.<region>.s3` for a service name joined around the region pseudo parameter. */
export function servicePattern(expression: unknown): string {
  const join = isObject(expression) && Array.isArray(expression['Fn::Join']) ? (expression['Fn::Join'] as unknown[]) : undefined;
  const parts = join && Array.isArray(join[1]) ? join[1] : [];
  return parts.map((part) => (typeof part === 'string' ? part : '<region>')).join('') || '?';
}
