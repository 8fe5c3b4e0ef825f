import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';

/**
 * The dated on-demand price table (data/prices/*.json). Every unit price says where it comes from:
 * `priceList` (the AWS Price List SKU and offer publication date `npm run prices` read it from) or
 * `unverified` (an id of `unverifiedBases`, a plain label). Prices are kept as JSON numbers and
 * converted to decimals (big.js) where they are multiplied.
 */

export const DEFAULT_PRICE_FILE = join(__dirname, '..', '..', 'data', 'prices', 'aws-on-demand-2026-11.json');

/** Keys every region must price: a missing one is a schema error, not a silent zero. */
export const RATE_KEYS = [
  'ebsGp3GbMonth',
  'rdsGp3GbMonth',
  'rdsBackupGbMonth',
  'rdsExtendedSupportYear1to2VcpuHour',
  'rdsExtendedSupportYear3VcpuHour',
  'albHour',
  'albLcuHour',
  'natGatewayHour',
  'natGatewayGb',
  'publicIpv4Hour',
  'cloudFrontDataOutGb',
  'cloudFrontHttpsRequests10k',
  'wafWebAclMonth',
  'wafRuleMonth',
  'wafRequestsMillion',
  'cloudWatchAlarmMonth',
  'cloudWatchDashboardMonth',
  'cloudWatchMetricMonth',
  'cloudWatchLogsIngestGb',
  'cloudWatchLogsStoreGbMonth',
  'configItem',
  'configRuleEvaluation',
  'guardDutyCloudTrailEventsMillion',
  'guardDutyFlowDnsGb',
  'inspectorEc2InstanceMonth',
  'securityHubCheck',
  'cloudTrailExtraEvents100k',
  'kmsKeyMonth',
  'kmsRequests10k',
  'secretsManagerSecretMonth',
  's3StandardGbMonth',
  'backupWarmGbMonth',
] as const;
export type RateKey = (typeof RATE_KEYS)[number];

export const USAGE_ASSUMPTION_KEYS = [
  'albLcuPerLoadBalancer',
  'natProcessedGb',
  'cloudFrontDataOutGb',
  'cloudFrontRequestsMillions',
  'wafRequestsMillions',
  'logIngestionGb',
  'logStorageGb',
  's3StorageGb',
  'rdsDailyChangePercent',
  'configItemsPerMonth',
  'configEvaluationsPerRule',
  'guardDutyCloudTrailEventsMillions',
  'guardDutyFlowDnsGb',
  'securityHubChecksPerMonth',
  'kmsRequests10k',
  'cloudTrailExtraEvents100k',
  'backupStorageGb',
] as const;
export type UsageAssumptionKey = (typeof USAGE_ASSUMPTION_KEYS)[number];

const isoDate = z.iso.date('must be a date such as 2026-11-01');
const usd = z.number().nonnegative('must be a price in USD, >= 0');

const sourceSchema = z.strictObject({
  title: z.string().min(1),
  /** The service's AWS pricing page or documentation: the only kind of page the table cites. */
  url: z.url().regex(/^https:\/\/(docs\.)?aws\.amazon\.com\//, 'must be an aws.amazon.com page'),
});

/** Where one price was read: a Price List product (SKU) of an offer published on a date. */
export const priceListRecordSchema = z.strictObject({
  sku: z.string().regex(/^[A-Z0-9]+$/, 'must be a Price List SKU'),
  publicationDate: z.iso.datetime({ message: 'must be the offer publication date, e.g. 2026-11-20T18:05:01Z' }),
});
export type PriceListRecord = z.output<typeof priceListRecordSchema>;

const provenance = {
  priceList: priceListRecordSchema.optional(),
  unverified: z.string().optional(),
};
const oneProvenance = <T extends { priceList?: unknown; unverified?: unknown }>(price: T) =>
  (price.priceList === undefined) !== (price.unverified === undefined);
const oneProvenanceMessage = {
  message: 'must say where it comes from: either priceList (written by npm run prices) or unverified (an unverifiedBases id)',
};

const instancePrice = z
  .strictObject({ usd, vcpu: z.int().positive().optional(), ...provenance })
  .refine(oneProvenance, oneProvenanceMessage);

const instanceTable = z.strictObject({
  source: z.string(),
  prices: z.record(z.string(), instancePrice),
});

const rate = z.strictObject({ usd, source: z.string(), ...provenance }).refine(oneProvenance, oneProvenanceMessage);

const regionSchema = z.strictObject({
  name: z.string().min(1),
  ec2: instanceTable,
  rdsMysql: instanceTable,
  elasticache: instanceTable,
  rates: z.strictObject(Object.fromEntries(RATE_KEYS.map((key) => [key, rate])) as Record<RateKey, typeof rate>),
});

const lifecycleSchema = z.strictObject({
  endOfStandardSupport: isoDate,
  endOfExtendedSupportYear2: isoDate,
  endOfExtendedSupport: isoDate,
});

const assumptionSchema = z
  .strictObject({
    min: z.number().nonnegative(),
    max: z.number().nonnegative(),
    unit: z.string().min(1),
    description: z.string().min(1),
  })
  .refine((assumption) => assumption.min <= assumption.max, { message: 'min must be <= max' });

const priceTableSchema = z
  .strictObject({
    $comment: z.string().optional(),
    asOf: isoDate,
    currency: z.literal('USD'),
    hoursPerMonth: z.number().positive(),
    sources: z.record(z.string(), sourceSchema),
    unverifiedBases: z.record(z.string(), z.string().min(1)),
    rdsEngineLifecycle: z.strictObject({
      source: z.string(),
      engines: z.record(z.string(), z.record(z.string(), lifecycleSchema)),
    }),
    usageAssumptions: z.strictObject(
      Object.fromEntries(USAGE_ASSUMPTION_KEYS.map((key) => [key, assumptionSchema])) as Record<
        UsageAssumptionKey,
        typeof assumptionSchema
      >,
    ),
    regions: z.record(z.string(), regionSchema),
  })
  .superRefine((table, ctx) => {
    // Every source and basis id must resolve: a dangling id would print an empty citation.
    const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const checkSource = (path: (string | number)[], source: string) => {
      if (!(source in table.sources)) problem(path, `names source "${source}", which is not in sources`);
    };
    const checkBasis = (path: (string | number)[], basis: string | undefined) => {
      if (basis !== undefined && !(basis in table.unverifiedBases)) {
        problem(path, `names basis "${basis}", which is not in unverifiedBases`);
      }
    };
    checkSource(['rdsEngineLifecycle', 'source'], table.rdsEngineLifecycle.source);
    for (const [region, prices] of Object.entries(table.regions)) {
      for (const section of ['ec2', 'rdsMysql', 'elasticache'] as const) {
        checkSource(['regions', region, section, 'source'], prices[section].source);
        for (const [type, price] of Object.entries(prices[section].prices)) {
          checkBasis(['regions', region, section, 'prices', type, 'unverified'], price.unverified);
        }
      }
      for (const key of RATE_KEYS) {
        checkSource(['regions', region, 'rates', key, 'source'], prices.rates[key].source);
        checkBasis(['regions', region, 'rates', key, 'unverified'], prices.rates[key].unverified);
      }
    }
  });

type ParsedPriceTable = z.output<typeof priceTableSchema>;
export type PriceTable = ParsedPriceTable & { readonly file: string };
export type RegionPrices = ParsedPriceTable['regions'][string];
export type Rate = RegionPrices['rates'][RateKey];
export type InstancePrice = RegionPrices['ec2']['prices'][string];
export type InstanceSection = 'ec2' | 'rdsMysql' | 'elasticache';
export const INSTANCE_SECTIONS: readonly InstanceSection[] = ['ec2', 'rdsMysql', 'elasticache'];

/** The schema of one region block, for a block fetched from the Price List before it joins a table. */
export const regionPricesSchema = regionSchema;
export type UsageAssumption = ParsedPriceTable['usageAssumptions'][UsageAssumptionKey];

/** A price table that is missing, unreadable or malformed; lists every problem. */
export class PriceTableError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid price table ${file}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'PriceTableError';
  }
}

export function loadPriceTable(file: string = DEFAULT_PRICE_FILE): PriceTable {
  return parsePriceTable(readRaw(file), file);
}

function readRaw(file: string): unknown {
  if (!existsSync(file))
    throw new PriceTableError(file, ['file not found; the default is data/prices/aws-on-demand-2026-11.json']);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PriceTableError(file, [`is not valid JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
}

function parsePriceTable(raw: unknown, file: string): PriceTable {
  const result = priceTableSchema.safeParse(raw);
  if (!result.success) {
    throw new PriceTableError(
      file,
      result.error.issues.map((issue) => {
        const field = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
        const missing = issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined;
        return `${field}: ${missing ? 'is required (every region prices every key; see the other regions)' : issue.message}`;
      }),
    );
  }
  return { ...result.data, file };
}

/**
 * Replaces one region's block of the table file, keeping everything else as it was. The whole
 * table is validated first and written to a temporary file renamed over the old one: a failure
 * leaves the old table, never a half-written one.
 */
export function writeRegionBlock(file: string, region: string, block: RegionPrices): PriceTable {
  const raw = readRaw(file) as { regions?: Record<string, unknown> };
  const updated = { ...raw, regions: { ...raw.regions, [region]: block } };
  const table = parsePriceTable(updated, file);
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, `${JSON.stringify(updated, null, 2)}\n`);
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
  return table;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = raw;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
