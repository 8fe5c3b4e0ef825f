import { join, relative } from 'node:path';
import { loadConfigFile } from '../lib/config/load';
import { customerSlug } from '../lib/config/naming';
import { PocConfig } from '../lib/config/schema';
import { BuiltDocs, generateDocs } from '../lib/docs/generate';
import { checkAssemblyOfConfig } from '../lib/model';
import { synthesizePoc, synthesizeTemplates } from '../lib/synthesis';

/**
 * The synthesis the docs need, kept out of lib/docs (readers never build the app): the config's
 * assembly when none is given, and the lean config's templates COST.md compares with.
 */

const REPO_ROOT = join(__dirname, '..');
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

/** Synthesizes what is missing (the config's assembly, the lean config's templates) and generates every document. */
export async function buildDocs(input: BuildInput): Promise<BuiltDocs> {
  const { config } = input;
  let assemblyDir = input.assemblyDir;
  if (assemblyDir === undefined) {
    assemblyDir = join(input.workDir, 'assembly');
    try {
      synthesizePoc(config, { root: REPO_ROOT, outdir: assemblyDir });
    } catch (error) {
      throw new SynthesisError(config, error);
    }
  } else {
    checkAssemblyOfConfig(assemblyDir, config);
  }
  const lean = loadConfigFile(LEAN_CONFIG_FILE);
  let costComparison: { label: string; assemblyDir: string } | undefined;
  if (JSON.stringify(lean) !== JSON.stringify(config)) {
    const leanDir = join(input.workDir, 'lean-compliant');
    synthesizeTemplates(lean, { root: REPO_ROOT, outdir: leanDir });
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
