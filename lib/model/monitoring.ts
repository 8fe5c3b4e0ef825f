import { isObject } from './assembly';
import { referencedKeys } from './references';
import { ResourceIndex } from './resources';
import { PropertyReader, Source, sourceOf } from './source';

/** Where an alarm sends its notifications: not what it measures. */
const ALARM_ACTIONS = ['AlarmActions', 'OKActions', 'InsufficientDataActions'];

export interface Alarm {
  readonly source: Source;
  /** undefined: CloudFormation names it. */
  readonly name?: string;
  /** Keys of the resources its metrics name (dimensions, metric math), not its actions. */
  readonly watches: readonly string[];
  /** Keys of what its alarm actions name (SNS topics, ...), sorted. */
  readonly actions: readonly string[];
  /** The namespaces of its metrics: its own, or those of its metric math, sorted. */
  readonly namespaces: readonly string[];
}

export interface TopicSubscription {
  readonly source: Source;
  readonly protocol?: string;
  readonly endpoint?: string;
  /** The key of the topic it subscribes to. */
  readonly topic?: string;
}

export interface Dashboard {
  readonly source: Source;
  readonly name?: string;
}

export interface EventRule {
  readonly source: Source;
  /** The `source` values its event pattern matches (`aws.autoscaling`, ...). */
  readonly eventSources: readonly string[];
  /** Keys of the resources its targets name (`Targets[].Arn`), sorted. */
  readonly targets: readonly string[];
}

export interface ConfigRule {
  readonly source: Source;
  /** The managed rule's identifier (`Source.SourceIdentifier`). */
  readonly identifier?: string;
}

export interface LogGroup {
  readonly source: Source;
  /** undefined: the events never expire. */
  readonly retentionDays?: number;
  /** The key of the KMS key that encrypts it; undefined: CloudWatch Logs' own encryption. */
  readonly kmsKey?: string;
}

/** An RDS event subscription: which events of which source type reach its topic. */
export interface DatabaseEventSubscription {
  readonly source: Source;
  readonly sourceType?: string;
  /** Empty: every category. */
  readonly categories: readonly string[];
  /** The key of the topic it notifies (`SnsTopicArn`). */
  readonly topic?: string;
}

export function alarmsOf(index: ResourceIndex): Alarm[] {
  return index.sortedOfType('AWS::CloudWatch::Alarm').map((entry) => {
    const measured = Object.entries(entry.props).filter(([property]) => !ALARM_ACTIONS.includes(property));
    return {
      source: sourceOf(entry),
      name: index.literal(entry.stack, entry.props.AlarmName),
      watches: referencedKeys(index, entry.stack, measured),
      actions: referencedKeys(index, entry.stack, entry.props.AlarmActions),
      namespaces: namespacesOf(entry.props),
    };
  });
}

export function topicSubscriptionsOf(index: ResourceIndex): TopicSubscription[] {
  return index.sortedOfType('AWS::SNS::Subscription').map((entry) => ({
    source: sourceOf(entry),
    protocol: index.literal(entry.stack, entry.props.Protocol),
    endpoint: index.literal(entry.stack, entry.props.Endpoint),
    topic: index.keyOf(entry.stack, entry.props.TopicArn),
  }));
}

export function dashboardsOf(index: ResourceIndex): Dashboard[] {
  return index.sortedOfType('AWS::CloudWatch::Dashboard').map((entry) => ({
    source: sourceOf(entry),
    name: index.literal(entry.stack, entry.props.DashboardName),
  }));
}

export function eventRulesOf(index: ResourceIndex): EventRule[] {
  return index.sortedOfType('AWS::Events::Rule').map((entry) => {
    const pattern = isObject(entry.props.EventPattern) ? entry.props.EventPattern : {};
    return {
      source: sourceOf(entry),
      eventSources: Array.isArray(pattern.source) ? pattern.source.filter((value) => typeof value === 'string') : [],
      targets: referencedKeys(
        index,
        entry.stack,
        (Array.isArray(entry.props.Targets) ? entry.props.Targets : []).map((target) =>
          isObject(target) ? target.Arn : undefined,
        ),
      ),
    };
  });
}

export function configRulesOf(index: ResourceIndex): ConfigRule[] {
  return index.sortedOfType('AWS::Config::ConfigRule').map((entry) => {
    const rule = new PropertyReader(index, entry);
    return { source: sourceOf(entry), identifier: rule.literal(rule.object(entry.props.Source).SourceIdentifier) };
  });
}

export function logGroupsOf(index: ResourceIndex): LogGroup[] {
  return index.sortedOfType('AWS::Logs::LogGroup').map((entry) => {
    const group = new PropertyReader(index, entry);
    const retention = group.integer(entry.props.RetentionInDays);
    return {
      source: sourceOf(entry),
      retentionDays: retention.known ? retention.value : undefined,
      kmsKey: entry.props.KmsKeyId === undefined ? undefined : group.keyOf(entry.props.KmsKeyId),
    };
  });
}

export function databaseEventSubscriptionsOf(index: ResourceIndex): DatabaseEventSubscription[] {
  return index.sortedOfType('AWS::RDS::EventSubscription').map((entry) => ({
    source: sourceOf(entry),
    sourceType: index.literal(entry.stack, entry.props.SourceType),
    categories: Array.isArray(entry.props.EventCategories) ? entry.props.EventCategories.map(String) : [],
    topic: index.keyOf(entry.stack, entry.props.SnsTopicArn),
  }));
}

/** The metric namespaces an alarm reads: its own, or its metric math's. */
function namespacesOf(props: Readonly<Record<string, unknown>>): string[] {
  if (typeof props.Namespace === 'string') return [props.Namespace];
  const metrics = Array.isArray(props.Metrics) ? props.Metrics : [];
  const found = metrics.flatMap((metric) => {
    const stat = isObject(metric) && isObject(metric.MetricStat) ? metric.MetricStat : {};
    const inner = isObject(stat.Metric) ? stat.Metric : {};
    return typeof inner.Namespace === 'string' ? [inner.Namespace] : [];
  });
  return [...new Set(found)].sort();
}
