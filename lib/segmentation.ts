import { PocConfig, tierConfig } from './config/schema';
import {
  balancerSubnet,
  balancerZone,
  DATA_SUBNET,
  DATA_ZONES,
  EDGE_CALLER,
  edgeTier,
  MYSQL_PORT,
  PUBLIC_SUBNET,
  subnetSpecs,
  Topology,
  TOPOLOGY,
} from './shared/topology';

export { MEMCACHED_PORT, MYSQL_PORT } from './shared/topology';

/**
 * The intended segmentation of the POC (DESIGN.md, "Network segmentation") as data. Security
 * groups and NACLs are both generated from this one table, the analysis compares what the
 * templates allow against it, and the docs print it.
 */

/**
 * Zones that are no tier's and own a security group: the bastions, the database credential
 * functions, the database and its cache.
 */
export const FIXED_GROUP_ZONES = ['bastion', 'rotation', ...DATA_ZONES] as const;

/** An endpoint that owns a security group: a tier, a tier's load balancer, or one of FIXED_GROUP_ZONES. */
export type GroupZone = string;

/**
 * Endpoints outside the VPC, known only by address: CloudFront by the AWS-managed prefix list of
 * its origin-facing servers, the corporate ranges by the config, the internet by everything else.
 */
export const EXTERNAL_ZONES = ['internet', 'corporate', EDGE_CALLER] as const;
export type ExternalZone = (typeof EXTERNAL_ZONES)[number];
export type Zone = GroupZone | ExternalZone;

/**
 * The zones that own a security group, from the edge inwards: the load balancer CloudFront
 * reaches, the bastions (the other way in), each tier followed by the load balancer of the tier it
 * calls, then the database side. The order is the security groups' order in the templates.
 */
export function groupZones(topology: Topology = TOPOLOGY): readonly GroupZone[] {
  const [edge, ...inner] = topology;
  return [
    balancerZone(edge),
    'bastion',
    edge.name,
    ...inner.flatMap((tier) => [balancerZone(tier), tier.name]),
    ...FIXED_GROUP_ZONES.filter((zone) => zone !== 'bastion'),
  ];
}

/** The zones of the POC's own topology. */
export const GROUP_ZONES = groupZones();

/**
 * Subnet tiers: each has its own subnets and its own NACL (lib/shared/topology.ts declares them).
 * `ingress` holds only the web load balancer (and the network interfaces CloudFront's VPC origin
 * creates there): the one place traffic from outside the VPC is delivered to, so its NACL is the
 * only private one that admits the listener port from outside, and the web instances' subnets
 * admit nothing from outside but replies. `public` holds the NAT gateways and, in ssh mode, the
 * bastions.
 */
export type SubnetTier = string;

export function subnetTiers(topology: Topology = TOPOLOGY): readonly SubnetTier[] {
  return subnetSpecs(topology).map((spec) => spec.name);
}

/** The subnet tiers of the POC's own topology, from the edge inwards. */
export const SUBNET_TIERS = subnetTiers();

/**
 * Where each zone runs. Bastions need a public address only to be reached over SSH; in ssm mode
 * they sit in the subnets of the tier CloudFront reaches, without one, and reach Session Manager
 * through the NAT gateways. The credential functions run beside the tier that calls the database.
 */
export function zoneTiers(config: PocConfig, topology: Topology = TOPOLOGY): Readonly<Record<GroupZone, SubnetTier>> {
  const databaseCaller = topology.find((tier) => tier.calls.some((call) => call.zone === 'database'));
  if (!databaseCaller) throw new Error('the topology has no tier that calls the database');
  const fixed: Record<(typeof FIXED_GROUP_ZONES)[number], SubnetTier> = {
    bastion: config.management.bastionAccess === 'ssh' ? PUBLIC_SUBNET.name : edgeTier(topology).subnet.name,
    rotation: databaseCaller.subnet.name,
    database: DATA_SUBNET.name,
    cache: DATA_SUBNET.name,
  };
  const tiers: Record<GroupZone, SubnetTier> = Object.fromEntries(
    topology.flatMap((tier) => [
      [balancerZone(tier), balancerSubnet(tier).name],
      [tier.name, tier.subnet.name],
    ]),
  );
  return Object.fromEntries(groupZones(topology).map((zone) => [zone, tiers[zone] ?? fixed[zone as keyof typeof fixed]]));
}

/**
 * Type of the Data stack's custom resource that creates the database users and runs the
 * migrations. Its function runs in the rotation zone (the database credential functions): same
 * subnets, same group, same two flows as the rotation functions.
 */
export const DATABASE_USERS_RESOURCE_TYPE = 'Custom::DatabaseUsers';

export const SSH_PORT = 22;
export const HTTPS_PORT = 443;
export const HTTP_PORT = 80;

export interface Flow {
  readonly from: Zone;
  readonly to: Zone;
  readonly port: number;
  readonly purpose: string;
}

/**
 * The web load balancer's one listener: HTTPS with the config's certificate when there is a custom
 * domain, HTTP otherwise. Either way only CloudFront's VPC origin reaches it.
 */
export function webAlbListenerPort(config: PocConfig): number {
  return config.domain ? HTTPS_PORT : HTTP_PORT;
}

/**
 * The flows of the design table, derived from the topology: each tier's caller to its load
 * balancer, the load balancer to the tier, the tier's calls; then administration through the
 * bastions and every private zone's way out through NAT.
 */
export function intendedFlows(config: PocConfig, topology: Topology = TOPOLOGY): readonly Flow[] {
  const ssh = config.management.bastionAccess === 'ssh';
  return [
    ...topology.flatMap((tier): Flow[] => {
      const port = tierConfig(config, tier).port;
      const balancer = balancerZone(tier);
      return [
        tier.calledBy === EDGE_CALLER
          ? {
              from: EDGE_CALLER,
              to: balancer,
              port: webAlbListenerPort(config),
              purpose: config.domain
                ? 'origin requests over TLS through the VPC origin'
                : "origin requests over HTTP through the VPC origin, on AWS's network (no certificate configured)",
            }
          : { from: tier.calledBy, to: balancer, port, purpose: `${tier.requests} calls to the ${tier.name} tier` },
        { from: balancer, to: tier.name, port, purpose: `${tier.requests} requests and health checks` },
        ...tier.calls.map((call) => ({ from: tier.name, to: call.zone, port: call.port, purpose: call.purpose })),
      ];
    }),
    { from: 'rotation', to: 'database', port: MYSQL_PORT, purpose: 'credential rotation' },
    ...(ssh ? [{ from: 'corporate', to: 'bastion', port: SSH_PORT, purpose: 'administration from corporate ranges' }] : []),
    ...topology.map((tier) => ({ from: 'bastion', to: tier.name, port: SSH_PORT, purpose: 'administration' })),
    ...topology.map((tier) => ({
      from: tier.name,
      to: 'internet',
      port: HTTPS_PORT,
      purpose: 'patching and AWS APIs through NAT',
    })),
    {
      from: 'bastion',
      to: 'internet',
      port: HTTPS_PORT,
      purpose: ssh ? 'patching and Session Manager' : 'patching and Session Manager through NAT',
    },
    { from: 'rotation', to: 'internet', port: HTTPS_PORT, purpose: 'Secrets Manager API through NAT' },
  ];
}

/** Viewers reach CloudFront: the distribution decides these, not security groups or NACLs. */
export interface EdgeFlow {
  readonly from: 'internet';
  readonly to: 'cloudfront';
  readonly port: number;
  readonly purpose: string;
}

/** The edge rows of the design table: viewers reach CloudFront over HTTPS, HTTP only to be redirected. */
export function intendedEdgeFlows(): readonly EdgeFlow[] {
  return [
    { from: 'internet', to: 'cloudfront', port: HTTP_PORT, purpose: 'redirect to HTTPS' },
    { from: 'internet', to: 'cloudfront', port: HTTPS_PORT, purpose: 'viewers over TLS' },
  ];
}

/** A zone inside the VPC, which owns a security group (every zone a flow names but the external ones). */
export function isGroupZone(zone: Zone): zone is GroupZone {
  return !(EXTERNAL_ZONES as readonly string[]).includes(zone);
}
