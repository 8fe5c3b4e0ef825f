import { isObject } from './assembly';
import { ALL_ICMP_TYPES, ALL_PORTS, ANYWHERE, formatAddressRange, parseCidr, Range } from './ranges';
import { IndexedResource, ResourceIndex } from './resources';
import { Nacl, NatGateway, Peer, PrefixList, Protocol, RouteTarget, RuleRef, SgRule, UncheckedRule } from './network-types';

function sgRuleRef(entry: IndexedResource, position: string | undefined, text: string): RuleRef {
  return { kind: 'security-group', stack: entry.stack, logicalId: entry.logicalId, entry: position, text };
}

/** CDK tags every subnet it creates with the name of its subnet group. */
export function subnetGroupOf(index: ResourceIndex, entry: IndexedResource): string | undefined {
  const tags = Array.isArray(entry.props.Tags) ? entry.props.Tags : [];
  const tag = tags.find((candidate) => isObject(candidate) && candidate.Key === 'aws-cdk:subnet-name');
  return isObject(tag) ? index.literal(entry.stack, tag.Value) : undefined;
}

/** A subnet's AZ as `Subnet.az` describes it. */
export function subnetAzOf(index: ResourceIndex, entry: IndexedResource): string {
  const expression = entry.props.AvailabilityZone;
  const literal = index.literal(entry.stack, expression);
  if (literal !== undefined) return literal;
  if (isObject(expression) && Array.isArray(expression['Fn::Select'])) {
    const [position, list] = expression['Fn::Select'] as unknown[];
    if (isObject(list) && 'Fn::GetAZs' in list && Number.isInteger(Number(position))) return `AZ ${Number(position) + 1}`;
  }
  return 'AZ ?';
}

/** The AWS-managed prefix list of CloudFront's origin-facing servers (the same name in every region). */
export const CLOUDFRONT_ORIGIN_FACING = 'com.amazonaws.global.cloudfront.origin-facing';

/** Whether an AWS SDK custom resource call (its `Create` JSON) reads the id of CloudFront's origin-facing list. */
export function looksUpCloudFrontPrefixList(call: string | undefined): boolean {
  if (call === undefined) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(call);
  } catch {
    return false;
  }
  if (!isObject(parsed) || !isObject(parsed.parameters)) return false;
  const service = String(parsed.service ?? '').toLowerCase();
  const action = String(parsed.action ?? '').toLowerCase();
  const filters = Array.isArray(parsed.parameters.Filters) ? parsed.parameters.Filters.filter(isObject) : [];
  return (
    (service === 'ec2' || service === '@aws-sdk/client-ec2') &&
    action.replace(/command$/, '') === 'describemanagedprefixlists' &&
    filters.some(
      (filter) =>
        filter.Name === 'prefix-list-name' &&
        Array.isArray(filter.Values) &&
        filter.Values.length === 1 &&
        filter.Values[0] === CLOUDFRONT_ORIGIN_FACING,
    )
  );
}

export function defaultNacl(vpcRef: { stack: string; logicalId: string }, vpcKey: string): Nacl {
  const rule: RuleRef = {
    kind: 'network-acl',
    ...vpcRef,
    entry: 'default network ACL',
    text: 'allow all traffic (no network ACL associated)',
  };
  return {
    key: `${vpcKey}#default-nacl`,
    entries: [false, true].map((egress) => ({ ruleNumber: 100, egress, allow: true, cidr: ANYWHERE, ports: ALL_PORTS, rule })),
    defaultDeny: { kind: 'network-acl', ...vpcRef, entry: 'default network ACL rule *', text: 'deny everything no rule matches' },
  };
}

export function routeTarget(
  index: ResourceIndex,
  entry: IndexedResource,
  internetGateways: ReadonlySet<string>,
  nats: ReadonlyMap<string, NatGateway>,
): RouteTarget {
  const { props } = entry;
  if (props.GatewayId !== undefined) {
    const key = index.keyOf(entry.stack, props.GatewayId);
    if (key && (internetGateways.has(key) || key.startsWith('external:igw-'))) return { kind: 'internet-gateway', id: key };
    return { kind: 'other', description: `gateway ${key ?? 'unresolved'}` };
  }
  if (props.NatGatewayId !== undefined) {
    const key = index.keyOf(entry.stack, props.NatGatewayId);
    const nat = key ? nats.get(key) : undefined;
    return nat
      ? { kind: 'nat-gateway', nat }
      : { kind: 'other', description: `NAT gateway ${key ?? 'unresolved'} outside the assembly` };
  }
  const other = Object.keys(props).find(
    (name) => name.endsWith('Id') && name !== 'RouteTableId' && name !== 'DestinationPrefixListId',
  );
  return {
    kind: 'other',
    description: other ? `${other} ${index.keyOf(entry.stack, props[other]) ?? 'unresolved'}` : 'no target',
  };
}

export function protocolFromNumber(text: string): Protocol | undefined | null {
  switch (text.toLowerCase()) {
    case '-1':
    case 'all':
      return undefined;
    case '6':
    case 'tcp':
      return 'tcp';
    case '17':
    case 'udp':
      return 'udp';
    case '1':
    case 'icmp':
      return 'icmp';
    default:
      return null;
  }
}

export function naclPorts(index: ResourceIndex, entry: IndexedResource, protocol: Protocol | undefined): Range {
  if (protocol === 'icmp') {
    const icmp = isObject(entry.props.Icmp) ? entry.props.Icmp : {};
    const type = Number(index.literal(entry.stack, icmp.Type) ?? -1);
    return type === -1 ? ALL_ICMP_TYPES : { from: type, to: type };
  }
  if (protocol === undefined) return ALL_PORTS;
  const range = isObject(entry.props.PortRange) ? entry.props.PortRange : {};
  const from = Number(index.literal(entry.stack, range.From));
  const to = Number(index.literal(entry.stack, range.To));
  return Number.isInteger(from) && Number.isInteger(to) ? { from, to } : ALL_PORTS;
}

export function sgRules(
  index: ResourceIndex,
  entry: IndexedResource,
  rule: Readonly<Record<string, unknown>>,
  direction: 'ingress' | 'egress',
  position: string | undefined,
  prefixListOf: (key: string, where: string) => PrefixList,
  notes: string[],
  cidrs: Range[],
  unchecked: UncheckedRule[],
): SgRule[] {
  const protocolText = index.literal(entry.stack, rule.IpProtocol) ?? '-1';
  const protocol = protocolFromNumber(protocolText);
  const where = `${entry.key}${position ? ` ${position}` : ''}`;
  if (protocol === null) {
    notes.push(`${where}: protocol ${protocolText} is not analysed (tcp, udp, icmp, all are)`);
    return [];
  }
  const from = Number(index.literal(entry.stack, rule.FromPort) ?? -1);
  const to = Number(index.literal(entry.stack, rule.ToPort) ?? -1);
  const ports: Range =
    protocol === undefined
      ? ALL_PORTS
      : protocol === 'icmp'
        ? from === -1
          ? ALL_ICMP_TYPES
          : { from, to: from }
        : from === -1 || !Number.isInteger(from) || !Number.isInteger(to)
          ? ALL_PORTS
          : { from, to };

  const toward = direction === 'ingress' ? 'from' : 'to';
  const groupField =
    direction === 'ingress' ? (rule.SourceSecurityGroupId ?? rule.SourceSecurityGroupName) : rule.DestinationSecurityGroupId;
  const prefixField = direction === 'ingress' ? rule.SourcePrefixListId : rule.DestinationPrefixListId;
  let peer: Peer | undefined;
  let peerText = '';
  if (rule.CidrIp !== undefined) {
    const text = index.literal(entry.stack, rule.CidrIp);
    const range = text === undefined ? undefined : parseCidr(text);
    if (range) {
      cidrs.push(range);
      peer = { kind: 'cidr', range };
      peerText = formatAddressRange(range);
    }
  } else if (groupField !== undefined) {
    const key = index.keyOf(entry.stack, groupField);
    if (key) {
      peer = { kind: 'group', key };
      peerText = `security group ${key.replace(/^external:/, '')}`;
    }
  } else if (prefixField !== undefined) {
    const key = index.keyOf(entry.stack, prefixField);
    if (key) {
      const list = prefixListOf(key, where);
      cidrs.push(...list.cidrs);
      peer = { kind: 'prefix-list', list };
      peerText = `prefix list ${list.id}`;
    }
  } else if (rule.CidrIpv6 !== undefined) {
    const text = index.literal(entry.stack, rule.CidrIpv6) ?? 'an IPv6 range';
    unchecked.push({
      rule: sgRuleRef(entry, position, `${direction} ${describeTraffic(protocol, ports)} ${toward} ${text}`),
      reason: 'an IPv6 peer: the analysis is IPv4, so what this rule admits over IPv6 is not checked; remove it',
    });
    return [];
  }
  if (!peer) {
    notes.push(`${where}: the ${direction} rule's peer cannot be resolved from the assembly; ignored`);
    return [];
  }
  const ref = sgRuleRef(entry, position, `${direction} ${describeTraffic(protocol, ports)} ${toward} ${peerText}`);
  if (peer.kind === 'prefix-list' && peer.list.unknown) {
    unchecked.push({
      rule: ref,
      reason: `prefix list ${peer.list.id} is neither in the assembly nor described: its addresses are unknown; describe it (--prefix-list ${peer.list.id}=CIDR,...) or remove the rule`,
    });
  }
  return [
    {
      protocol,
      ports,
      peer,
      rule: ref,
    },
  ];
}

export function describeTraffic(protocol: Protocol | undefined, ports: Range): string {
  if (protocol === undefined) return 'all traffic';
  if (protocol === 'icmp') return ports.from === 0 && ports.to === 255 ? 'icmp' : `icmp type ${ports.from}`;
  return `${protocol} ${ports.from === ports.to ? ports.from : `${ports.from}-${ports.to}`}`;
}

export function describeTarget(target: RouteTarget): string {
  switch (target.kind) {
    case 'local':
      return 'local';
    case 'internet-gateway':
      return `internet gateway ${target.id.replace(/^external:/, '')}`;
    case 'nat-gateway':
      return `NAT gateway ${target.nat.key}`;
    case 'other':
      return target.description;
  }
}
