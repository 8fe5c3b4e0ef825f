import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfigFile } from '../../lib/config/load';
import type { PocConfig } from '../../lib/config/schema';
import { synthesizePoc } from '../../lib/synthesis';
import { withoutBuiltInValidation } from './synthesis-context';
import { synthesize } from './synthesize';
import {
  assemblyPath,
  configPath,
  readyMarker,
  SYNTHESIS_FAILURE,
  SYNTHESIZED_CONFIGS,
  SynthesizedConfigName,
  variantPath,
  WITH_REPORT_ONLY_PACKS,
} from './assemblies';
import { Variant, VariantName, VARIANTS } from './variants';

/**
 * Child process of the global setup: synthesizes the named configs one after the other, so the
 * module loading is paid once, and marks each ready as soon as it is written. Configs are
 * synthesized as `cdk synth` does (enforced packs, compliance report), the others than the default
 * without aws-cdk-lib's CloudFormation validation (see the global setup);
 * `variant:NAME` is a test variant, synthesized as a test would (test/support/synthesize.ts).
 */
const ROOT = join(__dirname, '..', '..');

function writeConfig(name: string, config: PocConfig): void {
  mkdirSync(dirname(configPath(name)), { recursive: true });
  writeFileSync(configPath(name), JSON.stringify(config));
}

function markReady(name: string): void {
  mkdirSync(dirname(readyMarker(name)), { recursive: true });
  writeFileSync(readyMarker(name), '');
}

/**
 * A failure is written where the waiting test files look (they may block the process that started
 * this one, so it cannot be left to tell them), then this process exits non-zero.
 */
function failed(name: string, error: unknown): never {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  mkdirSync(dirname(SYNTHESIS_FAILURE), { recursive: true });
  writeFileSync(SYNTHESIS_FAILURE, `synthesizing ${name} for the tests failed:\n${detail}\n`);
  process.exit(1);
}

function synthesizeOne(name: SynthesizedConfigName | typeof WITH_REPORT_ONLY_PACKS): void {
  if (name.startsWith('variant:')) {
    const variantName = name.slice('variant:'.length) as VariantName;
    const variant: Variant = VARIANTS[variantName];
    const config = variant.derive(loadConfigFile(join(ROOT, SYNTHESIZED_CONFIGS[variant.base])));
    writeConfig(variantName, config);
    if (variant.withPacks) {
      withoutBuiltInValidation(() => synthesizePoc(config, { root: ROOT, outdir: variantPath(variantName) }));
    } else {
      synthesize(config, variantPath(variantName), { topology: variant.topology, pathMetadata: variant.topology !== undefined });
    }
    markReady(variantName);
  } else if (name === WITH_REPORT_ONLY_PACKS) {
    const config = loadConfigFile(join(ROOT, SYNTHESIZED_CONFIGS.default));
    // The default's templates again, in the other process: only the packs' reports are new.
    withoutBuiltInValidation(() => synthesizePoc(config, { root: ROOT, outdir: assemblyPath(name), reportOnlyPacks: true }));
    markReady(name);
  } else {
    const config = loadConfigFile(join(ROOT, SYNTHESIZED_CONFIGS[name]));
    writeConfig(name, config);
    const synthesis = () => synthesizePoc(config, { root: ROOT, outdir: assemblyPath(name) });
    // The default exactly as `npx cdk synth` writes it, aws-cdk-lib's CloudFormation validation included.
    if (name === 'default') synthesis();
    else withoutBuiltInValidation(synthesis);
    markReady(name);
  }
}

for (const name of process.argv.slice(2) as (SynthesizedConfigName | typeof WITH_REPORT_ONLY_PACKS)[]) {
  try {
    synthesizeOne(name);
  } catch (error) {
    failed(name, error);
  }
}
