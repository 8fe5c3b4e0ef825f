import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The dated on-demand price table (data/prices/*.json): every unit price names its source, and
 * a price that could not be confirmed carries `estimate` (an id of `estimateBases` saying why).
 * Prices are kept as JSON numbers and converted to decimals (big.js) where they are multiplied.
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
  url: z.url(),
  offerFile: z.url().optional(),
  checkedVia: z.array(z.url()),
});

const instancePrice = z.strictObject({
  usd,
  vcpu: z.int().positive().optional(),
  estimate: z.string().optional(),
});

const instanceTable = z.strictObject({
  source: z.string(),
  prices: z.record(z.string(), instancePrice),
});

const rate = z.strictObject({ usd, source: z.string(), estimate: z.string().optional() });

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
    estimateBases: z.record(z.string(), z.string().min(1)),
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
    // Every source and estimate id must resolve: a dangling id would print an empty citation.
    const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const checkSource = (path: (string | number)[], source: string) => {
      if (!(source in table.sources)) problem(path, `names source "${source}", which is not in sources`);
    };
    const checkEstimate = (path: (string | number)[], estimate: string | undefined) => {
      if (estimate !== undefined && !(estimate in table.estimateBases)) {
        problem(path, `names estimate basis "${estimate}", which is not in estimateBases`);
      }
    };
    checkSource(['rdsEngineLifecycle', 'source'], table.rdsEngineLifecycle.source);
    for (const [region, prices] of Object.entries(table.regions)) {
      for (const section of ['ec2', 'rdsMysql', 'elasticache'] as const) {
        checkSource(['regions', region, section, 'source'], prices[section].source);
        for (const [type, price] of Object.entries(prices[section].prices)) {
          checkEstimate(['regions', region, section, 'prices', type, 'estimate'], price.estimate);
        }
      }
      for (const key of RATE_KEYS) {
        checkSource(['regions', region, 'rates', key, 'source'], prices.rates[key].source);
        checkEstimate(['regions', region, 'rates', key, 'estimate'], prices.rates[key].estimate);
      }
    }
  });

type ParsedPriceTable = z.output<typeof priceTableSchema>;
export type PriceTable = ParsedPriceTable & { readonly file: string };
export type RegionPrices = ParsedPriceTable['regions'][string];
export type Rate = RegionPrices['rates'][RateKey];
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
  if (!existsSync(file))
    throw new PriceTableError(file, ['file not found; the default is data/prices/aws-on-demand-2026-11.json']);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PriceTableError(file, [`is not valid JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
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

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = raw;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
