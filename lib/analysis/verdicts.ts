import {
  DistributionReach,
  Endpoint,
  formatRule,
  OriginPath,
  Placements,
  Protocol,
  RULE_KINDS,
  ruleKey,
  RuleRef,
  Subnet,
  ZoneId,
} from '../model';
import { ExpectedInventory, IntendedFlow } from './intended';
import { normalize, overlaps, Range, subtract } from '../model/ranges';
import { Evaluator, PathResult, Segment, Side } from './reachability';
import { Flow, IntendedVerdict, InventoryFinding } from './types';
import { compareZones } from './analyze';

/** The analysis' building blocks: the inventory check, per-pair verdicts against the design table, flow merging. */

export function compareInventory(
  placements: Placements,
  subnets: Iterable<Subnet>,
  expected: ExpectedInventory,
): InventoryFinding[] {
  const findings: InventoryFinding[] = [];
  const designed = (zone: ZoneId) => expected.subnetGroups[zone] !== undefined;
  for (const endpoint of placements.endpoints.filter((candidate) => designed(candidate.zone))) {
    const group = expected.subnetGroups[endpoint.zone];
    for (const placement of endpoint.placements) {
      if (placement.subnet.group === undefined || placement.subnet.group === group) continue;
      findings.push({
        zone: endpoint.zone,
        resources: [endpoint.name],
        problem: `sits in ${placement.subnet.key} (subnet group ${placement.subnet.group}); the config places the ${endpoint.zone} zone in the ${group} subnets`,
      });
    }
    if (endpoint.groups.length > 1) {
      findings.push({
        zone: endpoint.zone,
        resources: [endpoint.name],
        problem: `wears ${endpoint.groups.length} security groups (${endpoint.groups.map((item) => item.key).join(', ')}); the design gives each zone one group`,
      });
    }
  }
  const wearers = new Map<string, Endpoint[]>();
  for (const endpoint of placements.endpoints) {
    for (const group of endpoint.groups) wearers.set(group.key, [...(wearers.get(group.key) ?? []), endpoint]);
  }
  for (const [group, endpoints] of wearers) {
    const zones = [...new Set(endpoints.map((endpoint) => endpoint.zone))].sort(compareZones);
    if (zones.length < 2 || !zones.some(designed)) continue;
    findings.push({
      zone: zones.find(designed) as ZoneId,
      resources: endpoints.map((endpoint) => endpoint.name).sort(),
      problem: `security group ${group} is worn by the ${zones.join(', ')} zones; the design gives each zone its own group`,
    });
  }

  const bastionGroup = expected.subnetGroups.bastion;
  if (bastionGroup !== undefined) {
    const bastions = placements.endpoints.filter((endpoint) => endpoint.zone === 'bastion');
    for (const subnet of [...subnets].filter((candidate) => candidate.group === bastionGroup)) {
      const here = bastions.filter((endpoint) => endpoint.placements.some((placement) => placement.subnet.key === subnet.key));
      if (here.length === 1) continue;
      findings.push({
        zone: 'bastion',
        resources: here.length === 0 ? [subnet.key] : here.map((endpoint) => endpoint.name).sort(),
        problem:
          here.length === 0
            ? `no bastion instance in ${subnet.key}; the config implies one per AZ, in each ${bastionGroup} subnet`
            : `${here.length} bastion instances in ${subnet.key}; the config implies one per AZ`,
      });
    }
  }
  return findings;
}

export function originSides(targets: readonly Endpoint[], evaluator: Evaluator): Side[] {
  return targets.flatMap((endpoint) => endpoint.placements.map((placement) => evaluator.insideSide(endpoint, placement)));
}

export function verdictOf(
  flow: IntendedFlow,
  sides: ReadonlyMap<ZoneId, Side[]>,
  distributions: readonly DistributionReach[],
  cloudFrontSide: Side,
  evaluator: Evaluator,
): IntendedVerdict {
  const probe = { from: flow.port, to: flow.port };
  if (flow.from === 'internet' && flow.to === 'cloudfront') {
    const rules = distributions.flatMap((distribution) =>
      distribution.viewer.filter((access) => access.port === flow.port).map((access) => access.rule),
    );
    return {
      flow,
      allowed: rules.length > 0,
      rules: uniqueRules(rules),
      reasons: rules.length > 0 ? [] : [`no enabled CloudFront distribution serves viewers on ${flow.protocol} ${flow.port}`],
    };
  }
  const pairs: { src: Side; dst: Side; start?: Segment[]; via?: OriginPath }[] = [];
  if (flow.from === 'cloudfront') {
    for (const distribution of distributions) {
      for (const origin of distribution.origins.filter((candidate) => candidate.ports.includes(flow.port))) {
        for (const dst of originSides(
          origin.targets.filter((endpoint) => endpoint.zone === flow.to),
          evaluator,
        )) {
          pairs.push({ src: cloudFrontSide, dst, start: [{ range: probe, rules: [origin.rule] }], via: origin.via });
        }
      }
    }
    if (pairs.length === 0) {
      return {
        flow,
        allowed: false,
        rules: [],
        reasons: [`no CloudFront origin reaches ${flow.to} on ${flow.protocol} ${flow.port}`],
      };
    }
  } else {
    const sources = sides.get(flow.from) ?? [];
    const destinations = sides.get(flow.to) ?? [];
    const missing = [flow.from, flow.to].filter((zone) => (sides.get(zone) ?? []).length === 0);
    if (missing.length > 0) {
      return { flow, allowed: false, rules: [], reasons: [`no resource of zone ${missing.join(', ')} in the assembly`] };
    }
    for (const src of sources) for (const dst of destinations) if (src.inside || dst.inside) pairs.push({ src, dst });
  }

  const rules: RuleRef[] = [];
  const reasons: string[] = [];
  for (const { src, dst, start, via } of pairs) {
    const outcome = probePair(src, dst, flow.protocol, start ?? [{ range: probe, rules: [] }], evaluator, via);
    if (outcome.allowed) rules.push(...outcome.rules);
    else reasons.push(`${src.label} -> ${dst.label}: ${outcome.reason}`);
  }
  return {
    flow,
    allowed: reasons.length === 0,
    rules: reasons.length === 0 ? uniqueRules(rules) : [],
    reasons: [...new Set(reasons)],
  };
}

/**
 * A resource in a subnet must pass from every address of its subnet; an outside range from at
 * least one of its addresses (the internet is not expected to reach a port from everywhere).
 */
export function probePair(
  src: Side,
  dst: Side,
  protocol: Protocol,
  start: Segment[],
  evaluator: Evaluator,
  via?: OriginPath,
): { allowed: true; rules: RuleRef[] } | { allowed: false; reason: string } {
  const rules: RuleRef[] = [];
  const failures: PathResult[] = [];
  const passes = (results: PathResult[], every: boolean) => (every ? results.every(isAllowed) : results.some(isAllowed));
  const perSource = src.atoms.map((srcAtom) => {
    const results = dst.atoms.map((dstAtom) => evaluator.path(src, srcAtom, dst, dstAtom, protocol, start, via));
    const ok = passes(results, dst.inside !== undefined);
    for (const result of results) {
      if (isAllowed(result)) rules.push(...result.allowed.flatMap((segment) => segment.rules));
      else failures.push(result);
    }
    return ok;
  });
  const ok = src.inside ? perSource.every(Boolean) : perSource.some(Boolean);
  if (ok) return { allowed: true, rules };
  const deepest = failures.flatMap((result) => result.denials).sort((a, b) => b.stage - a.stage)[0];
  return { allowed: false, reason: deepest?.reason() ?? 'blocked' };
}

export function isAllowed(result: PathResult): boolean {
  return result.allowed.length > 0;
}

export function clip(segments: readonly Segment[], remove: readonly Range[]): Segment[] {
  return segments.flatMap((segment) => subtract([segment.range], remove).map((range) => ({ range, rules: segment.rules })));
}

export function mergeSegments(from: ZoneId, to: ZoneId, protocol: Protocol, segments: readonly Segment[]): Flow[] {
  return normalize(segments.map((segment) => segment.range)).map((ports) => ({
    from,
    to,
    protocol,
    ports,
    rules: uniqueRules(segments.filter((segment) => overlaps(segment.range, ports)).flatMap((segment) => segment.rules)),
  }));
}

export function uniqueRules(rules: readonly RuleRef[]): RuleRef[] {
  const byKey = new Map<string, RuleRef>();
  for (const rule of rules) byKey.set(ruleKey(rule), rule);
  return [...byKey.values()].sort(
    (a, b) => RULE_KINDS.indexOf(a.kind) - RULE_KINDS.indexOf(b.kind) || formatRule(a).localeCompare(formatRule(b)),
  );
}

export function compareFlows(a: Flow, b: Flow): number {
  return (
    compareZones(a.from, b.from) ||
    compareZones(a.to, b.to) ||
    a.protocol.localeCompare(b.protocol) ||
    a.ports.from - b.ports.from
  );
}
