import { Range } from './ranges';

/**
 * The network as the templates declare it: VPCs, subnets and their route tables and NACLs,
 * security groups with every rule (inline, separate, and the implicit default egress rule),
 * prefix lists. Every rule keeps a reference to where it is declared so a verdict can name it.
 */

export type Protocol = 'tcp' | 'udp' | 'icmp';
export const PROTOCOLS: readonly Protocol[] = ['tcp', 'udp', 'icmp'];

export type RuleKind = 'security-group' | 'network-acl' | 'route' | 'distribution';
export const RULE_KINDS: readonly RuleKind[] = ['security-group', 'network-acl', 'route', 'distribution'];

/** Where a rule (or an implicit default) is declared. */
export interface RuleRef {
  readonly kind: RuleKind;
  readonly stack: string;
  readonly logicalId: string;
  /** Which entry of the resource, when it holds several (e.g. `SecurityGroupIngress[0]`, `rule 100`). */
  readonly entry?: string;
  /** What the rule says, e.g. `ingress tcp 80 from 0.0.0.0/0`. */
  readonly text: string;
}

export function formatRule(rule: RuleRef): string {
  return `${rule.stack}/${rule.logicalId}${rule.entry ? ` ${rule.entry}` : ''} (${rule.text})`;
}

export function ruleKey(rule: RuleRef): string {
  return `${rule.stack}\u0000${rule.logicalId}\u0000${rule.entry ?? ''}\u0000${rule.text}`;
}

export interface Vpc {
  readonly key: string;
  readonly cidrs: readonly Range[];
  readonly hasInternetGateway: boolean;
}

export type RouteTarget =
  | { readonly kind: 'local' }
  | { readonly kind: 'internet-gateway'; readonly id: string }
  | { readonly kind: 'nat-gateway'; readonly nat: NatGateway }
  | { readonly kind: 'other'; readonly description: string };

export interface Route {
  readonly destination: Range;
  readonly target: RouteTarget;
  readonly rule: RuleRef;
}

export interface RouteTable {
  readonly key: string;
  readonly routes: readonly Route[];
}

export interface NatGateway {
  readonly key: string;
  readonly subnetKey: string;
  readonly public: boolean;
}

export interface NaclEntry {
  readonly ruleNumber: number;
  readonly egress: boolean;
  readonly allow: boolean;
  readonly cidr: Range;
  /** undefined: every protocol. */
  readonly protocol?: Protocol;
  /** Ports for tcp/udp, ICMP types for icmp, everything for all protocols. */
  readonly ports: Range;
  readonly rule: RuleRef;
}

export interface Nacl {
  readonly key: string;
  /** Sorted by rule number: the first match decides. */
  readonly entries: readonly NaclEntry[];
  /** The rule that denies what no entry matches. */
  readonly defaultDeny: RuleRef;
}

export interface Subnet {
  readonly key: string;
  readonly stack: string;
  readonly logicalId: string;
  readonly vpcKey: string;
  readonly cidr: Range;
  readonly mapPublicIpOnLaunch: boolean;
  /** The subnet group CDK names in the aws-cdk:subnet-name tag (`web`, `data`, ...), when there is one. */
  readonly group?: string;
  /**
   * Its AZ: the name when the template pins it, else its position in the region's AZ list
   * (`AZ 2` for `Fn::Select [1, Fn::GetAZs]`, what environment-agnostic stacks synthesize), `AZ ?` otherwise.
   */
  readonly az: string;
  readonly routeTable: RouteTable;
  readonly nacl: Nacl;
}

export type Peer =
  | { readonly kind: 'cidr'; readonly range: Range }
  | { readonly kind: 'group'; readonly key: string }
  | { readonly kind: 'prefix-list'; readonly list: PrefixList };

export interface SgRule {
  /** undefined: every protocol. */
  readonly protocol?: Protocol;
  readonly ports: Range;
  readonly peer: Peer;
  readonly rule: RuleRef;
}

export interface SecurityGroup {
  readonly key: string;
  readonly ingress: readonly SgRule[];
  readonly egress: readonly SgRule[];
}

export interface PrefixList {
  readonly id: string;
  readonly cidrs: readonly Range[];
  /** The CloudFront origin-facing list: it matches CloudFront, not the rest of the internet. */
  readonly cloudFront: boolean;
  /** Neither declared in the assembly nor described by the caller: treated as any address outside the VPC. */
  readonly unknown: boolean;
}

/** How the caller describes prefix lists that the templates only name by id (e.g. AWS-managed ones). */
export type PrefixListDescriptions = Readonly<Record<string, 'cloudfront' | readonly string[]>>;

export interface NetworkModel {
  readonly vpcs: ReadonlyMap<string, Vpc>;
  readonly subnets: ReadonlyMap<string, Subnet>;
  readonly groups: ReadonlyMap<string, SecurityGroup>;
  readonly prefixLists: ReadonlyMap<string, PrefixList>;
  /** Every CIDR a rule or route mentions: where address sets must be split to evaluate rules exactly. */
  readonly cidrs: readonly Range[];
  /** Security-group rules whose peer the analysis cannot turn into IPv4 addresses: what they admit is unknown. */
  readonly unchecked: readonly UncheckedRule[];
  readonly notes: readonly string[];
}

export interface UncheckedRule {
  readonly rule: RuleRef;
  readonly reason: string;
}
