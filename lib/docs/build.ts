import { join, relative } from 'node:path';
import { AssemblyError, loadAssembly } from '../model';
import { loadConfigFile } from '../config/load';
import { customerStackPrefix, customerSlug } from '../config/naming';
import { PocConfig } from '../config/schema';
import { generateDocs } from './generate';
import { synthesizePoc, synthesizeTemplates } from './synthesize';

const REPO_ROOT = join(__dirname, '..', '..');
/** The cheapest compliant configuration COST.md compares every other config against. */
export const LEAN_CONFIG_FILE = join(REPO_ROOT, 'config', 'examples', 'lean-compliant.yaml');
export const DOCS_ROOT = join(REPO_ROOT, 'docs', 'generated');

/** Synthesis of the config failed (cdk-nag or CloudFormation validation errors, a construct error): no docs. */
export class SynthesisError extends Error {
  constructor(config: PocConfig, cause: unknown) {
    super(
      `synthesizing the POC of ${config.customer.name} failed: ${cause instanceof Error ? cause.message : String(cause)}\nrun npx cdk synth -c config=<the same file> for the full report`,
    );
    this.name = 'SynthesisError';
  }
}

export interface BuildInput {
  readonly config: PocConfig;
  /** An existing cloud assembly of `config` (e.g. cdk.out); synthesized into `workDir` when omitted. */
  readonly assemblyDir?: string;
  /** A scratch folder for the assemblies synthesized here; the caller removes it. */
  readonly workDir: string;
}

export interface BuiltDocs {
  readonly files: Record<string, string>;
  /** Where the documents read the POC from. */
  readonly assemblyDir: string;
  /** The lean config's templates COST.md compares with; undefined when `config` is the lean one. */
  readonly comparisonAssemblyDir?: string;
  /** `docs/generated/<customer>`: the folder the files belong in. */
  readonly folder: string;
}

/** Synthesizes what is missing (the config's assembly, the lean config's templates) and generates every document. */
export async function buildDocs(input: BuildInput): Promise<BuiltDocs> {
  const { config } = input;
  let assemblyDir = input.assemblyDir;
  if (assemblyDir === undefined) {
    assemblyDir = join(input.workDir, 'assembly');
    try {
      synthesizePoc(config, assemblyDir);
    } catch (error) {
      throw new SynthesisError(config, error);
    }
  } else {
    checkAssemblyOf(assemblyDir, config);
  }
  const lean = loadConfigFile(LEAN_CONFIG_FILE);
  let costComparison: { label: string; assemblyDir: string } | undefined;
  if (JSON.stringify(lean) !== JSON.stringify(config)) {
    const leanDir = join(input.workDir, 'lean-compliant');
    synthesizeTemplates(lean, leanDir);
    costComparison = { label: relative(REPO_ROOT, LEAN_CONFIG_FILE), assemblyDir: leanDir };
  }
  const files = await generateDocs({ assemblyDir, config, costComparison });
  return {
    files,
    assemblyDir,
    comparisonAssemblyDir: costComparison?.assemblyDir,
    folder: join(DOCS_ROOT, customerSlug(config)),
  };
}

/** An assembly given with --from must hold this config's stacks, or the docs would describe another POC. */
function checkAssemblyOf(assemblyDir: string, config: PocConfig): void {
  const prefix = `${customerStackPrefix(config)}-`;
  const stacks = loadAssembly(assemblyDir).stacks.map((stack) => stack.name);
  if (!stacks.some((stack) => stack.startsWith(prefix))) {
    throw new AssemblyError(
      assemblyDir,
      `holds the stacks ${stacks.join(', ')}, none of ${config.customer.name} (${prefix}*)`,
      'synthesize this config into it (npx cdk synth -c config=...) or pass the config it was synthesized from with -c config=PATH',
    );
  }
}
