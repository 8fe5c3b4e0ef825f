import { ParameterValues, PrefixListDescriptions, Protocol, RuleRef, UncheckedRule, ZoneId } from '../model';
import { ExpectedInventory, IntendedFlow, IntendedTable } from './intended';
import { Range } from '../model/ranges';
import { Topology } from '../shared/topology';

/** What the segmentation analysis returns, and what it is told that the templates cannot say. */

export interface AnalysisOptions {
  readonly intended: IntendedTable;
  /** Which resources the config implies where; without it the inventory is not compared. */
  readonly expected?: ExpectedInventory;
  /** The corporate egress ranges: templates cannot tell them from other CIDRs. */
  readonly corporateCidrs: readonly string[];
  /** Origin host names CloudFront uses that are not resource attributes (a custom domain's CNAME). */
  readonly originHosts?: Readonly<Record<string, ZoneId>>;
  /** Prefix lists the templates only name by id: `cloudfront`, or their CIDRs. */
  readonly prefixLists?: PrefixListDescriptions;
  /** Values for stack parameters without defaults (or to override them), by stack name. */
  readonly parameters?: ParameterValues;
  /**
   * The tier table the zones are named from.
   * @default TOPOLOGY
   */
  readonly topology?: Topology;
}

export interface Flow {
  readonly from: ZoneId;
  readonly to: ZoneId;
  readonly protocol: Protocol;
  readonly ports: Range;
  /** Every rule that lets some of this traffic through (security groups, NACL entries, routes, the distribution). */
  readonly rules: readonly RuleRef[];
}

export interface IntendedVerdict {
  readonly flow: IntendedFlow;
  readonly allowed: boolean;
  readonly rules: readonly RuleRef[];
  /** Why it is blocked, one line per blocked placement (`from resource -> to resource: reason`). */
  readonly reasons: readonly string[];
}

export interface IsolationFinding {
  readonly zone: ZoneId;
  readonly resource: string;
  readonly subnet: string;
  readonly rule: RuleRef;
}

/** A resource where the config implies none, or a resource the config implies that is missing. */
export interface InventoryFinding {
  readonly zone: ZoneId;
  /** The resources responsible (construct paths), or the subnet a missing one belongs in. */
  readonly resources: readonly string[];
  readonly problem: string;
}

export interface ZoneSummary {
  readonly zone: ZoneId;
  readonly resources: readonly { readonly name: string; readonly kind: string; readonly subnets: readonly string[] }[];
}

export interface Analysis {
  readonly zones: readonly ZoneSummary[];
  readonly flows: readonly Flow[];
  readonly intended: readonly IntendedVerdict[];
  readonly unexpected: readonly Flow[];
  readonly isolation: readonly IsolationFinding[];
  readonly inventory: readonly InventoryFinding[];
  /** Security-group rules whose peers the analysis cannot check (IPv6, undescribed prefix lists). */
  readonly unchecked: readonly UncheckedRule[];
  readonly notes: readonly string[];
  /**
   * No unexpected flow, no blocked intended flow, no route out of an isolated zone, no resource
   * beyond or short of what the config implies, no rule the analysis cannot check.
   */
  readonly ok: boolean;
}
