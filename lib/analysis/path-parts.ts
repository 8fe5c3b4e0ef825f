import { Endpoint, formatRule, Nacl, Placement, Protocol, Route, RuleRef, Subnet, ZoneId } from '../model';
import { ALL_ICMP_TYPES, ALL_PORTS, contains, formatAddressRange, Range, RangeSet, subtract } from '../model/ranges';

/** The pieces a reachability verdict is made of: segments of allowed ports, denials, the sides of a flow, one NACL's decision. */

/** Ports a client picks for its side of a connection: Linux, ALB, NAT gateway, Lambda all fall inside. */
export const EPHEMERAL: Range = { from: 1024, to: 65535 };

export interface Segment {
  readonly range: Range;
  readonly rules: readonly RuleRef[];
}

export interface Denial {
  readonly range: Range;
  /** How far the traffic got: used to pick the most telling reason among several addresses. */
  readonly stage: number;
  /** Built only when asked: most denials are never shown. */
  readonly reason: () => string;
}

export interface PathResult {
  readonly allowed: readonly Segment[];
  readonly denials: readonly Denial[];
}

/** One end of a flow: a resource in one subnet, or an address range outside the VPC. */
export interface Side {
  readonly zone: ZoneId;
  readonly label: string;
  /** Address pieces, each entirely inside or outside every CIDR a rule or route names. */
  readonly atoms: readonly Range[];
  readonly inside?: { readonly endpoint: Endpoint; readonly placement: Placement };
  /** An outside side that is CloudFront: CloudFront prefix lists match it. */
  readonly cloudFront: boolean;
}

export function fullRange(protocol: Protocol): Range {
  return protocol === 'icmp' ? ALL_ICMP_TYPES : ALL_PORTS;
}

/** First match wins, by rule number; what no entry matches is denied. */
export function naclDecision(
  nacl: Nacl,
  egress: boolean,
  peerAtom: Range,
  protocol: Protocol,
  ports: Range,
): { allowed: Segment[]; denied: { range: Range; rule: RuleRef }[] } {
  let undecided: RangeSet = [ports];
  const allowed: Segment[] = [];
  const denied: { range: Range; rule: RuleRef }[] = [];
  for (const entry of nacl.entries) {
    if (undecided.length === 0) break;
    if (entry.egress !== egress || !contains(entry.cidr, peerAtom)) continue;
    if (entry.protocol !== undefined && entry.protocol !== protocol) continue;
    const covered = entry.protocol === undefined ? fullRange(protocol) : entry.ports;
    const hit = subtract(undecided, subtract(undecided, [covered]));
    for (const range of hit) {
      if (entry.allow) allowed.push({ range, rules: [entry.rule] });
      else denied.push({ range, rule: entry.rule });
    }
    undecided = subtract(undecided, [covered]);
  }
  for (const range of undecided) denied.push({ range, rule: nacl.defaultDeny });
  return { allowed, denied: denied.sort((a, b) => a.range.from - b.range.from) };
}

export function routeProblem(subnet: Subnet, atom: Range, route: Route | undefined): string {
  const where = `route table of ${subnet.key}`;
  if (!route) return `${where} has no route to ${formatAddressRange(atom)}`;
  return `${where} sends ${formatAddressRange(atom)} to ${route.rule.text} (${formatRule(route.rule)})`;
}
