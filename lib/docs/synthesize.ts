import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { APP_DEFAULTS, buildPoc } from '../app';
import { PocConfig } from '../config/schema';
import { cliContext, synthesizePoc as synthesizeFully } from '../synthesis';

const REPO_ROOT = join(__dirname, '..', '..');
const SAMPLE_APP_SOURCES = { sampleAppDir: join(REPO_ROOT, 'app') };

/**
 * Synthesizes the POC of `config` into `outdir` as `cdk synth` does (enforced packs and compliance
 * report): the documents of an assembly never depend on how it was made.
 */
export function synthesizePoc(config: PocConfig, outdir: string): void {
  synthesizeFully(config, { root: REPO_ROOT, outdir });
}

/**
 * The templates alone, for a configuration only the cost estimate reads (COST.md's comparison):
 * no compliance packs and no built-in CloudFormation validation, which only read the templates
 * and would double the time. `npm test` and CI synthesize every example config in full.
 */
export function synthesizeTemplates(config: PocConfig, outdir: string): void {
  const previous = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'false';
  try {
    const app = new App({ ...APP_DEFAULTS, context: cliContext(REPO_ROOT), outdir });
    buildPoc(app, config, SAMPLE_APP_SOURCES);
    app.synth();
  } finally {
    if (previous === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = previous;
  }
}
