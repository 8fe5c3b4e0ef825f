import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { RDSClient } from '@aws-sdk/client-rds';
import { ConfigError, loadConfigFile } from '../config/load';
import { PocConfig } from '../config/schema';
import { CommandSpec, parseCommandArgs, ParsedArgs, usage } from './cli';
import { DemoError, EXIT, UsageError } from './errors';
import { Clock, failoverPassed, formatFailoverReport, runFailover } from './failover';
import { Fetch, HttpClientOptions, probeHealth } from './http';
import { formatLoadSummary, formatProgress, runLoad } from './load';
import { readStackOutputs, siteTarget, SiteTarget, StackLocator } from './outputs';
import { formatChecks, runVerify } from './verify';

/** Everything a command touches outside itself: the scripts pass the real ones, tests pass fakes. */
export interface CommandDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether a person can answer a question on standard input. */
  readonly interactive: boolean;
  readonly ask: (question: string) => Promise<string>;
  /** `region` is the config's environment.region, absent for an environment-agnostic config. */
  readonly cloudFormation: (region: string | undefined) => CloudFormationClient;
  readonly rds: (region: string | undefined) => RDSClient;
  readonly fetch: Fetch;
  readonly clock: Clock;
}

const REQUEST_TIMEOUT_MS = 10_000;
/** A health probe not answered within this counts as down (or within the interval, when longer). */
const PROBE_TIMEOUT_MS = 5000;

export const VERIFY_SPEC: CommandSpec = {
  script: 'verify',
  summary:
    'Checks the deployed POC through CloudFront: the page and its static assets, /api/health (database and cache),\n' +
    'and an order round trip (POST /api/orders then GET /api/orders/:id). Exit 0 when every check passes, 1 otherwise.',
  integers: [],
};

export const LOAD_SPEC: CommandSpec = {
  script: 'demo:load',
  summary:
    'Sends a bounded load (GET /, /api/health, /api/orders) to the site, prints progress every 5 s and a summary.\n' +
    'Exit 1 when the error rate (non-2xx and unanswered requests) is above --max-error-rate.',
  integers: [
    { name: 'duration', unit: 'seconds', min: 1, max: 600, default: 60, help: 'how long to send load' },
    { name: 'rate', unit: 'requests/s', min: 1, max: 500, default: 50, help: 'overall request rate' },
    { name: 'connections', unit: 'connections', min: 1, max: 100, default: 10, help: 'concurrent connections' },
    { name: 'max-error-rate', unit: 'percent', min: 0, max: 100, default: 1, help: 'error rate above which the run fails' },
  ],
};

export const FAILOVER_SPEC: CommandSpec = {
  script: 'demo:failover',
  summary:
    'Forces an RDS Multi-AZ failover (RebootDBInstance with ForceFailover) and measures the downtime of /api/health.\n' +
    'Exit 1 when the API or the instance has not recovered within --timeout, or the downtime is above --max-downtime.',
  integers: [
    { name: 'interval', unit: 'milliseconds', min: 200, max: 10_000, default: 1000, help: 'time between health probes' },
    { name: 'timeout', unit: 'seconds', min: 60, max: 3600, default: 1200, help: 'give up after' },
    { name: 'max-downtime', unit: 'seconds', min: 1, max: 3600, help: 'fail when the downtime is longer (the RTO)' },
  ],
  confirmation: 'confirm without a question (required when standard input is not a terminal)',
};

const PROGRESS_EVERY_SECONDS = 5;

/** Parses, loads the config, runs `body`, and turns every known failure into a message and an exit code. */
async function runCommand(
  argv: readonly string[],
  spec: CommandSpec,
  deps: CommandDeps,
  body: (args: ParsedArgs, config: PocConfig) => Promise<boolean>,
): Promise<number> {
  try {
    const args = parseCommandArgs(argv, spec);
    if (args.help) {
      deps.stdout(usage(spec));
      return EXIT.ok;
    }
    const config = loadConfigFile(args.configFile);
    return (await body(args, config)) ? EXIT.ok : EXIT.failed;
  } catch (error) {
    if (error instanceof UsageError) {
      deps.stderr(`${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError || error instanceof DemoError) {
      deps.stderr(`${error.message}\n`);
      return EXIT.failed;
    }
    throw error;
  }
}

function locate(args: ParsedArgs, config: PocConfig, deps: CommandDeps): StackLocator {
  return { config, configFile: args.configFile, cloudFormation: deps.cloudFormation(config.environment?.region) };
}

async function target(args: ParsedArgs, locator: () => StackLocator): Promise<SiteTarget> {
  return args.url ? { url: args.url, source: 'the --url flag' } : siteTarget(locator());
}

function http(url: string, deps: CommandDeps, timeoutMs = REQUEST_TIMEOUT_MS): HttpClientOptions {
  return { baseUrl: url, fetch: deps.fetch, timeoutMs };
}

export function verifyCommand(argv: readonly string[], deps: CommandDeps): Promise<number> {
  return runCommand(argv, VERIFY_SPEC, deps, async (args, config) => {
    const site = await target(args, () => locate(args, config, deps));
    const results = await runVerify({ ...http(site.url, deps), now: deps.clock.now });
    deps.stdout(formatChecks(site.url, site.source, results));
    return results.every((result) => result.ok);
  });
}

export function loadCommand(argv: readonly string[], deps: CommandDeps): Promise<number> {
  return runCommand(argv, LOAD_SPEC, deps, async (args, config) => {
    const site = await target(args, () => locate(args, config, deps));
    const flag = (name: string) => args.integers[name] as number;
    deps.stdout(
      `Load test of ${site.url} (from ${site.source}): ${flag('rate')} req/s over ${flag('connections')} connections for ${flag('duration')} s\n`,
    );
    const summary = await runLoad({
      baseUrl: site.url,
      durationSeconds: flag('duration'),
      rate: flag('rate'),
      connections: flag('connections'),
      maxErrorPercent: flag('max-error-rate'),
      onProgress: (progress) => {
        if (progress.elapsedSeconds % PROGRESS_EVERY_SECONDS === 0 || progress.elapsedSeconds === progress.durationSeconds) {
          deps.stdout(formatProgress(progress));
        }
      },
    });
    deps.stdout(formatLoadSummary(summary));
    return summary.passed;
  });
}

export function failoverCommand(argv: readonly string[], deps: CommandDeps): Promise<number> {
  return runCommand(argv, FAILOVER_SPEC, deps, async (args, config) => {
    if (!args.yes && !deps.interactive) {
      throw new UsageError(
        'forcing a failover interrupts the POC database for about a minute: pass --yes to confirm (standard input is not a terminal, so there is no one to ask)',
      );
    }
    const locator = locate(args, config, deps);
    const data = await readStackOutputs(locator, 'Data');
    const instanceId = data.require('DatabaseInstanceIdentifier');
    const site = await target(args, () => locator);
    const maxDowntime = args.integers['max-downtime'];
    const interval = args.integers.interval as number;
    deps.stdout(`Failover test of ${instanceId} in ${data.region}, probing ${site.url}/api/health (from ${site.source})\n`);
    const report = await runFailover({
      rds: deps.rds(config.environment?.region),
      instanceId,
      probe: () => probeHealth(http(site.url, deps, Math.max(interval, PROBE_TIMEOUT_MS))),
      clock: deps.clock,
      pollIntervalMs: interval,
      instancePollMs: 5000,
      timeoutMs: (args.integers.timeout as number) * 1000,
      confirm: async (instance) => {
        if (args.yes) return true;
        const answer = await deps.ask(
          `This reboots ${instance.identifier} with a failover from ${instance.primaryAz ?? '?'} to ${instance.standbyAz ?? '?'}.\n` +
            'Type the instance identifier to go on: ',
        );
        return answer.trim() === instance.identifier;
      },
      onEvent: deps.stdout,
    });
    deps.stdout(formatFailoverReport(report, maxDowntime));
    return failoverPassed(report, maxDowntime);
  });
}
