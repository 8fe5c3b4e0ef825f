import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The configs the suite synthesizes once per run (jest's global setup), and where their cloud
 * assemblies go. Each is synthesized as `cdk synth` does (enforced packs, the compliance report);
 * the default with aws-cdk-lib's CloudFormation validation too.
 *
 * The global setup starts the syntheses and returns: test files that read no assembly run
 * meanwhile. A reader asks for an assembly through `assemblyDirectory`, `variantDirectory` or
 * `configFileOf`, which wait until the global setup marked it ready; the writers use
 * `assemblyPath` and `variantPath`.
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

/** Written by the global setup when a synthesis failed: its command and what it printed. */
export const SYNTHESIS_FAILURE = join(ASSEMBLIES_ROOT, 'failure.txt');

/** Written last, when every assembly is ready: a later run with the same inputs reuses them all. */
export const INPUTS_HASH_FILE = join(ASSEMBLIES_ROOT, 'inputs.sha256');

/** Empty file whose presence says the assembly (and config) of `name` is complete. */
export function readyMarker(name: string): string {
  return join(ASSEMBLIES_ROOT, 'ready', name);
}

/** A synthesis of the whole suite takes well under a minute; ten means it is stuck. */
const WAIT_LIMIT_MS = 10 * 60_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Blocks until the global setup marked `name` ready. Synchronous, so the helpers that read
 * assemblies at a test file's top level stay synchronous; the worker sleeps meanwhile and leaves
 * the CPU to the synthesis.
 */
function awaitReady(name: string): void {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (!existsSync(readyMarker(name))) {
    if (existsSync(SYNTHESIS_FAILURE)) throw new Error(readFileSync(SYNTHESIS_FAILURE, 'utf8'));
    if (Date.now() > deadline) {
      throw new Error(`the assembly "${name}" is not ready after ${WAIT_LIMIT_MS / 60_000} minutes: run the tests with npm test`);
    }
    Atomics.wait(sleeper, 0, 0, 50);
  }
}

export function assemblyPath(name: SynthesizedConfigName | typeof WITH_REPORT_ONLY_PACKS): string {
  return join(ASSEMBLIES_ROOT, name);
}

export function assemblyDirectory(name: SynthesizedConfigName | typeof WITH_REPORT_ONLY_PACKS): string {
  awaitReady(name);
  return assemblyPath(name);
}

export function variantPath(name: string): string {
  return join(ASSEMBLIES_ROOT, 'variants', name);
}

/** The assembly of a test variant (test/support/variants.ts). */
export function variantDirectory(name: string): string {
  awaitReady(name);
  return variantPath(name);
}

export function configPath(name: string): string {
  return join(ASSEMBLIES_ROOT, 'configs', `${name}.json`);
}

/**
 * The validated config of an assembly (`default`, `example`, `lean` or a variant's name), as the
 * global setup synthesized it: a test that reads an assembly reads its config from here instead of
 * loading the config schema again.
 */
export function configFileOf(name: string): string {
  awaitReady(name);
  return configPath(name);
}
