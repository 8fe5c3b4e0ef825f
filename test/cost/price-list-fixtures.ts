import { GetProductsCommand, GetProductsCommandInput, PricingClient } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { filtersOf, instanceSpec, PriceSpec, rateSpecs } from '../../lib/cost/price-specs';
import { INSTANCE_SECTIONS, InstanceSection, RATE_KEYS } from '../../lib/cost/price-table';

/**
 * `GetProducts` PriceList entries in the Query API's documented format: a JSON string per
 * product with `product` {sku, productFamily, attributes}, `serviceCode`, `version`,
 * `publicationDate` and `terms.OnDemand.<sku>.<offerTermCode>.priceDimensions.<rateCode>`.
 */

export const PUBLICATION_DATE = '2026-11-27T21:09:34Z';
const ON_DEMAND = 'JRTCKXETXF';

export interface Dimension {
  readonly unit: string;
  readonly usd: string;
  readonly beginRange?: string;
  readonly endRange?: string;
  readonly description?: string;
}

export function priceListEntry(entry: {
  readonly sku: string;
  readonly serviceCode: string;
  readonly productFamily?: string;
  readonly attributes: Record<string, string>;
  readonly dimensions: readonly Dimension[];
  readonly publicationDate?: string;
}): string {
  const term = `${entry.sku}.${ON_DEMAND}`;
  const rateCodes = ['6YS6EN2CT7', '8EEUB22XNJ', 'PGHJ3S3EYE'];
  return JSON.stringify({
    product: {
      productFamily: entry.productFamily ?? entry.attributes.productFamily ?? 'Fee',
      attributes: { servicecode: entry.serviceCode, ...entry.attributes },
      sku: entry.sku,
    },
    serviceCode: entry.serviceCode,
    terms: {
      OnDemand: {
        [term]: {
          priceDimensions: Object.fromEntries(
            entry.dimensions.map((dimension, index) => [
              `${term}.${rateCodes[index]}`,
              {
                unit: dimension.unit,
                endRange: dimension.endRange ?? 'Inf',
                description: dimension.description ?? `$${dimension.usd} per ${dimension.unit}`,
                appliesTo: [],
                rateCode: `${term}.${rateCodes[index]}`,
                beginRange: dimension.beginRange ?? '0',
                pricePerUnit: { USD: dimension.usd },
              },
            ]),
          ),
          sku: entry.sku,
          effectiveDate: '2026-11-01T00:00:00Z',
          offerTermCode: ON_DEMAND,
          termAttributes: {},
        },
      },
    },
    version: '20261127210934',
    publicationDate: entry.publicationDate ?? PUBLICATION_DATE,
  });
}

/** A SKU per request, stable: 16 upper-case characters as the Price List's. */
function skuOf(label: string): string {
  let hash = 0;
  for (const char of label) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `SKU${hash.toString(36).toUpperCase()}`.padEnd(16, 'X').slice(0, 16);
}

/**
 * A Price List in a mocked PricingClient that answers each spec's query with one product in the
 * spec's first unit, priced `priceOf(label)`, and nothing for the labels in `absent`. Answers come
 * in two pages when `paged`, as the API paginates.
 */
export function fakePriceList(
  region: string,
  types: Record<InstanceSection, readonly string[]>,
  options: { readonly absent?: readonly string[]; readonly priceOf?: (label: string) => string } = {},
) {
  const specs = new Map<string, { label: string; spec: PriceSpec }>();
  const all = rateSpecs(region);
  for (const key of RATE_KEYS) specs.set(JSON.stringify(filtersOf(all[key], region)), { label: `rates.${key}`, spec: all[key] });
  for (const section of INSTANCE_SECTIONS) {
    for (const type of types[section]) {
      const spec = instanceSpec(section, type);
      specs.set(JSON.stringify(filtersOf(spec, region)), { label: `${section}.prices.${type}`, spec });
    }
  }
  const mock = mockClient(PricingClient);
  mock.on(GetProductsCommand).callsFake((input: GetProductsCommandInput) => {
    const match = specs.get(JSON.stringify(input.Filters));
    if (!match || options.absent?.includes(match.label)) return { PriceList: [], FormatVersion: 'aws_v1' };
    const { spec, label } = match;
    const attributes: Record<string, string> = { ...spec.attributes, location: 'EU (Paris)' };
    if (!spec.global) attributes.regionCode = region;
    const usageType = spec.usageTypeEndsWith ?? spec.usageTypeContains;
    if (usageType) attributes.usagetype = `EUW3-${usageType}${spec.usageTypeContains ? '.0' : ''}`;
    if (label.startsWith('rdsMysql.')) attributes.vcpu = '2';
    const unit = Object.keys(spec.units)[0];
    const entry = priceListEntry({
      sku: skuOf(label),
      serviceCode: spec.serviceCode,
      attributes,
      dimensions: [{ unit, usd: options.priceOf?.(label) ?? '0.0100000000' }],
    });
    // The first call of a query gets a page with a token and no product; the token gets the product.
    if (input.NextToken === undefined) return { PriceList: [], NextToken: `next-${label}`, FormatVersion: 'aws_v1' };
    return { PriceList: [entry], FormatVersion: 'aws_v1' };
  });
  return mock;
}
