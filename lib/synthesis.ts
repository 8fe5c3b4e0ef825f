import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { APP_DEFAULTS, buildPoc } from './app';
import { attachCompliancePacks, CompliancePackOptions } from './compliance/packs';
import { writeComplianceReport } from './compliance/report';
import { PocConfig } from './config/schema';
import { SampleAppSources } from './constructs/sample-app';

/**
 * Builds the POC into `app`, with the compliance packs attached, synthesizes it and writes the
 * compliance report beside the templates: what `cdk synth` does (bin/pci-poc-kit.ts), and what
 * `npm run compliance`, the docs and the test suite's global setup do in process.
 */
export function synthesizePocApp(
  app: App,
  config: PocConfig,
  sources: SampleAppSources,
  options: CompliancePackOptions = {},
): CloudAssembly {
  buildPoc(app, config, sources);
  const packs = attachCompliancePacks(app, options);
  const assembly = app.synth();
  writeComplianceReport(app, packs, assembly.directory);
  return assembly;
}

/**
 * The context `npx cdk synth` hands the app: cdk.json's feature flags, cdk.context.json's cached
 * look-ups, and the keys the CLI adds itself (path and asset metadata on, every stack bundled).
 * With it, synthesizing in process writes the same templates as the CLI, without the CLI's start-up.
 */
export function cliContext(root: string): Record<string, unknown> {
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

export interface InProcessSynthesis {
  /** The repository root: its cdk.json and cdk.context.json give the context, its app/ the sample application. */
  readonly root: string;
  readonly outdir: string;
  /** @default false */
  readonly reportOnlyPacks?: boolean;
}

/** Synthesizes the POC of `config` into `outdir` exactly as `npx cdk synth -o outdir` would, without the CLI. */
export function synthesizePoc(config: PocConfig, { root, outdir, reportOnlyPacks = false }: InProcessSynthesis): CloudAssembly {
  const app = new App({ ...APP_DEFAULTS, context: cliContext(root), outdir });
  return synthesizePocApp(app, config, { sampleAppDir: join(root, 'app') }, { reportOnly: reportOnlyPacks });
}

/**
 * The templates alone, for a reader that needs nothing else (the preflight's demand, COST.md's
 * comparison): no compliance packs and no built-in CloudFormation validation, which only read the
 * templates and would double the time. `npm test` and CI synthesize every example config in full.
 */
export function synthesizeTemplates(config: PocConfig, { root, outdir }: InProcessSynthesis): void {
  const previous = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'false';
  try {
    const app = new App({ ...APP_DEFAULTS, context: cliContext(root), outdir });
    buildPoc(app, config, { sampleAppDir: join(root, 'app') });
    app.synth();
  } finally {
    if (previous === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = previous;
  }
}
