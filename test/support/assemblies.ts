import { join } from 'node:path';

/**
 * The configs the suite synthesizes once per run (jest's global setup), and where their cloud
 * assemblies go. Each is synthesized as `cdk synth` does (enforced packs, the compliance report);
 * the default by the CDK CLI itself, with aws-cdk-lib's CloudFormation validation.
 */
export const SYNTHESIZED_CONFIGS = {
  default: 'config/anycompany-apparel.yaml',
  example: 'config/examples/northwind-3az-domain.yaml',
  lean: 'config/examples/lean-compliant.yaml',
} as const;

export type SynthesizedConfigName = keyof typeof SYNTHESIZED_CONFIGS;

/** The default config as `npm run compliance` synthesizes it: the report-only packs as well. */
export const WITH_REPORT_ONLY_PACKS = 'default-with-report-only-packs';

export const ASSEMBLIES_ROOT = join(__dirname, '..', '..', '.build', 'test-assemblies');

/** What the CLI printed to standard error while synthesizing the default config for the suite. */
export const CLI_SYNTH_STDERR = join(ASSEMBLIES_ROOT, 'default.cdk-synth.stderr');

export function assemblyDirectory(name: SynthesizedConfigName | typeof WITH_REPORT_ONLY_PACKS): string {
  return join(ASSEMBLIES_ROOT, name);
}

/** Where the global setup writes the assembly of a test variant (test/support/variants.ts). */
export function variantDirectory(name: string): string {
  return join(ASSEMBLIES_ROOT, 'variants', name);
}
