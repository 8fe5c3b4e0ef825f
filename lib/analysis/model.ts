import { CfnResource, isObject, Resolved, Resolver } from './assembly';
import { ALL_ICMP_TYPES, ALL_PORTS, formatAddressRange, parseCidr, Range } from './ranges';

/**
 * The network as the templates declare it: VPCs, subnets and their route tables and NACLs,
 * security groups with every rule (inline, separate, and the implicit default egress rule),
 * prefix lists. Every rule keeps a reference to where it is declared so a verdict can name it.
 */

export type Protocol = 'tcp' | 'udp' | 'icmp';
export const PROTOCOLS: readonly Protocol[] = ['tcp', 'udp', 'icmp'];

export type RuleKind = 'security-group' | 'network-acl' | 'route' | 'distribution';
export const RULE_KINDS: readonly RuleKind[] = ['security-group', 'network-acl', 'route', 'distribution'];

/** Where a rule (or an implicit default) is declared. */
export interface RuleRef {
  readonly kind: RuleKind;
  readonly stack: string;
  readonly logicalId: string;
  /** Which entry of the resource, when it holds several (e.g. `SecurityGroupIngress[0]`, `rule 100`). */
  readonly entry?: string;
  /** What the rule says, e.g. `ingress tcp 80 from 0.0.0.0/0`. */
  readonly text: string;
}

export function formatRule(rule: RuleRef): string {
  return `${rule.stack}/${rule.logicalId}${rule.entry ? ` ${rule.entry}` : ''} (${rule.text})`;
}

export function ruleKey(rule: RuleRef): string {
  return `${rule.stack}\u0000${rule.logicalId}\u0000${rule.entry ?? ''}\u0000${rule.text}`;
}

export interface Vpc {
  readonly key: string;
  readonly cidrs: readonly Range[];
  readonly hasInternetGateway: boolean;
}

export type RouteTarget =
  | { readonly kind: 'local' }
  | { readonly kind: 'internet-gateway'; readonly id: string }
  | { readonly kind: 'nat-gateway'; readonly nat: NatGateway }
  | { readonly kind: 'other'; readonly description: string };

export interface Route {
  readonly destination: Range;
  readonly target: RouteTarget;
  readonly rule: RuleRef;
}

export interface RouteTable {
  readonly key: string;
  readonly routes: readonly Route[];
}

export interface NatGateway {
  readonly key: string;
  readonly subnetKey: string;
  readonly public: boolean;
}

export interface NaclEntry {
  readonly ruleNumber: number;
  readonly egress: boolean;
  readonly allow: boolean;
  readonly cidr: Range;
  /** undefined: every protocol. */
  readonly protocol?: Protocol;
  /** Ports for tcp/udp, ICMP types for icmp, everything for all protocols. */
  readonly ports: Range;
  readonly rule: RuleRef;
}

export interface Nacl {
  readonly key: string;
  /** Sorted by rule number: the first match decides. */
  readonly entries: readonly NaclEntry[];
  /** The rule that denies what no entry matches. */
  readonly defaultDeny: RuleRef;
}

export interface Subnet {
  readonly key: string;
  readonly stack: string;
  readonly logicalId: string;
  readonly vpcKey: string;
  readonly cidr: Range;
  readonly mapPublicIpOnLaunch: boolean;
  /** The subnet group CDK names in the aws-cdk:subnet-name tag (`web`, `data`, ...), when there is one. */
  readonly group?: string;
  readonly routeTable: RouteTable;
  readonly nacl: Nacl;
}

export type Peer =
  | { readonly kind: 'cidr'; readonly range: Range }
  | { readonly kind: 'group'; readonly key: string }
  | { readonly kind: 'prefix-list'; readonly list: PrefixList };

export interface SgRule {
  /** undefined: every protocol. */
  readonly protocol?: Protocol;
  readonly ports: Range;
  readonly peer: Peer;
  readonly rule: RuleRef;
}

export interface SecurityGroup {
  readonly key: string;
  readonly ingress: readonly SgRule[];
  readonly egress: readonly SgRule[];
}

export interface PrefixList {
  readonly id: string;
  readonly cidrs: readonly Range[];
  /** The CloudFront origin-facing list: it matches CloudFront, not the rest of the internet. */
  readonly cloudFront: boolean;
  /** Neither declared in the assembly nor described by the caller: treated as any address outside the VPC. */
  readonly unknown: boolean;
}

/** How the caller describes prefix lists that the templates only name by id (e.g. AWS-managed ones). */
export type PrefixListDescriptions = Readonly<Record<string, 'cloudfront' | readonly string[]>>;

export interface NetworkModel {
  readonly vpcs: ReadonlyMap<string, Vpc>;
  readonly subnets: ReadonlyMap<string, Subnet>;
  readonly groups: ReadonlyMap<string, SecurityGroup>;
  readonly prefixLists: ReadonlyMap<string, PrefixList>;
  /** Every CIDR a rule or route mentions: where address sets must be split to evaluate rules exactly. */
  readonly cidrs: readonly Range[];
  /** Security-group rules whose peer the analysis cannot turn into IPv4 addresses: what they admit is unknown. */
  readonly unchecked: readonly UncheckedRule[];
  readonly notes: readonly string[];
}

export interface UncheckedRule {
  readonly rule: RuleRef;
  readonly reason: string;
}

export const keyOf = (stack: string, logicalId: string): string => `${stack}/${logicalId}`;

/** Every resource of the assembly, by type. */
export interface IndexedResource {
  readonly stack: string;
  readonly logicalId: string;
  readonly key: string;
  readonly resource: CfnResource;
  readonly props: Readonly<Record<string, unknown>>;
}

export class ResourceIndex {
  private readonly byType = new Map<string, IndexedResource[]>();
  private readonly byKey = new Map<string, IndexedResource>();

  constructor(readonly resolver: Resolver) {
    for (const stack of resolver.assembly.stacks) {
      for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
        const entry = {
          stack: stack.name,
          logicalId,
          key: keyOf(stack.name, logicalId),
          resource,
          props: resource.Properties ?? {},
        };
        this.byKey.set(entry.key, entry);
        const list = this.byType.get(resource.Type) ?? [];
        list.push(entry);
        this.byType.set(resource.Type, list);
      }
    }
  }

  ofType(type: string): readonly IndexedResource[] {
    return this.byType.get(type) ?? [];
  }

  get(key: string): IndexedResource | undefined {
    return this.byKey.get(key);
  }

  /** The key of the resource an expression names, or `external:<id>` for a literal physical id. */
  keyOf(stack: string, expression: unknown): string | undefined {
    return keyOfResolved(this.resolver.value(stack, expression));
  }

  keysOf(stack: string, expression: unknown): string[] {
    return this.resolver
      .list(stack, expression)
      .map(keyOfResolved)
      .filter((key): key is string => key !== undefined);
  }

  literal(stack: string, expression: unknown): string | undefined {
    if (expression === undefined) return undefined;
    const value = this.resolver.value(stack, expression);
    return value.kind === 'literal' ? value.value : undefined;
  }

  /** The construct path CDK records, for names; the stack-qualified logical id otherwise. */
  nameOf(entry: IndexedResource): string {
    const path = entry.resource.Metadata?.['aws:cdk:path'];
    return typeof path === 'string' ? path : entry.key;
  }
}

function keyOfResolved(value: Resolved): string | undefined {
  if (value.kind === 'resource') return keyOf(value.stack, value.logicalId);
  if (value.kind === 'literal') return `external:${value.value}`;
  return undefined;
}

export const ANYWHERE = parseCidr('0.0.0.0/0') as Range;

export function buildNetworkModel(index: ResourceIndex, prefixListDescriptions: PrefixListDescriptions = {}): NetworkModel {
  const notes: string[] = [];
  const cidrs: Range[] = [];
  const cidrOf = (entry: IndexedResource, expression: unknown, what: string): Range | undefined => {
    const text = index.literal(entry.stack, expression);
    const range = text === undefined ? undefined : parseCidr(text);
    if (!range)
      notes.push(
        `${entry.key}: ${what} ${text ?? JSON.stringify(expression)} is not an IPv4 CIDR the analysis can read; ignored`,
      );
    else cidrs.push(range);
    return range;
  };

  // VPCs and their internet gateways.
  const vpcCidrs = new Map<string, Range[]>();
  for (const entry of index.ofType('AWS::EC2::VPC')) {
    const range = cidrOf(entry, entry.props.CidrBlock, 'VPC CIDR');
    vpcCidrs.set(entry.key, range ? [range] : []);
  }
  for (const entry of index.ofType('AWS::EC2::VPCCidrBlock')) {
    const vpc = index.keyOf(entry.stack, entry.props.VpcId);
    if (entry.props.CidrBlock === undefined || !vpc) continue;
    const range = cidrOf(entry, entry.props.CidrBlock, 'secondary VPC CIDR');
    if (range) vpcCidrs.get(vpc)?.push(range);
  }
  const internetGateways = new Set(index.ofType('AWS::EC2::InternetGateway').map((entry) => entry.key));
  const vpcsWithGateway = new Set(
    index
      .ofType('AWS::EC2::VPCGatewayAttachment')
      .filter((entry) => entry.props.InternetGatewayId !== undefined)
      .map((entry) => index.keyOf(entry.stack, entry.props.VpcId)),
  );
  const vpcs = new Map<string, Vpc>(
    [...vpcCidrs].map(([key, ranges]) => [key, { key, cidrs: ranges, hasInternetGateway: vpcsWithGateway.has(key) }]),
  );

  // NAT gateways, then routes.
  const nats = new Map<string, NatGateway>();
  for (const entry of index.ofType('AWS::EC2::NatGateway')) {
    const subnetKey = index.keyOf(entry.stack, entry.props.SubnetId);
    if (!subnetKey) continue;
    nats.set(entry.key, {
      key: entry.key,
      subnetKey,
      public: index.literal(entry.stack, entry.props.ConnectivityType) !== 'private',
    });
  }
  const routesByTable = new Map<string, Route[]>();
  for (const entry of index.ofType('AWS::EC2::Route')) {
    const table = index.keyOf(entry.stack, entry.props.RouteTableId);
    if (!table) continue;
    if (entry.props.DestinationCidrBlock === undefined) {
      if (entry.props.DestinationPrefixListId !== undefined || entry.props.DestinationIpv6CidrBlock !== undefined) {
        notes.push(`${entry.key}: routes to a prefix list or an IPv6 range are not analysed (IPv4 CIDR routes are)`);
      }
      continue;
    }
    const destination = cidrOf(entry, entry.props.DestinationCidrBlock, 'route destination');
    if (!destination) continue;
    const target = routeTarget(index, entry, internetGateways, nats);
    const list = routesByTable.get(table) ?? [];
    list.push({
      destination,
      target,
      rule: {
        kind: 'route',
        stack: entry.stack,
        logicalId: entry.logicalId,
        text: `${formatAddressRange(destination)} -> ${describeTarget(target)}`,
      },
    });
    routesByTable.set(table, list);
  }

  // NACLs.
  const entriesByNacl = new Map<string, NaclEntry[]>();
  for (const entry of index.ofType('AWS::EC2::NetworkAclEntry')) {
    const nacl = index.keyOf(entry.stack, entry.props.NetworkAclId);
    if (!nacl) continue;
    if (entry.props.CidrBlock === undefined) {
      notes.push(`${entry.key}: IPv6 NACL entries are not analysed (the analysis is IPv4)`);
      continue;
    }
    const cidr = cidrOf(entry, entry.props.CidrBlock, 'NACL entry CIDR');
    const ruleNumber = Number(index.literal(entry.stack, entry.props.RuleNumber));
    const protocolText = index.literal(entry.stack, entry.props.Protocol);
    const protocol = protocolText === undefined ? null : protocolFromNumber(protocolText);
    if (!cidr || !Number.isInteger(ruleNumber) || protocol === null) {
      if (protocol === null)
        notes.push(`${entry.key}: NACL protocol ${protocolText ?? '?'} is not analysed (tcp, udp, icmp, all are)`);
      continue;
    }
    const egress = index.literal(entry.stack, entry.props.Egress) === 'true';
    const allow = index.literal(entry.stack, entry.props.RuleAction) === 'allow';
    const ports = naclPorts(index, entry, protocol);
    const list = entriesByNacl.get(nacl) ?? [];
    list.push({
      ruleNumber,
      egress,
      allow,
      cidr,
      protocol,
      ports,
      rule: {
        kind: 'network-acl',
        stack: entry.stack,
        logicalId: entry.logicalId,
        entry: `rule ${ruleNumber}`,
        text: `${allow ? 'allow' : 'deny'} ${egress ? 'egress' : 'ingress'} ${describeTraffic(protocol, ports)} ${egress ? 'to' : 'from'} ${formatAddressRange(cidr)}`,
      },
    });
    entriesByNacl.set(nacl, list);
  }
  const nacls = new Map<string, Nacl>();
  for (const entry of index.ofType('AWS::EC2::NetworkAcl')) {
    nacls.set(entry.key, {
      key: entry.key,
      entries: (entriesByNacl.get(entry.key) ?? []).sort(
        (a, b) => a.ruleNumber - b.ruleNumber || Number(a.egress) - Number(b.egress),
      ),
      defaultDeny: {
        kind: 'network-acl',
        stack: entry.stack,
        logicalId: entry.logicalId,
        entry: 'rule *',
        text: 'deny everything no rule matches',
      },
    });
  }

  // Subnets, with the VPC's main route table and default NACL when nothing is associated.
  const tableOfSubnet = new Map<string, string>();
  for (const entry of index.ofType('AWS::EC2::SubnetRouteTableAssociation')) {
    const subnet = index.keyOf(entry.stack, entry.props.SubnetId);
    const table = index.keyOf(entry.stack, entry.props.RouteTableId);
    if (subnet && table) tableOfSubnet.set(subnet, table);
  }
  const naclOfSubnet = new Map<string, string>();
  for (const entry of index.ofType('AWS::EC2::SubnetNetworkAclAssociation')) {
    const subnet = index.keyOf(entry.stack, entry.props.SubnetId);
    const nacl = index.keyOf(entry.stack, entry.props.NetworkAclId);
    if (subnet && nacl) naclOfSubnet.set(subnet, nacl);
  }
  const subnets = new Map<string, Subnet>();
  for (const entry of index.ofType('AWS::EC2::Subnet')) {
    const vpcKey = index.keyOf(entry.stack, entry.props.VpcId);
    const vpc = vpcKey ? vpcs.get(vpcKey) : undefined;
    const cidr = cidrOf(entry, entry.props.CidrBlock, 'subnet CIDR');
    if (!vpc || !cidr) {
      notes.push(`${entry.key}: subnet without a VPC or IPv4 CIDR of the assembly; resources in it are not analysed`);
      continue;
    }
    const vpcEntry = index.get(vpc.key);
    const vpcRef = { stack: vpcEntry?.stack ?? entry.stack, logicalId: vpcEntry?.logicalId ?? vpc.key };
    const tableKey = tableOfSubnet.get(entry.key);
    const localRoutes: Route[] = vpc.cidrs.map((range) => ({
      destination: range,
      target: { kind: 'local' },
      rule: tableKey
        ? {
            kind: 'route',
            stack: index.get(tableKey)?.stack ?? entry.stack,
            logicalId: index.get(tableKey)?.logicalId ?? tableKey,
            entry: 'local route',
            text: `${formatAddressRange(range)} -> local`,
          }
        : {
            kind: 'route',
            ...vpcRef,
            entry: 'main route table',
            text: `${formatAddressRange(range)} -> local (no route table associated: the VPC's main table)`,
          },
    }));
    const routeTable: RouteTable = {
      key: tableKey ?? `${vpc.key}#main`,
      routes: [...localRoutes, ...(tableKey ? (routesByTable.get(tableKey) ?? []) : [])],
    };
    const naclKey = naclOfSubnet.get(entry.key);
    const nacl = naclKey ? nacls.get(naclKey) : undefined;
    subnets.set(entry.key, {
      key: entry.key,
      stack: entry.stack,
      logicalId: entry.logicalId,
      vpcKey: vpc.key,
      cidr,
      mapPublicIpOnLaunch: index.literal(entry.stack, entry.props.MapPublicIpOnLaunch) === 'true',
      group: subnetGroupOf(index, entry),
      routeTable,
      nacl: nacl ?? defaultNacl(vpcRef, vpc.key),
    });
  }

  // Prefix lists declared in the assembly, then those the caller describes.
  const prefixLists = new Map<string, PrefixList>();
  for (const entry of index.ofType('AWS::EC2::PrefixList')) {
    const entries = Array.isArray(entry.props.Entries) ? entry.props.Entries : [];
    const ranges = entries
      .map((item) => (isObject(item) ? cidrOf(entry, item.Cidr, 'prefix-list entry') : undefined))
      .filter((range): range is Range => range !== undefined);
    prefixLists.set(entry.key, { id: entry.key, cidrs: ranges, cloudFront: false, unknown: false });
  }
  for (const [id, description] of Object.entries(prefixListDescriptions)) {
    const key = `external:${id}`;
    if (description === 'cloudfront') {
      prefixLists.set(key, { id, cloudFront: true, cidrs: [], unknown: false });
      continue;
    }
    const ranges = description.map((text) => parseCidr(text)).filter((range): range is Range => range !== undefined);
    cidrs.push(...ranges);
    prefixLists.set(key, { id, cidrs: ranges, cloudFront: false, unknown: false });
  }
  // CloudFront's origin-facing list, looked up at deploy time by an AWS SDK custom resource (its id
  // differs per region, so a template can only name it through such a lookup).
  for (const entry of index.ofType('Custom::AWS')) {
    if (looksUpCloudFrontPrefixList(index.literal(entry.stack, entry.props.Create))) {
      prefixLists.set(entry.key, { id: CLOUDFRONT_ORIGIN_FACING, cidrs: [], cloudFront: true, unknown: false });
    }
  }
  const prefixListOf = (key: string, where: string): PrefixList => {
    const known = prefixLists.get(key);
    if (known) return known;
    const unknown: PrefixList = { id: key.replace(/^external:/, ''), cidrs: [], cloudFront: false, unknown: true };
    notes.push(
      `${where}: prefix list ${unknown.id} is neither in the assembly nor described (--prefix-list); treated as any address outside the VPC`,
    );
    prefixLists.set(key, unknown);
    return unknown;
  };

  // Security groups: inline rules, separate rule resources, and the implicit default egress rule.
  const unchecked: UncheckedRule[] = [];
  const ingress = new Map<string, SgRule[]>();
  const egress = new Map<string, SgRule[]>();
  const push = (map: Map<string, SgRule[]>, key: string, rules: SgRule[]) => map.set(key, [...(map.get(key) ?? []), ...rules]);
  const groupEntries = index.ofType('AWS::EC2::SecurityGroup');
  const separateEgressTargets = new Set<string>();
  for (const [type, direction] of [
    ['AWS::EC2::SecurityGroupIngress', 'ingress'],
    ['AWS::EC2::SecurityGroupEgress', 'egress'],
  ] as const) {
    for (const entry of index.ofType(type)) {
      const group = index.keyOf(entry.stack, entry.props.GroupId ?? entry.props.GroupName);
      if (!group) continue;
      if (direction === 'egress') separateEgressTargets.add(group);
      push(
        direction === 'ingress' ? ingress : egress,
        group,
        sgRules(index, entry, entry.props, direction, undefined, prefixListOf, notes, cidrs, unchecked),
      );
    }
  }
  const groups = new Map<string, SecurityGroup>();
  for (const entry of groupEntries) {
    const inlineIngress = Array.isArray(entry.props.SecurityGroupIngress) ? entry.props.SecurityGroupIngress : [];
    const inlineEgress = Array.isArray(entry.props.SecurityGroupEgress) ? entry.props.SecurityGroupEgress : [];
    inlineIngress.forEach((rule, position) => {
      if (isObject(rule))
        push(
          ingress,
          entry.key,
          sgRules(index, entry, rule, 'ingress', `SecurityGroupIngress[${position}]`, prefixListOf, notes, cidrs, unchecked),
        );
    });
    inlineEgress.forEach((rule, position) => {
      if (isObject(rule))
        push(
          egress,
          entry.key,
          sgRules(index, entry, rule, 'egress', `SecurityGroupEgress[${position}]`, prefixListOf, notes, cidrs, unchecked),
        );
    });
    // CloudFormation keeps EC2's allow-all egress rule unless the group declares egress rules
    // inline or a separate AWS::EC2::SecurityGroupEgress resource replaces it.
    if (inlineEgress.length === 0 && !separateEgressTargets.has(entry.key)) {
      push(egress, entry.key, [
        {
          ports: ALL_PORTS,
          peer: { kind: 'cidr', range: ANYWHERE },
          rule: {
            kind: 'security-group',
            stack: entry.stack,
            logicalId: entry.logicalId,
            entry: 'default egress rule',
            text: 'egress all traffic to 0.0.0.0/0 (no egress rule declared)',
          },
        },
      ]);
    }
    groups.set(entry.key, { key: entry.key, ingress: ingress.get(entry.key) ?? [], egress: egress.get(entry.key) ?? [] });
  }
  for (const [key, rules] of [...ingress, ...egress]) {
    if (!groups.has(key))
      notes.push(
        `${rules[0].rule.stack}/${rules[0].rule.logicalId}: rule on security group ${key.replace(/^external:/, '')} outside the assembly; ignored`,
      );
  }

  return { vpcs, subnets, groups, prefixLists, cidrs, unchecked, notes };
}

function sgRuleRef(entry: IndexedResource, position: string | undefined, text: string): RuleRef {
  return { kind: 'security-group', stack: entry.stack, logicalId: entry.logicalId, entry: position, text };
}

/** CDK tags every subnet it creates with the name of its subnet group. */
function subnetGroupOf(index: ResourceIndex, entry: IndexedResource): string | undefined {
  const tags = Array.isArray(entry.props.Tags) ? entry.props.Tags : [];
  const tag = tags.find((candidate) => isObject(candidate) && candidate.Key === 'aws-cdk:subnet-name');
  return isObject(tag) ? index.literal(entry.stack, tag.Value) : undefined;
}

/** The AWS-managed prefix list of CloudFront's origin-facing servers (the same name in every region). */
export const CLOUDFRONT_ORIGIN_FACING = 'com.amazonaws.global.cloudfront.origin-facing';

/** Whether an AWS SDK custom resource call (its `Create` JSON) reads the id of CloudFront's origin-facing list. */
function looksUpCloudFrontPrefixList(call: string | undefined): boolean {
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

function defaultNacl(vpcRef: { stack: string; logicalId: string }, vpcKey: string): Nacl {
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

function routeTarget(
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

function protocolFromNumber(text: string): Protocol | undefined | null {
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

function naclPorts(index: ResourceIndex, entry: IndexedResource, protocol: Protocol | undefined): Range {
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

function sgRules(
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

function describeTarget(target: RouteTarget): string {
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
