import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ASSEMBLIES_ROOT, SynthesizedConfigName } from './support/assemblies';

/**
 * Synthesizes each config of the suite once per run, before any test file starts: test files
 * read the assemblies instead of synthesizing the POC again. Two processes keep both cores busy;
 * the three-AZ example is the largest, so it goes alone.
 */
const BATCHES: readonly (readonly SynthesizedConfigName[])[] = [['default', 'lean'], ['example']];
const ROOT = join(__dirname, '..');

function synthesize(names: readonly SynthesizedConfigName[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'support', 'synthesize-assemblies.ts'), ...names], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`synthesizing ${names.join(', ')} for the tests failed (exit ${code}):\n${stderr}`)),
    );
  });
}

export default async function globalSetup(): Promise<void> {
  // The folder is the suite's own: every run starts from nothing, so no test reads a stale assembly.
  rmSync(ASSEMBLIES_ROOT, { recursive: true, force: true });
  await Promise.all(BATCHES.map(synthesize));
}
