import { Resolved } from './resolver';
import { ResourceIndex } from './resources';
import { PropertyReader, Source, sourceOf } from './source';

/**
 * A CloudFront distribution, its `DistributionConfig` read once: behaviours, origins (bucket,
 * VPC origin or custom), certificate, aliases.
 */
export interface Distribution {
  readonly source: Source;
  /** `Enabled: false` distributions serve nothing. */
  readonly enabled: boolean;
  /** The alternate domain names, as the template writes them (see `describeExpression`). */
  readonly aliases: readonly unknown[];
  /** The aliases that are literal host names. */
  readonly literalAliases: readonly string[];
  /** The default behaviour first, then `CacheBehaviors` in order. */
  readonly behaviors: readonly CacheBehavior[];
  readonly origins: readonly DistributionOrigin[];
  /** An ACM certificate: without one, viewers get the default `*.cloudfront.net` certificate. */
  readonly acmCertificate: boolean;
  readonly minimumProtocolVersion?: string;
  /** A MonitoringSubscription turns its additional CloudWatch metrics on. */
  readonly additionalMetrics: boolean;
}

export interface CacheBehavior {
  /** `DefaultCacheBehavior` or `CacheBehaviors[i]`: where evidence points. */
  readonly where: string;
  readonly pathPattern?: string;
  readonly targetOriginId?: string;
  /** `allow-all` when the template leaves it out. */
  readonly viewerProtocolPolicy: string;
}

export interface DistributionOrigin {
  /** `Origins[i]`. */
  readonly where: string;
  readonly id?: string;
  /** What the origin's DomainName resolves to: a bucket, a load balancer, or a literal host. */
  readonly domainName: Resolved;
  readonly s3: boolean;
  readonly originAccessControl: boolean;
  /** Whether the origin goes through a VPC origin (`VpcOriginConfig`). */
  readonly viaVpcOrigin: boolean;
  /** The key its VpcOriginId names (undefined: unresolved). */
  readonly vpcOriginKey?: string;
  /** That VPC origin, when it is a resource of the assembly. */
  readonly vpcOrigin?: VpcOrigin;
  /** The custom origin settings, when it has them. */
  readonly custom?: OriginConnection;
  /** The names of the headers CloudFront adds to every request to the origin. */
  readonly customHeaders: readonly string[];
}

/** How CloudFront connects to an origin: a custom origin's or a VPC origin's endpoint settings. */
export interface OriginConnection {
  /** The stack whose expressions these are (the VPC origin's may differ from the distribution's). */
  readonly stack: string;
  /** `match-viewer` when the template leaves it out. */
  readonly protocolPolicy: string;
  readonly httpPort?: string;
  readonly httpsPort?: string;
  /** The SSL protocols, as the template writes them (see `describeExpression`). */
  readonly sslProtocols: unknown;
}

export interface VpcOrigin {
  readonly source: Source;
  readonly endpoint?: OriginConnection;
  /** Keys of what its endpoint's Arn names (the private load balancer). */
  readonly targets: readonly string[];
}

export interface WebAcl {
  readonly source: Source;
  readonly scope?: string;
  /** Rule names, in the template's order (`?` for a rule without a literal name). */
  readonly rules: readonly string[];
  /** The rules that only count what they match (`OverrideAction: Count` or `Action: Count`): they block nothing. */
  readonly countOnly: readonly string[];
}

export function distributionsOf(index: ResourceIndex): Distribution[] {
  const withMetrics = new Set(
    index
      .sortedOfType('AWS::CloudFront::MonitoringSubscription')
      .filter((entry) => {
        const reader = new PropertyReader(index, entry);
        const settings = reader.object(reader.object(entry.props.MonitoringSubscription).RealtimeMetricsSubscriptionConfig);
        return reader.literal(settings.RealtimeMetricsSubscriptionStatus) === 'Enabled';
      })
      .map((entry) => index.keyOf(entry.stack, entry.props.DistributionId)),
  );
  return index.sortedOfType('AWS::CloudFront::Distribution').map((entry) => {
    const reader = new PropertyReader(index, entry);
    const config = reader.object(entry.props.DistributionConfig);
    const behaviors = [
      { where: 'DefaultCacheBehavior', behavior: config.DefaultCacheBehavior },
      ...(Array.isArray(config.CacheBehaviors) ? config.CacheBehaviors : []).map((behavior, position) => ({
        where: `CacheBehaviors[${position}]`,
        behavior,
      })),
    ]
      .filter((item) => reader.object(item.behavior) === item.behavior)
      .map(({ where, behavior }) => {
        const settings = reader.object(behavior);
        return {
          where,
          pathPattern: reader.literal(settings.PathPattern),
          targetOriginId: reader.literal(settings.TargetOriginId),
          viewerProtocolPolicy: reader.literal(settings.ViewerProtocolPolicy) ?? 'allow-all',
        };
      });
    const origins = (Array.isArray(config.Origins) ? config.Origins : []).flatMap((origin, position) => {
      if (reader.object(origin) !== origin) return [];
      const settings = reader.object(origin);
      const custom = reader.object(settings.CustomOriginConfig);
      return [
        {
          where: `Origins[${position}]`,
          id: reader.literal(settings.Id),
          domainName: index.resolver.value(entry.stack, settings.DomainName),
          s3: settings.S3OriginConfig !== undefined,
          originAccessControl: settings.OriginAccessControlId !== undefined,
          ...vpcOriginFields(index, reader, settings.VpcOriginConfig),
          custom: custom === settings.CustomOriginConfig ? connectionOf(reader, custom) : undefined,
          customHeaders: reader
            .objects(settings.OriginCustomHeaders)
            .map((header) => reader.literal(header.HeaderName))
            .filter((name): name is string => Boolean(name)),
        },
      ];
    });
    const certificate = reader.object(config.ViewerCertificate);
    return {
      source: sourceOf(entry),
      enabled: reader.literal(config.Enabled) !== 'false',
      aliases: Array.isArray(config.Aliases) ? config.Aliases : [],
      literalAliases: (Array.isArray(config.Aliases) ? config.Aliases : []).flatMap((alias) => reader.literal(alias) || []),
      behaviors,
      origins,
      acmCertificate: certificate.AcmCertificateArn !== undefined,
      minimumProtocolVersion: reader.literal(certificate.MinimumProtocolVersion),
      additionalMetrics: withMetrics.has(entry.key),
    };
  });
}

function vpcOriginFields(
  index: ResourceIndex,
  distribution: PropertyReader,
  config: unknown,
): Pick<DistributionOrigin, 'viaVpcOrigin' | 'vpcOriginKey' | 'vpcOrigin'> {
  if (distribution.object(config) !== config) return { viaVpcOrigin: false };
  const key = distribution.keyOf(distribution.object(config).VpcOriginId);
  const entry = key ? index.get(key) : undefined;
  if (!entry || entry.resource.Type !== 'AWS::CloudFront::VpcOrigin') return { viaVpcOrigin: true, vpcOriginKey: key };
  const reader = new PropertyReader(index, entry);
  const endpoint = entry.props.VpcOriginEndpointConfig;
  const settings = reader.object(endpoint);
  return {
    viaVpcOrigin: true,
    vpcOriginKey: key,
    vpcOrigin: {
      source: sourceOf(entry),
      endpoint: settings === endpoint ? connectionOf(reader, settings) : undefined,
      targets: settings === endpoint ? reader.keysOf([settings.Arn]) : [],
    },
  };
}

function connectionOf(reader: PropertyReader, settings: Record<string, unknown>): OriginConnection {
  return {
    stack: reader.entry.stack,
    protocolPolicy: reader.literal(settings.OriginProtocolPolicy) ?? 'match-viewer',
    httpPort: reader.literal(settings.HTTPPort),
    httpsPort: reader.literal(settings.HTTPSPort),
    sslProtocols: settings.OriginSSLProtocols,
  };
}

export function webAclsOf(index: ResourceIndex): WebAcl[] {
  return index.sortedOfType('AWS::WAFv2::WebACL').map((entry) => {
    const reader = new PropertyReader(index, entry);
    const rules = (Array.isArray(entry.props.Rules) ? entry.props.Rules : []).map((rule) => reader.object(rule));
    const nameOf = (rule: (typeof rules)[number]) => reader.literal(rule.Name) ?? '?';
    const counts = (action: unknown) => action !== undefined && 'Count' in reader.object(action);
    return {
      source: sourceOf(entry),
      scope: reader.literal(entry.props.Scope),
      rules: rules.map(nameOf),
      countOnly: rules.filter((rule) => counts(rule.OverrideAction) || counts(rule.Action)).map(nameOf),
    };
  });
}
