import { paginateGetProducts, PricingClient } from '@aws-sdk/client-pricing';
import Big from 'big.js';
import { z } from 'zod';
import { INSTANCE_SECTIONS, InstanceSection, PriceListRecord, PriceTable, RATE_KEYS, RateKey } from './price-table';
import { filtersOf, instanceSpec, PriceSpec, rateSpecs } from './price-specs';

/**
 * Unit prices of one region from the AWS Price List Query API (`GetProducts`), asked for by the
 * specs of `price-specs.ts`. What a spec does not select unambiguously, in a unit it knows, is
 * reported by key with its filters: never guessed.
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
