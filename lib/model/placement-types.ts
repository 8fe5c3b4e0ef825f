import { Zone } from '../segmentation';
import { Topology } from '../shared/topology';
import { RuleRef, SecurityGroup, Subnet } from './network-types';

export type ZoneId = Zone | 'cloudfront' | `other:${string}`;

export interface Placement {
  readonly subnet: Subnet;
  readonly publicIp: boolean;
}

export interface Endpoint {
  readonly key: string;
  readonly zone: ZoneId;
  /** Construct path (aws:cdk:path) or stack-qualified logical id. */
  readonly name: string;
  readonly kind: string;
  readonly placements: readonly Placement[];
  readonly groups: readonly SecurityGroup[];
  /** False for a resource no security group filters (a network load balancer without one). */
  readonly filtered: boolean;
}

export interface ViewerAccess {
  readonly port: number;
  readonly rule: RuleRef;
}

export interface Origin {
  readonly targets: readonly Endpoint[];
  readonly ports: readonly number[];
  /**
   * How CloudFront reaches the targets: over the internet (a custom origin: the target needs a
   * public address), or through a VPC origin (CloudFront's interfaces in the VPC deliver it).
   */
  readonly via: OriginPath;
  readonly rule: RuleRef;
}

export type OriginPath = 'internet' | 'vpc-origin';

export interface DistributionReach {
  readonly key: string;
  readonly name: string;
  readonly viewer: readonly ViewerAccess[];
  readonly origins: readonly Origin[];
}

export interface Placements {
  readonly endpoints: readonly Endpoint[];
  readonly distributions: readonly DistributionReach[];
  readonly notes: readonly string[];
}

export interface PlacementOptions {
  /** Origin host names that are not resource attributes (a custom domain's CNAME), by the zone they reach. */
  readonly originHosts?: Readonly<Record<string, ZoneId>>;
  /**
   * The tier table the zones are named from.
   * @default TOPOLOGY
   */
  readonly topology?: Topology;
}
