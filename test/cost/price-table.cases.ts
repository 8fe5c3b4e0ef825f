import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PRICE_FILE, loadPriceTable, PriceTableError, RATE_KEYS } from '../../lib/cost/price-table';

/** The parts of the raw JSON the negative tests break. */
interface RawTable {
  readonly regions: Record<
    string,
    {
      rates: Record<string, { source: string; unverified?: string; priceList?: unknown }>;
      ec2: { prices: Record<string, { unverified?: string }> };
    }
  >;
}

function writeTable(mutate: (raw: RawTable) => void): string {
  const raw = JSON.parse(readFileSync(DEFAULT_PRICE_FILE, 'utf8')) as RawTable;
  mutate(raw);
  const file = join(mkdtempSync(join(tmpdir(), 'poc-prices-')), 'prices.json');
  writeFileSync(file, JSON.stringify(raw));
  return file;
}

function problemsOf(file: string): readonly string[] {
  try {
    loadPriceTable(file);
  } catch (error) {
    if (error instanceof PriceTableError) return error.problems;
    throw error;
  }
  throw new Error('expected a PriceTableError');
}

describe('the price table', () => {
  const table = loadPriceTable();

  test('is dated, in USD, and covers the regions the kit is priced in', () => {
    expect(table.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(DEFAULT_PRICE_FILE).toContain(`aws-on-demand-${table.asOf.slice(0, 7)}.json`);
    expect(table.currency).toBe('USD');
    expect(Object.keys(table.regions)).toEqual(expect.arrayContaining(['us-east-1', 'eu-west-1', 'eu-west-3']));
  });

  test('every source has a pricing page, and every RDS class a vCPU count (Extended Support is per vCPU)', () => {
    for (const source of Object.values(table.sources)) expect(source.url).toMatch(/^https:\/\/(docs\.)?aws\.amazon\.com\//);
    for (const region of Object.values(table.regions)) {
      for (const [type, price] of Object.entries(region.rdsMysql.prices))
        expect([type, price.vcpu]).toEqual([type, expect.any(Number)]);
    }
  });

  test('reports every missing price at once, naming the region and the key', () => {
    const file = writeTable((raw) => {
      delete raw.regions['eu-west-3'].rates.natGatewayHour;
      delete raw.regions['us-east-1'].rates.albHour;
    });
    expect(problemsOf(file)).toEqual([
      'regions.us-east-1.rates.albHour: is required (every region prices every key; see the other regions)',
      'regions.eu-west-3.rates.natGatewayHour: is required (every region prices every key; see the other regions)',
    ]);
    expect(RATE_KEYS).toEqual(expect.arrayContaining(['albHour', 'natGatewayHour']));
  });

  test('reports every dangling reference at once: a source or an estimate basis the table does not define', () => {
    const file = writeTable((raw) => {
      raw.regions['us-east-1'].rates.albHour.source = 'nowhere';
      raw.regions['eu-west-1'].ec2.prices['t4g.small'].unverified = 'a-hunch';
    });
    expect(problemsOf(file)).toEqual([
      'regions.us-east-1.rates.albHour.source: names source "nowhere", which is not in sources',
      'regions.eu-west-1.ec2.prices.t4g.small.unverified: names basis "a-hunch", which is not in unverifiedBases',
    ]);
  });

  test('every price says where it comes from: a Price List SKU and date, or an unverified label, never both or neither', () => {
    const file = writeTable((raw) => {
      delete raw.regions['us-east-1'].rates.albHour.unverified;
      raw.regions['eu-west-1'].rates.albHour.priceList = { sku: 'ABCDEFGH12345678', publicationDate: '2026-11-20T18:05:01Z' };
      raw.regions['eu-west-3'].rates.albHour.unverified = undefined;
      raw.regions['eu-west-3'].rates.albHour.priceList = { sku: 'from a blog', publicationDate: 'last week' };
    });
    const oneOf =
      'must say where it comes from: either priceList (written by npm run prices) or unverified (an unverifiedBases id)';
    expect(problemsOf(file)).toEqual([
      `regions.us-east-1.rates.albHour: ${oneOf}`,
      `regions.eu-west-1.rates.albHour: ${oneOf}`,
      'regions.eu-west-3.rates.albHour.priceList.sku: must be a Price List SKU',
      'regions.eu-west-3.rates.albHour.priceList.publicationDate: must be the offer publication date, e.g. 2026-11-20T18:05:01Z',
    ]);
  });

  test('sources are AWS pages only: a third-party calculator site is refused', () => {
    const file = writeTable((raw) => {
      (raw as unknown as { sources: Record<string, { url: string }> }).sources.elb.url = 'https://calculator.example.com/alb';
    });
    expect(problemsOf(file)).toEqual(['sources.elb.url: must be an aws.amazon.com page']);
  });

  test('the bundled prices are honest: each one not read from the Price List carries a label dated by the table', () => {
    for (const region of Object.values(table.regions)) {
      const prices = [
        ...Object.values(region.rates),
        ...Object.values(region.ec2.prices),
        ...Object.values(region.rdsMysql.prices),
      ];
      for (const price of prices) {
        if (price.priceList === undefined) expect(table.unverifiedBases[price.unverified ?? '']).toEqual(expect.any(String));
      }
    }
    expect(JSON.stringify(table)).not.toMatch(/checkedVia|estimateBases/);
  });

  test('a missing file says which file', () => {
    expect(() => loadPriceTable('/nonexistent/prices.json')).toThrow(
      /Invalid price table \/nonexistent\/prices\.json:\n {2}- file not found/,
    );
  });
});
