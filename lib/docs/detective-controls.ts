import { byName, DocsModel, nameOf, nameOfKey } from './assembly-model';
import { code } from './markdown';
import { MONITORING_DIAGRAM_FILE } from './monitoring-diagram';

/**
 * The SECURITY.md section on the controls that record and protect, each read from the templates:
 * what the trail records, the GuardDuty protection plans, the RDS events that page the alarm
 * topic, the deletion protection of the load balancers, and which KMS keys let only AWS services
 * create grants. A control the templates do not hold is said to be absent, never assumed.
 */
export function detectiveControlsSection(model: DocsModel): string[] {
  return [
    '## Detective and protective controls',
    '',
    'What the templates set, control by control.',
    '',
    ...trailLines(model),
    ...guardDutyLines(model),
    ...databaseEventLines(model),
    ...loadBalancerLines(model),
    ...keyGrantLines(model),
    '',
    'How performance and health data are collected and who is told, as the templates set it: the alarms and their ' +
      "metrics' namespaces, the EventBridge rules and the services whose events they route, the SNS topics and their " +
      'subscriptions, and where the trail archives its log files:',
    '',
    `![Monitoring and alerting of the ${model.config.customer.name} POC](${MONITORING_DIAGRAM_FILE})`,
    '',
  ];
}

function trailLines(model: DocsModel): string[] {
  const trails = byName(model.poc.trails);
  if (trails.length === 0) {
    return [
      '- **CloudTrail**: no trail in the templates; the account must show its own (`accountBaseline.hasOrganizationTrail`).',
    ];
  }
  return trails.map((trail) => {
    const buckets = trail.dataEventBuckets.map((key) => code(nameOfKey(model, key)));
    return `- **CloudTrail** ${code(nameOf(trail.source))}: management events${
      buckets.length > 0
        ? `, and the S3 data events (object reads and writes) of ${buckets.join(', ')}`
        : '; no S3 data events (object reads and writes are in the server access logs only)'
    }.`;
  });
}

function guardDutyLines(model: DocsModel): string[] {
  const detectors = byName(model.poc.threatDetectors);
  if (detectors.length === 0) {
    return ['- **GuardDuty**: no detector in the templates; the account must show its own (`accountBaseline.guardDuty`).'];
  }
  return detectors.map((detector) => {
    const features = detector.plans.map((plan) => {
      const additional = plan.additional.map((extra) => `${extra.name} ${extra.status.toLowerCase()}`).join(', ');
      return `${code(plan.name)} ${plan.status.toLowerCase()}${additional ? ` (${additional})` : ''}`;
    });
    const enabled = (name: string) => detector.plans.some((plan) => plan.name === name && plan.status === 'ENABLED');
    const agentManaged = detector.plans
      .flatMap((plan) => plan.additional)
      .some((extra) => extra.name === 'EC2_AGENT_MANAGEMENT' && extra.status === 'ENABLED');
    return (
      `- **GuardDuty** ${code(nameOf(detector.source))}: ` +
      (features.length > 0 ? features.join(', ') : 'no protection plan set (each left to the GuardDuty API default)') +
      '.' +
      (enabled('RDS_LOGIN_EVENTS')
        ? ' RDS Protection analyses the logins of Aurora and RDS for PostgreSQL databases, not of RDS for MySQL.'
        : '') +
      (enabled('RUNTIME_MONITORING') && agentManaged
        ? ' For its agent to deliver events, GuardDuty may create a `guardduty-data` VPC endpoint and a security group ' +
          'admitting HTTPS from the VPC CIDR (newer enablements connect over a link-local address instead): neither is in ' +
          'these templates nor in the segmentation analysis.'
        : '')
    );
  });
}

function databaseEventLines(model: DocsModel): string[] {
  const subscriptions = byName(model.poc.databaseEventSubscriptions);
  if (subscriptions.length === 0) return ['- **RDS events**: no event subscription in the templates.'];
  return subscriptions.map((subscription) => {
    const categories = subscription.categories.map((category) => code(category));
    return (
      `- **RDS events** ${code(nameOf(subscription.source))} (${String(subscription.sourceType)}): ` +
      (categories.length > 0 ? categories.join(', ') : 'every category') +
      '.'
    );
  });
}

function loadBalancerLines(model: DocsModel): string[] {
  const balancers = byName(model.poc.loadBalancers);
  if (balancers.length === 0) return [];
  return [
    '- **Load balancer deletion protection**: ' +
      balancers
        .map((balancer) => `${code(nameOf(balancer.source))} ${balancer.deletionProtection ? 'on' : '**off**'}`)
        .join(', ') +
      ' (the tear-down runbook lifts it first).',
  ];
}

function keyGrantLines(model: DocsModel): string[] {
  const keys = byName(model.poc.kmsKeys);
  if (keys.length === 0) return [];
  const open = keys.filter((key) => !key.grantsOnlyForAwsResources);
  return [
    `- **KMS grants**: on ${keys.length - open.length} of ${keys.length} keys, the key policy denies \`kms:CreateGrant\` unless ` +
      "an AWS service creates the grant on the caller's behalf (`kms:GrantIsForAWSResource`)" +
      (open.length > 0 ? `; **not on** ${open.map((key) => code(nameOf(key.source))).join(', ')}.` : '.'),
  ];
}
