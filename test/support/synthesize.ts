import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { APP_DEFAULTS, buildPoc, BuildOptions, PocStacks } from '../../lib/app';
import { PocConfig } from '../../lib/config/schema';
import type { SynthesizedTemplates } from '../helpers';
import { cdkJsonContext, SOURCES, withoutBuiltInValidation } from './synthesis-context';

/*
 * Synthesis in the test's own process, apart from test/helpers.ts: loading the constructs costs
 * every test file that imports them, and most test files only read the global setup's assemblies.
 */

/** A POC synthesized in the test's own process: its constructs too. */
export interface SynthesizedPoc extends SynthesizedTemplates {
  readonly stacks: PocStacks;
}

export interface SynthesisOptions extends Pick<BuildOptions, 'topology'> {
  /**
   * Each resource's construct path in its metadata, as `cdk synth` writes it.
   * @default false
   */
  readonly pathMetadata?: boolean;
}

/**
 * Synthesizes the POC for template assertions. aws-cdk-lib's built-in CloudFormation
 * validation (seconds per synth) and the cdk-nag packs only read templates, never change them:
 * the global setup's `npx cdk synth` runs both, test/compliance.cases.ts reads the packs' findings
 * on every config, so they are skipped here to keep the suite fast.
 */
export function synthesize(config: PocConfig, outdir?: string, options: SynthesisOptions = {}): SynthesizedPoc {
  const context = { ...cdkJsonContext(), ...(options.pathMetadata ? { 'aws:cdk:enable-path-metadata': true } : {}) };
  const app = new App({ ...APP_DEFAULTS, context, ...(outdir ? { outdir } : {}) });
  const stacks = buildPoc(app, config, SOURCES, { topology: options.topology });
  return withoutBuiltInValidation(() => ({
    stacks,
    stackNames: Object.fromEntries(
      Object.entries(stacks).map(([key, stack]) => [key, (stack as Stack).stackName]),
    ) as unknown as SynthesizedTemplates['stackNames'],
    templates: {
      network: Template.fromStack(stacks.network),
      data: Template.fromStack(stacks.data),
      app: Template.fromStack(stacks.app),
      edge: Template.fromStack(stacks.edge),
      operations: Template.fromStack(stacks.operations),
      edgeAlarms: Template.fromStack(stacks.edgeAlarms),
      ...(stacks.disasterRecovery ? { disasterRecovery: Template.fromStack(stacks.disasterRecovery) } : {}),
    },
    assembly: app.synth(),
  }));
}
