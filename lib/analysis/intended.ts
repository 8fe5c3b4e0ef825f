import { PocConfig } from '../config/schema';
import { GROUP_ZONES, intendedEdgeFlows, intendedFlows, zoneTiers } from '../segmentation';
import { Protocol } from './model';
import { ZoneId } from './placements';

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

/** What only the config knows: the intended table, which CIDRs are corporate, the origin host name of a custom domain. */
export interface ConfigKnowledge {
  readonly intended: IntendedTable;
  readonly corporateCidrs: readonly string[];
  readonly originHosts: Readonly<Record<string, ZoneId>>;
}

export function configKnowledge(config: PocConfig): ConfigKnowledge {
  return {
    intended: intendedTable(config),
    corporateCidrs: config.management.corporateCidrs,
    originHosts: config.domain ? { [config.domain.originHostname]: 'webAlb' } : {},
  };
}
