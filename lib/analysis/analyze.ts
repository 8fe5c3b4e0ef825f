import {
  Assembly,
  buildNetworkModel,
  formatRule,
  loadAssembly,
  ParameterValues,
  PrefixListDescriptions,
  Protocol,
  PROTOCOLS,
  Resolver,
  ResourceIndex,
  RULE_KINDS,
  ruleKey,
  RuleRef,
  Subnet,
  UncheckedRule,
} from '../model';
import { ExpectedInventory, IntendedFlow, IntendedTable } from './intended';
import { DistributionReach, Endpoint, findPlacements, OriginPath, Placements, ZoneId } from '../model';
import { ALL_IPV4, contains, normalize, overlaps, parseCidr, Range, subtract } from '../model/ranges';
import { Evaluator, PathResult, Segment, Side } from './reachability';

/**
 * Who can reach whom, computed from the cloud assembly alone, and how it compares with the
 * design table: flows the templates allow that the table does not list, table rows the
 * templates block, and routes out of the VPC from zones that must be isolated.
 */

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

/**
 * Special-purpose ranges no internet host has (RFC 6890): "this network", loopback, link-local,
 * multicast, reserved and broadcast. CDK's "disallow all traffic" egress rule targets
 * 255.255.255.255/32 precisely because nothing answers there.
 */
const NEVER_ROUTED = ['0.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '224.0.0.0/4', '240.0.0.0/4'].map(
  (cidr) => parseCidr(cidr) as Range,
);

export const ZONE_ORDER: readonly ZoneId[] = [
  'internet',
  'corporate',
  'cloudfront',
  'webAlb',
  'web',
  'internalAlb',
  'app',
  'rotation',
  'database',
  'cache',
  'bastion',
];

export function compareZones(a: ZoneId, b: ZoneId): number {
  const rank = (zone: ZoneId) => (ZONE_ORDER.includes(zone) ? ZONE_ORDER.indexOf(zone) : ZONE_ORDER.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}

export function analyzeDirectory(directory: string, options: AnalysisOptions): Analysis {
  return analyze(loadAssembly(directory), options);
}

export function analyze(assembly: Assembly, options: AnalysisOptions): Analysis {
  const index = new ResourceIndex(new Resolver(assembly, options.parameters));
  const network = buildNetworkModel(index, options.prefixLists);
  const placements = findPlacements(index, network, { originHosts: options.originHosts });
  const evaluator = new Evaluator(network);

  const corporate = options.corporateCidrs.map((cidr) => {
    const range = parseCidr(cidr);
    if (!range) throw new Error(`corporate CIDR ${cidr} is not an IPv4 CIDR`);
    return { cidr, range };
  });
  const corporateRanges = corporate.map((item) => item.range);
  const vpcRanges = [...network.vpcs.values()].flatMap((vpc) => vpc.cidrs);
  // The internet: every routable address outside the VPCs and the corporate ranges (those are their own zone).
  const internetAtoms = evaluator.atomsOf(subtract([ALL_IPV4], normalize([...vpcRanges, ...corporateRanges, ...NEVER_ROUTED])), [
    ...corporateRanges,
    ...NEVER_ROUTED,
  ]);
  const sides = new Map<ZoneId, Side[]>();
  const addSide = (side: Side) => sides.set(side.zone, [...(sides.get(side.zone) ?? []), side]);
  addSide({ zone: 'internet', label: 'the internet', atoms: internetAtoms, cloudFront: false });
  for (const { cidr, range } of corporate) {
    addSide({
      zone: 'corporate',
      label: `corporate ${cidr}`,
      atoms: evaluator.atomsOf([range], corporateRanges),
      cloudFront: false,
    });
  }
  for (const endpoint of placements.endpoints) {
    for (const placement of endpoint.placements) addSide(evaluator.insideSide(endpoint, placement));
  }
  const cloudFrontSide: Side = { zone: 'cloudfront', label: 'CloudFront', atoms: internetAtoms, cloudFront: true };

  // Every pair of ends, every protocol: what passes.
  const buckets = new Map<string, { from: ZoneId; to: ZoneId; protocol: Protocol; segments: Segment[] }>();
  const collect = (from: ZoneId, to: ZoneId, protocol: Protocol, segments: readonly Segment[]) => {
    if (segments.length === 0) return;
    const key = `${from}\u0000${to}\u0000${protocol}`;
    const bucket = buckets.get(key) ?? { from, to, protocol, segments: [] };
    bucket.segments.push(...segments);
    buckets.set(key, bucket);
  };
  const allSides = [...sides.values()].flat();
  for (const src of allSides) {
    for (const dst of allSides) {
      if (!src.inside && !dst.inside) continue;
      for (const protocol of PROTOCOLS) {
        if (!evaluator.mayPass(src, dst, protocol)) continue;
        for (const srcAtom of src.atoms) {
          for (const dstAtom of dst.atoms)
            collect(src.zone, dst.zone, protocol, evaluator.path(src, srcAtom, dst, dstAtom, protocol).allowed);
        }
      }
    }
  }
  for (const distribution of placements.distributions) {
    collect(
      'internet',
      'cloudfront',
      'tcp',
      distribution.viewer.map((access) => ({ range: { from: access.port, to: access.port }, rules: [access.rule] })),
    );
    for (const origin of distribution.origins) {
      const start = origin.ports.map((port) => ({ range: { from: port, to: port }, rules: [origin.rule] }));
      for (const dst of originSides(origin.targets, evaluator)) {
        for (const srcAtom of cloudFrontSide.atoms) {
          for (const dstAtom of dst.atoms)
            collect(
              'cloudfront',
              dst.zone,
              'tcp',
              evaluator.path(cloudFrontSide, srcAtom, dst, dstAtom, 'tcp', start, origin.via).allowed,
            );
        }
      }
    }
  }

  // Corporate ranges are part of the internet: report only what they get, or are reached on, beyond it.
  const bucketList = [...buckets.values()].map((bucket) => {
    if (bucket.from !== 'corporate' && bucket.to !== 'corporate') return bucket;
    const from = bucket.from === 'corporate' ? 'internet' : bucket.from;
    const to = bucket.to === 'corporate' ? 'internet' : bucket.to;
    const internet = buckets.get(`${from}\u0000${to}\u0000${bucket.protocol}`);
    const internetRanges = normalize(internet?.segments.map((segment) => segment.range) ?? []);
    return { ...bucket, segments: clip(bucket.segments, internetRanges) };
  });
  const flows = bucketList
    .flatMap((bucket) => mergeSegments(bucket.from, bucket.to, bucket.protocol, bucket.segments))
    .sort(compareFlows);

  // Flows the table does not list.
  const unexpected = bucketList
    .flatMap((bucket) => {
      const intended = normalize(
        options.intended.flows
          .filter((flow) => flow.from === bucket.from && flow.to === bucket.to && flow.protocol === bucket.protocol)
          .map((flow) => ({ from: flow.port, to: flow.port })),
      );
      return mergeSegments(bucket.from, bucket.to, bucket.protocol, clip(bucket.segments, intended));
    })
    .sort(compareFlows);

  // Rows of the table the templates block.
  const intended = options.intended.flows.map((flow) =>
    verdictOf(flow, sides, placements.distributions, cloudFrontSide, evaluator),
  );

  // Routes out of the VPC from zones that must stay isolated.
  const isolation: IsolationFinding[] = [];
  const seen = new Set<string>();
  for (const endpoint of placements.endpoints.filter((candidate) => options.intended.isolatedZones.includes(candidate.zone))) {
    for (const placement of endpoint.placements) {
      const vpc = network.vpcs.get(placement.subnet.vpcKey);
      for (const route of placement.subnet.routeTable.routes) {
        if (route.target.kind === 'local' || vpc?.cidrs.some((range) => contains(range, route.destination))) continue;
        const key = `${endpoint.key}\u0000${placement.subnet.key}\u0000${ruleKey(route.rule)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        isolation.push({ zone: endpoint.zone, resource: endpoint.name, subnet: placement.subnet.key, rule: route.rule });
      }
    }
  }

  const inventory = options.expected ? compareInventory(placements, network.subnets.values(), options.expected) : [];

  const zones = [...new Set<ZoneId>([...ZONE_ORDER, ...placements.endpoints.map((endpoint) => endpoint.zone)])]
    .sort(compareZones)
    .map((zone) => ({
      zone,
      resources: [
        ...placements.endpoints
          .filter((endpoint) => endpoint.zone === zone)
          .map((endpoint) => ({
            name: endpoint.name,
            kind: endpoint.kind,
            subnets: endpoint.placements.map((placement) => placement.subnet.key),
          })),
        ...(zone === 'cloudfront'
          ? placements.distributions.map((distribution) => ({
              name: distribution.name,
              kind: 'CloudFront distribution',
              subnets: [],
            }))
          : []),
      ],
    }));

  return {
    zones,
    flows,
    intended,
    unexpected,
    isolation,
    inventory,
    unchecked: network.unchecked,
    notes: [...new Set([...network.notes, ...placements.notes])].sort(),
    ok:
      unexpected.length === 0 &&
      isolation.length === 0 &&
      inventory.length === 0 &&
      network.unchecked.length === 0 &&
      intended.every((verdict) => verdict.allowed),
  };
}

/**
 * The resources of each zone against what the config implies: every zone in its subnet group,
 * one security group per zone and resource (a second group brings rules of another zone, a
 * shared group makes one zone's rules another's), one bastion in each subnet of the bastion
 * group (one per AZ). A resource is zoned by what it is, so an extra instance wearing the
 * bastion group is a bastion here, and is reported as one too many.
 */
function compareInventory(placements: Placements, subnets: Iterable<Subnet>, expected: ExpectedInventory): InventoryFinding[] {
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

function originSides(targets: readonly Endpoint[], evaluator: Evaluator): Side[] {
  return targets.flatMap((endpoint) => endpoint.placements.map((placement) => evaluator.insideSide(endpoint, placement)));
}

function verdictOf(
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
function probePair(
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

function isAllowed(result: PathResult): boolean {
  return result.allowed.length > 0;
}

function clip(segments: readonly Segment[], remove: readonly Range[]): Segment[] {
  return segments.flatMap((segment) => subtract([segment.range], remove).map((range) => ({ range, rules: segment.rules })));
}

function mergeSegments(from: ZoneId, to: ZoneId, protocol: Protocol, segments: readonly Segment[]): Flow[] {
  return normalize(segments.map((segment) => segment.range)).map((ports) => ({
    from,
    to,
    protocol,
    ports,
    rules: uniqueRules(segments.filter((segment) => overlaps(segment.range, ports)).flatMap((segment) => segment.rules)),
  }));
}

function uniqueRules(rules: readonly RuleRef[]): RuleRef[] {
  const byKey = new Map<string, RuleRef>();
  for (const rule of rules) byKey.set(ruleKey(rule), rule);
  return [...byKey.values()].sort(
    (a, b) => RULE_KINDS.indexOf(a.kind) - RULE_KINDS.indexOf(b.kind) || formatRule(a).localeCompare(formatRule(b)),
  );
}

function compareFlows(a: Flow, b: Flow): number {
  return (
    compareZones(a.from, b.from) ||
    compareZones(a.to, b.to) ||
    a.protocol.localeCompare(b.protocol) ||
    a.ports.from - b.ports.from
  );
}
