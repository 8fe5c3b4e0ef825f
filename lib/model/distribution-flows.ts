import { Distribution, OriginConnection } from './edge';
import { DistributionReach, Endpoint, Origin, ViewerAccess, ZoneId } from './placement-types';
import { ResourceIndex } from './resources';

const HTTP = 80;
const HTTPS = 443;

/**
 * What a CloudFront distribution lets through: the viewer ports its behaviours accept, and for
 * each origin a behaviour routes to, the targets it reaches and on which ports. Undefined for a
 * disabled distribution.
 */
export function distributionFlows(
  index: ResourceIndex,
  distribution: Distribution,
  endpoints: readonly Endpoint[],
  originHosts: Readonly<Record<string, ZoneId>>,
  notes: string[],
): DistributionReach | undefined {
  if (!distribution.enabled) return undefined;
  const { source } = distribution;
  const viewer: ViewerAccess[] = [];
  const viewerProtocolsOf = new Map<string, Set<number>>();
  for (const behavior of distribution.behaviors) {
    const policy = behavior.viewerProtocolPolicy;
    const ports = policy === 'https-only' ? [HTTPS] : [HTTP, HTTPS];
    for (const port of ports) {
      viewer.push({
        port,
        rule: {
          kind: 'distribution',
          stack: source.stack,
          logicalId: source.logicalId,
          entry: behavior.where,
          text: `viewer protocol policy ${policy}${behavior.pathPattern ? ` for ${behavior.pathPattern}` : ''}`,
        },
      });
    }
    const originId = behavior.targetOriginId ?? '';
    const reaching = viewerProtocolsOf.get(originId) ?? new Set<number>();
    // Only HTTPS requests reach the origin when HTTP ones are redirected or refused.
    for (const port of policy === 'allow-all' ? [HTTP, HTTPS] : [HTTPS]) reaching.add(port);
    viewerProtocolsOf.set(originId, reaching);
  }

  const origins: Origin[] = [];
  for (const origin of distribution.origins) {
    const reaching = viewerProtocolsOf.get(origin.id ?? '');
    if (!reaching) continue;
    const where = { kind: 'distribution' as const, stack: source.stack, logicalId: source.logicalId, entry: origin.where };
    const portsOf = (connection: OriginConnection) => {
      const policy = connection.protocolPolicy;
      const httpPort = Number(connection.httpPort ?? HTTP);
      const httpsPort = Number(connection.httpsPort ?? HTTPS);
      const ports =
        policy === 'http-only'
          ? [httpPort]
          : policy === 'https-only'
            ? [httpsPort]
            : [...reaching].sort((a, b) => a - b).map((port) => (port === HTTP ? httpPort : httpsPort));
      return { policy, ports };
    };

    if (origin.viaVpcOrigin) {
      const endpoint = origin.vpcOrigin?.endpoint;
      const targets = endpoints.filter((candidate) => origin.vpcOrigin?.targets.includes(candidate.key));
      if (!origin.vpcOrigin || !endpoint || targets.length === 0) {
        notes.push(
          `${source.key} ${origin.where}: VPC origin ${origin.vpcOriginKey ?? 'unresolved'} does not lead to a resource of the assembly; its traffic is not analysed`,
        );
        continue;
      }
      const { policy, ports } = portsOf(endpoint);
      origins.push({
        targets,
        ports,
        via: 'vpc-origin',
        rule: {
          ...where,
          text: `VPC origin ${origin.vpcOrigin.source.key} to ${targets.map((target) => target.name).join(', ')} over ${policy} (port ${ports.join(', ')})`,
        },
      });
      continue;
    }

    if (!origin.custom) continue;
    const { policy, ports } = portsOf(origin.custom);
    const domain = origin.domainName;
    let targets: Endpoint[] = [];
    let host = '';
    if (domain.kind === 'resource') {
      host = `${domain.stack}/${domain.logicalId}.${domain.attribute ?? 'Ref'}`;
      targets = endpoints.filter((endpoint) => endpoint.key === `${domain.stack}/${domain.logicalId}`);
    } else if (domain.kind === 'literal') {
      host = domain.value;
      const zone = originHosts[domain.value];
      targets = zone ? endpoints.filter((endpoint) => endpoint.zone === zone) : [];
    }
    if (targets.length === 0) {
      notes.push(
        `${source.key} ${origin.where}: origin ${host || domain.kind} is not a resource of the assembly nor a known origin host; its traffic is not analysed`,
      );
      continue;
    }
    origins.push({
      targets,
      ports,
      via: 'internet',
      rule: { ...where, text: `origin ${host} over ${policy} (port ${ports.join(', ')})` },
    });
  }
  const entry = index.get(source.key);
  return { key: source.key, name: entry ? index.nameOf(entry) : source.key, viewer, origins };
}
