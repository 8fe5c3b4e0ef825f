import { PocConfig } from './config/schema';

/**
 * The intended segmentation of the POC (DESIGN.md, "Network segmentation") as data. Security
 * groups and NACLs are both generated from this one table, the analysis compares what the
 * templates allow against it, and the docs print it.
 */

/** Endpoints that own a security group. */
export const GROUP_ZONES = ['webAlb', 'bastion', 'web', 'internalAlb', 'app', 'rotation', 'database', 'cache'] as const;
export type GroupZone = (typeof GROUP_ZONES)[number];

/**
 * Endpoints outside the VPC, known only by address: CloudFront by the AWS-managed prefix list of
 * its origin-facing servers, the corporate ranges by the config, the internet by everything else.
 */
export type ExternalZone = 'internet' | 'corporate' | 'cloudfront';
export type Zone = GroupZone | ExternalZone;

/**
 * Subnet tiers: each has its own subnets and its own NACL. `ingress` holds only the web load
 * balancer (and the network interfaces CloudFront's VPC origin creates there): the one place
 * traffic from outside the VPC is delivered to, so its NACL is the only private one that admits
 * the listener port from outside, and the web instances' subnets admit nothing from outside but
 * replies. `public` holds the NAT gateways and, in ssh mode, the bastions.
 */
export const SUBNET_TIERS = ['public', 'ingress', 'web', 'app', 'data'] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/**
 * Where each zone runs. Bastions need a public address only to be reached over SSH; in ssm mode
 * they sit in the web subnets without one and reach Session Manager through the NAT gateways.
 */
export function zoneTiers(config: PocConfig): Readonly<Record<GroupZone, SubnetTier>> {
  return {
    webAlb: 'ingress',
    bastion: config.management.bastionAccess === 'ssh' ? 'public' : 'web',
    web: 'web',
    internalAlb: 'app',
    app: 'app',
    rotation: 'app',
    database: 'data',
    cache: 'data',
  };
}

/**
 * Type of the Data stack's custom resource that creates the database users and runs the
 * migrations. Its function runs in the rotation zone (the database credential functions): same
 * subnets, same group, same two flows as the rotation functions.
 */
export const DATABASE_USERS_RESOURCE_TYPE = 'Custom::DatabaseUsers';

export const MYSQL_PORT = 3306;
export const MEMCACHED_PORT = 11211;
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

export function intendedFlows(config: PocConfig): readonly Flow[] {
  const webPort = config.web.port;
  const appPort = config.app.port;
  const flows: Flow[] = [
    {
      from: 'cloudfront',
      to: 'webAlb',
      port: webAlbListenerPort(config),
      purpose: config.domain
        ? 'origin requests over TLS through the VPC origin'
        : "origin requests over HTTP through the VPC origin, on AWS's network (no certificate configured)",
    },
    { from: 'webAlb', to: 'web', port: webPort, purpose: 'web requests and health checks' },
    { from: 'web', to: 'internalAlb', port: appPort, purpose: 'API calls to the app tier' },
    { from: 'internalAlb', to: 'app', port: appPort, purpose: 'API requests and health checks' },
    { from: 'app', to: 'database', port: MYSQL_PORT, purpose: 'MySQL over TLS' },
    { from: 'app', to: 'cache', port: MEMCACHED_PORT, purpose: 'memcached' },
    { from: 'rotation', to: 'database', port: MYSQL_PORT, purpose: 'credential rotation' },
    ...(config.management.bastionAccess === 'ssh'
      ? [{ from: 'corporate', to: 'bastion', port: SSH_PORT, purpose: 'administration from corporate ranges' } as const]
      : []),
    { from: 'bastion', to: 'web', port: SSH_PORT, purpose: 'administration' },
    { from: 'bastion', to: 'app', port: SSH_PORT, purpose: 'administration' },
    { from: 'web', to: 'internet', port: HTTPS_PORT, purpose: 'patching and AWS APIs through NAT' },
    { from: 'app', to: 'internet', port: HTTPS_PORT, purpose: 'patching and AWS APIs through NAT' },
    {
      from: 'bastion',
      to: 'internet',
      port: HTTPS_PORT,
      purpose:
        config.management.bastionAccess === 'ssh' ? 'patching and Session Manager' : 'patching and Session Manager through NAT',
    },
    { from: 'rotation', to: 'internet', port: HTTPS_PORT, purpose: 'Secrets Manager API through NAT' },
  ];
  return flows;
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

export function isGroupZone(zone: Zone): zone is GroupZone {
  return (GROUP_ZONES as readonly string[]).includes(zone);
}
