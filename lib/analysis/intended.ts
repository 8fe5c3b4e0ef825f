import { PocConfig } from '../config/schema';
import { groupZones, intendedEdgeFlows, intendedFlows, zoneTiers } from '../segmentation';
import { balancerZone, DATA_SUBNET, edgeTier, Topology, TOPOLOGY } from '../shared/topology';
import { Protocol } from '../model';
import { ZoneId } from '../model';

/** The design table the analysis compares the templates with. */

export interface IntendedFlow {
  readonly from: ZoneId;
  readonly to: ZoneId;
  readonly protocol: Protocol;
  readonly port: number;
  readonly purpose: string;
}

export interface IntendedTable {
  readonly flows: readonly IntendedFlow[];
  /** Zones whose subnets must have no route out of the VPC (DESIGN.md: the data tier). */
  readonly isolatedZones: readonly ZoneId[];
}

export function intendedTable(config: PocConfig, topology: Topology = TOPOLOGY): IntendedTable {
  const tiers = zoneTiers(config, topology);
  return {
    flows: [...intendedEdgeFlows(), ...intendedFlows(config, topology)].map((flow) => ({ ...flow, protocol: 'tcp' })),
    isolatedZones: groupZones(topology).filter((zone) => tiers[zone] === DATA_SUBNET.name),
  };
}

/** Which resources the config implies, zone by zone. */
export interface ExpectedInventory {
  /**
   * The subnet group (aws-cdk:subnet-name) each zone's resources sit in; the bastion zone's group
   * holds one subnet per AZ, and one bastion instance in each.
   */
  readonly subnetGroups: Readonly<Partial<Record<ZoneId, string>>>;
}

/** What only the config knows: the intended table, which CIDRs are corporate, the origin host name of a custom domain. */
export interface ConfigKnowledge {
  readonly intended: IntendedTable;
  readonly expected: ExpectedInventory;
  readonly corporateCidrs: readonly string[];
  readonly originHosts: Readonly<Record<string, ZoneId>>;
  /** The tier table the zones are named from. */
  readonly topology: Topology;
}

/** What the config says, for a POC built from `topology` (the POC's own tier table by default). */
export function configKnowledge(config: PocConfig, topology: Topology = TOPOLOGY): ConfigKnowledge {
  return {
    intended: intendedTable(config, topology),
    expected: { subnetGroups: zoneTiers(config, topology) },
    corporateCidrs: config.management.corporateCidrs,
    originHosts: config.domain ? { [config.domain.originHostname]: balancerZone(edgeTier(topology)) } : {},
    topology,
  };
}
