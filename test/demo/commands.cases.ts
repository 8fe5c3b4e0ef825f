import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeDBInstancesCommand, RDSClient, RebootDBInstanceCommand } from '@aws-sdk/client-rds';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { Command } from '../../lib/cli-output';
import { CommandDeps, failoverCommand, loadCommand, verifyCommand } from '../../lib/demo/commands';
import { demoFailoverCommand } from '../../scripts/demo-failover';
import { demoLoadCommand } from '../../scripts/demo-load';
import { verifyScriptCommand } from '../../scripts/verify';
import { runCommandInProcess } from '../helpers';
import { deployedStack, DISTRIBUTION, FakeClock, serveStacks } from './aws-fixtures';
import { FakeSite, FakeSiteBehaviour } from './fake-site';

// Mocked in beforeAll, restored in afterAll: a topic of test/demo.test.ts must not replace another topic's mocks.
let cloudFormation: AwsClientStub<CloudFormationClient>;
let rds: AwsClientStub<RDSClient>;
beforeAll(() => {
  cloudFormation = mockClient(CloudFormationClient);
  rds = mockClient(RDSClient);
});
afterAll(() => {
  cloudFormation.restore();
  rds.restore();
});
const DB = 'anycompany-apparel-mysql';

const EDGE = deployedStack('AnyCompanyApparel-Edge', { DistributionDomainName: DISTRIBUTION, StaticAssetsBucketName: 'assets' });
const DATA = deployedStack('AnyCompanyApparel-Data', { DatabaseEndpoint: 'db.example', DatabaseInstanceIdentifier: DB });

interface Harness {
  deps: CommandDeps;
  stdout: () => string;
  stderr: () => string;
  /** Regions the SDK clients were created for. */
  regions: (string | undefined)[];
  /** URLs the command fetched, before they were sent to the local site. */
  fetched: string[];
  asked: string[];
}

/** Real commands, with CloudFront played by a local server: every https://<site> URL is sent to it. */
function harness(site: FakeSite, overrides: Partial<CommandDeps> & { answer?: string } = {}): Harness {
  const out: string[] = [];
  const err: string[] = [];
  const regions: (string | undefined)[] = [];
  const fetched: string[] = [];
  const asked: string[] = [];
  const deps: CommandDeps = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    interactive: false,
    ask: async (question) => {
      asked.push(question);
      return overrides.answer ?? '';
    },
    cloudFormation: (region) => {
      regions.push(region);
      return new CloudFormationClient({ region: region ?? 'eu-west-3' });
    },
    rds: (region) => new RDSClient({ region: region ?? 'eu-west-3' }),
    fetch: (input, init) => {
      fetched.push(String(input));
      return fetch(String(input).replace(/^https:\/\/[^/]+/, site.url), init);
    },
    clock: new FakeClock(),
    ...overrides,
  };
  return { deps, stdout: () => out.join(''), stderr: () => err.join(''), regions, fetched, asked };
}

let site: FakeSite;
/** The site to stop after the test, if the test started one. */
let running: FakeSite | undefined;
async function startSite(behaviour: FakeSiteBehaviour = {}): Promise<FakeSite> {
  site = await new FakeSite(behaviour).start();
  running = site;
  return site;
}

beforeEach(() => {
  cloudFormation.reset();
  rds.reset();
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('npm run verify', () => {
  test('reads the Edge stack outputs, checks the CloudFront URL, exit 0 when all pass', async () => {
    serveStacks(cloudFormation, [EDGE]);
    const run = harness(await startSite());
    expect(await verifyCommand([], run.deps)).toBe(0);
    expect(run.stdout()).toMatch(
      new RegExp(
        `^Verifying https://${DISTRIBUTION}\n {2}\\(from output DistributionDomainName of AnyCompanyApparel-Edge \\(eu-west-3\\)\\)\n`,
      ),
    );
    expect(run.stdout()).toMatch(/\n8 of 8 checks passed: all passed\n$/);
    expect(run.stderr()).toBe('');
    expect(new Set(run.fetched.map((url) => new URL(url).host))).toEqual(new Set([DISTRIBUTION]));
    // The default config has no environment: the SDK's own region chain decides.
    expect(run.regions).toEqual([undefined]);
  });

  test('exit 1 when a check fails, the failure named in the report', async () => {
    serveStacks(cloudFormation, [EDGE]);
    const run = harness(await startSite({ health: ['degraded'] }));
    expect(await verifyCommand(['-c', 'config=config/anycompany-apparel.yaml'], run.deps)).toBe(1);
    expect(run.stdout()).toMatch(/ {2}FAIL {2}cache +down: \/api\/health reports "degraded"/);
    expect(run.stdout()).toMatch(/7 of 8 checks passed: 1 failed\n$/);
  });

  test('a custom domain in the config: the site is https://<domain.name>, in the config region', async () => {
    serveStacks(cloudFormation, [deployedStack('NorthwindTraders-Edge', { DistributionDomainName: DISTRIBUTION })]);
    const run = harness(await startSite());
    expect(await verifyCommand(['-c', 'config=config/examples/northwind-3az-domain.yaml'], run.deps)).toBe(0);
    expect(new Set(run.fetched.map((url) => new URL(url).host))).toEqual(new Set(['shop.northwind.example']));
    expect(run.regions).toEqual(['eu-west-3']);
  });

  test('stack not deployed: one line saying how to deploy, exit 1, nothing fetched', async () => {
    serveStacks(cloudFormation, []);
    const run = harness(await startSite());
    expect(await verifyCommand([], run.deps)).toBe(1);
    expect(run.stderr()).toBe(
      'stack AnyCompanyApparel-Edge not found in eu-west-3: deploy first with npx cdk deploy --all -c config=config/anycompany-apparel.yaml\n',
    );
    expect(run.stdout()).toBe('');
    expect(site.requests).toEqual([]);
  });

  test('an invalid config: every problem printed as cdk prints them, exit 1, no AWS call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-config-'));
    try {
      const file = join(dir, 'bad.yaml');
      const valid = readFileSync('config/anycompany-apparel.yaml', 'utf8');
      writeFileSync(
        file,
        valid.replace('vpcCidr: 10.40.0.0/16', 'vpcCidr: 8.8.8.0/24').replace('minCapacity: 2', 'minCapacity: 1'),
      );
      const run = harness(await startSite());
      expect(await verifyCommand(['-c', `config=${file}`], run.deps)).toBe(1);
      expect(run.stderr()).toMatch(
        new RegExp(`^Invalid POC config ${file}:\n {2}- network.vpcCidr \\("8.8.8.0/24"\\): .*\n {2}- web.minCapacity \\(1\\): `),
      );
      expect(cloudFormation.commandCalls(DescribeStacksCommand)).toHaveLength(0);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  test('--url skips the stack outputs; --help prints the usage; a bad flag exits 2', async () => {
    const run = harness(await startSite());
    expect(
      await verifyCommand(['--url', 'http://127.0.0.1:1/'], { ...run.deps, fetch: (_input, init) => fetch(site.url, init) }),
    ).toBe(1);
    expect(cloudFormation.commandCalls(DescribeStacksCommand)).toHaveLength(0);
    expect(run.stdout()).toMatch(/^Verifying http:\/\/127\.0\.0\.1:1\n {2}\(from the --url flag\)/);

    const help = harness(site);
    expect(await verifyCommand(['--help'], help.deps)).toBe(0);
    expect(help.stdout()).toMatch(/^Usage: npm run verify -- \[-c config=PATH\] \[flags\]/);

    const bad = harness(site);
    expect(await verifyCommand(['--duration', '5'], bad.deps)).toBe(2);
    expect(bad.stderr()).toMatch(/^Unknown option '--duration'/);
  });
});

describe('npm run demo:load', () => {
  test('bounded load against the site, progress and summary, exit 0 under the error limit', async () => {
    const run = harness(await startSite());
    const code = await loadCommand(['--url', site.url, '--duration', '1', '--rate', '20', '--connections', '2'], run.deps);
    expect(code).toBe(0);
    const lines = run.stdout().split('\n');
    expect(lines[0]).toBe(`Load test of ${site.url} (from the --url flag): 20 req/s over 2 connections for 1 s`);
    expect(lines[1]).toMatch(/^ {4}1\/1 s {2}\d+ responses \(\d+\/s\) {2}non-2xx 0 {2}errors 0$/);
    expect(run.stdout()).toMatch(/error rate {5}0\.00 % \(limit 1 %\): PASS/);
    expect(site.requests.length).toBeGreaterThan(0);
  });

  test('a rate above the cap is refused before any request, exit 2', async () => {
    const run = harness(await startSite());
    expect(await loadCommand(['--url', site.url, '--rate', '501'], run.deps)).toBe(2);
    expect(run.stderr()).toBe('--rate must be a whole number of requests/s from 1 to 500 (got "501")\n');
    expect(site.requests).toEqual([]);
  });
});

describe('npm run demo:failover', () => {
  function rdsFailsOver(): void {
    let calls = 0;
    const states = [
      { DBInstanceStatus: 'available', AvailabilityZone: 'eu-west-3a' },
      { DBInstanceStatus: 'rebooting', AvailabilityZone: 'eu-west-3a' },
      { DBInstanceStatus: 'available', AvailabilityZone: 'eu-west-3b' },
    ];
    rds.on(DescribeDBInstancesCommand).callsFake(() => ({
      DBInstances: [
        { DBInstanceIdentifier: DB, MultiAZ: true, SecondaryAvailabilityZone: 'eu-west-3c', ...states[Math.min(calls++, 2)] },
      ],
    }));
    rds.on(RebootDBInstanceCommand).resolves({ DBInstance: { DBInstanceStatus: 'rebooting' } });
  }
  const downThenUp: FakeSiteBehaviour['health'] = ['healthy', 'healthy', 'unhealthy', 'unhealthy', 'drop', 'healthy'];

  test('without --yes and without a terminal: refused before any AWS call, exit 2', async () => {
    const run = harness(await startSite());
    expect(await failoverCommand([], run.deps)).toBe(2);
    expect(run.stderr()).toMatch(/^forcing a failover interrupts the POC database for about a minute: pass --yes to confirm/);
    expect(cloudFormation.commandCalls(DescribeStacksCommand)).toHaveLength(0);
    expect(rds.commandCalls(RebootDBInstanceCommand)).toHaveLength(0);
  });

  test('--yes: instance from the Data stack output, failover forced, downtime reported, exit 0', async () => {
    serveStacks(cloudFormation, [EDGE, DATA]);
    rdsFailsOver();
    const run = harness(await startSite({ health: downThenUp }));
    expect(await failoverCommand(['--yes'], run.deps)).toBe(0);
    expect(rds.commandCalls(RebootDBInstanceCommand).map((call) => call.args[0].input)).toEqual([
      { DBInstanceIdentifier: DB, ForceFailover: true },
    ]);
    const text = run.stdout();
    expect(text).toMatch(new RegExp(`^Failover test of ${DB} in eu-west-3, probing https://${DISTRIBUTION}/api/health`));
    expect(text).toMatch(/downtime {12}3\.0 s \(first failed probe at \+1\.0 s, first healthy probe after it at \+4\.0 s/);
    expect(text).toMatch(/database primary AZ eu-west-3a -> eu-west-3b/);
    expect(run.asked).toEqual([]);
  });

  test('--max-downtime below the measured downtime: exit 1', async () => {
    serveStacks(cloudFormation, [EDGE, DATA]);
    rdsFailsOver();
    const run = harness(await startSite({ health: downThenUp }));
    expect(await failoverCommand(['--yes', '--max-downtime', '2'], run.deps)).toBe(1);
    expect(run.stdout()).toMatch(/downtime limit {6}2 s: FAIL/);
  });

  test('in a terminal: asks for the instance identifier; a wrong answer does nothing, exit 1', async () => {
    serveStacks(cloudFormation, [EDGE, DATA]);
    rdsFailsOver();
    const run = harness(await startSite({ health: downThenUp }), { interactive: true, answer: 'yes' });
    expect(await failoverCommand([], run.deps)).toBe(1);
    expect(run.asked).toEqual([
      `This reboots ${DB} with a failover from eu-west-3a to eu-west-3c.\nType the instance identifier to go on: `,
    ]);
    expect(run.stderr()).toBe('failover not confirmed: nothing was done\n');
    expect(rds.commandCalls(RebootDBInstanceCommand)).toHaveLength(0);
  });

  test('in a terminal: the right identifier goes on', async () => {
    serveStacks(cloudFormation, [EDGE, DATA]);
    rdsFailsOver();
    const run = harness(await startSite({ health: downThenUp }), { interactive: true, answer: ` ${DB}\n` });
    expect(await failoverCommand([], run.deps)).toBe(0);
    expect(rds.commandCalls(RebootDBInstanceCommand)).toHaveLength(1);
  });

  test('a Data stack deployed before the output existed: redeploy, exit 1, nothing rebooted', async () => {
    serveStacks(cloudFormation, [EDGE, deployedStack('AnyCompanyApparel-Data', { DatabaseEndpoint: 'db.example' })]);
    const run = harness(await startSite());
    expect(await failoverCommand(['--yes'], run.deps)).toBe(1);
    expect(run.stderr()).toMatch(
      /^stack AnyCompanyApparel-Data in eu-west-3 has no output DatabaseInstanceIdentifier: .* redeploy with npx cdk deploy/,
    );
    expect(rds.commandCalls(RebootDBInstanceCommand)).toHaveLength(0);
  });
});

// The scripts hand the commands this machine's deps (lib/demo/system.ts), which the tests above
// replace; that each script ends in the shared entry point, whose exit code and single line
// test/cli-errors.test.ts proves on a real process, is checked there too.
describe('the scripts, with the deps of this machine', () => {
  const missing = join(tmpdir(), 'no-such-folder', 'poc.yaml');
  test.each<[string, Command, string[]]>([
    ['demo:failover', demoFailoverCommand, ['--yes']],
    ['demo:load', demoLoadCommand, []],
    ['verify', verifyScriptCommand, []],
  ])('npm run %s on a missing config: exit 1, one line naming the file, no stack trace', async (_script, command, flags) => {
    const result = await runCommandInProcess(command, ...flags, '-c', `config=${missing}`);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^Invalid POC config ${missing}`));
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });
});
