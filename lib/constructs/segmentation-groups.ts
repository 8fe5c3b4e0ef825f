import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { complementOfIpv4Cidr } from '../config/cidr';

import { Flow, GroupZone, groupZones, isGroupZone } from '../segmentation';
import { balancerZone, EDGE_CALLER, pascal, Topology, TOPOLOGY } from '../shared/topology';

export interface SegmentationGroupsProps {
  /** The POC VPC. */
  readonly vpc: ec2.IVpc;
  /** The intended flows (lib/segmentation.ts): every rule derives from them. */
  readonly flows: readonly Flow[];
  /** The corporate ranges the `corporate` zone stands for. */
  readonly corporateCidrs: readonly string[];
  /** The VPC's CIDR: "the internet" a group admits is every address outside it. */
  readonly vpcCidr: string;
  /** Id of the AWS-managed prefix list of CloudFront's origin-facing servers (see CloudFrontOriginFacing). */
  readonly cloudFrontPrefixListId: string;
  /**
   * The tiers: each has a group, and so has its load balancer.
   * @default TOPOLOGY
   */
  readonly topology?: Topology;
}

/** What each zone's group is for, as its description (and the docs) say. */
function descriptions(topology: Topology): Readonly<Record<GroupZone, string>> {
  const databaseCallers = topology
    .filter((tier) => tier.calls.some((call) => call.zone === 'database'))
    .map((tier) => tier.name)
    .join(', ');
  return {
    bastion: 'Bastion hosts: administration from corporate ranges',
    rotation: 'Database credential rotation function',
    database: `RDS for MySQL: ${databaseCallers} tier only`,
    cache: `Memcached endpoint: ${databaseCallers} tier only`,
    ...Object.fromEntries(
      topology.flatMap((tier) => [
        [
          balancerZone(tier),
          tier.calledBy === EDGE_CALLER
            ? `${pascal(tier.balancer.label)} (internal): CloudFront through its VPC origin only`
            : `${pascal(tier.balancer.label)} in front of the ${tier.name} tier`,
        ],
        [tier.name, `${pascal(tier.name)} tier instances`],
      ]),
    ),
  };
}

/**
 * One security group per zone, and every rule between them, generated from the intended
 * flow table. No group allows all outbound traffic: egress is as explicit as ingress.
 */
export class SegmentationGroups extends Construct {
  private readonly groups = new Map<GroupZone, ec2.SecurityGroup>();

  constructor(scope: Construct, id: string, props: SegmentationGroupsProps) {
    super(scope, id);
    const topology = props.topology ?? TOPOLOGY;
    const purposes = descriptions(topology);
    for (const zone of groupZones(topology)) {
      this.groups.set(
        zone,
        new ec2.SecurityGroup(this, `${zone[0].toUpperCase()}${zone.slice(1)}`, {
          vpc: props.vpc,
          description: purposes[zone],
          allowAllOutbound: false,
        }),
      );
    }
    for (const flow of props.flows) {
      const port = ec2.Port.tcp(flow.port);
      const description = `${flow.from} to ${flow.to}: ${flow.purpose}`;
      for (const source of this.sourcesOf(flow.from, props)) {
        if (isGroupZone(flow.to)) this.group(flow.to).addIngressRule(source, port, description);
      }
      if (isGroupZone(flow.from)) {
        for (const destination of this.peersOf(flow.to, props)) {
          this.group(flow.from).addEgressRule(destination, port, description);
        }
      }
    }
  }

  group(zone: GroupZone): ec2.SecurityGroup {
    const group = this.groups.get(zone);
    if (!group) throw new Error(`no security group for zone ${zone}`);
    return group;
  }

  /**
   * Ingress from the internet admits every address outside the VPC, not 0.0.0.0/0: a group
   * open to 0.0.0.0/0 would also admit the VPC's own tiers (their internet-bound 443 egress,
   * meant for the NAT gateways, matches private addresses too). CloudFront is admitted by the
   * prefix list of its origin-facing servers, one of the two sources AWS documents for an origin
   * behind a VPC origin; the other, CloudFront's service-managed group, exists only once the VPC
   * origin does (Edge stack, after this one), and finding it would need a lookup at deploy time.
   */
  private sourcesOf(zone: Flow['from'], props: SegmentationGroupsProps): ec2.IPeer[] {
    if (zone === 'internet') return complementOfIpv4Cidr(props.vpcCidr).map((cidr) => ec2.Peer.ipv4(cidr));
    return this.peersOf(zone, props);
  }

  private peersOf(zone: Flow['from'], props: SegmentationGroupsProps): ec2.IPeer[] {
    if (zone === 'internet') return [ec2.Peer.anyIpv4()];
    if (zone === 'corporate') return props.corporateCidrs.map((cidr) => ec2.Peer.ipv4(cidr));
    if (zone === 'cloudfront') return [ec2.Peer.prefixList(props.cloudFrontPrefixListId)];
    return [this.group(zone)];
  }
}
