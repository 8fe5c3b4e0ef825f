import fc from 'fast-check';
import { ipv4CidrsOverlap } from '../lib/config/cidr';
import { geographyOf, partitionOf, POC_PARTITION } from '../lib/config/regions';
import { PocConfig } from '../lib/config/schema';
import { MAX_CONFIG_TAGS } from '../lib/config/tags';
import { mutatedConfig, pathsOf, SCHEMA_PATHS, validate } from './support/config-mutations';

/**
 * Property: whatever is changed in the default config (a value of another type, a value near a
 * bound, a deleted field, an added key, at any depth), validation ends in a valid config or in a
 * ConfigError whose every problem names a field: never in another exception, never in a
 * problem that names no field. Validation alone, so thousands of cases run in seconds; a sample
 * of the accepted configs is synthesized by the global setup (test/config-samples.cases.ts).
 */

/** Whether a problem line starts with a field (`field (value): ...`, `field: ...`, `a.b, a.c: unknown keys ...`). */
function namesAField(problem: string, fields: readonly string[]): boolean {
  return fields.some(
    (field) => problem.startsWith(`${field} (`) || problem.startsWith(`${field}: `) || problem.startsWith(`${field}, `),
  );
}

/** What validation promises of every config it accepts: the first broken promise, or undefined. */
function brokenInvariant(config: PocConfig): string | undefined {
  if (!Object.isFrozen(config) || !Object.isFrozen(config.network)) return 'the config is not frozen';
  for (const tier of [config.web, config.app]) {
    const desired = tier.desiredCapacity ?? tier.minCapacity;
    if (!(tier.minCapacity <= desired && desired <= tier.maxCapacity)) return 'a tier has min <= desired <= max broken';
  }
  if (config.management.corporateCidrs.some((cidr) => ipv4CidrsOverlap(cidr, config.network.vpcCidr))) {
    return 'a corporate range overlaps the VPC';
  }
  if (Object.keys(config.tags).length > MAX_CONFIG_TAGS) return 'too many tags';
  if (Object.entries(config.tags).some(([key, value]) => /^aws:/i.test(key) || /^aws:/i.test(value))) return 'an aws: tag';
  const { copyToRegion, allowCrossGeography } = config.disasterRecovery;
  if (copyToRegion && partitionOf(copyToRegion) !== POC_PARTITION) return 'a copy region outside the partition';
  const primary = config.environment?.region;
  if (primary && partitionOf(primary) !== POC_PARTITION) return 'a primary region outside the partition';
  if (primary && copyToRegion && !allowCrossGeography && geographyOf(copyToRegion) !== geographyOf(primary)) {
    return 'a copy region in another geography';
  }
  return undefined;
}

const RUNS = 4000;

describe('property: a mutated default config is either valid or refused with problems that name fields', () => {
  test(`${RUNS} random mutations (types, values near bounds, deletions, additions, at any depth)`, () => {
    const counts = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(mutatedConfig, (raw) => {
        const outcome = validate(raw);
        if ('config' in outcome) {
          counts.accepted++;
          const broken = brokenInvariant(outcome.config);
          if (broken) throw new Error(`accepted, although ${broken}: ${JSON.stringify(raw)}`);
          return;
        }
        counts.refused++;
        if (outcome.problems.length === 0) throw new Error('a ConfigError without problems');
        const fields = [...SCHEMA_PATHS, ...pathsOf(raw).map((path) => path.join('.'))];
        for (const problem of outcome.problems) {
          if (!namesAField(problem, fields)) throw new Error(`this problem names no field: ${problem} in ${JSON.stringify(raw)}`);
          // zod's own wording ("Invalid input: expected ...") names no fix: every message is the kit's.
          if (/Invalid input|Invalid option|expected .*, received/.test(problem)) throw new Error(`zod's wording: ${problem}`);
        }
      }),
      { numRuns: RUNS },
    );
    // Both outcomes must be common, or the property tests little.
    expect(counts.accepted).toBeGreaterThan(RUNS / 20);
    expect(counts.refused).toBeGreaterThan(RUNS / 2);
  });
});
