import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SampleAppSources } from '../../lib/constructs/sample-app';

const ROOT = join(__dirname, '..', '..');

/** The sample application the stacks deploy, as bin/ passes it. */
export const SOURCES: SampleAppSources = { sampleAppDir: join(ROOT, 'app') };

/** The feature flags of cdk.json: tests synthesize with exactly what `cdk synth` uses. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')).context;
}

/** Runs `synthesis` with aws-cdk-lib's built-in CloudFormation validation off (see synthesize). */
export function withoutBuiltInValidation<T>(synthesis: () => T): T {
  const previous = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'false';
  try {
    return synthesis();
  } finally {
    if (previous === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = previous;
  }
}
