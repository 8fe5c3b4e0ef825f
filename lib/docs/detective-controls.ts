import { dataEventBucketKeys, IndexedResource, isObject } from '../model';
import { DocsModel, nameOf, nameOfKey, resourcesOfType } from './assembly-model';
import { code } from './markdown';

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
  ];
}

function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function trailLines(model: DocsModel): string[] {
  const trails = resourcesOfType(model, 'AWS::CloudTrail::Trail');
  if (trails.length === 0) {
    return [
      '- **CloudTrail**: no trail in the templates; the account must show its own (`accountBaseline.hasOrganizationTrail`).',
    ];
  }
  return trails.map((trail) => {
    const buckets = dataEventBucketKeys(model.index, trail).map((key) => code(nameOfKey(model.index, key)));
    return `- **CloudTrail** ${code(nameOf(model.index, trail))}: management events${
      buckets.length > 0
        ? `, and the S3 data events (object reads and writes) of ${buckets.join(', ')}`
        : '; no S3 data events (object reads and writes are in the server access logs only)'
    }.`;
  });
}

function guardDutyLines(model: DocsModel): string[] {
  const detectors = resourcesOfType(model, 'AWS::GuardDuty::Detector');
  if (detectors.length === 0) {
    return ['- **GuardDuty**: no detector in the templates; the account must show its own (`accountBaseline.guardDuty`).'];
  }
  return detectors.map((detector) => {
    const features = listOf(detector.props.Features).map((feature) => {
      const additional = listOf(feature.AdditionalConfiguration)
        .map((extra) => `${String(extra.Name)} ${String(extra.Status).toLowerCase()}`)
        .join(', ');
      return `${code(String(feature.Name))} ${String(feature.Status).toLowerCase()}${additional ? ` (${additional})` : ''}`;
    });
    const enabled = (name: string) =>
      listOf(detector.props.Features).some((feature) => feature.Name === name && feature.Status === 'ENABLED');
    const agentManaged = listOf(detector.props.Features)
      .flatMap((feature) => listOf(feature.AdditionalConfiguration))
      .some((extra) => extra.Name === 'EC2_AGENT_MANAGEMENT' && extra.Status === 'ENABLED');
    return (
      `- **GuardDuty** ${code(nameOf(model.index, detector))}: ` +
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
  const subscriptions = resourcesOfType(model, 'AWS::RDS::EventSubscription');
  if (subscriptions.length === 0) return ['- **RDS events**: no event subscription in the templates.'];
  return subscriptions.map((subscription) => {
    const categories = Array.isArray(subscription.props.EventCategories)
      ? subscription.props.EventCategories.map((category) => code(String(category)))
      : [];
    return (
      `- **RDS events** ${code(nameOf(model.index, subscription))} (${String(subscription.props.SourceType)}): ` +
      (categories.length > 0 ? categories.join(', ') : 'every category') +
      '.'
    );
  });
}

function loadBalancerLines(model: DocsModel): string[] {
  const balancers = resourcesOfType(model, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
  if (balancers.length === 0) return [];
  const isProtected = (balancer: IndexedResource) =>
    listOf(balancer.props.LoadBalancerAttributes).some(
      (attribute) => attribute.Key === 'deletion_protection.enabled' && attribute.Value === 'true',
    );
  return [
    '- **Load balancer deletion protection**: ' +
      balancers
        .map((balancer) => `${code(nameOf(model.index, balancer))} ${isProtected(balancer) ? 'on' : '**off**'}`)
        .join(', ') +
      ' (the tear-down runbook lifts it first).',
  ];
}

function keyGrantLines(model: DocsModel): string[] {
  const keys = resourcesOfType(model, 'AWS::KMS::Key');
  if (keys.length === 0) return [];
  const open = keys.filter((key) => !onlyAwsServicesGrant(key));
  return [
    `- **KMS grants**: on ${keys.length - open.length} of ${keys.length} keys, the key policy denies \`kms:CreateGrant\` unless ` +
      "an AWS service creates the grant on the caller's behalf (`kms:GrantIsForAWSResource`)" +
      (open.length > 0 ? `; **not on** ${open.map((key) => code(nameOf(model.index, key))).join(', ')}.` : '.'),
  ];
}

/** Whether a key policy denies CreateGrant to everyone unless an AWS service creates the grant. */
function onlyAwsServicesGrant(key: IndexedResource): boolean {
  const policy = isObject(key.props.KeyPolicy) ? key.props.KeyPolicy : {};
  return listOf(policy.Statement).some((statement) => {
    const principal = statement.Principal;
    const everyone = principal === '*' || (isObject(principal) && principal.AWS === '*');
    const actions = [statement.Action].flat();
    const condition = isObject(statement.Condition) && isObject(statement.Condition.Bool) ? statement.Condition.Bool : {};
    return (
      statement.Effect === 'Deny' &&
      everyone &&
      (actions.includes('kms:CreateGrant') || actions.includes('kms:*')) &&
      statement.Resource === '*' &&
      String(condition['kms:GrantIsForAWSResource']) === 'false' &&
      Object.keys(statement.Condition as object).length === 1
    );
  });
}
