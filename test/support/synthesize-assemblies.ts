import { join } from 'node:path';
import { loadConfigFile } from '../../lib/config/load';
import { synthesizePoc } from '../../lib/synthesis';
import { withoutBuiltInValidation } from './synthesis-context';
import { synthesize } from './synthesize';
import {
  assemblyDirectory,
  SYNTHESIZED_CONFIGS,
  SynthesizedConfigName,
  variantDirectory,
  WITH_REPORT_ONLY_PACKS,
} from './assemblies';
import { VariantName, VARIANTS } from './variants';

/**
 * Child process of the global setup: synthesizes the named configs one after the other, so the
 * module loading is paid once. Configs are synthesized as `cdk synth` does (enforced packs,
 * compliance report) but without aws-cdk-lib's CloudFormation validation (see the global setup);
 * `variant:NAME` is a test variant, synthesized as a test would (test/support/synthesize.ts).
 */
const ROOT = join(__dirname, '..', '..');
for (const name of process.argv.slice(2) as (SynthesizedConfigName | typeof WITH_REPORT_ONLY_PACKS)[]) {
  if (name.startsWith('variant:')) {
    const variantName = name.slice('variant:'.length) as VariantName;
    const variant = VARIANTS[variantName];
    const base = loadConfigFile(join(ROOT, SYNTHESIZED_CONFIGS[variant.base]));
    synthesize(variant.derive(base), variantDirectory(variantName));
  } else if (name === WITH_REPORT_ONLY_PACKS) {
    const config = loadConfigFile(join(ROOT, SYNTHESIZED_CONFIGS.default));
    // The default's templates again, in another process than the CLI's: only the packs' reports are new.
    withoutBuiltInValidation(() => synthesizePoc(config, { root: ROOT, outdir: assemblyDirectory(name), reportOnlyPacks: true }));
  } else {
    const config = loadConfigFile(join(ROOT, SYNTHESIZED_CONFIGS[name]));
    withoutBuiltInValidation(() => synthesizePoc(config, { root: ROOT, outdir: assemblyDirectory(name) }));
  }
}
