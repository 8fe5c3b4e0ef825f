import { Filter, paginateGetProducts, PricingClient } from '@aws-sdk/client-pricing';
import Big from 'big.js';
import { z } from 'zod';
import {
  INSTANCE_SECTIONS,
  InstancePrice,
  InstanceSection,
  PriceListRecord,
  PriceTable,
  Rate,
  RATE_KEYS,
  RateKey,
  RegionPrices,
} from './price-table';

/**
 * Unit prices of one region from the AWS Price List Query API (`GetProducts`). Each price the POC
 * uses is one spec: the service code, the product attributes that select it, and the units it may
 * be quoted in with the factor to the table's unit. What a spec does not select unambiguously,
 * in a unit it knows, is reported by key with its filters: never guessed.
 */

/**
 * The Query API is served from us-east-1 (also eu-central-1 and ap-south-1) whatever region is
 * priced; the region priced is a product attribute (`regionCode`).
 */
export const PRICE_LIST_ENDPOINT_REGION = 'us-east-1';

/** Commercial regions only: GovCloud and China have their own partitions and Price List endpoints. */
const COMMERCIAL_REGION =
  /^(af|ap|ca|eu|il|me|mx|sa|us)-(central|north|south|east|west|northeast|northwest|southeast|southwest)-\d{1,2}$/;

export function regionProblem(region: string): string | undefined {
  return COMMERCIAL_REGION.test(region)
    ? undefined
    : `--region ${region}: not a commercial AWS region code; give one such as eu-west-3 or ap-southeast-2`;
}

// ---------------------------------------------------------------------------------------------
// The documented response format: PriceList is an array of JSON strings, one product each.

const priceDimension = z.object({
  unit: z.string(),
  pricePerUnit: z.object({ USD: z.string().optional() }),
  beginRange: z.string().optional(),
  endRange: z.string().optional(),
  description: z.string().optional(),
});

const priceListItem = z.object({
  serviceCode: z.string(),
  version: z.string().optional(),
  publicationDate: z.iso.datetime(),
  product: z.object({
    sku: z.string(),
    productFamily: z.string().optional(),
    attributes: z.record(z.string(), z.string()),
  }),
  terms: z.object({
    OnDemand: z.record(z.string(), z.object({ priceDimensions: z.record(z.string(), priceDimension) })).optional(),
  }),
});
export type PriceListItem = z.output<typeof priceListItem>;

/** One `PriceList` entry, parsed and checked; an entry of another shape is an error naming what differs. */
export function parsePriceListItem(json: string): PriceListItem {
  const result = priceListItem.safeParse(JSON.parse(json));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new PriceListError(`unexpected Price List entry: ${issue.path.join('.')}: ${issue.message}`);
  }
  return result.data;
}

// ---------------------------------------------------------------------------------------------
// What to ask for.

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

// ---------------------------------------------------------------------------------------------
// Choosing the price.

export interface FoundPrice {
  readonly usd: number;
  readonly priceList: PriceListRecord;
  /** The product's attributes, e.g. `vcpu` of an RDS instance class. */
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * The price a spec selects among parsed entries: the first paid tier (the lowest begin of range
 * with a price above zero: free tiers are not deducted) of the on-demand terms, in a known unit.
 * Returns a problem when nothing matches, a unit is unknown, or products of different prices match.
 */
export function selectPrice(items: readonly PriceListItem[], spec: PriceSpec): FoundPrice | string {
  const units = new Map(Object.entries(spec.units).map(([unit, factor]) => [unit.toLowerCase(), factor]));
  const candidates: { item: PriceListItem; usd: Big; begin: number }[] = [];
  const unknownUnits = new Set<string>();
  for (const item of items) {
    const usageType = item.product.attributes.usagetype ?? '';
    if (spec.usageTypeEndsWith && !usageType.endsWith(spec.usageTypeEndsWith)) continue;
    if (spec.usageTypeContains && !usageType.includes(spec.usageTypeContains)) continue;
    for (const term of Object.values(item.terms.OnDemand ?? {})) {
      for (const dimension of Object.values(term.priceDimensions)) {
        const usd = dimension.pricePerUnit.USD;
        if (usd === undefined || Number(usd) <= 0) continue;
        const factor = units.get(dimension.unit.toLowerCase());
        if (factor === undefined) {
          unknownUnits.add(dimension.unit);
          continue;
        }
        candidates.push({ item, usd: new Big(usd).times(factor), begin: Number(dimension.beginRange ?? '0') });
      }
    }
  }
  if (candidates.length === 0) {
    return unknownUnits.size > 0
      ? `priced in ${[...unknownUnits].map((unit) => `"${unit}"`).join(', ')}, not in a unit the spec knows (${Object.keys(spec.units).join(', ')})`
      : `no product with an on-demand price matches`;
  }
  const lowest = Math.min(...candidates.map((candidate) => candidate.begin));
  const first = candidates
    .filter((candidate) => candidate.begin === lowest)
    .sort((a, b) => a.item.product.sku.localeCompare(b.item.product.sku));
  const prices = new Set(first.map((candidate) => candidate.usd.toString()));
  if (prices.size > 1) {
    return `${first.length} products match with different prices (${first.map((c) => `${c.item.product.sku} ${c.usd.toString()} USD`).join(', ')}): the spec must select one`;
  }
  // Products of one price (e.g. the same rate under two usage types): the lowest SKU, for stable output.
  const chosen = first[0];
  return {
    usd: Number(chosen.usd.toString()),
    priceList: { sku: chosen.item.product.sku, publicationDate: chosen.item.publicationDate },
    attributes: chosen.item.product.attributes,
  };
}

// ---------------------------------------------------------------------------------------------
// Fetching a region.

/** No AWS credentials were found: the Price List API needs a signed request. */
export class NoCredentialsError extends Error {
  constructor() {
    super(
      'no AWS credentials: the Price List API needs any signed-in identity allowed pricing:GetProducts (set AWS_PROFILE, or run aws sso login / aws configure)',
    );
    this.name = 'NoCredentialsError';
  }
}

/** The Price List API refused or failed a call: its message, in one line. */
export class PriceListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PriceListError';
  }
}

export interface FetchedRegion {
  /** Found prices, by rate key and by instance type. */
  readonly rates: Partial<Record<RateKey, FoundPrice>>;
  readonly instances: Record<InstanceSection, Record<string, FoundPrice>>;
  /** The location name the Price List gives the region (e.g. "EU (Paris)"), when a product said it. */
  readonly location?: string;
  /** Prices not found, each with why and the filters used. */
  readonly problems: readonly string[];
}

/** The instance types the table prices in any region: what a region's block should cover. */
export function instanceTypesOf(table: PriceTable): Record<InstanceSection, string[]> {
  const types = (section: InstanceSection) =>
    [...new Set(Object.values(table.regions).flatMap((region) => Object.keys(region[section].prices)))].sort();
  return { ec2: types('ec2'), rdsMysql: types('rdsMysql'), elasticache: types('elasticache') };
}

async function productsOf(client: PricingClient, spec: PriceSpec, region: string): Promise<PriceListItem[]> {
  const items: PriceListItem[] = [];
  const pages = paginateGetProducts(
    { client, pageSize: 100 },
    { ServiceCode: spec.serviceCode, Filters: filtersOf(spec, region), FormatVersion: 'aws_v1' },
  );
  for await (const page of pages) for (const json of page.PriceList ?? []) items.push(parsePriceListItem(json));
  return items;
}

function describe(spec: PriceSpec, region: string): string {
  const filters = filtersOf(spec, region).map((filter) =>
    filter.Type === 'CONTAINS' ? `${filter.Field}~${filter.Value}` : `${filter.Field}=${filter.Value}`,
  );
  return `${spec.serviceCode} ${filters.join(', ')}`;
}

/** A few requests at a time: the Price List API throttles bursts (the SDK retries throttled calls). */
const CONCURRENCY = 4;

/** Every unit price the table holds for a region (rates and instance types), read from the Price List. */
export async function fetchRegionPrices(
  client: PricingClient,
  region: string,
  types: Record<InstanceSection, readonly string[]>,
): Promise<FetchedRegion> {
  const specs = rateSpecs(region);
  const jobs: { label: string; spec: PriceSpec; store: (found: FoundPrice) => void }[] = [];
  const rates: Partial<Record<RateKey, FoundPrice>> = {};
  const instances: Record<InstanceSection, Record<string, FoundPrice>> = { ec2: {}, rdsMysql: {}, elasticache: {} };
  for (const key of RATE_KEYS) jobs.push({ label: `rates.${key}`, spec: specs[key], store: (found) => (rates[key] = found) });
  for (const section of INSTANCE_SECTIONS) {
    for (const type of types[section]) {
      jobs.push({
        label: `${section}.prices.${type}`,
        spec: instanceSpec(section, type),
        store: (found) => (instances[section][type] = found),
      });
    }
  }
  const problems: string[] = [];
  let location: string | undefined;
  for (let start = 0; start < jobs.length; start += CONCURRENCY) {
    const batch = jobs.slice(start, start + CONCURRENCY);
    const results = await Promise.all(batch.map((job) => callPriceList(() => productsOf(client, job.spec, region))));
    batch.forEach((job, index) => {
      const found = selectPrice(results[index], job.spec);
      if (typeof found === 'string') {
        problems.push(`${job.label}: ${found} (${describe(job.spec, region)})`);
        return;
      }
      job.store(found);
      if (!job.spec.global && found.attributes.location) location ??= found.attributes.location;
    });
  }
  return { rates, instances, location, problems };
}

/** Everything a query can fail on (credentials, the API, the network, an entry of another shape), in one line. */
async function callPriceList<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof PriceListError) throw error;
    if (error instanceof Error && error.name === 'CredentialsProviderError') throw new NoCredentialsError();
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new PriceListError(`the AWS Price List API failed: ${reason}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Into the table.

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
