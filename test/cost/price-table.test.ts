import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PRICE_FILE, loadPriceTable, PriceTableError, RATE_KEYS } from '../../lib/cost/price-table';

/** The parts of the raw JSON the negative tests break. */
interface RawTable {
  readonly regions: Record<
    string,
    { rates: Record<string, { source: string }>; ec2: { prices: Record<string, { estimate?: string }> } }
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
      raw.regions['eu-west-1'].ec2.prices['t4g.small'].estimate = 'a-hunch';
    });
    expect(problemsOf(file)).toEqual([
      'regions.us-east-1.rates.albHour.source: names source "nowhere", which is not in sources',
      'regions.eu-west-1.ec2.prices.t4g.small.estimate: names estimate basis "a-hunch", which is not in estimateBases',
    ]);
  });

  test('a missing file says which file', () => {
    expect(() => loadPriceTable('/nonexistent/prices.json')).toThrow(
      /Invalid price table \/nonexistent\/prices\.json:\n {2}- file not found/,
    );
  });
});
