import { DBInstance, DescribeDBInstancesCommand, RDSClient, RebootDBInstanceCommand } from '@aws-sdk/client-rds';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { DemoError } from '../../lib/demo/errors';
import {
  downtimeMs,
  failoverPassed,
  FailoverOptions,
  FailoverReport,
  formatFailoverReport,
  outageWindows,
  runFailover,
  TimedSample,
} from '../../lib/demo/failover';
import { HealthSample, probeHealth } from '../../lib/demo/http';
import { awsError, FakeClock, REGION } from './aws-fixtures';
import { FakeSite, FakeSiteBehaviour } from './fake-site';

// Mocked in beforeAll, restored in afterAll: a topic of test/demo.test.ts must not replace another topic's mocks.
let rds: AwsClientStub<RDSClient>;
beforeAll(() => (rds = mockClient(RDSClient)));
afterAll(() => rds.restore());
const ID = 'anycompany-apparel-mysql';

function instance(status: string, primary = 'eu-west-3a', multiAz = true): DBInstance {
  return {
    DBInstanceIdentifier: ID,
    DBInstanceStatus: status,
    MultiAZ: multiAz,
    AvailabilityZone: primary,
    SecondaryAvailabilityZone: primary === 'eu-west-3a' ? 'eu-west-3b' : 'eu-west-3a',
  };
}

/** DescribeDBInstances answers these, one per call, the last one repeating. */
function describeAnswers(...states: DBInstance[]): void {
  let calls = 0;
  rds.on(DescribeDBInstancesCommand).callsFake(() => ({ DBInstances: [states[Math.min(calls++, states.length - 1)]] }));
  rds.on(RebootDBInstanceCommand).resolves({ DBInstance: instance('rebooting') });
}

interface Run {
  report?: FailoverReport;
  error?: unknown;
  events: string[];
  site: FakeSite;
}

async function failoverAgainst(health: FakeSiteBehaviour['health'], overrides: Partial<FailoverOptions> = {}): Promise<Run> {
  const site = await new FakeSite({ health }).start();
  const events: string[] = [];
  try {
    const report = await runFailover({
      rds: new RDSClient({ region: REGION }),
      instanceId: ID,
      probe: () => probeHealth({ baseUrl: site.url, fetch, timeoutMs: 10_000 }),
      clock: new FakeClock(),
      pollIntervalMs: 1000,
      instancePollMs: 5000,
      timeoutMs: 120_000,
      confirm: async () => true,
      onEvent: (line) => events.push(line),
      ...overrides,
    });
    return { report, events, site };
  } catch (error) {
    return { error, events, site };
  } finally {
    await site.stop();
  }
}

const rebootCalls = () => rds.commandCalls(RebootDBInstanceCommand).map((call) => call.args[0].input);

beforeEach(() => rds.reset());

describe('a forced failover, measured', () => {
  // Baseline, then one probe a second from +0 s: down from +2 s (503, then no answer), back at +9 s in the other AZ.
  const script: FakeSiteBehaviour['health'] = [
    'healthy',
    'healthy',
    'healthy',
    'unhealthy',
    'drop',
    'drop',
    'unhealthy',
    'unhealthy',
    'unhealthy',
    'unhealthy',
    'healthy',
  ];

  test('reboots with ForceFailover, measures the downtime from the first failed to the first healthy probe', async () => {
    // Describe calls: the pre-check, then every 5 s of probing (+5 s, +10 s), then the final read.
    describeAnswers(instance('available'), instance('rebooting'), instance('available', 'eu-west-3b'));
    const { report, error } = await failoverAgainst(script);
    expect(error).toBeUndefined();
    expect(rebootCalls()).toEqual([{ DBInstanceIdentifier: ID, ForceFailover: true }]);
    expect(report?.windows).toEqual([{ startMs: 2000, endMs: 9000 }]);
    expect(downtimeMs(report as FailoverReport)).toBe(7000);
    expect(report).toMatchObject({ recovered: true, instanceAvailableAtMs: 10_000, totalMs: 10_000 });
    expect(report?.before.primaryAz).toBe('eu-west-3a');
    expect(report?.after.primaryAz).toBe('eu-west-3b');
    expect(report?.samples.map((sample) => sample.sample.state)).toEqual([
      'healthy',
      'healthy',
      'unhealthy',
      'no answer',
      'no answer',
      'unhealthy',
      'unhealthy',
      'unhealthy',
      'unhealthy',
      'healthy',
      'healthy',
    ]);
  });

  test('prints each change as it happens, then the report', async () => {
    describeAnswers(instance('available'), instance('rebooting'), instance('available', 'eu-west-3b'));
    const { report, events } = await failoverAgainst(script);
    expect(events).toEqual([
      `Database ${ID}: available, Multi-AZ, primary eu-west-3a, standby eu-west-3b\n`,
      'API before: HTTP 200 healthy\n',
      '  +0.0 s  reboot with failover requested (instance rebooting)\n',
      '  +2.0 s  API unhealthy: HTTP 503 unhealthy\n',
      expect.stringMatching(/^ {2}\+3\.0 s {2}API no answer: GET \/api\/health: no answer \(/),
      '  +5.0 s  API unhealthy: HTTP 503 unhealthy\n',
      '  +9.0 s  API healthy: HTTP 200 healthy\n',
      ' +10.0 s  database available\n',
    ]);
    expect(formatFailoverReport(report as FailoverReport, 30).split('\n')).toEqual([
      'Result: recovered',
      '  downtime            7.0 s (first failed probe at +2.0 s, first healthy probe after it at +9.0 s; probes every 1000 ms)',
      '  failover total      10.0 s from the reboot request to the instance available and the API healthy',
      '  database primary AZ eu-west-3a -> eu-west-3b',
      '  probes              11: 4 healthy, 0 degraded, 5 unhealthy, 2 no answer',
      '  downtime limit      30 s: PASS',
      '',
    ]);
    expect(failoverPassed(report as FailoverReport, 30)).toBe(true);
    expect(failoverPassed(report as FailoverReport, 5)).toBe(false);
    expect(formatFailoverReport(report as FailoverReport, 5)).toMatch(/downtime limit {6}5 s: FAIL/);
  });

  test('a flapping API: the downtime is the first window, every window is counted', async () => {
    describeAnswers(instance('available'), instance('rebooting'), instance('available', 'eu-west-3b'));
    const flapping: FakeSiteBehaviour['health'] = [
      'healthy',
      'healthy',
      'unhealthy',
      'healthy',
      'degraded',
      'unhealthy',
      'unhealthy',
      'healthy',
    ];
    const { report } = await failoverAgainst(flapping);
    expect(report?.windows).toEqual([
      { startMs: 1000, endMs: 2000 },
      { startMs: 3000, endMs: 6000 },
    ]);
    expect(downtimeMs(report as FailoverReport)).toBe(1000);
    const text = formatFailoverReport(report as FailoverReport);
    expect(text).toMatch(/downtime {12}1\.0 s \(first failed probe at \+1\.0 s, first healthy probe after it at \+2\.0 s/);
    expect(text).toMatch(/outage windows {6}2 \(the API flapped\), 4\.0 s down in all closed windows/);
    expect(text).toMatch(/1 degraded/);
  });

  test('no failed probe at all: no downtime observed, at the probe resolution', async () => {
    describeAnswers(instance('available'), instance('rebooting'), instance('available', 'eu-west-3b'));
    const { report } = await failoverAgainst(['healthy']);
    expect(report?.windows).toEqual([]);
    expect(report?.recovered).toBe(true);
    expect(formatFailoverReport(report as FailoverReport)).toMatch(/downtime {12}none observed \(probes every 1000 ms\)/);
  });

  test('never recovers: stops at the timeout, reports the open outage, fails', async () => {
    describeAnswers(instance('available'), instance('rebooting'));
    const { report, events } = await failoverAgainst(['healthy', 'unhealthy'], { timeoutMs: 60_000 });
    expect(report?.recovered).toBe(false);
    expect(report?.totalMs).toBe(60_000);
    expect(report?.windows).toEqual([{ startMs: 0 }]);
    expect(downtimeMs(report as FailoverReport)).toBeUndefined();
    expect(failoverPassed(report as FailoverReport)).toBe(false);
    const text = formatFailoverReport(report as FailoverReport, 120);
    expect(text).toMatch(/^Result: NOT recovered within 60\.0 s/);
    expect(text).toMatch(/downtime {12}still down at the end, since \+0\.0 s/);
    expect(text).toMatch(/failover total {6}stopped after 60\.0 s; database rebooting/);
    expect(text).toMatch(/downtime limit {6}120 s: FAIL/);
    // Progress while nothing changes: a line every 10 s.
    expect(events.filter((line) => line.includes('API still unhealthy, database rebooting'))).toHaveLength(5);
  });

  test('the instance must leave "available" before it counts as back', async () => {
    // Describe says available throughout (the reboot answer too): it never counts as failed over and back.
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [instance('available')] });
    rds.on(RebootDBInstanceCommand).resolves({ DBInstance: instance('available') });
    const { report } = await failoverAgainst(['healthy'], { timeoutMs: 60_000 });
    expect(report?.recovered).toBe(false);
    expect(formatFailoverReport(report as FailoverReport)).toMatch(
      /database primary AZ eu-west-3a -> eu-west-3a \(unchanged: check the RDS events of the instance/,
    );
  });

  test('a failed status read during the failover is reported and retried, not fatal', async () => {
    let calls = 0;
    const answers = [instance('available'), undefined, instance('available', 'eu-west-3b')];
    rds.on(DescribeDBInstancesCommand).callsFake(() => {
      const answer = answers[Math.min(calls++, answers.length - 1)];
      if (!answer) throw awsError('Throttling', 'Rate exceeded');
      return { DBInstances: [answer] };
    });
    rds.on(RebootDBInstanceCommand).resolves({ DBInstance: instance('rebooting') });
    const { report, events } = await failoverAgainst(['healthy']);
    expect(events).toContain(
      '  +5.0 s  could not read the instance status: cannot describe DB instance anycompany-apparel-mysql (rds:DescribeDBInstances): Throttling: Rate exceeded\n',
    );
    expect(report).toMatchObject({ recovered: true, instanceAvailableAtMs: 10_000 });
  });
});

describe('refusals: nothing is rebooted', () => {
  test('an instance that is not Multi-AZ', async () => {
    describeAnswers(instance('available', 'eu-west-3a', false));
    const { error, site } = await failoverAgainst(['healthy']);
    expect(error).toBeInstanceOf(DemoError);
    expect((error as Error).message).toBe(
      `DB instance ${ID} is not Multi-AZ: a forced failover needs a standby; nothing was done (the kit's Data stack deploys Multi-AZ)`,
    );
    expect(rebootCalls()).toEqual([]);
    expect(site.requests).toEqual([]);
  });

  test('an instance that is not available', async () => {
    describeAnswers(instance('modifying'));
    const { error } = await failoverAgainst(['healthy']);
    expect((error as Error).message).toMatch(
      /is modifying, not available: nothing was done; wait for it \(aws rds wait db-instance-available/,
    );
    expect(rebootCalls()).toEqual([]);
  });

  test('an instance that does not exist', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(awsError('DBInstanceNotFoundFault', `DBInstance ${ID} not found.`));
    const { error } = await failoverAgainst(['healthy']);
    expect((error as Error).message).toBe(`DB instance ${ID} not found: is the Data stack deployed in this account and region?`);
  });

  test('an API that is not healthy before: the measurement would mean nothing', async () => {
    describeAnswers(instance('available'));
    const { error } = await failoverAgainst(['degraded']);
    expect((error as Error).message).toMatch(
      /^the API is not healthy before the failover \(HTTP 200 degraded\): a downtime measured now/,
    );
    expect(rebootCalls()).toEqual([]);
  });

  test('the operator does not confirm', async () => {
    describeAnswers(instance('available'));
    const asked: string[] = [];
    const { error, site } = await failoverAgainst(['healthy'], {
      confirm: async (state) => {
        asked.push(`${state.identifier} ${state.primaryAz} -> ${state.standbyAz}`);
        return false;
      },
    });
    expect(asked).toEqual([`${ID} eu-west-3a -> eu-west-3b`]);
    expect((error as Error).message).toBe('failover not confirmed: nothing was done');
    expect(rebootCalls()).toEqual([]);
    expect(site.requests).toEqual([]);
  });
});

describe('outage windows', () => {
  const at = (atMs: number, state: HealthSample['state']): TimedSample => ({ atMs, sample: { state, detail: state } });

  test.each([
    [[], []],
    [[at(0, 'healthy'), at(1000, 'healthy')], []],
    [[at(0, 'unhealthy'), at(1000, 'healthy')], [{ startMs: 0, endMs: 1000 }]],
    [[at(0, 'healthy'), at(500, 'no answer'), at(2500, 'degraded'), at(3000, 'healthy')], [{ startMs: 500, endMs: 3000 }]],
    [
      [at(0, 'unhealthy'), at(1, 'healthy'), at(2, 'unhealthy')],
      [{ startMs: 0, endMs: 1 }, { startMs: 2 }],
    ],
  ])('%j -> %j', (samples, windows) => {
    expect(outageWindows(samples)).toEqual(windows);
  });
});
