import { architectNotes, GENERATED_NOTE } from '../docs/markdown';
import { CostEstimate, CostEstimateError, estimateCost, EstimateOptions } from './estimate';
import { PriceTableError } from './price-table';
import { renderCostMarkdown } from './render';
import { CostComparison } from './render-comparison';

/**
 * The estimate of an assembly for the generated documents, or why it cannot be made (a price
 * table that does not load, a value the estimate refuses to guess): COST.md and the executive
 * summary of index.html both print it, so they never disagree. Any other error is a bug and throws.
 */
export type CostOutcome =
  | { readonly kind: 'estimate'; readonly estimate: CostEstimate; readonly comparison?: CostComparison }
  | { readonly kind: 'unavailable'; readonly problems: readonly string[] };

export function costOutcome(
  assemblyDir: string,
  comparison?: { readonly label: string; readonly assemblyDir: string },
  options: EstimateOptions = {},
): CostOutcome {
  try {
    const estimate = estimateCost(assemblyDir, options);
    return {
      kind: 'estimate',
      estimate,
      comparison: comparison
        ? {
            label: comparison.label,
            // Priced where this configuration is, so the difference is the configuration's alone.
            estimate: estimateCost(comparison.assemblyDir, { ...options, region: estimate.region }),
          }
        : undefined,
    };
  } catch (error) {
    if (error instanceof CostEstimateError) return { kind: 'unavailable', problems: error.problems };
    if (error instanceof PriceTableError)
      return { kind: 'unavailable', problems: [`${error.file}: ${error.problems.join('; ')}`] };
    throw error;
  }
}

/**
 * COST.md of an assembly for the generated documents: the estimate, or, when it cannot be made,
 * a COST.md that says why instead of failing every other document; missing prices are listed by
 * the estimate itself.
 */
export function costDocument(
  assemblyDir: string,
  comparison?: { readonly label: string; readonly assemblyDir: string },
  options: EstimateOptions = {},
): string {
  return costMarkdown(costOutcome(assemblyDir, comparison, options));
}

export function costMarkdown(outcome: CostOutcome): string {
  return outcome.kind === 'estimate'
    ? renderCostMarkdown(outcome.estimate, outcome.comparison)
    : unavailableCostMarkdown(outcome.problems);
}

function unavailableCostMarkdown(problems: readonly string[]): string {
  return [
    '# Monthly cost estimate',
    '',
    'The estimate could not be made from these templates and the price table:',
    '',
    ...problems.map((problem) => `- ${problem}`),
    '',
    '',
    ...architectNotes([
      GENERATED_NOTE,
      'Fix what each line names, then regenerate with `npm run docs`; `npm run cost` prints the estimate alone.',
    ]),
    '',
  ].join('\n');
}
