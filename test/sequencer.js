const { readFileSync, existsSync } = require('node:fs');
const { dirname, resolve } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/** Calls that wait for an assembly of the global setup (test/support/assemblies.ts): a config's ... */
const READS_CONFIG_ASSEMBLY = /\b(synthesized|synthesizeDefaultAndExample|assemblyDirectory|configFileOf)\(/;
/** ... or a test variant's (test/support/variants.ts), synthesized after the configs. */
const READS_VARIANT = /\b(variant|variantDirectory)\(/;

/** The test modules `source` imports or requires (test/helpers.ts and test/support aside: every file uses them). */
function testModulesOf(path, source) {
  return [...source.matchAll(/(?:from |require\()'(\.{1,2}\/[^']+)'/g)]
    .map(([, specifier]) => resolve(dirname(path), `${specifier}.ts`))
    .filter((file) => !file.endsWith('/test/helpers.ts') && !file.includes('/test/support/') && !file.includes('/lib/'));
}

/**
 * What the file, or a test module it imports or requires (a jest file of topics, such as
 * test/stacks.test.ts, requires each one), waits for: 0 no assembly, 1 a config's, 2 a variant's.
 */
function assemblyTier(path, seen = new Set()) {
  if (seen.has(path) || !existsSync(path)) return 0;
  seen.add(path);
  const source = readFileSync(path, 'utf8');
  const own = READS_VARIANT.test(source) ? 2 : READS_CONFIG_ASSEMBLY.test(source) ? 1 : 0;
  return Math.max(own, ...testModulesOf(path, source).map((file) => assemblyTier(file, seen)));
}

/**
 * Test files that read no assembly first (slowest first among them, as jest orders), while the
 * global setup still synthesizes in the background; then those that read the configs' assemblies,
 * ready first; then those that wait for a test variant's.
 */
class AssembliesLastSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const tiers = new Map(sorted.map((test) => [test, assemblyTier(test.path)]));
    return [0, 1, 2].flatMap((tier) => sorted.filter((test) => tiers.get(test) === tier));
  }
}

module.exports = AssembliesLastSequencer;
