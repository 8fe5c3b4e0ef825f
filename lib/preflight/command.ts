import { parseArgs } from 'node:util';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ConfigError, loadConfigFile } from '../config/load';
import { PocConfig } from '../config/schema';
import { configFromContext, DEFAULT_CONFIG } from '../demo/cli';
import { DemoError, errorParts, EXIT, UsageError } from '../demo/errors';
import { awsProblem } from '../demo/outputs';
import { RegionalClients } from './aws';
import { PocDemand } from './demand';
import { preflightPolicy } from './policy';
import { renderSummary, renderTable } from './render';
import { blocker, CheckResult, hasBlocker, ok } from './result';
import { runChecks } from './run';

export const USAGE = `Usage: npm run preflight -- [-c config=PATH] [--print-policy]

Checks, read-only, that the AWS account of your credentials can take the POC of the config before
\`cdk deploy\`: CDK bootstrap in every region the stacks target, the AZs, the instance types, database
and cache offered there, CloudFront VPC origins, the account singletons against accountBaseline, and
the quotas the POC consumes. Prints one table. Exit 0: nothing blocks the deploy; 1: a blocker (a
check that could not run is one), or AWS could not be asked (no credentials, no region); 2: a bad
flag or config.

  -c, --context config=PATH   POC config, as given to cdk (default ${DEFAULT_CONFIG})
  --print-policy              print the read-only IAM policy pre-flight needs, and exit
  -h, --help                  this text
`;

/** Everything pre-flight touches outside itself: scripts/preflight.ts passes the real ones, tests fakes. */
export interface PreflightDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The process environment, read only to say where the region came from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** An STS client of `region`, or of the SDK's own region chain (AWS_REGION, the profile) when undefined. */
  readonly sts: (region: string | undefined) => STSClient;
  readonly clients: (region: string) => RegionalClients;
  /** What the config's templates deploy (synthesized in process). */
  readonly synthesize: (config: PocConfig) => Promise<PocDemand>;
  readonly supportsVpcOrigins: (region: string) => boolean;
}

interface Arguments {
  readonly help: boolean;
  readonly printPolicy: boolean;
  readonly configFile: string;
}

function parseArguments(argv: readonly string[]): Arguments {
  let values: { context?: string[]; help?: boolean; 'print-policy'?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        context: { type: 'string', short: 'c', multiple: true },
        'print-policy': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // node:util parseArgs throws TypeErrors whose message names the offending argument.
    throw new UsageError(`${errorParts(error).message} (npm run preflight -- --help lists the flags)`);
  }
  return {
    help: values.help === true,
    printPolicy: values['print-policy'] === true,
    configFile: configFromContext(values.context ?? []),
  };
}

/** The region the environment-agnostic stacks go to, and where that came from. */
async function primaryRegion(
  config: PocConfig,
  configFile: string,
  deps: PreflightDeps,
): Promise<{ region: string; source: string }> {
  if (config.environment) return { region: config.environment.region, source: `environment.region in ${configFile}` };
  let region: string;
  try {
    region = await deps.sts(undefined).config.region();
  } catch (error) {
    throw awsProblem(error, 'choose the primary region of an environment-agnostic config');
  }
  const origin = deps.env.AWS_REGION ? 'AWS_REGION' : `the region of AWS profile ${deps.env.AWS_PROFILE ?? 'default'}`;
  return { region, source: `${origin} (the config is environment-agnostic)` };
}

async function callerIdentity(deps: PreflightDeps, region: string): Promise<{ account: string; arn: string }> {
  try {
    const identity = await deps.sts(region).send(new GetCallerIdentityCommand({}));
    if (!identity.Account) throw new DemoError('sts:GetCallerIdentity returned no account');
    return { account: identity.Account, arn: identity.Arn ?? 'unknown caller' };
  } catch (error) {
    if (error instanceof DemoError) throw error;
    throw awsProblem(error, `identify the caller in ${region} (sts:GetCallerIdentity)`);
  }
}

async function preflight(args: Arguments, deps: PreflightDeps): Promise<number> {
  const config = loadConfigFile(args.configFile);
  const { region, source } = await primaryRegion(config, args.configFile, deps);
  const caller = await callerIdentity(deps, region);
  deps.stdout(`Pre-flight of ${args.configFile} as ${caller.arn}\nPrimary region: ${region}, from ${source}\n\n`);

  const deployCommand = `npx cdk deploy --all -c config=${args.configFile}`;
  const pinnedAccount = config.environment?.account;
  if (pinnedAccount !== undefined && pinnedAccount !== caller.account) {
    const mismatch = blocker(
      'AWS account',
      'all',
      `the credentials are for ${caller.account}, the config pins environment.account ${pinnedAccount}; nothing else was checked`,
      `use credentials for ${pinnedAccount}`,
    );
    deps.stdout(renderTable([mismatch]) + '\n' + renderSummary([mismatch], deployCommand));
    return EXIT.failed;
  }

  let demand: PocDemand;
  try {
    demand = await deps.synthesize(config);
  } catch (error) {
    throw new DemoError(`cannot synthesize the templates of ${args.configFile}: ${errorParts(error).message}`);
  }
  const account = ok(
    'AWS account',
    'all',
    pinnedAccount ? `${caller.account}, as environment.account pins it` : `${caller.account}, the account of the credentials`,
  );
  const results: CheckResult[] = [
    account,
    ...(await runChecks(
      { config, account: caller.account, primaryRegion: region, demand, clients: deps.clients },
      deps.supportsVpcOrigins,
    )),
  ];
  deps.stdout(renderTable(results) + '\n' + renderSummary(results, deployCommand));
  return hasBlocker(results) ? EXIT.failed : EXIT.ok;
}

/**
 * `npm run preflight -- -c config=PATH`: see USAGE. Every expected failure is one line on stderr
 * and an exit code, never a stack trace.
 */
export async function preflightCommand(argv: readonly string[], deps: PreflightDeps): Promise<number> {
  try {
    const args = parseArguments(argv);
    if (args.help) {
      deps.stdout(USAGE);
      return EXIT.ok;
    }
    if (args.printPolicy) {
      deps.stdout(`${JSON.stringify(preflightPolicy(), null, 2)}\n`);
      return EXIT.ok;
    }
    return await preflight(args, deps);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      deps.stderr(`${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof DemoError) {
      deps.stderr(`${error.message}\n`);
      return EXIT.failed;
    }
    throw error;
  }
}
