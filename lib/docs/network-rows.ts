import { describeTraffic, NaclEntry, SgRule, Subnet, ZoneId } from '../model';
import { formatAddressRange } from '../model/ranges';
import { byName, DocsModel, nameOf, nameOfKey, resourcesOfType, sortedSubnets, subnetAz, subnetTier } from './assembly-model';

/**
 * What NETWORK.md shows, as plain rows read from the model (no Markdown): the VPCs and subnets,
 * every security group rule, every network ACL entry, every route. `network.ts` renders them.
 */
export interface NetworkRows {
  readonly vpcs: readonly VpcRow[];
  readonly natGateways: readonly NatGatewayRow[];
  readonly subnets: readonly SubnetRow[];
  readonly securityGroups: readonly SecurityGroupRows[];
  readonly nacls: readonly NaclRows[];
  readonly routeTables: readonly RouteTableRows[];
}

export interface VpcRow {
  readonly name: string;
  /** Its CIDR blocks; `?` when the model could not read them. */
  readonly cidrs: string;
  readonly internetGateway: boolean;
  /** `<traffic type> traffic to <destination type>` per flow log. */
  readonly flowLogs: readonly string[];
  /** `<service> (<endpoint type>)` per VPC endpoint. */
  readonly endpoints: readonly string[];
}

export interface NatGatewayRow {
  readonly name: string;
  /** `<AZ> (<CIDR>)` of its subnet, `?` when the model does not place it. */
  readonly placement: string;
}

export interface SubnetRow {
  readonly name: string;
  readonly tier: string;
  readonly az: string;
  readonly cidr: string;
  readonly publicIpOnLaunch: boolean;
  readonly routeTable: string;
  readonly nacl: string;
}

export type Peer =
  | { readonly kind: 'cidr'; readonly name: string }
  | { readonly kind: 'group'; readonly name: string }
  | { readonly kind: 'prefix-list'; readonly name: string };

export interface SecurityGroupRuleRow {
  readonly direction: 'inbound' | 'outbound';
  /** `tcp 443`, `all traffic`, ...; undefined for a direction without any rule. */
  readonly traffic?: string;
  /** Rules that differ only by CIDR share a row: their peers are listed together. */
  readonly peers: readonly Peer[];
  readonly description: string;
}

export interface SecurityGroupRows {
  readonly name: string;
  readonly description?: string;
  readonly wornBy: readonly { readonly name: string; readonly zone: ZoneId }[];
  readonly rules: readonly SecurityGroupRuleRow[];
}

export interface NaclEntryRow {
  readonly direction: 'inbound' | 'outbound';
  /** The rule number; `*` for the implicit deny that ends each direction. */
  readonly rule: number | '*';
  readonly action: 'allow' | 'deny';
  readonly traffic: string;
  readonly cidr: string;
}

export interface NaclRows {
  readonly name: string;
  /** `<tier> <AZ> <CIDR>` of each subnet it is associated with. */
  readonly subnets: readonly string[];
  readonly entries: readonly NaclEntryRow[];
}

export type RouteTarget =
  | { readonly kind: 'local' }
  | { readonly kind: 'internet-gateway' | 'nat-gateway' | 'gateway-endpoint'; readonly name: string }
  | { readonly kind: 'other'; readonly description: string };

export interface RouteTableRows {
  readonly name: string;
  readonly subnets: readonly string[];
  readonly routes: readonly { readonly destination: string; readonly target: RouteTarget }[];
}

export function collectNetwork(model: DocsModel): NetworkRows {
  return {
    vpcs: collectVpcs(model),
    natGateways: byName(model.poc.natGateways).map((nat) => {
      const subnet = model.network.subnets.get(nat.subnet ?? '');
      return {
        name: nameOf(nat.source),
        placement: subnet ? `${subnetAz(subnet)} (${formatAddressRange(subnet.cidr)})` : '?',
      };
    }),
    subnets: sortedSubnets(model).map((subnet) => ({
      name: nameOfKey(model, subnet.key),
      tier: subnetTier(subnet),
      az: subnetAz(subnet),
      cidr: formatAddressRange(subnet.cidr),
      publicIpOnLaunch: subnet.mapPublicIpOnLaunch,
      routeTable: nameOfKey(model, subnet.routeTable.key),
      nacl: nameOfKey(model, subnet.nacl.key),
    })),
    securityGroups: collectSecurityGroups(model),
    nacls: collectNacls(model),
    routeTables: collectRouteTables(model),
  };
}

function collectVpcs(model: DocsModel): VpcRow[] {
  const { poc } = model;
  return resourcesOfType(model, 'AWS::EC2::VPC').map((vpc) => ({
    name: nameOf(vpc),
    cidrs: model.network.vpcs.get(vpc.key)?.cidrs.map(formatAddressRange).join(', ') ?? '?',
    internetGateway: model.network.vpcs.get(vpc.key)?.hasInternetGateway === true,
    flowLogs: byName(poc.flowLogs)
      .filter((log) => log.resource === vpc.key)
      .map((log) => `${log.trafficType ?? '?'} traffic to ${log.destinationType ?? '?'}`),
    endpoints: byName(poc.vpcEndpoints)
      .filter((endpoint) => endpoint.vpc === vpc.key)
      .map((endpoint) => `${endpoint.serviceName ?? endpoint.servicePattern} (${endpoint.endpointType})`),
  }));
}

function collectSecurityGroups(model: DocsModel): SecurityGroupRows[] {
  return byName(model.poc.securityGroups).flatMap((resource) => {
    const entry = resource.source;
    const group = model.network.groups.get(entry.key);
    if (!group) return [];
    return [
      {
        name: nameOf(entry),
        description: `${resource.description ?? ''}`.trim() || undefined,
        wornBy: model.placements.endpoints
          .filter((endpoint) => endpoint.groups.some((worn) => worn.key === entry.key))
          .map((endpoint) => ({ name: endpoint.name.replace(/\/Resource$/, ''), zone: endpoint.zone })),
        rules: [...ruleRows(model, 'inbound', group.ingress), ...ruleRows(model, 'outbound', group.egress)],
      },
    ];
  });
}

function ruleRows(model: DocsModel, direction: 'inbound' | 'outbound', rules: readonly SgRule[]): SecurityGroupRuleRow[] {
  if (rules.length === 0) return [{ direction, peers: [], description: '' }];
  const rows = new Map<string, { traffic: string; peers: Peer[]; description: string }>();
  for (const rule of rules) {
    const traffic = describeTraffic(rule.protocol, rule.ports);
    const description = ruleDescription(model, rule);
    const peer: Peer =
      rule.peer.kind === 'cidr'
        ? { kind: 'cidr', name: formatAddressRange(rule.peer.range) }
        : rule.peer.kind === 'group'
          ? { kind: 'group', name: nameOfKey(model, rule.peer.key) }
          : { kind: 'prefix-list', name: rule.peer.list.id };
    const key =
      peer.kind === 'cidr' ? `${traffic}\u0000${description}` : `${traffic}\u0000${description}\u0000${peer.kind}:${peer.name}`;
    const row = rows.get(key) ?? { traffic, peers: [], description };
    row.peers.push(peer);
    rows.set(key, row);
  }
  return [...rows.values()].map((row) => ({ direction, ...row }));
}

/** The Description the template gives the rule (inline entry or separate resource), or what the analysis says of an implicit one. */
function ruleDescription(model: DocsModel, rule: SgRule): string {
  if (!model.poc.resource(`${rule.rule.stack}/${rule.rule.logicalId}`)) return '';
  if (rule.rule.entry === 'default egress rule') return 'implicit: no egress rule declared';
  return model.poc.ruleDescription(rule.rule) ?? '';
}

const subnetLabel = (subnet: Subnet): string => `${subnetTier(subnet)} ${subnetAz(subnet)} ${formatAddressRange(subnet.cidr)}`;

function collectNacls(model: DocsModel): NaclRows[] {
  const nacls = new Map([...model.network.subnets.values()].map((subnet) => [subnet.nacl.key, subnet.nacl]));
  return [...nacls.values()]
    .sort((a, b) => nameOfKey(model, a.key).localeCompare(nameOfKey(model, b.key)))
    .map((nacl) => ({
      name: nameOfKey(model, nacl.key),
      subnets: sortedSubnets(model)
        .filter((subnet) => subnet.nacl.key === nacl.key)
        .map(subnetLabel),
      entries: [
        ...[...nacl.entries].sort((a, b) => Number(a.egress) - Number(b.egress) || a.ruleNumber - b.ruleNumber).map(naclEntry),
        IMPLICIT_DENY('inbound'),
        IMPLICIT_DENY('outbound'),
      ],
    }));
}

const IMPLICIT_DENY = (direction: 'inbound' | 'outbound'): NaclEntryRow => ({
  direction,
  rule: '*',
  action: 'deny',
  traffic: 'all traffic',
  cidr: '0.0.0.0/0',
});

function naclEntry(entry: NaclEntry): NaclEntryRow {
  return {
    direction: entry.egress ? 'outbound' : 'inbound',
    rule: entry.ruleNumber,
    action: entry.allow ? 'allow' : 'deny',
    traffic: describeTraffic(entry.protocol, entry.ports),
    cidr: formatAddressRange(entry.cidr),
  };
}

function collectRouteTables(model: DocsModel): RouteTableRows[] {
  const tables = new Map([...model.network.subnets.values()].map((subnet) => [subnet.routeTable.key, subnet.routeTable]));
  return [...tables.values()]
    .sort((a, b) => nameOfKey(model, a.key).localeCompare(nameOfKey(model, b.key)))
    .map((table) => ({
      name: nameOfKey(model, table.key),
      subnets: sortedSubnets(model)
        .filter((subnet) => subnet.routeTable.key === table.key)
        .map(subnetLabel),
      routes: [
        ...table.routes.map((route) => {
          const target: RouteTarget =
            route.target.kind === 'local'
              ? { kind: 'local' }
              : route.target.kind === 'internet-gateway'
                ? { kind: 'internet-gateway', name: nameOfKey(model, route.target.id) }
                : route.target.kind === 'nat-gateway'
                  ? { kind: 'nat-gateway', name: nameOfKey(model, route.target.nat.key) }
                  : { kind: 'other', description: route.target.description };
          return { destination: formatAddressRange(route.destination), target };
        }),
        // Gateway VPC endpoints add a route to their service's prefix list in the tables they name.
        ...byName(model.poc.vpcEndpoints)
          .filter((endpoint) => endpoint.routeTables.includes(table.key))
          .map((endpoint) => ({
            destination: `prefix list of ${endpoint.servicePattern}`,
            target: { kind: 'gateway-endpoint', name: nameOf(endpoint.source) } as const,
          })),
      ],
    }));
}
