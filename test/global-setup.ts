import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  ASSEMBLIES_ROOT,
  assemblyDirectory,
  CLI_SYNTH_STDERR,
  SYNTHESIZED_CONFIGS,
  WITH_REPORT_ONLY_PACKS,
} from './support/assemblies';
import { VARIANTS } from './support/variants';

/**
 * Synthesizes each config of the suite once, before any test file starts: test files read the
 * assemblies instead of synthesizing the POC again.
 * Synthesis is deterministic, so when nothing it reads has changed since the last run (same hash
 * of its inputs) the assemblies are reused: running one test file while editing a test costs no
 * synthesis.
 */
const VARIANT_NAMES = Object.keys(VARIANTS).map((name) => `variant:${name}`);
const ROOT = join(__dirname, '..');
/** The CDK CLI of the devDependencies, as `npx cdk` runs it, without npx's own start-up. */
const CDK_CLI = join(ROOT, 'node_modules/aws-cdk/bin/cdk');
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

/**
 * Two processes keep both cores busy. The default config is synthesized by the CDK CLI itself,
 * as the README's `npx cdk synth` does (offline, no credentials, aws-cdk-lib's CloudFormation
 * validation on): the suite reads what a user deploys. Everything else is synthesized in one
 * process without that validation, whose warm-up alone costs seconds per process; CI validates
 * every example config with `npx cdk synth` (.ci/run). The report-only packs' assembly is the
 * default config again, in another process: test/synthesis.test.ts compares the two syntheses
 * byte for byte.
 */
const JOBS: readonly { readonly label: string; readonly args: readonly string[]; readonly stderrFile?: string }[] = [
  {
    label: `npx cdk synth of ${SYNTHESIZED_CONFIGS.default}`,
    args: [CDK_CLI, 'synth', '--quiet', '-c', `config=${SYNTHESIZED_CONFIGS.default}`, '-o', assemblyDirectory('default')],
    stderrFile: CLI_SYNTH_STDERR,
  },
  {
    label: 'the other configs and the test variants',
    args: [
      '--import',
      'tsx',
      join(__dirname, 'support', 'synthesize-assemblies.ts'),
      'lean',
      'example',
      WITH_REPORT_ONLY_PACKS,
      ...VARIANT_NAMES,
    ],
  },
];
/** Everything a synthesis reads: the code, the sample app, the configs, the CDK settings, the dependency versions. */
const INPUTS = [
  'bin',
  'lib',
  'app',
  'config',
  'test/support',
  'scripts/run-app.js',
  'cdk.json',
  'cdk.context.json',
  'package-lock.json',
];
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

function run({ label, args, stderrFile }: (typeof JOBS)[number]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...WITHOUT_AWS_CREDENTIALS },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${label} for the tests failed (exit ${code}):\n${stderr}`));
      if (stderrFile) writeFileSync(stderrFile, stderr);
      resolve();
    });
  });
}

export default async function globalSetup(): Promise<void> {
  const hash = inputsHash();
  if (existsSync(INPUTS_HASH_FILE) && readFileSync(INPUTS_HASH_FILE, 'utf8') === hash) return;
  // The folder is the suite's own: a run with other inputs starts from nothing, so no test reads a stale assembly.
  rmSync(ASSEMBLIES_ROOT, { recursive: true, force: true });
  await Promise.all(JOBS.map(run));
  writeFileSync(INPUTS_HASH_FILE, hash);
}
