import { PocConfig } from '../config/schema';
import { GROUP_ZONES, intendedEdgeFlows, intendedFlows, zoneTiers } from '../segmentation';
import { balancerZone, edgeTier } from '../shared/topology';
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

export function intendedTable(config: PocConfig): IntendedTable {
  return {
    flows: [...intendedEdgeFlows(), ...intendedFlows(config)].map((flow) => ({ ...flow, protocol: 'tcp' })),
    isolatedZones: GROUP_ZONES.filter((zone) => zoneTiers(config)[zone] === 'data'),
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
}

export function configKnowledge(config: PocConfig): ConfigKnowledge {
  return {
    intended: intendedTable(config),
    expected: { subnetGroups: zoneTiers(config) },
    corporateCidrs: config.management.corporateCidrs,
    originHosts: config.domain ? { [config.domain.originHostname]: balancerZone(edgeTier()) } : {},
  };
}
