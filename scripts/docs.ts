import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isFileSystemError, outputFolderProblem } from '../lib/cli-output';
import { ConfigError, loadConfigFile } from '../lib/config/load';
import { customerSlug } from '../lib/config/naming';
import { CostEstimateError } from '../lib/cost/estimate';
import { PriceTableError } from '../lib/cost/price-table';
import { buildDocs, SynthesisError } from './docs-build';
import { differingFiles, writeDocsAtomically } from '../lib/docs/generate';
import { AssemblyError, loadAssembly } from '../lib/model';
import { checkRunbooks, renderRunbooks } from '../lib/runbooks';

const DEFAULT_CONFIG = 'config/anycompany-apparel.yaml';

const USAGE = `Usage: npm run docs -- [-c config=PATH] [--from ASSEMBLY_DIR] [--out DIR] [--check]

Writes the architecture, network, security, compliance, resilience and cost documents of a POC
config, its diagram and an index.html into DIR/<customer>/ (default docs/generated/<customer>/),
read from the synthesized cloud assembly, never from the constructs.
  -c config=PATH   the POC config (default ${DEFAULT_CONFIG}, as for cdk synth)
  --from DIR       read this cloud assembly of the config (e.g. cdk.out) instead of synthesizing it
  --out DIR        the folder that holds one folder per customer (default docs/generated)
  --check          write nothing; exit 1 when the folder differs from what would be written
Exit codes: 0 written (or up to date with --check); 1 out of date, or the documents could not be
made; 2 bad flag, config or assembly.`;

class UsageError extends Error {}

interface Arguments {
  readonly configFile: string;
  readonly from?: string;
  readonly out: string;
  readonly check: boolean;
  readonly help: boolean;
}

function parseArguments(argv: readonly string[]): Arguments {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      context: { type: 'string', short: 'c', multiple: true },
      from: { type: 'string' },
      out: { type: 'string' },
      check: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}: give the assembly with --from DIR`);
  let configFile = DEFAULT_CONFIG;
  for (const context of values.context ?? []) {
    if (!context.startsWith('config=') || context.length === 'config='.length) {
      throw new UsageError(`-c ${context}: only config=PATH is understood (e.g. -c config=${DEFAULT_CONFIG})`);
    }
    configFile = context.slice('config='.length);
  }
  if (values.from !== undefined && values.from.length === 0)
    throw new UsageError('--from needs a cloud assembly folder (e.g. cdk.out)');
  if (values.out !== undefined && values.out.length === 0) throw new UsageError('--out needs a folder (e.g. docs/generated)');
  const outProblem = values.check ? undefined : outputFolderProblem(values.out ?? 'docs/generated');
  if (outProblem) throw new UsageError(`--out ${values.out ?? 'docs/generated'}: ${outProblem}`);
  return { configFile, from: values.from, out: values.out ?? 'docs/generated', check: values.check, help: values.help };
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArguments(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfigFile(args.configFile);
  const target = resolve(args.out, customerSlug(config));
  const shown = relative(process.cwd(), target) || '.';
  const workDir = mkdtempSync(join(tmpdir(), 'pci-poc-docs-'));
  try {
    const { files, assemblyDir } = await buildDocs({ config, assemblyDir: args.from, workDir });
    // The runbooks are generated from the same assembly, next to the generated docs (docs/runbooks).
    const runbooks = renderRunbooks({ assemblyDir, config, configFile: args.configFile });
    const problems = checkRunbooks(runbooks, loadAssembly(assemblyDir));
    if (problems.length > 0) {
      process.stderr.write(`the runbooks name what the templates do not hold:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
      return 1;
    }
    const runbooksDir = resolve(dirname(resolve(args.out)), 'runbooks');
    const outputs = [
      { dir: target, files },
      { dir: runbooksDir, files: runbooks },
    ];
    if (args.check) {
      const stale = outputs.flatMap(({ dir, files: expected }) =>
        differingFiles(dir, expected).map((file) => `${relative(process.cwd(), dir)}/${file}`),
      );
      if (stale.length === 0) {
        process.stdout.write(
          `${shown} and the runbooks are up to date (${Object.keys(files).length + Object.keys(runbooks).length} files)\n`,
        );
        return 0;
      }
      process.stderr.write(
        `these files differ from what the templates give: ${stale.join(', ')}\nrun npm run docs and commit docs/generated and docs/runbooks\n`,
      );
      return 1;
    }
    for (const { dir, files: content } of outputs) writeDocsAtomically(dir, content);
    process.stdout.write(`wrote ${shown}/: ${Object.keys(files).sort().join(', ')}\n`);
    process.stdout.write(`wrote ${relative(process.cwd(), runbooksDir)}/: ${Object.keys(runbooks).sort().join(', ')}\n`);
    return 0;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const parseError = error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
    if (error instanceof UsageError || parseError) {
      process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else if (error instanceof ConfigError || error instanceof AssemblyError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 2;
    } else if (
      error instanceof CostEstimateError ||
      error instanceof PriceTableError ||
      error instanceof SynthesisError ||
      isFileSystemError(error)
    ) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    } else {
      throw error;
    }
  },
);
