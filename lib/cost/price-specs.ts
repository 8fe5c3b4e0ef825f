import { Filter } from '@aws-sdk/client-pricing';
import { InstanceSection, RateKey } from './price-table';

/**
 * What to ask the AWS Price List Query API (`GetProducts`) for. Each price the POC uses is one
 * spec: the service code, the product attributes that select it, and the units it may be quoted
 * in with the factor to the table's unit. `price-list.ts` fetches and selects by these specs.
 */

export interface PriceSpec {
  readonly serviceCode: string;
  /** Exact product attributes (TERM_MATCH); `regionCode` is added unless `global`. */
  readonly attributes: Readonly<Record<string, string>>;
  /** The usage type ends with this (the region prefix, e.g. `EUW3-`, varies). */
  readonly usageTypeEndsWith?: string;
  /** The usage type contains this. */
  readonly usageTypeContains?: string;
  /** Unit in the Price List (case-insensitive) -> factor to the table's unit (e.g. per request -> per 10,000). */
  readonly units: Readonly<Record<string, number>>;
  /** Priced by viewer location, not by region (CloudFront): no `regionCode` filter. */
  readonly global?: boolean;
}

const HOURS = { Hrs: 1 };
const GB_MONTH = { 'GB-Mo': 1 };
const PER_MONTH = (...units: string[]) => Object.fromEntries(units.map((unit) => [unit, 1]));

/** CloudFront prices data transfer and requests by where the viewers are: the continent of the region. */
export function cloudFrontLocation(region: string): string {
  if (region.startsWith('us-') || region.startsWith('mx-')) return 'United States';
  if (region.startsWith('ca-')) return 'Canada';
  if (region.startsWith('eu-') || region.startsWith('il-')) return 'Europe';
  if (region.startsWith('sa-')) return 'South America';
  if (region.startsWith('me-')) return 'Middle East';
  if (region.startsWith('af-')) return 'South Africa';
  if (region === 'ap-northeast-1' || region === 'ap-northeast-3') return 'Japan';
  if (region === 'ap-southeast-2' || region === 'ap-southeast-4') return 'Australia';
  if (region.startsWith('ap-south-')) return 'India';
  return 'Asia Pacific';
}

/** The rate specs of a region: every key of RATE_KEYS. */
export function rateSpecs(region: string): Record<RateKey, PriceSpec> {
  const viewers = cloudFrontLocation(region);
  return {
    ebsGp3GbMonth: { serviceCode: 'AmazonEC2', attributes: { productFamily: 'Storage', volumeApiName: 'gp3' }, units: GB_MONTH },
    rdsGp3GbMonth: {
      serviceCode: 'AmazonRDS',
      attributes: { productFamily: 'Database Storage', volumeType: 'General Purpose-GP3', deploymentOption: 'Single-AZ' },
      usageTypeEndsWith: 'RDS:GP3-Storage',
      units: GB_MONTH,
    },
    rdsBackupGbMonth: {
      serviceCode: 'AmazonRDS',
      attributes: { productFamily: 'Storage Snapshot' },
      usageTypeEndsWith: 'RDS:ChargedBackupUsage',
      units: GB_MONTH,
    },
    rdsExtendedSupportYear1to2VcpuHour: {
      serviceCode: 'AmazonRDS',
      attributes: { databaseEngine: 'MySQL' },
      usageTypeContains: 'ExtendedSupport:Yr1-Yr2:MySQL8',
      units: PER_MONTH('vCPU-Hour', 'vCPU-Hours', 'vCPU-Hrs', 'Hrs'),
    },
    rdsExtendedSupportYear3VcpuHour: {
      serviceCode: 'AmazonRDS',
      attributes: { databaseEngine: 'MySQL' },
      usageTypeContains: 'ExtendedSupport:Yr3:MySQL8',
      units: PER_MONTH('vCPU-Hour', 'vCPU-Hours', 'vCPU-Hrs', 'Hrs'),
    },
    albHour: {
      serviceCode: 'AWSELB',
      attributes: { productFamily: 'Load Balancer-Application' },
      usageTypeEndsWith: 'LoadBalancerUsage',
      units: HOURS,
    },
    albLcuHour: {
      serviceCode: 'AWSELB',
      attributes: { productFamily: 'Load Balancer-Application' },
      usageTypeEndsWith: 'LCUUsage',
      units: PER_MONTH('LCU-Hrs'),
    },
    natGatewayHour: {
      serviceCode: 'AmazonEC2',
      attributes: { productFamily: 'NAT Gateway' },
      usageTypeEndsWith: 'NatGateway-Hours',
      units: HOURS,
    },
    natGatewayGb: {
      serviceCode: 'AmazonEC2',
      attributes: { productFamily: 'NAT Gateway' },
      usageTypeEndsWith: 'NatGateway-Bytes',
      units: { GB: 1 },
    },
    publicIpv4Hour: {
      serviceCode: 'AmazonVPC',
      attributes: { productFamily: 'VPC Public IPv4 Address' },
      usageTypeEndsWith: 'PublicIPv4:InUseAddress',
      units: HOURS,
    },
    cloudFrontDataOutGb: {
      serviceCode: 'AmazonCloudFront',
      attributes: { productFamily: 'Data Transfer', transferType: 'CloudFront Outbound', fromLocation: viewers },
      units: { GB: 1 },
      global: true,
    },
    cloudFrontHttpsRequests10k: {
      serviceCode: 'AmazonCloudFront',
      attributes: { location: viewers },
      usageTypeEndsWith: 'Requests-Tier2-HTTPS',
      units: { Requests: 10_000 },
      global: true,
    },
    wafWebAclMonth: { serviceCode: 'awswaf', attributes: {}, usageTypeEndsWith: 'WebACL', units: PER_MONTH('WebACL', 'Mo') },
    wafRuleMonth: { serviceCode: 'awswaf', attributes: {}, usageTypeEndsWith: 'Rule', units: PER_MONTH('Rule', 'Mo') },
    wafRequestsMillion: {
      serviceCode: 'awswaf',
      attributes: {},
      usageTypeEndsWith: 'Request',
      units: { Request: 1_000_000, Requests: 1_000_000 },
    },
    cloudWatchAlarmMonth: {
      serviceCode: 'AmazonCloudWatch',
      attributes: { productFamily: 'Alarm' },
      usageTypeEndsWith: 'AlarmMonitorUsage',
      units: PER_MONTH('Alarms'),
    },
    cloudWatchDashboardMonth: {
      serviceCode: 'AmazonCloudWatch',
      attributes: { productFamily: 'Dashboard' },
      usageTypeContains: 'DashboardsUsageHour',
      units: PER_MONTH('Dashboards'),
    },
    cloudWatchMetricMonth: {
      serviceCode: 'AmazonCloudWatch',
      attributes: { productFamily: 'Metric' },
      usageTypeEndsWith: 'CW:MetricMonitorUsage',
      units: PER_MONTH('Metrics'),
    },
    cloudWatchLogsIngestGb: {
      serviceCode: 'AmazonCloudWatch',
      attributes: { productFamily: 'Data Payload' },
      usageTypeEndsWith: 'DataProcessing-Bytes',
      units: { GB: 1 },
    },
    cloudWatchLogsStoreGbMonth: {
      serviceCode: 'AmazonCloudWatch',
      attributes: { productFamily: 'Storage Snapshot' },
      usageTypeEndsWith: 'TimedStorage-ByteHrs',
      units: GB_MONTH,
    },
    configItem: {
      serviceCode: 'AWSConfig',
      attributes: {},
      usageTypeEndsWith: 'ConfigurationItemRecorded',
      units: PER_MONTH('ConfigurationItemRecorded', 'Items', 'Configuration Items'),
    },
    configRuleEvaluation: {
      serviceCode: 'AWSConfig',
      attributes: {},
      usageTypeEndsWith: 'ConfigRuleEvaluations',
      units: PER_MONTH('ConfigRuleEvaluations', 'Evaluations', 'Rule Evaluations'),
    },
    guardDutyCloudTrailEventsMillion: {
      serviceCode: 'AmazonGuardDuty',
      attributes: {},
      usageTypeEndsWith: 'PaidEventsAnalyzed',
      units: { Events: 1_000_000, 'Million Events': 1 },
    },
    guardDutyFlowDnsGb: {
      serviceCode: 'AmazonGuardDuty',
      attributes: {},
      usageTypeEndsWith: 'PaidLogsAnalyzed',
      units: { GB: 1 },
    },
    inspectorEc2InstanceMonth: {
      serviceCode: 'AmazonInspectorV2',
      attributes: {},
      usageTypeContains: 'EC2InstanceScan',
      units: PER_MONTH('Instance-Months', 'Instance-Mo', 'Instances'),
    },
    securityHubCheck: {
      serviceCode: 'AWSSecurityHub',
      attributes: {},
      usageTypeEndsWith: 'PaidComplianceCheck',
      units: PER_MONTH('Checks', 'Check'),
    },
    cloudTrailExtraEvents100k: {
      serviceCode: 'AWSCloudTrail',
      attributes: {},
      usageTypeEndsWith: 'PaidEventsRecorded',
      units: { Events: 100_000 },
    },
    kmsKeyMonth: { serviceCode: 'awskms', attributes: {}, usageTypeEndsWith: 'KMS-Keys', units: PER_MONTH('Keys', 'Mo') },
    kmsRequests10k: { serviceCode: 'awskms', attributes: {}, usageTypeEndsWith: 'KMS-Requests', units: { Requests: 10_000 } },
    secretsManagerSecretMonth: {
      serviceCode: 'AWSSecretsManager',
      attributes: {},
      usageTypeEndsWith: 'AWSSecretsManager-Secrets',
      units: PER_MONTH('Secrets', 'Mo'),
    },
    s3StandardGbMonth: {
      serviceCode: 'AmazonS3',
      attributes: { volumeType: 'Standard', storageClass: 'General Purpose' },
      usageTypeEndsWith: 'TimedStorage-ByteHrs',
      units: GB_MONTH,
    },
    backupWarmGbMonth: {
      serviceCode: 'AWSBackup',
      attributes: {},
      usageTypeEndsWith: 'WarmStorage-ByteHrs-RDS',
      units: GB_MONTH,
    },
  };
}

/** The spec of one instance type's Linux, shared-tenancy, on-demand hour (RDS: one Single-AZ instance). */
export function instanceSpec(section: InstanceSection, type: string): PriceSpec {
  switch (section) {
    case 'ec2':
      return {
        serviceCode: 'AmazonEC2',
        attributes: {
          instanceType: type,
          operatingSystem: 'Linux',
          tenancy: 'Shared',
          preInstalledSw: 'NA',
          capacitystatus: 'Used',
          operation: 'RunInstances',
        },
        units: HOURS,
      };
    case 'rdsMysql':
      // Per instance: the estimate counts the primary and the standby of a Multi-AZ deployment.
      return {
        serviceCode: 'AmazonRDS',
        attributes: {
          productFamily: 'Database Instance',
          instanceType: type,
          databaseEngine: 'MySQL',
          deploymentOption: 'Single-AZ',
        },
        units: HOURS,
      };
    case 'elasticache':
      return {
        serviceCode: 'AmazonElastiCache',
        attributes: { productFamily: 'Cache Instance', instanceType: type, cacheEngine: 'Memcached' },
        units: HOURS,
      };
  }
}

/** The GetProducts filters of a spec in a region. */
export function filtersOf(spec: PriceSpec, region: string): Filter[] {
  const exact = { ...spec.attributes, ...(spec.global ? {} : { regionCode: region }) };
  const filters: Filter[] = Object.entries(exact).map(([Field, Value]) => ({ Type: 'TERM_MATCH', Field, Value }));
  const usageType = spec.usageTypeEndsWith ?? spec.usageTypeContains;
  if (usageType) filters.push({ Type: 'CONTAINS', Field: 'usagetype', Value: usageType });
  return filters;
}
