import { join } from 'node:path';
import { loadConfigFile } from '../../lib/config/load';
import { synthesizePoc } from '../../lib/synthesis';
import { assemblyDirectory, SYNTHESIZED_CONFIGS, SynthesizedConfigName, WITH_REPORT_ONLY_PACKS } from './assemblies';

/**
 * Child process of the global setup: synthesizes the named configs one after the other, so the
 * module loading and aws-cdk-lib's validation engine are paid once per process.
 */
const ROOT = join(__dirname, '..', '..');
for (const name of process.argv.slice(2) as (SynthesizedConfigName | typeof WITH_REPORT_ONLY_PACKS)[]) {
  if (name === WITH_REPORT_ONLY_PACKS) {
    const config = loadConfigFile(join(ROOT, SYNTHESIZED_CONFIGS.default));
    synthesizePoc(config, { root: ROOT, outdir: assemblyDirectory(name), reportOnlyPacks: true });
  } else {
    synthesizePoc(loadConfigFile(join(ROOT, SYNTHESIZED_CONFIGS[name])), { root: ROOT, outdir: assemblyDirectory(name) });
  }
}
