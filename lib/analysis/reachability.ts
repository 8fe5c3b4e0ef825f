import {
  describeTraffic,
  Endpoint,
  formatRule,
  NetworkModel,
  OriginPath,
  Peer,
  Placement,
  Protocol,
  Route,
  RouteTable,
  RuleRef,
  Subnet,
} from '../model';
import { Denial, EPHEMERAL, fullRange, naclDecision, PathResult, routeProblem, Segment, Side } from './path-parts';
import {
  contains,
  cutPointsOf,
  formatAddressRange,
  normalize,
  overlaps,
  Range,
  RangeSet,
  splitAt,
  subtract,
} from '../model/ranges';

export type { PathResult, Segment, Side } from './path-parts';

/**
 * Whether traffic from one address to another may pass, port by port: both security groups
 * (stateful), the NACLs of both subnets (stateless: for TCP the reply to the client's ephemeral
 * port must pass too, while UDP and ICMP deliver in one direction and need no reply, so a
 * datagram the forward direction lets through is reachability even when nothing can answer),
 * the routes (local inside the VPC; to the internet
 * through an internet gateway with a public address, or through a NAT gateway whose own
 * subnet's NACL and route let the hop through), or, for CloudFront through a VPC origin, the
 * interfaces CloudFront places in the origin's subnets (no public address or route needed).
 * Every allowed port range carries the rules that allow it; every denied one the first rule or
 * default that stops it.
 */

export class Evaluator {
  private readonly cutPoints: number[];

  constructor(private readonly network: NetworkModel) {
    this.cutPoints = cutPointsOf(network.cidrs);
  }

  atomsOf(set: RangeSet, extraCuts: readonly Range[] = []): Range[] {
    const points = extraCuts.length === 0 ? this.cutPoints : cutPointsOf([...this.network.cidrs, ...extraCuts]);
    return splitAt(set, points);
  }

  insideSide(endpoint: Endpoint, placement: Placement): Side {
    return {
      zone: endpoint.zone,
      label: `${endpoint.name} in ${placement.subnet.key}`,
      atoms: this.atomsOf([placement.subnet.cidr]),
      inside: { endpoint, placement },
      cloudFront: false,
    };
  }

  /**
   * Traffic from `srcAtom` of `src` to `dstAtom` of `dst`, starting from the ports in `start`;
   * `via: 'vpc-origin'` when CloudFront delivers it through a VPC origin.
   */
  path(
    src: Side,
    srcAtom: Range,
    dst: Side,
    dstAtom: Range,
    protocol: Protocol,
    start?: readonly Segment[],
    via: OriginPath = 'internet',
  ): PathResult {
    const run = new PathRun(start ?? [{ range: fullRange(protocol), rules: [] }], protocol);
    const from = src.inside;
    const to = dst.inside;
    // A TCP connection needs its reply; a UDP datagram or an ICMP message is delivered without one.
    const needsReply = protocol === 'tcp';
    const traffic = (ports: string) => `${protocol} ${ports}`;

    if (from && to) {
      const sameVpc = from.placement.subnet.vpcKey === to.placement.subnet.vpcKey;
      if (!run.gate(sameVpc, () => `${src.label} and ${dst.label} are in different VPCs (peering and transit are not analysed)`))
        return run.result();
      this.securityGroups(run, src, dstAtom, dst, 'egress');
      this.securityGroups(run, dst, srcAtom, src, 'ingress');
      const out = this.route(from.placement.subnet.routeTable, dstAtom);
      const back = this.route(to.placement.subnet.routeTable, srcAtom);
      run.gate(out?.target.kind === 'local', () => routeProblem(from.placement.subnet, dstAtom, out), out?.rule);
      if (needsReply) run.gate(back?.target.kind === 'local', () => routeProblem(to.placement.subnet, srcAtom, back), back?.rule);
      if (from.placement.subnet.key !== to.placement.subnet.key) {
        this.nacl(run, from.placement.subnet, true, dstAtom, `NACL of ${from.placement.subnet.key} (out)`);
        this.nacl(run, to.placement.subnet, false, srcAtom, `NACL of ${to.placement.subnet.key} (in)`);
        if (needsReply) {
          this.naclReturn(run, to.placement.subnet, true, srcAtom, traffic, `reply from ${to.placement.subnet.key}`);
          this.naclReturn(run, from.placement.subnet, false, dstAtom, traffic, `reply into ${from.placement.subnet.key}`);
        }
      }
      return run.result();
    }

    if (from) {
      // Leaving the VPC.
      const subnet = from.placement.subnet;
      this.securityGroups(run, src, dstAtom, dst, 'egress');
      const route = this.route(subnet.routeTable, dstAtom);
      if (route?.target.kind === 'internet-gateway') {
        run.gate(
          from.placement.publicIp,
          () => `${src.label} has no public IP address, so ${formatRule(route.rule)} cannot carry its traffic`,
          route.rule,
        );
        this.nacl(run, subnet, true, dstAtom, `NACL of ${subnet.key} (out)`);
        if (needsReply) this.naclReturn(run, subnet, false, dstAtom, traffic, `reply into ${subnet.key}`);
        return run.result();
      }
      if (route?.target.kind === 'nat-gateway') {
        const nat = route.target.nat;
        const natSubnet = this.network.subnets.get(nat.subnetKey);
        if (
          !run.gate(
            natSubnet !== undefined && nat.public,
            () => `${formatRule(route.rule)}: the NAT gateway is private or not in a subnet of the assembly`,
            route.rule,
          )
        ) {
          return run.result();
        }
        const hop = natSubnet as Subnet;
        const onward = this.route(hop.routeTable, dstAtom);
        run.gate(
          onward?.target.kind === 'internet-gateway',
          () =>
            `${formatRule(route.rule)}, but the NAT gateway's subnet ${hop.key} ${onward ? `sends it to ${onward.rule.text} (${formatRule(onward.rule)})` : 'has no route for it'}`,
          route.rule,
        );
        if (onward) run.note(onward.rule);
        if (hop.key !== subnet.key) {
          this.nacl(run, subnet, true, dstAtom, `NACL of ${subnet.key} (out to the NAT gateway)`);
          this.nacl(run, hop, false, srcAtom, `NACL of the NAT gateway's subnet ${hop.key} (in)`);
        }
        this.nacl(run, hop, true, dstAtom, `NACL of the NAT gateway's subnet ${hop.key} (out)`);
        if (needsReply) {
          this.naclReturn(run, hop, false, dstAtom, traffic, `reply into the NAT gateway's subnet ${hop.key}`);
          if (hop.key !== subnet.key) {
            this.naclReturn(run, hop, true, srcAtom, traffic, `reply from the NAT gateway's subnet ${hop.key}`);
            this.naclReturn(run, subnet, false, dstAtom, traffic, `reply into ${subnet.key}`);
          }
        }
        return run.result();
      }
      run.gate(false, () => routeProblem(subnet, dstAtom, route), route?.rule);
      return run.result();
    }

    if (to && via === 'vpc-origin') {
      // CloudFront's service-managed interfaces in the origin's subnets deliver the request, taken
      // as coming from CloudFront's origin-facing addresses (the prefix list AWS documents for it):
      // no public address or internet route is involved, but AWS requires an internet gateway on
      // the VPC. Which subnet an interface sits in is AWS's choice, so the NACL of the target's
      // subnet must admit the request and its reply.
      const subnet = to.placement.subnet;
      const vpc = this.network.vpcs.get(subnet.vpcKey);
      if (
        !run.gate(
          vpc?.hasInternetGateway === true,
          () => `${dst.label}: a CloudFront VPC origin needs an internet gateway attached to ${subnet.vpcKey}`,
        )
      )
        return run.result();
      this.nacl(run, subnet, false, srcAtom, `NACL of ${subnet.key} (in, from the VPC origin)`);
      if (needsReply) this.naclReturn(run, subnet, true, srcAtom, traffic, `reply from ${subnet.key} to the VPC origin`);
      this.securityGroups(run, dst, srcAtom, src, 'ingress');
      return run.result();
    }

    if (to) {
      // Entering the VPC: only a public address is reachable, and the reply needs a route back through an internet gateway.
      const subnet = to.placement.subnet;
      if (!run.gate(to.placement.publicIp, () => `${dst.label} has no public IP address`)) return run.result();
      const back = this.route(subnet.routeTable, srcAtom);
      run.gate(
        !needsReply || back?.target.kind === 'internet-gateway',
        () =>
          `the reply from ${dst.label} to ${formatAddressRange(srcAtom)} needs a route to an internet gateway; ${routeProblem(subnet, srcAtom, back)}`,
        back?.rule,
      );
      this.nacl(run, subnet, false, srcAtom, `NACL of ${subnet.key} (in)`);
      if (needsReply) this.naclReturn(run, subnet, true, srcAtom, traffic, `reply from ${subnet.key}`);
      this.securityGroups(run, dst, srcAtom, src, 'ingress');
      return run.result();
    }
    run.gate(false, () => 'both ends are outside the VPC');
    return run.result();
  }

  /** False when a security group of either end has no rule at all for `protocol`: nothing to evaluate. */
  mayPass(src: Side, dst: Side, protocol: Protocol): boolean {
    const has = (side: Side, direction: 'ingress' | 'egress') => {
      const endpoint = side.inside?.endpoint;
      if (!endpoint || !endpoint.filtered) return true;
      return endpoint.groups.some((group) =>
        group[direction].some((rule) => rule.protocol === undefined || rule.protocol === protocol),
      );
    };
    return has(src, 'egress') && has(dst, 'ingress');
  }

  /** The most specific route for an address (atoms never straddle a route's CIDR). */
  route(table: RouteTable, atom: Range): Route | undefined {
    let best: Route | undefined;
    for (const route of table.routes) {
      if (!contains(route.destination, atom)) continue;
      const size = route.destination.to - route.destination.from;
      const bestSize = best ? best.destination.to - best.destination.from : Infinity;
      if (size < bestSize || (size === bestSize && route.target.kind === 'local')) best = route;
    }
    return best;
  }

  private securityGroups(run: PathRun, self: Side, peerAtom: Range, peer: Side, direction: 'ingress' | 'egress'): void {
    const endpoint = self.inside?.endpoint;
    if (!endpoint || run.done()) return;
    if (!endpoint.filtered) return;
    const segments: Segment[] = [];
    for (const group of endpoint.groups) {
      for (const rule of direction === 'ingress' ? group.ingress : group.egress) {
        if (rule.protocol !== undefined && rule.protocol !== run.protocol) continue;
        if (!this.peerMatches(rule.peer, peerAtom, peer)) continue;
        segments.push({ range: rule.protocol === undefined ? fullRange(run.protocol) : rule.ports, rules: [rule.rule] });
      }
    }
    const groups = endpoint.groups.map((group) => group.key).join(', ') || 'none';
    run.apply(segments, (range) =>
      direction === 'egress'
        ? `no egress rule of ${endpoint.name}'s security groups (${groups}) allows ${describeTraffic(run.protocol, range)} to ${peer.zone} (${formatAddressRange(peerAtom)})`
        : `no ingress rule of ${endpoint.name}'s security groups (${groups}) allows ${describeTraffic(run.protocol, range)} from ${peer.zone} (${formatAddressRange(peerAtom)})`,
    );
  }

  private peerMatches(peer: Peer, atom: Range, side: Side): boolean {
    switch (peer.kind) {
      case 'cidr':
        return contains(peer.range, atom);
      case 'group':
        return side.inside?.endpoint.groups.some((group) => group.key === peer.key) ?? false;
      case 'prefix-list':
        if (peer.list.cloudFront) return side.cloudFront;
        if (peer.list.unknown) return side.inside === undefined;
        return peer.list.cidrs.some((range) => contains(range, atom));
    }
  }

  private nacl(run: PathRun, subnet: Subnet, egress: boolean, peerAtom: Range, where: string): void {
    if (run.done()) return;
    const decision = naclDecision(subnet.nacl, egress, peerAtom, run.protocol, fullRange(run.protocol));
    run.apply(decision.allowed, (range) => {
      const stop = decision.denied.find((denied) => overlaps(denied.range, range)) ?? decision.denied[0];
      return `${where}: ${describeTraffic(run.protocol, range)} ${egress ? 'to' : 'from'} ${formatAddressRange(peerAtom)} stopped by ${formatRule(stop.rule)}`;
    });
  }

  /**
   * The reply goes to the client's ephemeral port: the whole range must pass, or connections fail
   * at random. Single ports an explicit deny entry takes out of the range are the exception: a
   * NACL that admits replies from outside the VPC denies well-known service ports first on
   * purpose (a client that picked one retries), while a range left to the default deny, or
   * denied as a range, is a missing return rule.
   */
  private naclReturn(
    run: PathRun,
    subnet: Subnet,
    egress: boolean,
    peerAtom: Range,
    traffic: (ports: string) => string,
    where: string,
  ): void {
    if (run.done()) return;
    const decision = naclDecision(subnet.nacl, egress, peerAtom, run.protocol, EPHEMERAL);
    const blocked = decision.denied.find(
      (denied) => denied.rule === subnet.nacl.defaultDeny || denied.range.from !== denied.range.to,
    );
    run.gate(
      blocked === undefined,
      () =>
        `${where}: ${traffic(`${EPHEMERAL.from}-${EPHEMERAL.to}`)} (return traffic to the client's ephemeral ports) ${egress ? 'to' : 'from'} ${formatAddressRange(peerAtom)}: ` +
        (blocked ? `${blocked.range.from}-${blocked.range.to} stopped by ${formatRule(blocked.rule)}` : 'blocked'),
      blocked?.rule,
    );
    for (const segment of decision.allowed) run.note(...segment.rules);
  }
}

/** Ports still allowed, with the rules that allowed them, and why the others were stopped. */
class PathRun {
  private candidate: Segment[];
  private readonly denials: Denial[] = [];
  private stage = 0;
  private readonly extra: RuleRef[] = [];

  constructor(
    start: readonly Segment[],
    readonly protocol: Protocol,
  ) {
    this.candidate = [...start];
  }

  done(): boolean {
    return this.candidate.length === 0;
  }

  /** Keeps the ports some of `segments` allow; the rest is denied for `reason`. */
  apply(segments: readonly Segment[], reason: (range: Range) => string): void {
    this.stage++;
    if (this.done()) return;
    const points = cutPointsOf(segments.map((segment) => segment.range));
    const next: Segment[] = [];
    for (const current of this.candidate) {
      for (const piece of splitAt([current.range], points)) {
        const covering = segments.filter((segment) => contains(segment.range, piece));
        if (covering.length > 0)
          next.push({ range: piece, rules: [...current.rules, ...covering.flatMap((segment) => segment.rules)] });
      }
    }
    const kept = normalize(next.map((segment) => segment.range));
    for (const range of subtract(normalize(this.candidate.map((segment) => segment.range)), kept)) {
      this.denials.push({ range, stage: this.stage, reason: () => reason(range) });
    }
    this.candidate = next;
  }

  /** All or nothing: a route, a public address, a reply path. */
  gate(ok: boolean, reason: () => string, rule?: RuleRef): boolean {
    this.stage++;
    if (this.done()) return false;
    if (ok) {
      if (rule) this.extra.push(rule);
      return true;
    }
    for (const range of normalize(this.candidate.map((segment) => segment.range)))
      this.denials.push({ range, stage: this.stage, reason });
    this.candidate = [];
    return false;
  }

  /** A rule that lets every remaining port through (a route, a reply entry): part of each allowed verdict. */
  note(...rules: RuleRef[]): void {
    this.extra.push(...rules);
  }

  result(): PathResult {
    const extra = this.extra;
    return {
      allowed: this.candidate.map((segment) => ({ range: segment.range, rules: [...segment.rules, ...extra] })),
      denials: this.denials,
    };
  }
}
