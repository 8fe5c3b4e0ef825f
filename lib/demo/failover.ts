import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeDBInstancesCommand, RDSClient, RebootDBInstanceCommand } from '@aws-sdk/client-rds';
import { DemoError, errorParts } from './errors';
import { HealthSample } from './http';
import { awsProblem } from './outputs';

/** Time, injectable: tests run a whole simulated failover in no wall time. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now(), sleep: (ms) => sleep(ms) };

export interface DbInstanceState {
  readonly identifier: string;
  readonly status: string;
  readonly multiAz: boolean;
  readonly primaryAz?: string;
  readonly standbyAz?: string;
}

export async function describeInstance(rds: RDSClient, identifier: string): Promise<DbInstanceState> {
  let instances;
  try {
    ({ DBInstances: instances } = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier })));
  } catch (error) {
    if (errorParts(error).name === 'DBInstanceNotFoundFault') {
      throw new DemoError(`DB instance ${identifier} not found: is the Data stack deployed in this account and region?`);
    }
    throw awsProblem(error, `describe DB instance ${identifier} (rds:DescribeDBInstances)`);
  }
  const instance = instances?.[0];
  if (!instance)
    throw new DemoError(`DB instance ${identifier} not found: is the Data stack deployed in this account and region?`);
  return {
    identifier,
    status: instance.DBInstanceStatus ?? 'unknown',
    multiAz: instance.MultiAZ === true,
    primaryAz: instance.AvailabilityZone,
    standbyAz: instance.SecondaryAvailabilityZone,
  };
}

export interface FailoverOptions {
  readonly rds: RDSClient;
  readonly instanceId: string;
  readonly probe: () => Promise<HealthSample>;
  readonly clock: Clock;
  readonly pollIntervalMs: number;
  /** How often the instance status is read while the API is probed. */
  readonly instancePollMs: number;
  readonly timeoutMs: number;
  /** Asked once the instance is known to be a Multi-AZ one, before anything is changed. */
  readonly confirm: (instance: DbInstanceState) => Promise<boolean>;
  readonly onEvent: (line: string) => void;
}

export interface TimedSample {
  /** Milliseconds after the reboot request, when the probe was sent. */
  readonly atMs: number;
  readonly sample: HealthSample;
}

export interface OutageWindow {
  readonly startMs: number;
  /** Absent when the API was still not healthy when the measurement stopped. */
  readonly endMs?: number;
}

export interface FailoverReport {
  readonly before: DbInstanceState;
  readonly after: DbInstanceState;
  readonly apiBefore: HealthSample;
  readonly samples: readonly TimedSample[];
  readonly windows: readonly OutageWindow[];
  /** Instance available again, API healthy after it, within the timeout. */
  readonly recovered: boolean;
  readonly instanceAvailableAtMs?: number;
  readonly totalMs: number;
  readonly pollIntervalMs: number;
}

/** Windows from each first non-healthy probe to the first healthy probe after it. */
export function outageWindows(samples: readonly TimedSample[]): OutageWindow[] {
  const windows: OutageWindow[] = [];
  let openedAt: number | undefined;
  for (const { atMs, sample } of samples) {
    if (sample.state !== 'healthy' && openedAt === undefined) openedAt = atMs;
    if (sample.state === 'healthy' && openedAt !== undefined) {
      windows.push({ startMs: openedAt, endMs: atMs });
      openedAt = undefined;
    }
  }
  if (openedAt !== undefined) windows.push({ startMs: openedAt });
  return windows;
}

const HEARTBEAT_MS = 10_000;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const at = (ms: number) => `+${seconds(ms)}`.padStart(8);

/**
 * Forces a Multi-AZ failover (RebootDBInstance with ForceFailover) and probes /api/health
 * meanwhile, until the instance is available again and the API answers healthy, or the timeout.
 */
export async function runFailover(options: FailoverOptions): Promise<FailoverReport> {
  const { rds, instanceId, clock, onEvent } = options;
  const before = await describeInstance(rds, instanceId);
  if (!before.multiAz) {
    throw new DemoError(
      `DB instance ${instanceId} is not Multi-AZ: a forced failover needs a standby; nothing was done (the kit's Data stack deploys Multi-AZ)`,
    );
  }
  if (before.status !== 'available') {
    throw new DemoError(
      `DB instance ${instanceId} is ${before.status}, not available: nothing was done; wait for it (aws rds wait db-instance-available --db-instance-identifier ${instanceId}) and run again`,
    );
  }
  onEvent(
    `Database ${instanceId}: available, Multi-AZ, primary ${before.primaryAz ?? '?'}, standby ${before.standbyAz ?? '?'}\n`,
  );
  if (!(await options.confirm(before))) throw new DemoError('failover not confirmed: nothing was done');

  const apiBefore = await options.probe();
  if (apiBefore.state !== 'healthy') {
    throw new DemoError(
      `the API is not healthy before the failover (${apiBefore.detail}): a downtime measured now would mean nothing; ` +
        'nothing was done; fix it (npm run verify says what fails) and run again',
    );
  }
  onEvent(`API before: ${apiBefore.detail}\n`);

  const start = clock.now();
  let status: string;
  try {
    const { DBInstance } = await rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: instanceId, ForceFailover: true }));
    status = DBInstance?.DBInstanceStatus ?? 'unknown';
  } catch (error) {
    throw awsProblem(error, `force a failover of ${instanceId} (rds:RebootDBInstance)`);
  }
  onEvent(`${at(0)}  reboot with failover requested (instance ${status})\n`);

  const samples: TimedSample[] = [];
  let leftAvailable = status !== 'available';
  let instanceAvailableAtMs: number | undefined;
  let lastInstanceCheck = start;
  let apiState: HealthSample['state'] = 'healthy';
  let lastEvent = start;
  let recovered = false;

  while (clock.now() - start < options.timeoutMs) {
    const sentAt = clock.now();
    const sample = await options.probe();
    samples.push({ atMs: sentAt - start, sample });
    if (sample.state !== apiState) {
      apiState = sample.state;
      onEvent(`${at(sentAt - start)}  API ${sample.state}: ${sample.detail}\n`);
      lastEvent = clock.now();
    }
    if (instanceAvailableAtMs === undefined && clock.now() - lastInstanceCheck >= options.instancePollMs) {
      lastInstanceCheck = clock.now();
      const previous = status;
      try {
        status = (await describeInstance(rds, instanceId)).status;
      } catch (error) {
        // One failed status read must not abort a failover in progress: the next poll retries.
        onEvent(`${at(clock.now() - start)}  could not read the instance status: ${errorParts(error).message}\n`);
      }
      if (status !== 'available') leftAvailable = true;
      if (status !== previous) {
        onEvent(`${at(clock.now() - start)}  database ${status}\n`);
        lastEvent = clock.now();
      }
      if (status === 'available' && leftAvailable) instanceAvailableAtMs = clock.now() - start;
    }
    if (instanceAvailableAtMs !== undefined && sample.state === 'healthy' && sentAt - start >= instanceAvailableAtMs) {
      recovered = true;
      break;
    }
    if (clock.now() - lastEvent >= HEARTBEAT_MS) {
      onEvent(`${at(clock.now() - start)}  API still ${apiState}, database ${status}\n`);
      lastEvent = clock.now();
    }
    await clock.sleep(Math.max(0, options.pollIntervalMs - (clock.now() - sentAt)));
  }
  const totalMs = clock.now() - start;

  let after: DbInstanceState;
  try {
    after = await describeInstance(rds, instanceId);
  } catch {
    after = { ...before, status, primaryAz: undefined, standbyAz: undefined };
  }
  return {
    before,
    after,
    apiBefore,
    samples,
    windows: outageWindows(samples),
    recovered,
    instanceAvailableAtMs,
    totalMs,
    pollIntervalMs: options.pollIntervalMs,
  };
}

export function downtimeMs(report: FailoverReport): number | undefined {
  const first = report.windows[0];
  if (!first) return 0;
  return first.endMs === undefined ? undefined : first.endMs - first.startMs;
}

export function formatFailoverReport(report: FailoverReport, maxDowntimeSeconds?: number): string {
  const { windows, samples } = report;
  const first = windows[0];
  const downtime = downtimeMs(report);
  const resolution = `probes every ${report.pollIntervalMs} ms`;
  const lines = [`Result: ${report.recovered ? 'recovered' : `NOT recovered within ${seconds(report.totalMs)}`}`];
  if (!first) {
    lines.push(`  downtime            none observed (${resolution})`);
  } else if (first.endMs === undefined) {
    lines.push(`  downtime            still down at the end, since ${at(first.startMs).trim()} (${resolution})`);
  } else {
    lines.push(
      `  downtime            ${seconds(first.endMs - first.startMs)} (first failed probe at ${at(first.startMs).trim()}, ` +
        `first healthy probe after it at ${at(first.endMs).trim()}; ${resolution})`,
    );
  }
  if (windows.length > 1) {
    const closed = windows.filter((window) => window.endMs !== undefined);
    const sum = closed.reduce((total, window) => total + (window.endMs ?? 0) - window.startMs, 0);
    lines.push(`  outage windows      ${windows.length} (the API flapped), ${seconds(sum)} down in all closed windows`);
  }
  lines.push(
    report.recovered
      ? `  failover total      ${seconds(report.totalMs)} from the reboot request to the instance available and the API healthy`
      : `  failover total      stopped after ${seconds(report.totalMs)}; database ${report.after.status}`,
  );
  const moved = report.before.primaryAz !== report.after.primaryAz;
  lines.push(
    `  database primary AZ ${report.before.primaryAz ?? '?'} -> ${report.after.primaryAz ?? '?'}` +
      (moved ? '' : ' (unchanged: check the RDS events of the instance, the failover may not have happened)'),
  );
  const count = (state: HealthSample['state']) => samples.filter((timed) => timed.sample.state === state).length;
  lines.push(
    `  probes              ${samples.length}: ${count('healthy')} healthy, ${count('degraded')} degraded, ` +
      `${count('unhealthy')} unhealthy, ${count('no answer')} no answer`,
  );
  if (maxDowntimeSeconds !== undefined) {
    const within = downtime !== undefined && downtime <= maxDowntimeSeconds * 1000;
    lines.push(`  downtime limit      ${maxDowntimeSeconds} s: ${within ? 'PASS' : 'FAIL'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Exit status of the failover: recovered, and within the downtime limit when one was given. */
export function failoverPassed(report: FailoverReport, maxDowntimeSeconds?: number): boolean {
  if (!report.recovered) return false;
  if (maxDowntimeSeconds === undefined) return true;
  const downtime = downtimeMs(report);
  return downtime !== undefined && downtime <= maxDowntimeSeconds * 1000;
}
