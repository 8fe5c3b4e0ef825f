import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';
import { ipv4CidrContains } from '../config/cidr';
import { Flow, SUBNET_TIERS, SubnetTier, ZONE_TIER, isGroupZone } from '../segmentation';

export const ANYWHERE = '0.0.0.0/0';
/** Ports a client picks for its side of a TCP connection (ALB, NAT gateway and Linux fall inside). */
export const EPHEMERAL = { from: 1024, to: 65535 } as const;
/** Default VPC quota of rules per NACL and direction. */
const MAX_RULES_PER_DIRECTION = 20;

export interface NaclEntry {
  readonly tier: SubnetTier;
  readonly direction: 'ingress' | 'egress';
  readonly cidr: string;
  readonly ports: { readonly from: number; readonly to: number };
  readonly purpose: string;
}

/**
 * Turns the flow table into stateless NACL entries per subnet tier: the request direction on
 * the flow's port, the return direction on ephemeral ports, and, for internet-bound flows from
 * private tiers, both hops through the NAT gateways in the public tier. Entries that a wider
 * 0.0.0.0/0 entry already covers are dropped so the quota of 20 per direction holds.
 */
export function planNaclEntries(
  flows: readonly Flow[],
  tierCidrs: Readonly<Record<SubnetTier, readonly string[]>>,
  corporateCidrs: readonly string[],
): NaclEntry[] {
  const entries: NaclEntry[] = [];
  const add = (
    tier: SubnetTier,
    direction: NaclEntry['direction'],
    cidrs: readonly string[],
    ports: NaclEntry['ports'],
    purpose: string,
  ) => {
    for (const cidr of cidrs) entries.push({ tier, direction, cidr, ports, purpose });
  };
  const cidrsOf = (zone: Flow['from']): readonly string[] => {
    if (zone === 'internet') return [ANYWHERE];
    if (zone === 'corporate') return corporateCidrs;
    return tierCidrs[ZONE_TIER[zone]];
  };

  for (const flow of flows) {
    const port = { from: flow.port, to: flow.port };
    const fromTier = isGroupZone(flow.from) ? ZONE_TIER[flow.from] : undefined;
    const toTier = isGroupZone(flow.to) ? ZONE_TIER[flow.to] : undefined;
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
  return withoutRedundant(entries);
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

export interface TierNetworkAclsProps {
  readonly vpc: ec2.IVpc;
  readonly flows: readonly Flow[];
  readonly corporateCidrs: readonly string[];
}

/** One NACL per subnet tier, allowing exactly the planned entries (everything else is denied). */
export class TierNetworkAcls extends Construct {
  public readonly entries: readonly NaclEntry[];

  constructor(scope: Construct, id: string, props: TierNetworkAclsProps) {
    super(scope, id);
    const tierCidrs = Object.fromEntries(
      SUBNET_TIERS.map((tier) => [tier, props.vpc.selectSubnets({ subnetGroupName: tier }).subnets.map((s) => s.ipv4CidrBlock)]),
    ) as Record<SubnetTier, string[]>;
    this.entries = planNaclEntries(props.flows, tierCidrs, props.corporateCidrs);

    for (const tier of SUBNET_TIERS) {
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
            ruleAction: ec2.Action.ALLOW,
          });
        });
      }
    }
  }
}
