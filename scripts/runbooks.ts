import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { App } from 'aws-cdk-lib';
import { AssemblyError, loadAssembly } from '../lib/model';
import { APP_DEFAULTS, buildPoc } from '../lib/app';
import { isFileSystemError, outputFolderProblem } from '../lib/cli-output';
import { ConfigError, loadConfigFile } from '../lib/config/load';
import { PocConfig } from '../lib/config/schema';
import { checkRunbooks, renderRunbooks, RunbookError } from '../lib/runbooks';

const DEFAULT_CONFIG = 'config/anycompany-apparel.yaml';
const DEFAULT_OUT = 'docs/runbooks';
const ROOT = join(__dirname, '..');

const USAGE = `Usage: npm run runbooks -- [-c config=PATH] [--out DIR]

Synthesizes the POC of a config (in memory, no AWS credentials), writes its runbooks from the
templates, checks that every name they use exists there, and replaces DIR with them.
  -c, --context config=PATH   POC config, as given to cdk (default ${DEFAULT_CONFIG})
  --out DIR                   where the runbooks go (default ${DEFAULT_OUT}; the folder is replaced)
  -h, --help                  this text
`;

class UsageError extends Error {}

interface Arguments {
  readonly configFile: string;
  readonly out: string;
}

function parseArguments(argv: readonly string[]): Arguments | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        context: { type: 'string', short: 'c', multiple: true },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return undefined;
  let configFile = DEFAULT_CONFIG;
  for (const entry of values.context ?? []) {
    if (!entry.startsWith('config=') || entry.length === 'config='.length) {
      throw new UsageError(`-c ${entry}: the only context key read here is config (write -c config=${DEFAULT_CONFIG})`);
    }
    configFile = entry.slice('config='.length);
  }
  if (values.out !== undefined && values.out.trim() === '')
    throw new UsageError('--out needs a folder, e.g. --out docs/runbooks');
  const out = values.out ?? DEFAULT_OUT;
  const outProblem = outputFolderProblem(out);
  if (outProblem) throw new UsageError(`--out ${out}: ${outProblem}`);
  return { configFile, out };
}

/**
 * Synthesizes the stacks as `cdk synth` does (the feature flags of cdk.json), without the
 * compliance packs and aws-cdk-lib's built-in CloudFormation validation: both only read the
 * templates, and the runbooks need nothing but the templates.
 */
function synthesize(config: PocConfig, outdir: string): void {
  const context = (JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
  process.env.CDK_VALIDATION = 'false';
  const app = new App({ ...APP_DEFAULTS, context, outdir });
  buildPoc(app, config, { sampleAppDir: resolve(__dirname, '..', 'app') });
  app.synth();
}

/** Writes every file into a new folder beside `out`, then swaps it in: a failure never leaves half the runbooks. */
function replaceFolder(out: string, files: Readonly<Record<string, string>>): void {
  const target = resolve(out);
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}-new-`));
  try {
    for (const [file, text] of Object.entries(files)) writeFileSync(join(staging, file), text);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const previous = existsSync(target) ? join(dirname(target), `.${basename(target)}-old-${process.pid}`) : undefined;
  if (previous) renameSync(target, previous);
  try {
    renameSync(staging, target);
  } catch (error) {
    if (previous) renameSync(previous, target);
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  if (previous) rmSync(previous, { recursive: true, force: true });
}

function main(argv: readonly string[]): void {
  const args = parseArguments(argv);
  if (!args) {
    process.stdout.write(USAGE);
    return;
  }
  const config = loadConfigFile(args.configFile);
  const assemblyDir = mkdtempSync(join(tmpdir(), 'pci-poc-runbooks-'));
  try {
    synthesize(config, assemblyDir);
    const files = renderRunbooks({ assemblyDir, config, configFile: args.configFile });
    const problems = checkRunbooks(files, loadAssembly(assemblyDir));
    if (problems.length > 0) {
      throw new RunbookError(
        `the runbooks name things the templates do not hold:\n${problems.map((line) => `  - ${line}`).join('\n')}`,
      );
    }
    replaceFolder(args.out, files);
    process.stdout.write(`Wrote ${Object.keys(files).length} files to ${args.out} for ${args.configFile}\n`);
  } finally {
    rmSync(assemblyDir, { recursive: true, force: true });
  }
}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (
    error instanceof ConfigError ||
    error instanceof RunbookError ||
    error instanceof AssemblyError ||
    isFileSystemError(error)
  ) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
