const { readFileSync, existsSync } = require('node:fs');
const { dirname, resolve } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/** A call that waits for an assembly of the global setup (test/support/assemblies.ts). */
const READS_ASSEMBLY = /\b(synthesized|variant|synthesizeDefaultAndExample|assemblyDirectory|variantDirectory|configFileOf)\(/;

/** The file and the test modules it imports (test/helpers.ts aside: every file imports it). */
function readsAssembly(path, seen = new Set()) {
  if (seen.has(path) || !existsSync(path)) return false;
  seen.add(path);
  const source = readFileSync(path, 'utf8');
  if (READS_ASSEMBLY.test(source)) return true;
  return [...source.matchAll(/from '(\.{1,2}\/[^']+)'/g)]
    .map(([, specifier]) => resolve(dirname(path), `${specifier}.ts`))
    .filter((file) => !file.endsWith('/test/helpers.ts') && !file.includes('/test/support/') && !file.includes('/lib/'))
    .some((file) => readsAssembly(file, seen));
}

/**
 * Test files that read no assembly first (slowest first among them, as jest orders), while the
 * global setup still synthesizes in the background; then those that wait for an assembly.
 */
class AssembliesLastSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const waiting = new Set(sorted.filter((test) => readsAssembly(test.path)));
    return [...sorted.filter((test) => !waiting.has(test)), ...sorted.filter((test) => waiting.has(test))];
  }
}

module.exports = AssembliesLastSequencer;
