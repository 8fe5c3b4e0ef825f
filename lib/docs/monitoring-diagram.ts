import { byName, nameOf } from './assembly-model';
import { DiagramModel, shortPath, nodeId, plural, ProcessDiagram, ProcessEdge, ProcessNode, stackRegion } from './process-graph';

export const MONITORING_DIAGRAM_FILE = 'monitoring.svg';

const TOPIC = 'AWS::SNS::Topic';

/** What an EventBridge rule's event source is, as its box says it. */
const EVENT_SOURCES: Readonly<Record<string, string>> = {
  'aws.config': 'AWS Config compliance changes',
  'aws.guardduty': 'GuardDuty findings',
  'aws.securityhub': 'Security Hub findings',
  'aws.backup': 'AWS Backup job states',
  'aws.autoscaling': 'Auto Scaling instance events',
};

/**
 * How performance and health data are collected, as the templates set it: the CloudWatch alarms
 * (by the namespaces of their metrics) and the SNS topics their actions notify, the EventBridge
 * rules that route AWS Config, GuardDuty and other service events to a topic, the RDS event
 * subscriptions, each topic's subscriptions, and each trail's log archive.
 */
export function monitoringDiagram(model: DiagramModel): ProcessDiagram {
  const nodes: ProcessNode[] = [];
  const edges: ProcessEdge[] = [];
  const add = (node: ProcessNode) => {
    if (!nodes.some((existing) => existing.id === node.id)) nodes.push(node);
  };
  const topicsIn = (keys: readonly (string | undefined)[]) =>
    keys.filter((key): key is string => key !== undefined && model.poc.resource(key)?.type === TOPIC);
  const topicIds = new Set<string>();
  const edgeTo = (from: string, topics: readonly string[], label: string) => {
    for (const topic of topics) {
      topicIds.add(topic);
      edges.push({ from, to: nodeId('topic', topic), label, style: 'data' });
    }
  };

  // Alarms grouped by the topics they notify: one box per group, its metrics' namespaces inside.
  const groups = new Map<string, { stack: string; topics: string[]; namespaces: Map<string, number>; count: number }>();
  for (const alarm of byName(model.poc.alarms)) {
    const topics = topicsIn(alarm.actions);
    const key = `${alarm.source.stack}\u0000${topics.join(',')}`;
    const group = groups.get(key) ?? { stack: alarm.source.stack, topics, namespaces: new Map<string, number>(), count: 0 };
    group.count += 1;
    for (const namespace of alarm.namespaces) group.namespaces.set(namespace, (group.namespaces.get(namespace) ?? 0) + 1);
    groups.set(key, group);
  }
  for (const [key, group] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const id = nodeId('alarms', key);
    const namespaces = [...group.namespaces.entries()].sort(([a], [b]) => a.localeCompare(b));
    add({
      id,
      lines: [
        `CloudWatch alarms x ${group.count}`,
        stackRegion(model, group.stack),
        ...namespaces.map(([namespace, count]) => `${namespace}: ${count}`),
      ],
      kind: 'process',
    });
    if (group.topics.length === 0) continue;
    edgeTo(id, group.topics, 'alarm actions');
  }

  // EventBridge rules grouped by the topics they target: one box per group, the services whose events they route inside.
  const configRules = model.poc.configRules.length;
  const detectors = model.poc.threatDetectors.filter((detector) => detector.enabled).length;
  const routes = new Map<string, { topics: string[]; sources: Set<string>; count: number }>();
  for (const rule of byName(model.poc.eventRules)) {
    const topics = topicsIn(rule.targets);
    if (topics.length === 0) continue;
    const route = routes.get(topics.join(',')) ?? { topics, sources: new Set<string>(), count: 0 };
    route.count += 1;
    for (const source of rule.eventSources) route.sources.add(source);
    routes.set(topics.join(','), route);
  }
  for (const [key, route] of [...routes.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const id = nodeId('rules', key);
    const sources = [...route.sources].sort();
    add({
      id,
      lines: [`EventBridge rules x ${route.count}`, ...sources.map((source) => EVENT_SOURCES[source] ?? source)],
      kind: 'process',
    });
    edgeTo(id, route.topics, 'matching events');
    if (sources.includes('aws.config') && configRules > 0) {
      add({ id: 'config_rules', lines: ['AWS Config rules', `${configRules} managed rules`], kind: 'process' });
      edges.push({ from: 'config_rules', to: id, label: 'compliance changes', style: 'data' });
    }
    if (sources.includes('aws.guardduty') && detectors > 0) {
      add({ id: 'guardduty', lines: ['Amazon GuardDuty', plural(detectors, 'detector')], kind: 'process' });
      edges.push({ from: 'guardduty', to: id, label: 'findings', style: 'data' });
    }
  }

  for (const subscription of byName(model.poc.databaseEventSubscriptions)) {
    const id = nodeId('rds_events', subscription.source.key);
    add({
      id,
      lines: ['RDS event subscription', `${subscription.sourceType ?? 'every source type'}`],
      kind: 'process',
    });
    edgeTo(id, topicsIn([subscription.topic]), 'events');
  }

  for (const topic of [...topicIds].sort()) {
    const source = model.poc.resource(topic);
    const id = nodeId('topic', topic);
    add({
      id,
      lines: ['Amazon SNS topic', source ? shortPath(nameOf(source)) : topic, source ? stackRegion(model, source.stack) : ''],
      kind: 'notify',
    });
  }
  for (const subscription of byName(model.poc.topicSubscriptions)) {
    const { topic } = subscription;
    if (!topic || !topicIds.has(topic)) continue;
    const id = nodeId('subscription', subscription.source.key);
    add({ id, lines: [`${subscription.protocol ?? 'unresolved'} subscription`, subscription.endpoint ?? ''], kind: 'notify' });
    edges.push({ from: nodeId('topic', topic), to: id, label: 'notifies', style: 'data' });
  }

  for (const trail of byName(model.poc.trails)) {
    const id = nodeId('trail', trail.source.key);
    add({
      id,
      lines: ['CloudTrail trail', trail.logging ? 'logging' : 'not logging', stackRegion(model, trail.source.stack)],
      kind: 'process',
    });
    if (!trail.bucket) continue;
    const bucket = nodeId('bucket', trail.bucket);
    add({ id: bucket, lines: ['S3 log archive', shortPath(model.poc.nameOf(trail.bucket))], kind: 'store' });
    edges.push({ from: id, to: bucket, label: 'log files', style: 'data' });
  }

  return {
    id: 'monitoring-diagram',
    title: `${model.config.customer.name} POC: monitoring and alerting`,
    nodes: nodes.map((node) => ({ ...node, lines: node.lines.filter((line) => line.length > 0) })),
    edges,
  };
}
