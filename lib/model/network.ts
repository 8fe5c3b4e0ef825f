import { isObject } from './assembly';
import { ALL_PORTS, ANYWHERE, formatAddressRange, parseCidr, Range } from './ranges';
import { IndexedResource, ResourceIndex } from './resources';
import {
  NaclEntry,
  Nacl,
  NatGateway,
  NetworkModel,
  PrefixList,
  PrefixListDescriptions,
  Route,
  RouteTable,
  SecurityGroup,
  SgRule,
  Subnet,
  UncheckedRule,
  Vpc,
} from './network-types';
import {
  CLOUDFRONT_ORIGIN_FACING,
  defaultNacl,
  describeTraffic,
  describeTarget,
  looksUpCloudFrontPrefixList,
  naclPorts,
  protocolFromNumber,
  routeTarget,
  sgRules,
  subnetAzOf,
  subnetGroupOf,
} from './network-rules';

/** The network model: VPCs, subnets with their route tables and NACLs, security groups, prefix lists. */

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
      az: subnetAzOf(index, entry),
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
