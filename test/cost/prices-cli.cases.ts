import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instanceTypesOf } from '../../lib/cost/price-list';
import { DEFAULT_PRICE_FILE, loadPriceTable } from '../../lib/cost/price-table';
import { costCommand } from '../../scripts/cost';
import { pricesCommand } from '../../scripts/prices';
import { runCommandInProcess } from '../helpers';
import { pocResources, writeAssembly } from './fixtures';
import { fakePriceList, PUBLICATION_DATE } from './price-list-fixtures';

/** `npm run prices` and `npm run cost -- --live` against a mocked Price List; the bundled table is never written. */

const prices = (...args: string[]) => runCommandInProcess(pricesCommand, ...args);
const cost = (...args: string[]) => runCommandInProcess(costCommand, ...args);
const bundled = loadPriceTable();
const types = instanceTypesOf(bundled);

function tableCopy(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'poc-prices-cli-')), 'prices.json');
  copyFileSync(DEFAULT_PRICE_FILE, file);
  return file;
}

// The SDK's default credential chain is not consulted: the mock answers every send.
const credentials = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' };
beforeAll(() => Object.assign(process.env, credentials));
afterAll(() => {
  for (const key of Object.keys(credentials)) delete process.env[key];
});

describe('npm run prices', () => {
  test('rewrites one region block with SKUs and publication dates; the other regions are untouched', async () => {
    const file = tableCopy();
    const mock = fakePriceList('eu-west-3', types);
    const result = await prices('--region', 'eu-west-3', '--prices', file);
    mock.restore();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^wrote regions\.eu-west-3 of .*prices\.json: \d+ prices from the AWS Price List \(offers published 2026-11-27\)\n$/,
    );
    const table = loadPriceTable(file);
    const paris = table.regions['eu-west-3'];
    for (const rate of Object.values(paris.rates)) expect(rate.priceList?.publicationDate).toBe(PUBLICATION_DATE);
    for (const price of Object.values(paris.ec2.prices)) expect(price.unverified).toBeUndefined();
    expect(table.regions['eu-west-1']).toEqual(bundled.regions['eu-west-1']);
    expect(table.unverifiedBases).toEqual(bundled.unverifiedBases);
    expect(readdirSync(join(file, '..'))).toEqual(['prices.json']);
  });

  test('adds a region the table did not cover', async () => {
    const file = tableCopy();
    const mock = fakePriceList('ap-southeast-5', types);
    const result = await prices('--region', 'ap-southeast-5', '--prices', file);
    mock.restore();
    expect(result.status).toBe(0);
    expect(Object.keys(loadPriceTable(file).regions)).toContain('ap-southeast-5');
  });

  test('prices the Price List does not give for a new region: exit 1, each named, nothing written', async () => {
    const file = tableCopy();
    const before = readFileSync(file, 'utf8');
    const mock = fakePriceList('ap-southeast-5', types, { absent: ['rates.albHour'] });
    const result = await prices('--region', 'ap-southeast-5', '--prices', file);
    mock.restore();
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^nothing written to .*: the AWS Price List gave no price for 1 keys of ap-southeast-5/);
    expect(result.stderr).toContain('  - rates.albHour: no product with an on-demand price matches (AWSELB ');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  test('no credentials: one line, exit 1, nothing written', async () => {
    const file = tableCopy();
    const before = readFileSync(file, 'utf8');
    const mock = mockClient(PricingClient);
    const missing = new Error('Could not load credentials from any providers');
    missing.name = 'CredentialsProviderError';
    mock.on(GetProductsCommand).rejects(missing);
    const result = await prices('--region', 'eu-west-3', '--prices', file);
    mock.restore();
    expect(result).toEqual({
      status: 1,
      stdout: '',
      stderr: expect.stringMatching(/^no AWS credentials: [^\n]*\n$/),
    });
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  test('the API refuses (e.g. no pricing:GetProducts permission): its error in one line, exit 1, nothing written', async () => {
    const file = tableCopy();
    const before = readFileSync(file, 'utf8');
    const mock = mockClient(PricingClient);
    const denied = new Error('User is not authorized to perform: pricing:GetProducts');
    denied.name = 'AccessDeniedException';
    mock.on(GetProductsCommand).rejects(denied);
    const result = await prices('--region', 'eu-west-3', '--prices', file);
    mock.restore();
    expect(result).toEqual({
      status: 1,
      stdout: '',
      stderr: 'the AWS Price List API failed: AccessDeniedException: User is not authorized to perform: pricing:GetProducts\n',
    });
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  test.each([
    [['--region', 'us-gov-west-1'], /^--region us-gov-west-1: not a commercial AWS region code; give one such as eu-west-3/],
    [[], /^--region is required: the region to read prices for, e.g. --region eu-west-3\n/],
    [
      ['--region', 'eu-west-3', '--prices', '/nonexistent/dir/prices.json'],
      /^--prices \/nonexistent\/dir\/prices\.json: the folder/,
    ],
    [['--regoin', 'eu-west-3'], /Unknown option '--regoin'/],
  ])('bad flags %j: the flag, the value and the fix, exit 2, no call made', async (args, message) => {
    const mock = mockClient(PricingClient);
    const result = await prices(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(mock.commandCalls(GetProductsCommand)).toHaveLength(0);
    mock.restore();
  });
});

describe('npm run cost -- --live', () => {
  test('prices with the Price List prices, each line verified; the table on disk is unchanged', async () => {
    const before = readFileSync(DEFAULT_PRICE_FILE, 'utf8');
    const assembly = writeAssembly(pocResources(), 'eu-west-3');
    const mock = fakePriceList('eu-west-3', types, {
      priceOf: (label) => (label.startsWith('ec2.') ? '0.1000000000' : '0.0100000000'),
    });
    const result = await cost(assembly, '--live');
    mock.restore();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /- \*\*Prices:\*\* on-demand prices fetched from the AWS Price List Query API at \d{4}-\d\d-\d\dT[\d:]+Z/,
    );
    expect(result.stdout).toContain('- **Verified:** 8 of 8 priced lines carry an AWS Price List SKU');
    expect(result.stdout).toMatch(
      /\| Amazon EC2 \| m7g\.large x 2-4, [^|]+\| \$0\.10 \/ instance-hour \| verified: Price List SKU `[A-Z0-9]{16}`, offer of 2026-11-27 \|/,
    );
    expect(readFileSync(DEFAULT_PRICE_FILE, 'utf8')).toBe(before);
  });

  test('without --live, a region the table lacks: exit 1 naming the command that fills it', async () => {
    const result = await cost(writeAssembly(pocResources(), 'ap-southeast-5'));
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^Cannot estimate the cost:\n {2}- no price for 8 lines in ap-southeast-5 \(regions\.ap-southeast-5\.ec2\.prices\.m7g\.large, .*\): fill them with npm run prices -- --region ap-southeast-5, or price with current AWS prices: npm run cost -- --live\n$/,
    );
  });
});
