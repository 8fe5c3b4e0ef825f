import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { APP_DEFAULTS, buildPoc } from '../app';
import { attachCompliancePacks } from '../compliance/packs';
import { writeComplianceReport } from '../compliance/report';
import { PocConfig } from '../config/schema';

const REPO_ROOT = join(__dirname, '..', '..');
const SAMPLE_APP_SOURCES = { sampleAppDir: join(REPO_ROOT, 'app') };

/**
 * The context `npx cdk synth` hands the app: cdk.json's feature flags, cdk.context.json's cached
 * look-ups, and the keys the CLI adds itself (path and asset metadata on, every stack bundled).
 * With it, synthesizing in process writes the same templates as the CLI, without the CLI's start-up.
 */
export function cliContext(root: string = REPO_ROOT): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const contextFile = join(root, 'cdk.context.json');
  const cached = existsSync(contextFile) ? (JSON.parse(readFileSync(contextFile, 'utf8')) as Record<string, unknown>) : {};
  return {
    ...cached,
    ...cdkJson.context,
    'aws:cdk:enable-path-metadata': true,
    'aws:cdk:enable-asset-metadata': true,
    'aws:cdk:version-reporting': true,
    'aws:cdk:bundling-stacks': ['**'],
  };
}

/**
 * Synthesizes the POC of `config` into `outdir` as bin/pci-poc-kit.ts does under `cdk synth`:
 * the compliance packs attached, then the compliance report written beside the templates.
 */
export function synthesizePoc(config: PocConfig, outdir: string): void {
  const app = new App({ ...APP_DEFAULTS, context: cliContext(), outdir });
  buildPoc(app, config, SAMPLE_APP_SOURCES);
  const packs = attachCompliancePacks(app);
  const assembly = app.synth();
  writeComplianceReport(app, packs, assembly.directory);
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
    const app = new App({ ...APP_DEFAULTS, context: cliContext(), outdir });
    buildPoc(app, config, SAMPLE_APP_SOURCES);
    app.synth();
  } finally {
    if (previous === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = previous;
  }
}
