import { Inventory } from './inventory';
import { LineBuilder, plural, same, scaled } from './line-builder';
import { Scale } from './lines';

/** The edge, monitoring and security services of the POC, priced per month. */

export function priceEdge(inventory: Inventory, builder: LineBuilder): void {
  if (inventory.distributions > 0) {
    const label = plural(inventory.distributions, 'distribution');
    builder.assumed(
      'Amazon CloudFront',
      `data transfer out to viewers (${label})`,
      'GB',
      'cloudFrontDataOutGb',
      'cloudFrontDataOutGb',
    );
    builder.rate(
      'Amazon CloudFront',
      'HTTPS requests',
      '10,000 requests',
      'cloudFrontHttpsRequests10k',
      scaled(builder.assumption('cloudFrontRequestsMillions'), same(100)),
      {
        assumptions: ['cloudFrontRequestsMillions'],
      },
    );
  }
  if (inventory.webAcls.length > 0) {
    const rules = inventory.webAcls.reduce((total, acl) => total + acl.rules, 0);
    builder.rate(
      'AWS WAF',
      plural(inventory.webAcls.length, 'web ACL'),
      'ACL-month',
      'wafWebAclMonth',
      same(inventory.webAcls.length),
    );
    builder.rate(
      'AWS WAF',
      `${plural(rules, 'rule')} (a managed rule group counts as one)`,
      'rule-month',
      'wafRuleMonth',
      same(rules),
    );
    builder.assumed('AWS WAF', 'requests inspected', 'million requests', 'wafRequestsMillion', 'wafRequestsMillions');
  }
}

/** What CloudFront publishes once additional metrics are on: cache hit rate, origin latency, 401/403/404/502/503/504 error rates. */
const CLOUDFRONT_ADDITIONAL_METRICS = 8;

export function priceMonitoring(inventory: Inventory, builder: LineBuilder): void {
  if (inventory.alarms > 0) {
    builder.rate(
      'Amazon CloudWatch',
      plural(inventory.alarms, 'alarm'),
      'alarm-month',
      'cloudWatchAlarmMonth',
      same(inventory.alarms),
    );
  }
  if (inventory.distributionsWithAdditionalMetrics > 0) {
    builder.rate(
      'Amazon CloudWatch',
      `CloudFront additional metrics (${CLOUDFRONT_ADDITIONAL_METRICS} per distribution: cache hit rate, origin latency, 6 error rates)`,
      'metric-month',
      'cloudWatchMetricMonth',
      same(inventory.distributionsWithAdditionalMetrics * CLOUDFRONT_ADDITIONAL_METRICS),
    );
  }
  if (inventory.dashboards > 0) {
    builder.rate(
      'Amazon CloudWatch',
      plural(inventory.dashboards, 'dashboard'),
      'dashboard-month',
      'cloudWatchDashboardMonth',
      same(inventory.dashboards),
    );
  }
  if (inventory.logGroups > 0 || inventory.flowLogs > 0) {
    const label = `${plural(inventory.logGroups, 'log group')}, ${plural(inventory.flowLogs, 'flow log')}`;
    builder.assumed('Amazon CloudWatch', `Logs ingestion (${label})`, 'GB', 'cloudWatchLogsIngestGb', 'logIngestionGb');
    builder.assumed(
      'Amazon CloudWatch',
      'Logs storage (365-day retention)',
      'GB-month',
      'cloudWatchLogsStoreGbMonth',
      'logStorageGb',
    );
  }
  if (inventory.buckets > 0) {
    builder.rate(
      'Amazon S3',
      `S3 Standard storage (${plural(inventory.buckets, 'bucket')})`,
      'GB-month',
      's3StandardGbMonth',
      builder.assumption('s3StorageGb'),
      {
        assumptions: ['s3StorageGb'],
      },
    );
  }
}

export function priceSecurity(inventory: Inventory, builder: LineBuilder): void {
  if (inventory.configRecorders > 0) {
    builder.assumed('AWS Config', 'configuration items recorded', 'item', 'configItem', 'configItemsPerMonth');
  }
  if (inventory.configRules > 0) {
    builder.rate(
      'AWS Config',
      `rule evaluations (${plural(inventory.configRules, 'rule')})`,
      'evaluation',
      'configRuleEvaluation',
      scaled(same(inventory.configRules), builder.assumption('configEvaluationsPerRule')),
      {
        assumptions: ['configEvaluationsPerRule'],
      },
    );
  }
  if (inventory.guardDutyDetectors > 0) {
    builder.assumed(
      'Amazon GuardDuty',
      'CloudTrail management event analysis',
      'million events',
      'guardDutyCloudTrailEventsMillion',
      'guardDutyCloudTrailEventsMillions',
    );
    builder.assumed('Amazon GuardDuty', 'VPC flow log and DNS log analysis', 'GB', 'guardDutyFlowDnsGb', 'guardDutyFlowDnsGb');
  }
  if (inventory.inspectorEc2) {
    const instances = (scale: Scale) => inventory.fleets.reduce((total, fleet) => total + fleet[scale], 0);
    builder.rate('Amazon Inspector', 'EC2 scanning of every instance', 'instance-month', 'inspectorEc2InstanceMonth', {
      min: instances('min'),
      max: instances('max'),
    });
  }
  if (inventory.securityHubs > 0) {
    builder.assumed('AWS Security Hub CSPM', 'security checks', 'check', 'securityHubCheck', 'securityHubChecksPerMonth');
  }
  if (inventory.trails > 0) {
    // The first trail's copy of management events is free; only further trails are billed.
    builder.rate(
      'AWS CloudTrail',
      `${plural(inventory.trails, 'trail')}: the first copy of management events is free`,
      '100,000 events',
      'cloudTrailExtraEvents100k',
      scaled(same(inventory.trails - 1), builder.assumption('cloudTrailExtraEvents100k')),
      { assumptions: inventory.trails > 1 ? ['cloudTrailExtraEvents100k'] : [] },
    );
  }
  if (inventory.kmsKeys > 0) {
    builder.rate(
      'AWS KMS',
      plural(inventory.kmsKeys, 'customer managed key'),
      'key-month',
      'kmsKeyMonth',
      same(inventory.kmsKeys),
    );
    builder.assumed('AWS KMS', 'requests', '10,000 requests', 'kmsRequests10k', 'kmsRequests10k');
  }
  if (inventory.secrets > 0) {
    builder.rate(
      'AWS Secrets Manager',
      plural(inventory.secrets, 'secret'),
      'secret-month',
      'secretsManagerSecretMonth',
      same(inventory.secrets),
    );
  }
  for (const plan of inventory.backupPlans) {
    const copies = 1 + plan.copyDestinations;
    builder.rate(
      'AWS Backup',
      `recovery points of ${plan.name} (${copies} vault ${copies === 1 ? 'copy' : 'copies'})`,
      'GB-month',
      'backupWarmGbMonth',
      scaled(builder.assumption('backupStorageGb'), same(copies)),
      {
        assumptions: ['backupStorageGb'],
      },
    );
  }
}
