import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ASSEMBLIES_ROOT, WITH_REPORT_ONLY_PACKS } from './support/assemblies';
import { VARIANTS } from './support/variants';

/**
 * Synthesizes each config of the suite once, before any test file starts: test files read the
 * assemblies instead of synthesizing the POC again. Two processes keep both cores busy.
 * Synthesis is deterministic, so when nothing it reads has changed since the last run (same hash
 * of its inputs) the assemblies are reused: running one test file while editing a test costs no
 * synthesis.
 */
const VARIANT_NAMES = Object.keys(VARIANTS).map((name) => `variant:${name}`);
/**
 * aws-cdk-lib's CloudFormation validation costs seconds of warm-up in each process that runs it:
 * the configs synthesized as `cdk synth` does share one process; the other synthesizes what needs
 * no validation (the report-only packs' assembly, whose templates are the default's, and the
 * variants, a second each).
 */
const BATCHES: readonly (readonly string[])[] = [
  ['default', 'lean', 'example'],
  [WITH_REPORT_ONLY_PACKS, ...VARIANT_NAMES],
];
const ROOT = join(__dirname, '..');
/** Everything a synthesis reads: the code, the sample app, the configs, the CDK settings, the dependency versions. */
const INPUTS = ['bin', 'lib', 'app', 'config', 'test/support', 'cdk.json', 'cdk.context.json', 'package-lock.json'];
const INPUTS_HASH_FILE = join(ASSEMBLIES_ROOT, 'inputs.sha256');

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

function inputsHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((input) => filesUnder(join(ROOT, input))).sort()) {
    hash.update(`\0${relative(ROOT, file)}\0`).update(readFileSync(file));
  }
  return hash.digest('hex');
}

function synthesize(names: readonly string[]): Promise<void> {
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
  const hash = inputsHash();
  if (existsSync(INPUTS_HASH_FILE) && readFileSync(INPUTS_HASH_FILE, 'utf8') === hash) return;
  // The folder is the suite's own: a run with other inputs starts from nothing, so no test reads a stale assembly.
  rmSync(ASSEMBLIES_ROOT, { recursive: true, force: true });
  await Promise.all(BATCHES.map(synthesize));
  writeFileSync(INPUTS_HASH_FILE, hash);
}
