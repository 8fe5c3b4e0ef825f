import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CommandIo, failureExit, outputFolderProblem, runCommand, UsageError } from '../lib/cli-output';
import { ConfigError, loadConfigFile } from '../lib/config/load';
import { customerSlug } from '../lib/config/naming';
import { CostEstimateError } from '../lib/cost/estimate';
import { PriceTableError } from '../lib/cost/price-table';
import { buildDocs, SynthesisError } from './docs-build';
import { AssemblyError, loadModel } from '../lib/model';
import { checkRunbooks, renderRunbooks, RUNBOOKS_FOLDER } from '../lib/runbooks';
import { assertKitFolder, differingFiles, ForeignFilesError, replaceGeneratedFolder } from '../lib/output-folder';

const DEFAULT_CONFIG = 'config/anycompany-apparel.yaml';

const USAGE = `Usage: npm run docs -- [-c config=PATH] [--from ASSEMBLY_DIR] [--out DIR] [--check]

Writes the architecture, network, security, compliance, resilience and cost documents of a POC
config, its diagram, an index.html and its runbooks (runbooks/) into DIR/<customer>/ (default
docs/generated/<customer>/), read from the synthesized cloud assembly, never from the constructs.
Only that customer's folder is replaced; a folder holding files the kit did not write is refused.
  -c config=PATH   the POC config (default ${DEFAULT_CONFIG}, as for cdk synth)
  --from DIR       read this cloud assembly of the config (e.g. cdk.out) instead of synthesizing it
  --out DIR        the folder that holds one folder per customer (default docs/generated)
  --check          write nothing; exit 1 when the folder differs from what would be written
Exit codes: 0 written (or up to date with --check); 1 out of date, or the documents could not be
made; 2 bad flag, config or assembly.`;

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

async function docs(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = parseArguments(argv);
  if (args.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfigFile(args.configFile);
  const target = resolve(args.out, customerSlug(config));
  const shown = relative(process.cwd(), target) || '.';
  // Refused before minutes of work: replacing a folder deletes what it held.
  if (!args.check) assertKitFolder(target, '--out');
  const workDir = mkdtempSync(join(tmpdir(), 'pci-poc-docs-'));
  try {
    const { files, assemblyDir } = await buildDocs({ config, assemblyDir: args.from, workDir });
    // The runbooks are generated from the same assembly, into the customer's folder.
    const runbooks = renderRunbooks({ assemblyDir, config, configFile: args.configFile });
    const problems = checkRunbooks(runbooks, loadModel(assemblyDir));
    if (problems.length > 0) {
      io.stderr(`the runbooks name what the templates do not hold:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
      return 1;
    }
    const everything: Record<string, string> = {
      ...files,
      ...Object.fromEntries(Object.entries(runbooks).map(([file, text]) => [`${RUNBOOKS_FOLDER}/${file}`, text])),
    };
    if (args.check) {
      const stale = differingFiles(target, everything);
      if (stale.length === 0) {
        io.stdout(`${shown} is up to date (${Object.keys(everything).length} files)\n`);
        return 0;
      }
      io.stderr(
        `these files of ${shown} differ from what the templates give: ${stale.join(', ')}\nrun npm run docs -- -c config=${args.configFile} and commit ${shown}\n`,
      );
      return 1;
    }
    replaceGeneratedFolder(target, everything);
    io.stdout(
      `wrote ${shown}/: ${Object.keys(files).sort().join(', ')}, ${RUNBOOKS_FOLDER}/ (${Object.keys(runbooks).length} runbooks)\n`,
    );
    return 0;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** `npm run docs`: exit 0 written (or up to date), 1 out of date or not made, 2 bad flag, config or assembly. */
export async function docsCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    return await docs(argv, io);
  } catch (error) {
    return failureExit(error, io, USAGE, [
      [ConfigError, 2],
      [ForeignFilesError, 2],
      [AssemblyError, 2],
      [CostEstimateError, 1],
      [PriceTableError, 1],
      [SynthesisError, 1],
    ]);
  }
}

if (require.main === module) runCommand(docsCommand);
