import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { APP_SERVICE_UNIT, appTierUserData } from '../../lib/constructs/tier-user-data';
import { ROOT } from '../helpers';
import { installCommand } from './prerequisites';

/**
 * The app tier's systemd unit, exactly as user data writes it, scored by systemd's own
 * `systemd-analyze security` (offline: the unit file alone, no running systemd needed).
 * PCI DSS 2.2 and 6.2.4 ask for system components hardened against attack; the score is the
 * measure, the directives are the means.
 */

const MAX_EXPOSURE = 2.0;
const SEARCH_PATH = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/bin'];

/** systemd-analyze, or an error naming the install command (CI must never skip this test). */
function requireSystemdAnalyze(searchPath: readonly string[] = SEARCH_PATH): string {
  for (const dir of searchPath) {
    try {
      accessSync(join(dir, 'systemd-analyze'), constants.X_OK);
      return join(dir, 'systemd-analyze');
    } catch {
      // not in this folder
    }
  }
  throw new Error(`The systemd unit test needs systemd-analyze, which was not found. Install it: ${installCommand('systemd')}`);
}

/** User data as the instance receives it, CloudFormation references printed as JSON. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(render).join(join[0]);
  return JSON.stringify(value);
}

/** The unit file the app tier's user data writes, for a service on `appPort`. */
function unitWrittenByUserData(appPort: number): string {
  const stack = new Stack(new App(), 'Unit');
  const userData = appTierUserData({
    appPort,
    serviceAsset: new s3assets.Asset(stack, 'Service', { path: join(ROOT, 'package.json') }),
    databaseHost: 'db.example',
    databasePort: 3306,
    databaseSecretArn: 'arn:aws:secretsmanager:eu-west-3:111122223333:secret:poc-db-AbCdEf',
    region: 'eu-west-3',
    cacheMode: 'rds-memcached-option',
    cacheEndpoint: 'db.example:11211',
  });
  const script = render(stack.resolve(userData.render()));
  const marker = `cat > /etc/systemd/system/${APP_SERVICE_UNIT} <<'UNIT'\n`;
  const start = script.indexOf(marker);
  const end = script.indexOf('\nUNIT\n', start);
  if (start < 0 || end < 0) throw new Error(`the user data writes no ${APP_SERVICE_UNIT}`);
  return `${script.slice(start + marker.length, end)}\n`;
}

/** The overall exposure `systemd-analyze security --offline=true` gives the unit, and its full report. */
function exposureOf(unit: string): { score: number; report: string } {
  const dir = mkdtempSync(join(tmpdir(), 'poc-unit-'));
  try {
    const file = join(dir, APP_SERVICE_UNIT);
    writeFileSync(file, unit);
    // The command exits non-zero above its own threshold: read the report either way.
    let report: string;
    try {
      report = execFileSync(requireSystemdAnalyze(), ['security', '--offline=true', '--no-pager', file], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      report = String((error as { stdout?: string }).stdout ?? '');
    }
    const score = /Overall exposure level for \S+: (\d+\.\d+)/.exec(report)?.[1];
    if (score === undefined) throw new Error(`systemd-analyze printed no exposure level:\n${report}`);
    return { score: Number(score), report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the app service unit, scored by systemd-analyze security', () => {
  test.each([
    ['on an unprivileged port (8080, the default)', 8080],
    ['on a port below 1024, with the one capability to bind it', 443],
  ])(`%s: exposure ${MAX_EXPOSURE} or lower`, (_, port) => {
    const unit = unitWrittenByUserData(port);
    const { score, report } = exposureOf(unit);
    expect({ port, score, report: score <= MAX_EXPOSURE ? 'ok' : report }).toEqual({ port, score, report: 'ok' });
    expect(score).toBeLessThanOrEqual(MAX_EXPOSURE);
  });

  test('the score can fail: the unit without its sandbox scores above the limit', () => {
    const bare = unitWrittenByUserData(8080)
      .split('\n')
      .filter((line) => !/^(Protect|Private|Restrict|SystemCall|Lock|UMask|NoNewPrivileges|RemoveIPC|Capability)/.test(line))
      .join('\n');
    expect(exposureOf(bare).score).toBeGreaterThan(MAX_EXPOSURE);
  });

  test('a missing systemd-analyze fails with the install command, never a skip', () => {
    const empty = mkdtempSync(join(tmpdir(), 'poc-no-systemd-'));
    try {
      expect(() => requireSystemdAnalyze([empty])).toThrow(
        `The systemd unit test needs systemd-analyze, which was not found. Install it: ${installCommand('systemd')}`,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
