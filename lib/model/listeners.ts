import { isObject } from './assembly';
import { referencedKeys } from './references';
import { ResourceIndex } from './resources';
import { PropertyReader, Source, sourceOf } from './source';

/** A load balancer listener and what its default action does. */
export interface Listener {
  readonly source: Source;
  /** The key of its load balancer. */
  readonly loadBalancer?: string;
  readonly protocol?: string;
  readonly port?: string;
  readonly sslPolicy?: string;
  readonly defaultAction: {
    /** `forward`, `redirect`, `fixed-response`, ... */
    readonly type?: string;
    readonly redirect?: { readonly protocol?: string; readonly port?: string };
    readonly statusCode?: string;
  };
  /** The headers its listener rules match on (`HttpHeaderConfig.HttpHeaderName`), in rule order. */
  readonly ruleHeaders: readonly string[];
}

export interface TargetGroup {
  readonly source: Source;
  readonly protocol?: string;
  /** Health check settings as the template writes them; undefined: left to the load balancer's defaults. */
  readonly healthCheck: {
    readonly path?: string;
    readonly intervalSeconds?: number;
    readonly timeoutSeconds?: number;
    readonly healthyThresholdCount?: number;
    readonly unhealthyThresholdCount?: number;
  };
  /** The `deregistration_delay.timeout_seconds` attribute; undefined: not set. */
  readonly deregistrationDelaySeconds?: number;
}

/** A WAF web ACL attached to a resource (a load balancer, an API). */
export interface WebAclAssociation {
  readonly source: Source;
  readonly webAcl?: string;
  readonly resource?: string;
}

export function listenersOf(index: ResourceIndex): Listener[] {
  const rules = index.sortedOfType('AWS::ElasticLoadBalancingV2::ListenerRule');
  return index.sortedOfType('AWS::ElasticLoadBalancingV2::Listener').map((entry) => {
    const listener = new PropertyReader(index, entry);
    const [action = {}] = listener.objects(entry.props.DefaultActions);
    const redirect = isObject(action.RedirectConfig) ? action.RedirectConfig : undefined;
    const headers = rules
      .filter((rule) => referencedKeys(index, rule.stack, rule.props.ListenerArn).includes(entry.key))
      .flatMap((rule) =>
        listener
          .objects(rule.props.Conditions)
          .map((condition) =>
            isObject(condition.HttpHeaderConfig) ? listener.literal(condition.HttpHeaderConfig.HttpHeaderName) : undefined,
          )
          .filter((name): name is string => name !== undefined),
      );
    return {
      source: sourceOf(entry),
      loadBalancer: listener.keyOf(entry.props.LoadBalancerArn),
      protocol: listener.literal(entry.props.Protocol),
      port: listener.literal(entry.props.Port),
      sslPolicy: listener.literal(entry.props.SslPolicy),
      defaultAction: {
        type: listener.literal(action.Type),
        redirect: redirect && { protocol: listener.literal(redirect.Protocol), port: listener.literal(redirect.Port) },
        statusCode: listener.literal(listener.object(action.FixedResponseConfig).StatusCode),
      },
      ruleHeaders: headers,
    };
  });
}

export function targetGroupsOf(index: ResourceIndex): TargetGroup[] {
  return index.sortedOfType('AWS::ElasticLoadBalancingV2::TargetGroup').map((entry) => {
    const group = new PropertyReader(index, entry);
    const integer = (expression: unknown) => {
      const value = group.integer(expression);
      return value.known ? value.value : undefined;
    };
    const delay = group
      .objects(entry.props.TargetGroupAttributes)
      .find((attribute) => attribute.Key === 'deregistration_delay.timeout_seconds');
    return {
      source: sourceOf(entry),
      protocol: group.literal(entry.props.Protocol),
      healthCheck: {
        path: group.literal(entry.props.HealthCheckPath),
        intervalSeconds: integer(entry.props.HealthCheckIntervalSeconds),
        timeoutSeconds: integer(entry.props.HealthCheckTimeoutSeconds),
        healthyThresholdCount: integer(entry.props.HealthyThresholdCount),
        unhealthyThresholdCount: integer(entry.props.UnhealthyThresholdCount),
      },
      deregistrationDelaySeconds: delay ? integer(delay.Value) : undefined,
    };
  });
}

export function webAclAssociationsOf(index: ResourceIndex): WebAclAssociation[] {
  return index.sortedOfType('AWS::WAFv2::WebACLAssociation').map((entry) => ({
    source: sourceOf(entry),
    webAcl: index.keyOf(entry.stack, entry.props.WebACLArn),
    resource: index.keyOf(entry.stack, entry.props.ResourceArn),
  }));
}
