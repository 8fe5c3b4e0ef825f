import { PricingClient } from '@aws-sdk/client-pricing';
import { parseArgs } from 'node:util';
import { CommandIo, failureExit, runCommand, UsageError } from '../lib/cli-output';
import { AssemblyError, loadModel } from '../lib/model';
import { CostEstimate, CostEstimateError, estimateModel, EstimateOptions, pricingRegion } from '../lib/cost/estimate';
import {
  fetchRegionPrices,
  instanceTypesOf,
  NoCredentialsError,
  PRICE_LIST_ENDPOINT_REGION,
  PriceListError,
  regionProblem,
} from '../lib/cost/price-list';
import { mergeRegion, withRegion } from '../lib/cost/price-merge';
import { loadPriceTable, PriceTable, PriceTableError } from '../lib/cost/price-table';
import { pricesCommand, renderCostMarkdown } from '../lib/cost/render';
import { CostComparison } from '../lib/cost/render-comparison';

const USAGE = `Usage: npm run cost -- [ASSEMBLY_DIR] [--region REGION] [--live] [--compare ASSEMBLY_DIR] [--compare-label TEXT] [--prices FILE]

Prints the monthly cost estimate (Markdown) of a synthesized cloud assembly.
  ASSEMBLY_DIR     cloud assembly to price (default cdk.out; run npx cdk synth first)
  --region         region to price (default: the stacks' region, else eu-west-3)
  --compare        a second assembly (e.g. config/examples/lean-compliant.yaml synthesized with -o) to compare against
  --compare-label  how the doc names the compared configuration (default: its assembly folder)
  --prices         price table (default data/prices/aws-on-demand-2026-11.json)
  --live           price the region with current AWS prices, fetched from the AWS Price List Query API
                   (AWS credentials; nothing written; prices the fetch does not find come from the table)
Exit codes: 0 printed; 1 the assembly or the price table cannot be read, prices are missing, or the
Price List cannot be read (--live); 2 bad flag.
`;

/** The table with the region's block fetched from the Price List over the bundled one. */
async function liveTable(table: PriceTable, region: string): Promise<PriceTable> {
  const client = new PricingClient({ region: PRICE_LIST_ENDPOINT_REGION });
  const fetched = await fetchRegionPrices(client, region, instanceTypesOf(table));
  // A key neither fetched nor bundled stays out of the block: the estimate lists it as a missing price.
  return withRegion(table, region, mergeRegion(fetched, table.regions[region], region).block);
}

function refuseIncomplete(estimate: CostEstimate, live: boolean): void {
  if (estimate.missingPrices.length === 0) return;
  const keys = estimate.missingPrices.map((missing) => missing.key);
  throw new CostEstimateError([
    `no price for ${keys.length} lines in ${estimate.region} (${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', ...' : ''}): ` +
      (live
        ? 'the AWS Price List gave none either; see npm run prices for which filters found nothing'
        : `fill them with ${pricesCommand(estimate.region)}, or price with current AWS prices: npm run cost -- --live`),
  ]);
}

async function cost(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      region: { type: 'string' },
      compare: { type: 'string' },
      'compare-label': { type: 'string' },
      prices: { type: 'string' },
      live: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    throw new UsageError(`expected at most one assembly folder, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  if (values['compare-label'] !== undefined && values.compare === undefined) {
    throw new UsageError('--compare-label needs --compare ASSEMBLY_DIR');
  }
  if (values.region !== undefined && values.live) {
    const problem = regionProblem(values.region);
    if (problem) throw new UsageError(problem);
  }
  const model = loadModel(positionals[0] ?? 'cdk.out');
  let priceTable = loadPriceTable(values.prices);
  let fetchedAt: string | undefined;
  if (values.live) {
    const { region } = pricingRegion(model, values.region);
    priceTable = await liveTable(priceTable, region);
    fetchedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  }
  const estimate = estimateModel(model, { region: values.region, priceTable, fetchedAt });
  refuseIncomplete(estimate, values.live);
  const options: EstimateOptions = { region: estimate.region, priceTable, fetchedAt };
  const comparison: CostComparison | undefined =
    values.compare === undefined
      ? undefined
      : { label: values['compare-label'] ?? values.compare, estimate: estimateModel(loadModel(values.compare), options) };
  // Rendered in full before anything is written: an error leaves no half-printed document.
  io.stdout(renderCostMarkdown(estimate, comparison));
  return 0;
}

/** `npm run cost`: exit 0 printed, 1 the assembly, the price table or the Price List cannot be read or prices are missing, 2 bad flag. */
export async function costCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    return await cost(argv, io);
  } catch (error) {
    return failureExit(error, io, USAGE, [
      [AssemblyError, 1],
      [CostEstimateError, 1],
      [PriceTableError, 1],
      [NoCredentialsError, 1],
      [PriceListError, 1],
    ]);
  }
}

if (require.main === module) runCommand(costCommand);
