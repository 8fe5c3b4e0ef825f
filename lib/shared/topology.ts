/**
 * The tier topology of the POC, declared once: which tiers there are, where their instances and
 * load balancers sit, who calls each one and what each one calls. The config schema (one field per
 * tier), the VPC's subnets, the flow table (and so the security groups and NACLs), the App stack's
 * tier services and the model's zones are all derived from this table. A leaf module (lib/shared):
 * pure data, no CDK, importable by the builders and the readers alike.
 *
 * Adding a tier is one entry here plus its field in the config (docs/DESIGN.md, "How to add a
 * tier"); its software (user data) is a hook the App stack looks up by the tier's name.
 */

/** A subnet tier: its own subnet in every AZ, its own route tables and NACL. */
export interface SubnetSpec {
  /** Subnet group name (the aws-cdk:subnet-name tag), which the NACL, the docs and the analysis show. */
  readonly name: string;
  /** Prefix length of each AZ's subnet. */
  readonly cidrMask: number;
  /**
   * Position of the subnet group's address blocks in the VPC's range: CDK hands the blocks out in
   * this order, so a new subnet tier takes the next free number and every existing subnet keeps its
   * addresses (a moved subnet is a replaced subnet, and the database's subnets must never move).
   */
  readonly addressOrder: number;
}

/** The load balancer in front of a tier: an internal ALB. */
export interface BalancerSpec {
  /**
   * Short name: the balancer's zone is `<name>Alb`, its construct `<Name>Alb`, its access logs go
   * under `<name>/`, its dashboard widgets and alarms say `<Name>`.
   * @default the tier's name
   */
  readonly name?: string;
  /** How the flow table, the analysis and the docs call it ("web load balancer", "internal ALB"). */
  readonly label: string;
  /**
   * Subnets of the balancer when they are not the tier's own (the web tier's sit in `ingress`, the
   * one subnet tier that admits traffic from outside the VPC).
   * @default the tier's subnets
   */
  readonly subnet?: SubnetSpec;
  /**
   * Construct id of its listener, kept so that a deployed listener is not replaced. A balancer that
   * CloudFront calls names its listener after the protocol (`Https` with a custom domain, `Http`).
   * @default 'Http'
   */
  readonly listenerId?: string;
}

/** The zones behind the tiers, in the data subnets: what a tier's `calls` may name. */
export const DATA_ZONES = ['database', 'cache'] as const;

/** A call a tier makes to a zone that is not a tier (the database, the cache). */
export interface DownstreamCall {
  readonly zone: (typeof DATA_ZONES)[number];
  readonly port: number;
  readonly purpose: string;
}

/** The health check of a tier's target group (timings: lib/shared/resilience-settings.ts). */
export interface HealthCheckSpec {
  readonly path: string;
  /**
   * The check also checks a dependency all instances share (the database): it then fails on every
   * instance at once during a database failover, so Auto Scaling must not replace instances on it.
   */
  readonly checksSharedDependency: boolean;
}

export interface TierSpec {
  /** The tier's zone in the flow table, its field in the config and its construct ids (`<Name>Tier`). */
  readonly name: string;
  /** Subnets of the tier's instances. */
  readonly subnet: SubnetSpec;
  readonly balancer: BalancerSpec;
  readonly healthCheck: HealthCheckSpec;
  /**
   * Who calls the tier's balancer: `cloudfront` (through its VPC origin; the balancer's one
   * listener is then HTTPS with the config's certificate, or HTTP without a custom domain), or the
   * name of another tier (an HTTP listener on this tier's port, inside the VPC).
   */
  readonly calledBy: string;
  /** What the tier serves, in the flows' purposes: `<requests> requests and health checks`, `<requests> calls to the <name> tier`. */
  readonly requests: string;
  /** Calls to zones that are not tiers; calls to another tier are that tier's `calledBy`. */
  readonly calls: readonly DownstreamCall[];
  /** Defaults of the tier's config field. */
  readonly config: {
    readonly defaultPort: number;
    /** What the config field is, as the JSON schema shows it. */
    readonly description: string;
  };
}

/** The tiers, from the edge inwards: each tier's callers come before it. */
export type Topology = readonly TierSpec[];

export const MYSQL_PORT = 3306;
export const MEMCACHED_PORT = 11211;

/** Subnet tiers that are no tier's: the NAT gateways' (and ssh-mode bastions'), and the data tier's. */
export const PUBLIC_SUBNET: SubnetSpec = { name: 'public', cidrMask: 24, addressOrder: 0 };
export const DATA_SUBNET: SubnetSpec = { name: 'data', cidrMask: 24, addressOrder: 3 };

/** The caller of the tier the edge reaches. */
export const EDGE_CALLER = 'cloudfront';

/** The POC's two tiers (`as const`: the config's types name each tier's field). */
export const TOPOLOGY = [
  {
    name: 'web',
    subnet: { name: 'web', cidrMask: 22, addressOrder: 1 },
    balancer: {
      label: 'web load balancer',
      // Last in the address plan: the subnet tier was added after the others. A private subnet
      // with a NAT route is what AWS documents for VPC origins; an ALB needs at least 8 free
      // addresses per subnet and each VPC origin's interface one more, /24 leaves room to scale.
      subnet: { name: 'ingress', cidrMask: 24, addressOrder: 4 },
    },
    healthCheck: { path: '/healthz', checksSharedDependency: false },
    calledBy: EDGE_CALLER,
    requests: 'web',
    calls: [],
    config: { defaultPort: 80, description: 'Web tier (nginx) behind the web load balancer.' },
  },
  {
    name: 'app',
    subnet: { name: 'app', cidrMask: 22, addressOrder: 2 },
    balancer: { name: 'internal', label: 'internal ALB', listenerId: 'Api' },
    // /api/health fails while the database fails over (the ALB then stops routing, as it should);
    // replacing the instances for it would only lengthen the outage.
    healthCheck: { path: '/api/health', checksSharedDependency: true },
    calledBy: 'web',
    requests: 'API',
    calls: [
      { zone: 'database', port: MYSQL_PORT, purpose: 'MySQL over TLS' },
      { zone: 'cache', port: MEMCACHED_PORT, purpose: 'memcached' },
    ],
    config: { defaultPort: 8080, description: 'App tier (the application service) behind the internal ALB.' },
  },
] as const satisfies Topology;

/** The name of a tier of the POC's own topology. */
export type TierName = (typeof TOPOLOGY)[number]['name'];

/** `web` -> `Web`: construct ids, dashboard and alarm names. */
export function pascal(name: string): string {
  return `${name[0].toUpperCase()}${name.slice(1)}`;
}

export function balancerName(tier: TierSpec): string {
  return tier.balancer.name ?? tier.name;
}

/** The balancer's zone in the flow table (`webAlb`, `internalAlb`). */
export function balancerZone(tier: TierSpec): string {
  return `${balancerName(tier)}Alb`;
}

export function balancerSubnet(tier: TierSpec): SubnetSpec {
  return tier.balancer.subnet ?? tier.subnet;
}

/** The tier CloudFront reaches through its VPC origin. */
export function edgeTier(topology: Topology = TOPOLOGY): TierSpec {
  const tier = topology.find((candidate) => candidate.calledBy === EDGE_CALLER);
  if (!tier) throw new Error(`the topology has no tier called by ${EDGE_CALLER}`);
  return tier;
}

/**
 * Every subnet tier, from the edge inwards (public, then each tier's balancer and instance
 * subnets, then data): the order of the NACLs.
 */
export function subnetSpecs(topology: Topology = TOPOLOGY): readonly SubnetSpec[] {
  const specs = [PUBLIC_SUBNET, ...topology.flatMap((tier) => [balancerSubnet(tier), tier.subnet]), DATA_SUBNET];
  return specs.filter((spec, index) => specs.findIndex((other) => other.name === spec.name) === index);
}

/**
 * The tiers in build order: a tier after every tier it calls, so its software can be given their
 * balancers' addresses (the web tier's nginx proxies /api/ to the internal ALB).
 */
export function buildOrder(topology: Topology = TOPOLOGY): readonly TierSpec[] {
  return [...topology].reverse();
}

/**
 * What is wrong with a topology, one line per problem: the table is code, but a test table or a
 * new entry must fail with a sentence, not deep inside a construct.
 */
export function topologyProblems(topology: Topology): string[] {
  const problems: string[] = [];
  const names = topology.map((tier) => tier.name);
  const edge = topology.filter((tier) => tier.calledBy === EDGE_CALLER);
  if (edge.length !== 1) problems.push(`exactly one tier must be called by ${EDGE_CALLER}, found ${edge.length}`);
  topology.forEach((tier, index) => {
    if (!/^[a-z][a-zA-Z0-9]*$/.test(tier.name)) problems.push(`tier ${tier.name}: name must be camelCase letters and digits`);
    if (names.indexOf(tier.name) !== index) problems.push(`tier ${tier.name}: declared twice`);
    if (tier.calledBy !== EDGE_CALLER && !names.slice(0, index).includes(tier.calledBy)) {
      problems.push(`tier ${tier.name}: calledBy ${tier.calledBy} must name a tier declared before it, or ${EDGE_CALLER}`);
    }
  });
  const subnets = [PUBLIC_SUBNET, DATA_SUBNET, ...topology.flatMap((tier) => [tier.subnet, balancerSubnet(tier)])];
  const byName = new Map<string, SubnetSpec>();
  for (const subnet of subnets) {
    const known = byName.get(subnet.name);
    if (known && (known.cidrMask !== subnet.cidrMask || known.addressOrder !== subnet.addressOrder)) {
      problems.push(`subnet tier ${subnet.name}: declared twice with different sizes or address orders`);
    }
    byName.set(subnet.name, subnet);
  }
  const orders = [...byName.values()].map((subnet) => subnet.addressOrder);
  if (new Set(orders).size !== orders.length) problems.push('two subnet tiers share an addressOrder');
  return problems;
}
