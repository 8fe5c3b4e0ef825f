import { PricingClient } from '@aws-sdk/client-pricing';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { CommandIo, failureExit, outputFileProblem, runCommand, UsageError } from '../lib/cli-output';
import {
  fetchRegionPrices,
  instanceTypesOf,
  NoCredentialsError,
  PRICE_LIST_ENDPOINT_REGION,
  PriceListError,
  regionProblem,
} from '../lib/cost/price-list';
import { mergeRegion } from '../lib/cost/price-merge';
import { DEFAULT_PRICE_FILE, loadPriceTable, PriceTableError, writeRegionBlock } from '../lib/cost/price-table';

const USAGE = `Usage: npm run prices -- --region REGION [--prices FILE]

Reads every unit price the cost estimate uses in REGION (instance hours of each type the table
lists, storage, NAT gateway, load balancer, CloudFront, WAF, CloudWatch, Config, GuardDuty,
Inspector, Security Hub, CloudTrail, KMS, Secrets Manager, S3, Backup) from the AWS Price List
Query API and rewrites that region's block of the price table, each price with its SKU and the
publication date of its offer. Needs AWS credentials allowed pricing:GetProducts.
  --region   a commercial AWS region code, e.g. eu-west-3 or ap-southeast-2 (required)
  --prices   the price table to rewrite (default data/prices/aws-on-demand-2026-11.json)
Exit codes: 0 written; 1 no credentials, the API failed, or prices are missing (nothing written);
2 bad flag.`;

/** Prices the Price List did not give and the table cannot keep: nothing is written. */
class MissingPricesError extends Error {}

type Arguments = { readonly help: true } | { readonly help: false; readonly region: string; readonly file: string };

function parseArguments(argv: readonly string[]): Arguments {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { region: { type: 'string' }, prices: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) return { help: true };
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}: give the region with --region REGION`);
  if (values.region === undefined)
    throw new UsageError('--region is required: the region to read prices for, e.g. --region eu-west-3');
  const problem = regionProblem(values.region);
  if (problem) throw new UsageError(problem);
  const file = values.prices ?? DEFAULT_PRICE_FILE;
  const fileProblem = outputFileProblem(file);
  if (fileProblem) throw new UsageError(`--prices ${file}: ${fileProblem}`);
  return { help: false, region: values.region, file };
}

async function prices(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = parseArguments(argv);
  if (args.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const { region, file } = args;
  const table = loadPriceTable(file);
  const client = new PricingClient({ region: PRICE_LIST_ENDPOINT_REGION });
  const fetched = await fetchRegionPrices(client, region, instanceTypesOf(table));
  const merged = mergeRegion(fetched, table.regions[region], region);
  const shown = relative(process.cwd(), file) || file;
  if (merged.missing.length > 0) {
    throw new MissingPricesError(
      `nothing written to ${shown}: the AWS Price List gave no price for ${merged.missing.length} keys of ${region} the table needs:\n` +
        fetched.problems.map((problem) => `  - ${problem}`).join('\n'),
    );
  }
  writeRegionBlock(file, region, merged.block);
  const found = [...Object.values(fetched.rates), ...Object.values(fetched.instances).flatMap(Object.values)];
  const dates = [...new Set(found.map((price) => price.priceList.publicationDate.slice(0, 10)))].sort();
  io.stdout(
    `wrote regions.${region} of ${shown}: ${found.length} prices from the AWS Price List (offers published ${dates.join(', ')})\n`,
  );
  if (fetched.problems.length > 0) {
    io.stderr(
      `not found, the table's unverified figure kept or the type left out:\n${fetched.problems.map((problem) => `  - ${problem}`).join('\n')}\n`,
    );
  }
  return 0;
}

/** `npm run prices`: exit 0 written, 1 no credentials / API failure / missing prices (nothing written), 2 bad flag. */
export async function pricesCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    return await prices(argv, io);
  } catch (error) {
    return failureExit(error, io, USAGE, [
      [NoCredentialsError, 1],
      [PriceListError, 1],
      [MissingPricesError, 1],
      [PriceTableError, 1],
    ]);
  }
}

if (require.main === module) runCommand(pricesCommand);
