import { PocConfig } from './config/schema';

/**
 * The intended segmentation of the POC (DESIGN.md, "Network segmentation") as data. Security
 * groups and NACLs are both generated from this one table, the analysis compares what the
 * templates allow against it, and the docs print it.
 */

/** Endpoints that own a security group. */
export const GROUP_ZONES = ['publicAlb', 'bastion', 'web', 'internalAlb', 'app', 'rotation', 'database', 'cache'] as const;
export type GroupZone = (typeof GROUP_ZONES)[number];

/** Endpoints outside the VPC, known only by address. */
export type ExternalZone = 'internet' | 'corporate';
export type Zone = GroupZone | ExternalZone;

/** Subnet tiers: each has its own subnets and its own NACL. */
export const SUBNET_TIERS = ['public', 'web', 'app', 'data'] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

export const ZONE_TIER: Readonly<Record<GroupZone, SubnetTier>> = {
  publicAlb: 'public',
  bastion: 'public',
  web: 'web',
  internalAlb: 'app',
  app: 'app',
  rotation: 'app',
  database: 'data',
  cache: 'data',
};

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

export function intendedFlows(config: PocConfig): readonly Flow[] {
  const webPort = config.web.port;
  const appPort = config.app.port;
  const flows: Flow[] = [
    {
      from: 'internet',
      to: 'publicAlb',
      port: HTTP_PORT,
      purpose: config.domain ? 'redirect to HTTPS' : 'web traffic (no certificate configured)',
    },
    ...(config.domain ? [{ from: 'internet', to: 'publicAlb', port: HTTPS_PORT, purpose: 'web traffic over TLS' } as const] : []),
    { from: 'publicAlb', to: 'web', port: webPort, purpose: 'web requests and health checks' },
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
    { from: 'bastion', to: 'internet', port: HTTPS_PORT, purpose: 'patching and Session Manager' },
    { from: 'rotation', to: 'internet', port: HTTPS_PORT, purpose: 'Secrets Manager API through NAT' },
  ];
  return flows;
}

/** CloudFront is outside the VPC: its flows come from the distribution, not from security groups or NACLs. */
export type EdgeZone = 'cloudfront';

export interface EdgeFlow {
  readonly from: 'internet' | EdgeZone;
  readonly to: EdgeZone | 'publicAlb';
  readonly port: number;
  readonly purpose: string;
}

/** The edge rows of the design table: viewers reach CloudFront, CloudFront reaches the public ALB. */
export function intendedEdgeFlows(config: PocConfig): readonly EdgeFlow[] {
  return [
    { from: 'internet', to: 'cloudfront', port: HTTP_PORT, purpose: 'redirect to HTTPS' },
    { from: 'internet', to: 'cloudfront', port: HTTPS_PORT, purpose: 'viewers over TLS' },
    config.domain
      ? { from: 'cloudfront', to: 'publicAlb', port: HTTPS_PORT, purpose: 'origin requests over TLS, with the origin secret' }
      : {
          from: 'cloudfront',
          to: 'publicAlb',
          port: HTTP_PORT,
          purpose: 'origin requests with the origin secret (no certificate configured)',
        },
  ];
}

export function isGroupZone(zone: Zone): zone is GroupZone {
  return (GROUP_ZONES as readonly string[]).includes(zone);
}
