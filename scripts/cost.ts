import { parseArgs } from 'node:util';
import { CommandIo, failureExit, runCommand, UsageError } from '../lib/cli-output';
import { AssemblyError } from '../lib/model';
import { CostEstimateError, estimateCost, EstimateOptions } from '../lib/cost/estimate';
import { loadPriceTable, PriceTableError } from '../lib/cost/price-table';
import { CostComparison, renderCostMarkdown } from '../lib/cost/render';

const USAGE = `Usage: npm run cost -- [ASSEMBLY_DIR] [--region REGION] [--compare ASSEMBLY_DIR] [--compare-label TEXT] [--prices FILE]

Prints the monthly cost estimate (Markdown) of a synthesized cloud assembly.
  ASSEMBLY_DIR     cloud assembly to price (default cdk.out; run npx cdk synth first)
  --region         region to price (default: the stacks' region, else eu-west-3)
  --compare        a second assembly (e.g. config/examples/lean-compliant.yaml synthesized with -o) to compare against
  --compare-label  how the doc names the compared configuration (default: its assembly folder)
  --prices         price table (default data/prices/aws-on-demand-2026-11.json)
`;

function cost(argv: readonly string[], io: CommandIo): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      region: { type: 'string' },
      compare: { type: 'string' },
      'compare-label': { type: 'string' },
      prices: { type: 'string' },
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
  const options: EstimateOptions = {
    region: values.region,
    priceTable: values.prices === undefined ? undefined : loadPriceTable(values.prices),
  };
  const estimate = estimateCost(positionals[0] ?? 'cdk.out', options);
  const comparison: CostComparison | undefined =
    values.compare === undefined
      ? undefined
      : { label: values['compare-label'] ?? values.compare, estimate: estimateCost(values.compare, options) };
  // Rendered in full before anything is written: an error leaves no half-printed document.
  io.stdout(renderCostMarkdown(estimate, comparison));
  return 0;
}

/** `npm run cost`: exit 0 printed, 1 the assembly or the price table cannot be read, 2 bad flag. */
export async function costCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    return cost(argv, io);
  } catch (error) {
    return failureExit(error, io, USAGE, [
      [AssemblyError, 1],
      [CostEstimateError, 1],
      [PriceTableError, 1],
    ]);
  }
}

if (require.main === module) runCommand(costCommand);
