import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';
import { ipv4CidrContains } from '../config/cidr';
import { Flow, GroupZone, SubnetTier, isGroupZone, subnetTiers } from '../segmentation';
import { Topology, TOPOLOGY } from '../shared/topology';

export const ANYWHERE = '0.0.0.0/0';
/** Ports a client picks for its side of a TCP connection (ALB, NAT gateway and Linux fall inside). */
export const EPHEMERAL = { from: 1024, to: 65535 } as const;
/** Default VPC quota of rules per NACL and direction. */
const MAX_RULES_PER_DIRECTION = 20;

/**
 * Well-known database and administration ports inside the ephemeral range. A NACL that admits
 * replies on 1024-65535 from outside the VPC would also admit a connection to one of these
 * services, were one ever listening in the subnet: the NACL denies them first, so only the
 * security groups' explicit flows could ever open them. Reviewed list: the default ports of the
 * common database engines and caches, NFS and Remote Desktop; it stops there because every deny
 * is one rule of each hardened NACL's quota of 20 per direction. Replies from inside the VPC pass
 * before the denies. From outside, replies reach the instances' own ports, which Linux never picks
 * among these (its range is 32768-60999); a NAT gateway's ports are 1024-65535, so one of its
 * connections in about 6,450 that picks a denied port fails and is retried.
 */
export const REPLY_RANGE_DENIED_PORTS: readonly { readonly port: number; readonly service: string }[] = [
  { port: 1433, service: 'Microsoft SQL Server' },
  { port: 1521, service: 'Oracle Database listener' },
  { port: 2049, service: 'NFS' },
  { port: 3306, service: 'MySQL and MariaDB' },
  { port: 3389, service: 'Remote Desktop (RDP)' },
  { port: 5432, service: 'PostgreSQL' },
  { port: 6379, service: 'Redis and Valkey' },
  { port: 9200, service: 'Elasticsearch and OpenSearch' },
  { port: 11211, service: 'memcached' },
  { port: 27017, service: 'MongoDB' },
];

export interface NaclEntry {
  readonly tier: SubnetTier;
  readonly direction: 'ingress' | 'egress';
  readonly action: 'allow' | 'deny';
  readonly cidr: string;
  readonly ports: { readonly from: number; readonly to: number };
  readonly purpose: string;
}

/**
 * Turns the flow table into stateless NACL entries per subnet tier (in the order of `tierCidrs`,
 * from the edge inwards): the request direction on
 * the flow's port, the return direction on ephemeral ports, and, for internet-bound flows from
 * private tiers, both hops through the NAT gateways in the public tier. Entries that a wider
 * 0.0.0.0/0 entry already covers are dropped so the quota of 20 per direction holds. Wherever
 * a port range is admitted from outside the VPC, the denies of REPLY_RANGE_DENIED_PORTS come
 * before it (withReplyRangeDenies).
 */
export function planNaclEntries(
  flows: readonly Flow[],
  tierCidrs: Readonly<Record<SubnetTier, readonly string[]>>,
  corporateCidrs: readonly string[],
  zoneTier: Readonly<Record<GroupZone, SubnetTier>>,
  vpcCidr: string,
): NaclEntry[] {
  const entries: NaclEntry[] = [];
  const add = (
    tier: SubnetTier,
    direction: NaclEntry['direction'],
    cidrs: readonly string[],
    ports: NaclEntry['ports'],
    purpose: string,
  ) => {
    for (const cidr of cidrs) entries.push({ tier, direction, action: 'allow', cidr, ports, purpose });
  };
  // A NACL cannot name a prefix list: CloudFront's origin-facing servers are admitted as "anywhere"
  // here, and the web load balancer's security group narrows them to the prefix list.
  const cidrsOf = (zone: Flow['from']): readonly string[] => {
    if (zone === 'internet' || zone === 'cloudfront') return [ANYWHERE];
    if (zone === 'corporate') return corporateCidrs;
    return tierCidrs[zoneTier[zone]];
  };

  for (const flow of flows) {
    const port = { from: flow.port, to: flow.port };
    const fromTier = isGroupZone(flow.from) ? zoneTier[flow.from] : undefined;
    const toTier = isGroupZone(flow.to) ? zoneTier[flow.to] : undefined;
    const purpose = `${flow.from} to ${flow.to}`;
    if (flow.to === 'internet' && fromTier && fromTier !== 'public') {
      const fromCidrs = tierCidrs[fromTier];
      add(fromTier, 'egress', [ANYWHERE], port, `${purpose} (via NAT)`);
      add(fromTier, 'ingress', [ANYWHERE], EPHEMERAL, `${purpose} (return)`);
      add('public', 'ingress', fromCidrs, port, `${purpose} (into NAT)`);
      add('public', 'egress', [ANYWHERE], port, `${purpose} (out of NAT)`);
      add('public', 'ingress', [ANYWHERE], EPHEMERAL, `${purpose} (return into NAT)`);
      add('public', 'egress', fromCidrs, EPHEMERAL, `${purpose} (return from NAT)`);
      continue;
    }
    if (fromTier) {
      add(fromTier, 'egress', cidrsOf(flow.to), port, purpose);
      add(fromTier, 'ingress', cidrsOf(flow.to), EPHEMERAL, `${purpose} (return)`);
    }
    if (toTier) {
      add(toTier, 'ingress', cidrsOf(flow.from), port, purpose);
      add(toTier, 'egress', cidrsOf(flow.from), EPHEMERAL, `${purpose} (return)`);
    }
  }
  return withReplyRangeDenies(withoutRedundant(entries), Object.keys(tierCidrs), vpcCidr);
}

function withoutRedundant(entries: readonly NaclEntry[]): NaclEntry[] {
  const kept: NaclEntry[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const key = `${entry.tier}|${entry.direction}|${entry.cidr}|${entry.ports.from}-${entry.ports.to}`;
    if (seen.has(key)) continue;
    const coveredByWider = entries.some(
      (other) =>
        other !== entry &&
        other.tier === entry.tier &&
        other.direction === entry.direction &&
        other.cidr !== entry.cidr &&
        ipv4CidrContains(other.cidr, entry.cidr) &&
        other.ports.from <= entry.ports.from &&
        entry.ports.to <= other.ports.to,
    );
    if (coveredByWider) continue;
    seen.add(key);
    kept.push(entry);
  }
  return kept;
}

/**
 * Where a tier admits a port range from outside the VPC (replies from the internet), puts first
 * its entries from inside the VPC, then one allow of the ephemeral range from the VPC's own CIDR
 * (what the wide range admitted from inside before, kept as it was: replies to load balancers and
 * to a tier port that happens to be on the list), then the denies, then the entries from outside.
 */
function withReplyRangeDenies(entries: readonly NaclEntry[], tiers: readonly SubnetTier[], vpcCidr: string): NaclEntry[] {
  const inside = (entry: NaclEntry) => ipv4CidrContains(vpcCidr, entry.cidr);
  const covers = (entry: NaclEntry, port: number) => entry.ports.from <= port && port <= entry.ports.to;
  const result: NaclEntry[] = [];
  for (const tier of tiers) {
    result.push(...entries.filter((entry) => entry.tier === tier && entry.direction === 'egress'));
    const ingress = entries.filter((entry) => entry.tier === tier && entry.direction === 'ingress');
    const outside = ingress.filter((entry) => !inside(entry));
    const ranges = outside.filter((entry) => entry.ports.from < entry.ports.to);
    const denies = [...new Set(ranges.map((entry) => entry.cidr))].flatMap((cidr) =>
      REPLY_RANGE_DENIED_PORTS.filter(
        ({ port }) =>
          ranges.some((entry) => entry.cidr === cidr && covers(entry, port)) &&
          // A port the flow table itself admits from outside stays open.
          !outside.some((entry) => entry.ports.from === entry.ports.to && covers(entry, port)),
      ).map(({ port, service }): NaclEntry => ({
        tier,
        direction: 'ingress',
        action: 'deny',
        cidr,
        ports: { from: port, to: port },
        purpose: `${service} from outside the VPC, inside the reply range`,
      })),
    );
    if (denies.length === 0) {
      result.push(...ingress);
      continue;
    }
    const fromVpc: NaclEntry = {
      tier,
      direction: 'ingress',
      action: 'allow',
      cidr: vpcCidr,
      ports: EPHEMERAL,
      purpose: 'replies and tier ports from inside the VPC, before the denies',
    };
    result.push(...ingress.filter(inside), fromVpc, ...denies, ...outside);
  }
  return result;
}

export interface TierNetworkAclsProps {
  /** The POC VPC: one NACL per subnet tier. */
  readonly vpc: ec2.IVpc;
  /** The intended flows (lib/segmentation.ts): every entry derives from them. */
  readonly flows: readonly Flow[];
  /** The corporate ranges the `corporate` zone stands for. */
  readonly corporateCidrs: readonly string[];
  /** Where each zone runs (segmentation.ts zoneTiers). */
  readonly zoneTiers: Readonly<Record<GroupZone, SubnetTier>>;
  /** The VPC's CIDR: replies from inside it pass before the reply-range denies. */
  readonly vpcCidr: string;
  /**
   * The tiers, whose subnet tiers each get a NACL.
   * @default TOPOLOGY
   */
  readonly topology?: Topology;
}

/** One NACL per subnet tier, allowing exactly the planned entries (everything else is denied). */
export class TierNetworkAcls extends Construct {
  public readonly entries: readonly NaclEntry[];

  constructor(scope: Construct, id: string, props: TierNetworkAclsProps) {
    super(scope, id);
    const tiers = subnetTiers(props.topology ?? TOPOLOGY);
    const tierCidrs = Object.fromEntries(
      tiers.map((tier) => [tier, props.vpc.selectSubnets({ subnetGroupName: tier }).subnets.map((s) => s.ipv4CidrBlock)]),
    ) as Record<SubnetTier, string[]>;
    this.entries = planNaclEntries(props.flows, tierCidrs, props.corporateCidrs, props.zoneTiers, props.vpcCidr);

    for (const tier of tiers) {
      const acl = new ec2.NetworkAcl(this, `${tier[0].toUpperCase()}${tier.slice(1)}`, {
        vpc: props.vpc,
        subnetSelection: { subnetGroupName: tier },
      });
      acknowledgeRule(
        acl,
        'AwsSolutions-VPC3',
        'PCI DSS segmentation asks for subnet-level filtering as well as security groups: this NACL is generated from the same flow table and its entries are asserted by tests',
      );
      for (const direction of ['ingress', 'egress'] as const) {
        const tierEntries = this.entries.filter((entry) => entry.tier === tier && entry.direction === direction);
        if (tierEntries.length > MAX_RULES_PER_DIRECTION) {
          throw new Error(
            `NACL of the ${tier} tier needs ${tierEntries.length} ${direction} rules, above the VPC quota of ${MAX_RULES_PER_DIRECTION}; ` +
              'use fewer AZs or corporate CIDRs',
          );
        }
        tierEntries.forEach((entry, index) => {
          const ruleNumber = 100 + index * 10;
          acl.addEntry(`${direction === 'ingress' ? 'In' : 'Out'}${ruleNumber}`, {
            ruleNumber,
            cidr: ec2.AclCidr.ipv4(entry.cidr),
            traffic:
              entry.ports.from === entry.ports.to
                ? ec2.AclTraffic.tcpPort(entry.ports.from)
                : ec2.AclTraffic.tcpPortRange(entry.ports.from, entry.ports.to),
            direction: direction === 'ingress' ? ec2.TrafficDirection.INGRESS : ec2.TrafficDirection.EGRESS,
            ruleAction: entry.action === 'allow' ? ec2.Action.ALLOW : ec2.Action.DENY,
          });
        });
      }
    }
  }
}
