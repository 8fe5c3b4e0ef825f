import { parseArgs } from 'node:util';
import { isFileSystemError } from '../lib/cli-output';
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

function main(argv: readonly string[]): void {
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
    process.stdout.write(USAGE);
    return;
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
  process.stdout.write(renderCostMarkdown(estimate, comparison));
}

class UsageError extends Error {}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (
    error instanceof UsageError ||
    (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
  ) {
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (
    error instanceof AssemblyError ||
    error instanceof CostEstimateError ||
    error instanceof PriceTableError ||
    isFileSystemError(error)
  ) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
