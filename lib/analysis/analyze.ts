import { Assembly, buildModel, loadAssembly, Protocol, PROTOCOLS, ruleKey, ZoneId } from '../model';
import { ALL_IPV4, contains, normalize, parseCidr, Range, subtract } from '../model/ranges';
import { balancerZone, TOPOLOGY } from '../shared/topology';
import { Evaluator, Segment, Side } from './reachability';
import { Analysis, AnalysisOptions, IsolationFinding } from './types';
import { clip, compareFlows, compareInventory, mergeSegments, originSides, verdictOf } from './verdicts';

/**
 * Who can reach whom, computed from the cloud assembly alone, and how it compares with the
 * design table: flows the templates allow that the table does not list, table rows the
 * templates block, and routes out of the VPC from zones that must be isolated.
 */

export type { AnalysisOptions, Analysis, Flow, IntendedVerdict, InventoryFinding, IsolationFinding, ZoneSummary } from './types';

/**
 * Special-purpose ranges no internet host has (RFC 6890): "this network", loopback, link-local,
 * multicast, reserved and broadcast. CDK's "disallow all traffic" egress rule targets
 * 255.255.255.255/32 precisely because nothing answers there.
 */
const NEVER_ROUTED = ['0.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '224.0.0.0/4', '240.0.0.0/4'].map(
  (cidr) => parseCidr(cidr) as Range,
);

/** From the edge inwards: each tier of the table after its load balancer, then the database side and the bastions. */
export const ZONE_ORDER: readonly ZoneId[] = [
  'internet',
  'corporate',
  'cloudfront',
  ...TOPOLOGY.flatMap((tier) => [balancerZone(tier), tier.name]),
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
  const model = buildModel(assembly, {
    parameterValues: options.parameters,
    prefixLists: options.prefixLists,
    originHosts: options.originHosts,
    topology: options.topology,
  });
  const { network, placements } = model;
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
