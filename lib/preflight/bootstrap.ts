import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { awsErrorName, AwsCallError, call, guarded } from './aws';
import { PreflightContext } from './context';
import { blocker, CheckResult, ok } from './result';

const CHECK = 'CDK bootstrap';

/**
 * Each region a stack targets is bootstrapped with at least the version its synthesized artifacts
 * require (`requiresBootstrapStackVersion` of the stack, its assets and, when synthesis needs
 * look-ups, its look-up role: what aws-cdk-lib's DefaultStackSynthesizer writes and the CLI
 * enforces), read from the SSM parameter the artifacts name.
 */
export async function checkBootstrap(context: PreflightContext): Promise<CheckResult[]> {
  const needs = new Map<string, { region: string; parameter: string; version: number; stacks: string[] }>();
  for (const stack of context.demand.stacks) {
    const region = stack.region ?? context.primaryRegion;
    const key = `${region} ${stack.bootstrapParameter}`;
    const need = needs.get(key) ?? { region, parameter: stack.bootstrapParameter, version: 0, stacks: [] };
    needs.set(key, { ...need, version: Math.max(need.version, stack.bootstrapVersion), stacks: [...need.stacks, stack.name] });
  }
  // The primary region first, then the others by name: the same order on every run.
  const ordered = [...needs.values()].sort(
    (a, b) =>
      Number(b.region === context.primaryRegion) - Number(a.region === context.primaryRegion) || a.region.localeCompare(b.region),
  );
  const checks = ordered.map((need) =>
    guarded(CHECK, need.region, async () => {
      const bootstrapCommand = `npx cdk bootstrap aws://${context.account}/${need.region}`;
      const stacks = need.stacks.length === 1 ? `stack ${need.stacks[0]}` : `${need.stacks.length} stacks`;
      let value: string | undefined;
      try {
        const response = await call('ssm:GetParameter', () =>
          context.clients(need.region).ssm.send(new GetParameterCommand({ Name: need.parameter })),
        );
        value = response.Parameter?.Value;
      } catch (error) {
        if (!(error instanceof AwsCallError) || awsErrorName(error) !== 'ParameterNotFound') throw error;
      }
      if (value === undefined) {
        return [blocker(CHECK, need.region, `not bootstrapped (no ${need.parameter}); ${stacks} deploy here`, bootstrapCommand)];
      }
      const version = Number(value);
      if (!Number.isInteger(version) || version < need.version) {
        return [
          blocker(
            CHECK,
            need.region,
            `bootstrap version ${value}, the templates of ${stacks} require at least ${need.version}`,
            `${bootstrapCommand} (upgrades the bootstrap stack in place)`,
          ),
        ];
      }
      return [ok(CHECK, need.region, `bootstrap version ${version}, at least ${need.version} required (${stacks})`)];
    }),
  );
  return (await Promise.all(checks)).flat();
}
