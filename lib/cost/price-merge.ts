import { InstancePrice, InstanceSection, PriceTable, Rate, RATE_KEYS, RateKey, RegionPrices } from './price-table';
import { FetchedRegion } from './price-list';

/**
 * Fetched prices into the price table: each with the service whose pricing page it belongs to,
 * over what the table held.
 */

/** The source id of each rate key: the service whose pricing page the key belongs to. */
const SOURCE_OF_RATE: Record<RateKey, string> = {
  ebsGp3GbMonth: 'ebs',
  rdsGp3GbMonth: 'rdsMysql',
  rdsBackupGbMonth: 'rdsMysql',
  rdsExtendedSupportYear1to2VcpuHour: 'rdsMysql',
  rdsExtendedSupportYear3VcpuHour: 'rdsMysql',
  albHour: 'elb',
  albLcuHour: 'elb',
  natGatewayHour: 'vpc',
  natGatewayGb: 'vpc',
  publicIpv4Hour: 'vpc',
  cloudFrontDataOutGb: 'cloudFront',
  cloudFrontHttpsRequests10k: 'cloudFront',
  wafWebAclMonth: 'waf',
  wafRuleMonth: 'waf',
  wafRequestsMillion: 'waf',
  cloudWatchAlarmMonth: 'cloudWatch',
  cloudWatchDashboardMonth: 'cloudWatch',
  cloudWatchMetricMonth: 'cloudWatch',
  cloudWatchLogsIngestGb: 'cloudWatch',
  cloudWatchLogsStoreGbMonth: 'cloudWatch',
  configItem: 'config',
  configRuleEvaluation: 'config',
  guardDutyCloudTrailEventsMillion: 'guardDuty',
  guardDutyFlowDnsGb: 'guardDuty',
  inspectorEc2InstanceMonth: 'inspector',
  securityHubCheck: 'securityHub',
  cloudTrailExtraEvents100k: 'cloudTrail',
  kmsKeyMonth: 'kms',
  kmsRequests10k: 'kms',
  secretsManagerSecretMonth: 'secretsManager',
  s3StandardGbMonth: 's3',
  backupWarmGbMonth: 'backup',
};

export interface MergedRegion {
  /** The region's block: fetched prices over what the table held. Complete only when `missing` is empty. */
  readonly block: RegionPrices;
  /** Keys neither fetched nor held by the table (`rates.albHour`, `ec2.prices.t4g.small`). */
  readonly missing: readonly string[];
}

/**
 * The region's block with every fetched price (SKU and publication date) over the one the table
 * held; a price the fetch did not find keeps the table's unverified figure, so a refresh never
 * loses a price. Keys neither has are `missing`, and the block then lacks them.
 */
export function mergeRegion(fetched: FetchedRegion, existing: RegionPrices | undefined, region: string): MergedRegion {
  const missing: string[] = [];
  const rates: Partial<Record<RateKey, Rate>> = {};
  for (const key of RATE_KEYS) {
    const found = fetched.rates[key];
    if (found) rates[key] = { usd: found.usd, source: SOURCE_OF_RATE[key], priceList: found.priceList };
    else if (existing) rates[key] = existing.rates[key];
    else missing.push(`rates.${key}`);
  }
  const section = (name: InstanceSection) => {
    const prices: Record<string, InstancePrice> = {};
    const types = new Set([...Object.keys(fetched.instances[name]), ...Object.keys(existing?.[name].prices ?? {})]);
    for (const type of [...types].sort()) {
      const found = fetched.instances[name][type];
      const vcpu = found?.attributes.vcpu !== undefined ? Number(found.attributes.vcpu) : existing?.[name].prices[type]?.vcpu;
      if (found) prices[type] = { usd: found.usd, ...(vcpu !== undefined ? { vcpu } : {}), priceList: found.priceList };
      // Not fetched, so in `types` because the table held it.
      else prices[type] = existing?.[name].prices[type] as InstancePrice;
    }
    // Each instance section is priced on the pricing page of the source of the same id.
    return { source: name, prices };
  };
  return {
    block: {
      name: existing?.name ?? fetched.location ?? region,
      ec2: section('ec2'),
      rdsMysql: section('rdsMysql'),
      elasticache: section('elasticache'),
      rates: rates as Record<RateKey, Rate>,
    },
    missing,
  };
}

/** The table with one region's block replaced. */
export function withRegion(table: PriceTable, region: string, block: RegionPrices): PriceTable {
  return { ...table, regions: { ...table.regions, [region]: block } };
}
