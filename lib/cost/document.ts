import { CostEstimateError, estimateCost, EstimateOptions } from './estimate';
import { PriceTableError } from './price-table';
import { renderCostMarkdown } from './render';
import { CostComparison } from './render-comparison';

/**
 * COST.md of an assembly for the generated documents. An estimate that cannot be made (a price
 * table that does not load, a value the estimate refuses to guess) gives a COST.md that says why
 * and how to fix it instead of failing every other document; missing prices are listed by the
 * estimate itself. Any other error is a bug and still throws.
 */
export function costDocument(
  assemblyDir: string,
  comparison?: { readonly label: string; readonly assemblyDir: string },
  options: EstimateOptions = {},
): string {
  try {
    const estimate = estimateCost(assemblyDir, options);
    const compared: CostComparison | undefined = comparison
      ? {
          label: comparison.label,
          // Priced where this configuration is, so the difference is the configuration's alone.
          estimate: estimateCost(comparison.assemblyDir, { ...options, region: estimate.region }),
        }
      : undefined;
    return renderCostMarkdown(estimate, compared);
  } catch (error) {
    if (error instanceof CostEstimateError || error instanceof PriceTableError) return unavailableCostMarkdown(error);
    throw error;
  }
}

function unavailableCostMarkdown(error: CostEstimateError | PriceTableError): string {
  const problems = error instanceof CostEstimateError ? error.problems : [`${error.file}: ${error.problems.join('; ')}`];
  return [
    '# Monthly cost estimate',
    '',
    'The estimate could not be made from these templates and the price table:',
    '',
    ...problems.map((problem) => `- ${problem}`),
    '',
    'Fix what each line names, then regenerate with `npm run docs`; `npm run cost` prints the estimate alone.',
    '',
  ].join('\n');
}
