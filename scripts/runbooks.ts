import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { App } from 'aws-cdk-lib';
import { AssemblyError, loadModel } from '../lib/model';
import { APP_DEFAULTS, buildPoc } from '../lib/app';
import { CommandIo, failureExit, outputFolderProblem, runCommand, UsageError } from '../lib/cli-output';
import { ConfigError, loadConfigFile } from '../lib/config/load';
import { PocConfig } from '../lib/config/schema';
import { customerSlug } from '../lib/config/naming';
import { assertKitFolder, ForeignFilesError, replaceGeneratedFolder } from '../lib/output-folder';
import { checkRunbooks, renderRunbooks, RunbookError, RUNBOOKS_FOLDER } from '../lib/runbooks';

const DEFAULT_CONFIG = 'config/anycompany-apparel.yaml';
const DEFAULT_OUT = 'docs/generated/<customer>/runbooks';
const ROOT = join(__dirname, '..');

const USAGE = `Usage: npm run runbooks -- [-c config=PATH] [--out DIR]

Synthesizes the POC of a config (in memory, no AWS credentials), writes its runbooks from the
templates, checks that every name they use exists there, and replaces DIR with them.
  -c, --context config=PATH   POC config, as given to cdk (default ${DEFAULT_CONFIG})
  --out DIR                   where the runbooks go (default ${DEFAULT_OUT}); the folder is
                              replaced, and refused when it holds files the kit did not write
  -h, --help                  this text
`;

interface Arguments {
  readonly configFile: string;
  /** Absent: the config's customer folder (DEFAULT_OUT). */
  readonly out?: string;
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
  if (values.out !== undefined && values.out.trim() === '') throw new UsageError('--out needs a folder, e.g. --out runbooks');
  const outProblem = values.out === undefined ? undefined : outputFolderProblem(values.out);
  if (outProblem) throw new UsageError(`--out ${values.out}: ${outProblem}`);
  return { configFile, out: values.out };
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

function runbooks(argv: readonly string[], io: CommandIo): number {
  const args = parseArguments(argv);
  if (!args) {
    io.stdout(USAGE);
    return 0;
  }
  const config = loadConfigFile(args.configFile);
  const out = args.out ?? join('docs', 'generated', customerSlug(config), RUNBOOKS_FOLDER);
  // Refused before the synthesis: replacing the folder deletes what it held.
  assertKitFolder(out, '--out');
  const assemblyDir = mkdtempSync(join(tmpdir(), 'pci-poc-runbooks-'));
  try {
    synthesize(config, assemblyDir);
    const files = renderRunbooks({ assemblyDir, config, configFile: args.configFile });
    const problems = checkRunbooks(files, loadModel(assemblyDir));
    if (problems.length > 0) {
      throw new RunbookError(
        `the runbooks name things the templates do not hold:\n${problems.map((line) => `  - ${line}`).join('\n')}`,
      );
    }
    replaceGeneratedFolder(out, files);
    io.stdout(`Wrote ${Object.keys(files).length} files to ${out} for ${args.configFile}\n`);
    return 0;
  } finally {
    rmSync(assemblyDir, { recursive: true, force: true });
  }
}

/** `npm run runbooks`: exit 0 written, 1 the config or the templates do not allow it, 2 bad flag. */
export async function runbooksCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    return runbooks(argv, io);
  } catch (error) {
    return failureExit(error, io, USAGE, [
      [ConfigError, 1],
      [ForeignFilesError, 2],
      [RunbookError, 1],
      [AssemblyError, 1],
    ]);
  }
}

if (require.main === module) runCommand(runbooksCommand);
