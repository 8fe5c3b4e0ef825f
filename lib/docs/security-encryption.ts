import { zoneLabel } from '../analysis';
import { ZoneId } from '../model';
import { formatRange } from '../model/ranges';
import { byName, distributionsByName, DocsModel, endpointsOfZone, nameOf, nameOfKey, referrersOf } from './assembly-model';
import { listenersOf } from './components';
import { cell, code } from './markdown';
import { IAM_TYPES } from './security-iam';

/** SECURITY.md's encryption sections: in transit per allowed flow, KMS keys (at rest: security-at-rest.ts). */

/** An expression as SECURITY.md prints it: references by construct path, pseudo parameters as ${AWS::...}. */
export function display(model: DocsModel, stack: string, expression: unknown): string {
  return model.poc.describe(stack, expression);
}

// Encryption in transit, per allowed flow.

/**
 * How strongly a hop is protected, read from the same settings as its text: what PCI DSS 4.2.1
 * (strong cryptography over open, public networks) is decided on.
 */
export type TransitStrength =
  /** TLS whose minimum version the templates set to 1.2 or later, or SSH. */
  | 'strong'
  /** TLS (or an encrypted protocol) whose minimum version the templates do not set. */
  | 'encrypted'
  /** TLS that may negotiate a version below 1.2. */
  | 'weak'
  /** Clear text. */
  | 'plain'
  /** Clear HTTP only to be redirected to HTTPS or refused: no content is served over it. */
  | 'redirect'
  /** The software on the instances chooses: the templates only open the port. */
  | 'application';

/** One flow the segmentation analysis allows, and what protects it in transit. */
export interface TransitRow {
  readonly from: ZoneId;
  readonly to: ZoneId;
  readonly protocol: string;
  readonly ports: string;
  readonly protection: string;
  readonly strength: TransitStrength;
  /** The resources (by construct path) whose settings the protection is read from; none when the protocol itself is the answer. */
  readonly evidence: readonly string[];
}

interface Protection {
  readonly text: string;
  readonly strength: TransitStrength;
  readonly evidence: readonly string[];
}

/** Weakest first: a hop served by several resources is as strong as its weakest. */
const STRENGTH_ORDER: readonly TransitStrength[] = ['plain', 'weak', 'application', 'encrypted', 'redirect', 'strong'];

function weakest(strengths: readonly TransitStrength[]): TransitStrength {
  return STRENGTH_ORDER.find((strength) => strengths.includes(strength)) ?? 'application';
}

/** TLS versions below 1.2, as CloudFront and the load balancers name them. */
const BELOW_TLS_1_2 = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1_2016', 'TLSv1.1_2016'];

/** The strength of an origin's `OriginSSLProtocols`: weak when any entry is below TLS 1.2 or the list is not literal. */
function originStrength(protocols: unknown): TransitStrength {
  if (!Array.isArray(protocols) || !protocols.every((entry) => typeof entry === 'string')) return 'encrypted';
  return protocols.some((entry) => BELOW_TLS_1_2.includes(entry)) ? 'weak' : 'strong';
}

/** Every flow of the analysis with its protection in transit, in the analysis' order. */
export function collectInTransit(model: DocsModel): TransitRow[] {
  return model.analysis.flows.map((flow) => {
    const protection = protectionOf(model, flow.from, flow.to, flow.ports.from);
    return {
      from: flow.from,
      to: flow.to,
      protocol: flow.protocol,
      ports: formatRange(flow.ports),
      protection: protection.text,
      strength: protection.strength,
      evidence: protection.evidence,
    };
  });
}

export function inTransitSection(model: DocsModel): string[] {
  const rows = collectInTransit(model).map(
    (row) => `| ${zoneLabel(row.from)} -> ${zoneLabel(row.to)} | ${row.protocol} ${row.ports} | ${cell(row.protection)} |`,
  );
  return [
    '## Encryption in transit',
    '',
    'Per flow the segmentation analysis allows (NETWORK.md), what protects it, read from the listener, origin, target',
    'group, parameter group and cache settings of the templates.',
    '',
    '| hop | traffic | protection in transit |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ];
}

const byProtocol = (text: string, strength: TransitStrength): Protection => ({ text, strength, evidence: [] });

function protectionOf(model: DocsModel, from: ZoneId, to: ZoneId, port: number): Protection {
  const { poc } = model;
  if (to === 'cloudfront') return viewerProtection(model, port);
  if (from === 'cloudfront') return originProtection(model);
  if (port === 22) return byProtocol('SSH (encrypted by the protocol)', 'strong');
  if (to === 'internet')
    return byProtocol(
      port === 443 ? 'HTTPS (tcp 443) to AWS APIs and package repositories' : 'as the application chooses',
      'application',
    );
  const targets = endpointsOfZone(model, to);
  const balancer = targets
    .map((endpoint) => poc.resource(endpoint.key))
    .find((source) => source?.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer');
  if (balancer) {
    const listener = listenersOf(model, balancer.key).find((candidate) => candidate.port === port);
    if (!listener)
      return { text: 'no listener on this port', strength: 'application', evidence: [nameOfKey(model, balancer.key)] };
    return {
      text: `${listener.tls ? 'TLS' : '**plain HTTP**'}: listener ${listener.text}, which ${listener.action}`,
      strength: listener.tls ? 'encrypted' : 'plain',
      evidence: [nameOfKey(model, listener.key)],
    };
  }
  const group = targets
    .map((endpoint) => poc.fleets.find((fleet) => fleet.source.key === endpoint.key))
    .find((fleet) => fleet?.source.type === 'AWS::AutoScaling::AutoScalingGroup');
  if (group) {
    const targetGroups = group.targetGroups.flatMap((key) => {
      const found = poc.targetGroups.find((targetGroup) => targetGroup.source.key === key);
      return found ? [found] : [];
    });
    const protocols = targetGroups.map((targetGroup) => targetGroup.protocol).filter(Boolean);
    const tls = protocols.every((protocol) => protocol === 'HTTPS');
    return {
      text: tls
        ? 'TLS (HTTPS target group)'
        : `**plain ${protocols.join(', ') || 'TCP'}** inside the VPC (target group protocol), between the load balancer and the ${zoneLabel(to)} tier only`,
      strength: tls ? 'encrypted' : 'plain',
      evidence: targetGroups.map((targetGroup) => nameOf(targetGroup.source)),
    };
  }
  if (to === 'database') return databaseTransit(model);
  if (to === 'cache') return cacheTransit(model);
  return byProtocol('as the application chooses', 'application');
}

function viewerProtection(model: DocsModel, port: number): Protection {
  const parts: string[] = [];
  const strengths: TransitStrength[] = [];
  const distributions = distributionsByName(model);
  for (const distribution of distributions) {
    const policies = [...new Set(distribution.behaviors.map((behavior) => behavior.viewerProtocolPolicy))];
    const acm = distribution.acmCertificate;
    const minimum = distribution.minimumProtocolVersion;
    if (port === 80) {
      const redirected = policies.every((policy) => policy !== 'allow-all');
      strengths.push(redirected ? 'redirect' : 'plain');
      parts.push(
        redirected
          ? `HTTP only to be redirected or refused (viewer protocol policy ${policies.join(', ')})`
          : `**HTTP served** (viewer protocol policy ${policies.join(', ')})`,
      );
    } else {
      strengths.push(acm && minimum !== undefined && !BELOW_TLS_1_2.includes(minimum) ? 'strong' : 'weak');
      parts.push(
        acm
          ? `TLS, ACM certificate, minimum ${minimum ?? 'TLSv1'}`
          : '**TLS with the default `*.cloudfront.net` certificate**: viewers may negotiate TLSv1 whatever the policy says',
      );
    }
  }
  return {
    text: parts.join('; '),
    strength: weakest(strengths),
    evidence: distributions.map((distribution) => nameOf(distribution.source)),
  };
}

function originProtection(model: DocsModel): Protection {
  const parts: string[] = [];
  const evidence: string[] = [];
  const strengths: TransitStrength[] = [];
  for (const distribution of distributionsByName(model)) {
    for (const origin of distribution.origins) {
      const vpcOrigin = origin.vpcOrigin;
      const endpoint = vpcOrigin?.endpoint;
      if (vpcOrigin && endpoint) {
        const policy = endpoint.protocolPolicy;
        const path = `through the VPC origin ${code(nameOfKey(model, vpcOrigin.source.key))}: AWS's network to a private address, never the internet`;
        strengths.push(policy === 'http-only' ? 'plain' : originStrength(endpoint.sslProtocols));
        parts.push(
          policy === 'http-only'
            ? `**plain HTTP, not encrypted** (origin protocol policy http-only) ${path}`
            : `TLS (origin protocol policy ${policy}, ${display(model, endpoint.stack, endpoint.sslProtocols)}) ${path}`,
        );
        evidence.push(nameOfKey(model, vpcOrigin.source.key));
        continue;
      }
      const custom = origin.custom;
      if (!custom) continue;
      const policy = custom.protocolPolicy;
      const headers = origin.customHeaders;
      const secret = headers.length > 0 ? `, with the secret header ${headers.join(', ')}` : '';
      strengths.push(policy === 'http-only' ? 'plain' : originStrength(custom.sslProtocols));
      parts.push(
        policy === 'http-only'
          ? `**plain HTTP** (origin protocol policy http-only)${secret}`
          : `TLS (origin protocol policy ${policy}, ${display(model, custom.stack, custom.sslProtocols)})${secret}`,
      );
      evidence.push(nameOf(distribution.source));
    }
  }
  return { text: parts.join('; '), strength: weakest(strengths), evidence: [...new Set(evidence)] };
}

function databaseTransit(model: DocsModel): Protection {
  const { poc } = model;
  const evidence: string[] = [];
  const strengths: TransitStrength[] = [];
  const text =
    byName(poc.databases)
      .map((db) => {
        const group = poc.databaseParameterGroups.find((candidate) => candidate.source.key === db.parameterGroup);
        if (!group) {
          evidence.push(nameOf(db.source));
          strengths.push('application');
          return '**TLS optional**: the DB instance has no parameter group of the assembly (engine defaults)';
        }
        evidence.push(nameOf(group.source));
        const value = group.parameters.require_secure_transport;
        const required = value !== undefined && ['1', 'on', 'true'].includes(value.toLowerCase());
        strengths.push(required ? 'encrypted' : 'application');
        return required
          ? `TLS required: \`require_secure_transport=${value}\` in ${code(nameOf(group.source))}`
          : `**TLS optional**: ${code(nameOf(group.source))} does not set \`require_secure_transport\``;
      })
      .join('; ') || 'no DB instance';
  return { text, strength: weakest(strengths), evidence };
}

function cacheTransit(model: DocsModel): Protection {
  const clusters = byName(model.poc.caches);
  if (clusters.length > 0) {
    return {
      text: clusters
        .map((cluster) =>
          cluster.transitEncryption
            ? `TLS (\`TransitEncryptionEnabled\` on ${code(nameOf(cluster.source))})`
            : `**plain text** (${code(nameOf(cluster.source))} without transit encryption)`,
        )
        .join('; '),
      strength: clusters.every((cluster) => cluster.transitEncryption) ? 'encrypted' : 'plain',
      evidence: clusters.map((cluster) => nameOf(cluster.source)),
    };
  }
  const options = model.poc.databaseOptionGroups.map((group) => nameOf(group.source));
  return {
    text: '**plain text, no authentication**: the RDS MEMCACHED option has no TLS',
    strength: 'plain',
    evidence: options,
  };
}

// KMS keys.

export function kmsSection(model: DocsModel): string[] {
  const rows = byName(model.poc.kmsKeys).map((key) => {
    const users = referrersOf(model, key.source.key).filter((source) => !IAM_TYPES.includes(source.type));
    const grants = referrersOf(model, key.source.key, IAM_TYPES);
    const rotation = key.rotation ? 'yes' : '**no**';
    return `| ${code(nameOf(key.source))} | ${cell(key.description ?? '')} | ${rotation} | ${
      users.map((entry) => `${code(nameOf(entry))} (${entry.type.replace(/^AWS::/, '')})`).join('<br>') ||
      'no resource refers to it'
    } | ${grants.map((entry) => code(nameOf(entry))).join('<br>') || 'none'} |`;
  });
  return [
    '## KMS keys',
    '',
    'Customer managed keys and the resources whose properties refer to them; IAM policies that name a key grant its use.',
    '',
    '| key | description | yearly rotation | used by | named in IAM policies |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ];
}
