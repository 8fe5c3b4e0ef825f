import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ASSEMBLIES_ROOT, INPUTS_HASH_FILE, SYNTHESIS_FAILURE, WITH_REPORT_ONLY_PACKS } from './support/assemblies';
import { VARIANTS } from './support/variants';

/**
 * Synthesizes each config of the suite once per run: test files read the assemblies instead of
 * synthesizing the POC again. The syntheses run in the background: this returns once they are
 * started, test files that read no assembly run meanwhile, and a file that reads one waits until
 * it is ready (test/support/assemblies.ts). Synthesis is deterministic, so when nothing it reads
 * has changed since the last complete run (same hash of its inputs) the assemblies are reused:
 * running one test file while editing a test costs no synthesis.
 */
const VARIANT_NAMES = Object.keys(VARIANTS).map((name) => `variant:${name}`);
const ROOT = join(__dirname, '..');
/** No credentials to find: the synthesis must not need an AWS account. */
const WITHOUT_AWS_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
  AWS_CONFIG_FILE: '/nonexistent',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
  AWS_EC2_METADATA_DISABLED: 'true',
};

interface Job {
  readonly label: string;
  readonly args: readonly string[];
}

const SYNTHESIZE = ['--import', 'tsx', join(__dirname, 'support', 'synthesize-assemblies.ts')];
/**
 * aws-cdk-lib's CloudFormation validation runs a 9 MB WebAssembly engine once per process. V8's
 * optimizing tier recompiles its hot functions in the background, which costs more CPU than the
 * one validation it speeds up: the baseline compiler alone (same code, same findings) saves about
 * 3.5 CPU-seconds on the 2-core machine, whose both cores the suite keeps busy.
 */
const BASELINE_WASM_ONLY = '--liftoff-only';

/**
 * Two processes keep both cores busy, each paying the module loading once. The default config
 * first, as `npx cdk synth` writes it (aws-cdk-lib's CloudFormation validation on, whose warm-up
 * alone costs seconds per process): the suite reads what a user deploys. The other configs without
 * that validation; CI validates every example config with `npx cdk synth` (.ci/run), which also
 * proves the CLI synthesizes offline, and test/synthesis.test.ts runs the CLI on a bad config. The
 * report-only packs' assembly is the default config again, in the other process:
 * test/synthesis.test.ts compares the two syntheses byte for byte. The configs come first in both
 * (test/sequencer.js runs their readers before the variants'), and the variants are split so that
 * both processes end together.
 */
const VARIANTS_AFTER_THE_DEFAULT = 8;
const JOBS: readonly Job[] = [
  {
    label: 'the default config and some test variants',
    args: [BASELINE_WASM_ONLY, ...SYNTHESIZE, 'default', ...VARIANT_NAMES.slice(0, VARIANTS_AFTER_THE_DEFAULT)],
  },
  {
    label: 'the other configs and the other test variants',
    args: [...SYNTHESIZE, 'lean', 'example', WITH_REPORT_ONLY_PACKS, ...VARIANT_NAMES.slice(VARIANTS_AFTER_THE_DEFAULT)],
  },
];
/** Everything a synthesis reads: the code, the sample app, the configs, the CDK settings, the dependency versions. */
const INPUTS = ['bin', 'lib', 'app', 'config', 'test/support', 'cdk.json', 'cdk.context.json', 'package-lock.json'];

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

function writeFileIn(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** What the global teardown needs of the syntheses started here (jest runs both in this process). */
export interface BackgroundSyntheses {
  readonly running: Set<ChildProcess>;
  /** Every name a test may wait for. */
  readonly names: readonly string[];
  /** Settles once every job ended, the inputs hash written if all succeeded. */
  readonly finished: Promise<void>;
}

export const SYNTHESES = Symbol.for('pci-poc-kit.test-syntheses');
type WithSyntheses = typeof globalThis & { [SYNTHESES]?: BackgroundSyntheses };
const running = new Set<ChildProcess>();

function start({ label, args }: Job): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...WITHOUT_AWS_CREDENTIALS },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    running.add(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const fail = (why: string) => {
      // The process writes its own failure when it can (test/support/synthesize-assemblies.ts).
      if (!existsSync(SYNTHESIS_FAILURE)) writeFileIn(SYNTHESIS_FAILURE, `${label} for the tests failed (${why}):\n${stderr}`);
      resolve(false);
    };
    child.on('error', (error) => fail(error.message));
    child.on('exit', (code, signal) => {
      running.delete(child);
      if (signal === 'SIGTERM') return resolve(false);
      if (code !== 0) return fail(`exit ${code}`);
      resolve(true);
    });
  });
}

export default async function globalSetup(): Promise<void> {
  const hash = inputsHash();
  if (existsSync(INPUTS_HASH_FILE) && readFileSync(INPUTS_HASH_FILE, 'utf8') === hash) return;
  // The folder is the suite's own: a run with other inputs starts from nothing, so no test reads a stale assembly.
  rmSync(ASSEMBLIES_ROOT, { recursive: true, force: true });
  const finished = Promise.all(JOBS.map(start)).then((succeeded) => {
    if (succeeded.every(Boolean)) writeFileSync(INPUTS_HASH_FILE, hash);
  });
  const names = ['default', 'lean', 'example', WITH_REPORT_ONLY_PACKS, ...Object.keys(VARIANTS)];
  (globalThis as WithSyntheses)[SYNTHESES] = { running, names, finished };
}
