import { PocConfig } from '../lib/config/schema';
import { formatMinutes, renderResilienceMarkdown } from '../lib/resilience/markdown';
import {
  Component,
  COMPONENTS,
  COPY_JOB_ESTIMATE_MINUTES,
  DR_STEP_ESTIMATE_MINUTES,
  disasterRecoveryPlan,
  Failure,
  FAILURES,
  Figure,
  RDS_MULTI_AZ_FAILOVER_MINUTES,
  recoveryObjectives,
  RecoveryObjective,
} from '../lib/resilience/objectives';
import {
  ASG_HEALTH_CHECK_GRACE_SECONDS,
  BACKUP_JOB_WINDOWS,
  backupHoursUtc,
  TARGET_HEALTH_CHECK,
} from '../lib/resilience/settings';
import { configWith, defaultConfig, exampleConfig } from './helpers';

const noCopy = configWith((raw) => (raw.disasterRecovery = { copyToRegion: null }));

function objective(config: PocConfig, component: Component, failure: Failure): RecoveryObjective {
  const found = recoveryObjectives(config).find((o) => o.component === component && o.failure === failure);
  if (!found) throw new Error(`no ${component}/${failure}`);
  return found;
}

/** The minutes of a bounded figure; fails the test on any other kind. */
function minutes(figure: Figure): number {
  if (figure.kind !== 'bounded') throw new Error(`expected a bounded figure, got ${figure.kind}: ${figure.basis}`);
  return figure.minutes;
}

const detectionMinutes = (TARGET_HEALTH_CHECK.unhealthyThresholdCount * TARGET_HEALTH_CHECK.intervalSeconds) / 60;
const capacityBackMinutes =
  (TARGET_HEALTH_CHECK.unhealthyThresholdCount * TARGET_HEALTH_CHECK.intervalSeconds +
    ASG_HEALTH_CHECK_GRACE_SECONDS +
    TARGET_HEALTH_CHECK.healthyThresholdCount * TARGET_HEALTH_CHECK.intervalSeconds) /
  60;
const regionRpoMinutes = (intervalHours: number) =>
  intervalHours * 60 + BACKUP_JOB_WINDOWS.startMinutes + BACKUP_JOB_WINDOWS.completionMinutes + COPY_JOB_ESTIMATE_MINUTES;

describe.each([
  ['default', defaultConfig],
  ['example', exampleConfig],
  ['DR-off', () => noCopy],
])('the model on the %s config', (_, config) => {
  const objectives = recoveryObjectives(config());

  test('covers every component for both failures, once each', () => {
    expect(objectives.map((o) => `${o.failure}/${o.component}`)).toEqual(
      FAILURES.flatMap((failure) => COMPONENTS.map((component) => `${failure}/${component}`)),
    );
  });

  test('every figure states its basis; AWS-documented figures cite AWS documents', () => {
    for (const o of objectives) {
      expect(o.rto.basis.length).toBeGreaterThan(30);
      expect(o.rpo.basis.length).toBeGreaterThan(30);
      for (const citation of o.citations)
        expect(citation.url).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|aws\.amazon\.com\/blogs)\//);
      if (/"[^"]+"/.test(o.rto.basis + o.rpo.basis)) expect(o.citations.length).toBeGreaterThan(0);
    }
  });

  test('loss of one AZ: the database fails over in the AWS-documented time and loses nothing', () => {
    const db = objective(config(), 'database', 'az-loss');
    expect(minutes(db.rto)).toBe(RDS_MULTI_AZ_FAILOVER_MINUTES);
    expect(db.rto.basis).toContain('typically 60–120 seconds');
    expect(minutes(db.rpo)).toBe(0);
    expect(db.citations.map((c) => c.url)).toContain(
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.Failover.html',
    );
  });

  test('loss of one AZ: the tiers keep serving after the ALB health checks give up on the lost targets', () => {
    for (const tier of ['web-tier', 'app-tier'] as const) {
      const o = objective(config(), tier, 'az-loss');
      expect(minutes(o.rto)).toBe(detectionMinutes);
      expect(o.rpo.kind).toBe('not-applicable');
      expect(o.capacity?.surviving).toBeGreaterThan(0);
      expect(o.capacity?.restoredWithinMinutes).toBe(capacityBackMinutes);
    }
  });
});

describe('figures follow the config', () => {
  test('default (2 AZs, 2 instances per tier, daily backup copied to eu-west-1)', () => {
    const config = defaultConfig();
    expect(objective(config, 'web-tier', 'az-loss').capacity).toEqual({ running: 2, surviving: 1, restoredWithinMinutes: 6 });
    expect(minutes(objective(config, 'load-balancers', 'az-loss').rto)).toBe(1);
    const dbRegion = objective(config, 'database', 'region-loss');
    expect(dbRegion.rpo).toMatchObject({ kind: 'bounded', minutes: regionRpoMinutes(24), estimate: true });
    expect(minutes(dbRegion.rpo)).toBe(29 * 60);
    expect(dbRegion.rto).toMatchObject({
      kind: 'bounded',
      minutes: DR_STEP_ESTIMATE_MINUTES.network + DR_STEP_ESTIMATE_MINUTES.database,
      estimate: true,
    });
    expect(dbRegion.rto.basis).toContain('anycompany-apparel-dr-copies');
    // The memcached interface lives in the database: it shares its fate and its data.
    expect(objective(config, 'cache', 'az-loss').rto).toEqual(objective(config, 'database', 'az-loss').rto);
    expect(objective(config, 'cache', 'region-loss').rpo).toEqual(dbRegion.rpo);
  });

  test('example (3 AZs, 3 instances per tier, ElastiCache, backups every 12 h)', () => {
    const config = exampleConfig();
    expect(objective(config, 'web-tier', 'az-loss').capacity).toEqual({ running: 3, surviving: 2, restoredWithinMinutes: 6 });
    expect(objective(config, 'app-tier', 'az-loss').capacity?.surviving).toBe(2);
    const cache = objective(config, 'cache', 'az-loss');
    expect(minutes(cache.rto)).toBe(0);
    expect(cache.rto.basis).toContain('1/3');
    expect(cache.rpo.kind).toBe('not-applicable');
    expect(minutes(objective(config, 'database', 'region-loss').rpo)).toBe(regionRpoMinutes(12));
    expect(objective(config, 'database', 'region-loss').rpo.basis).toContain('from 06:00 UTC');
  });

  test('a larger tier minimum leaves more instances standing', () => {
    const config = configWith((raw) => {
      raw.web.minCapacity = 4;
      raw.web.maxCapacity = 8;
    });
    expect(objective(config, 'web-tier', 'az-loss').capacity).toMatchObject({ running: 4, surviving: 2 });
    expect(objective(config, 'app-tier', 'az-loss').capacity).toMatchObject({ running: 2, surviving: 1 });
  });

  test('a desired capacity above the minimum is what runs', () => {
    const config = configWith((raw) => (raw.app.desiredCapacity = 5));
    expect(objective(config, 'app-tier', 'az-loss').capacity).toMatchObject({ running: 5, surviving: 2 });
  });

  test('more frequent backups shrink the regional RPO by the interval saved', () => {
    const daily = minutes(objective(defaultConfig(), 'database', 'region-loss').rpo);
    const sixHourly = minutes(
      objective(
        configWith((raw) => (raw.disasterRecovery = { copyToRegion: 'eu-west-1', backupIntervalHours: 6 })),
        'database',
        'region-loss',
      ).rpo,
    );
    expect(daily - sixHourly).toBe(18 * 60);
  });

  test('DR copy off: the region loss is unbounded for the database and for the service, and the basis says why', () => {
    const dbRegion = objective(noCopy, 'database', 'region-loss');
    expect(dbRegion.rpo.kind).toBe('unbounded');
    expect(dbRegion.rpo.basis).toContain('disasterRecovery.copyToRegion is null');
    for (const component of COMPONENTS) expect(objective(noCopy, component, 'region-loss').rto.kind).toBe('unbounded');
    // The loss of one AZ does not depend on the DR copy.
    expect(recoveryObjectives(noCopy).filter((o) => o.failure === 'az-loss')).toEqual(
      recoveryObjectives(defaultConfig()).filter((o) => o.failure === 'az-loss'),
    );
    expect(disasterRecoveryPlan(noCopy)).toBeNull();
  });

  test('a single NAT gateway is called out on the tiers', () => {
    const single = configWith((raw) => (raw.network.natGateways = 'single'));
    expect(objective(single, 'web-tier', 'az-loss').rto.basis).toContain('natGateways: single');
    expect(objective(defaultConfig(), 'web-tier', 'az-loss').rto.basis).not.toContain('NAT');
  });
});

describe('the DR plan', () => {
  test('restores in order in the copy region, the network first and the edge last, each step adding its estimate', () => {
    const plan = disasterRecoveryPlan(exampleConfig());
    expect(plan).toMatchObject({ primaryRegion: 'eu-west-3', drRegion: 'eu-west-1', vaultName: 'northwind-traders-dr-copies' });
    expect(plan?.steps.map((step) => [step.id, step.doneAfterMinutes])).toEqual([
      ['network', 15],
      ['database', 75],
      ['app', 95],
      ['edge', 115],
    ]);
    // ElastiCache path: no MEMCACHED option to recreate, but a cluster to create.
    expect(plan?.steps[1].action).toContain('MARIADB_AUDIT_PLUGIN)');
    expect(plan?.steps[1].action).toContain('ElastiCache cluster');
    expect(disasterRecoveryPlan(defaultConfig())?.steps[1].action).toContain('MARIADB_AUDIT_PLUGIN, MEMCACHED');
  });
});

describe('backup hours', () => {
  test.each([
    [5, 24, [5]],
    [6, 12, [6, 18]],
    [20, 8, [4, 12, 20]],
    [0, 6, [0, 6, 12, 18]],
  ])('from %i h every %i h: %j', (first, interval, hours) => {
    expect(backupHoursUtc(first, interval)).toEqual(hours);
  });

  test('hourly backups run at every hour of the day', () => {
    expect(backupHoursUtc(7, 1)).toEqual(Array.from({ length: 24 }, (_, hour) => hour));
  });
});

describe('RESILIENCE.md', () => {
  const render = (config: PocConfig) => renderResilienceMarkdown(recoveryObjectives(config), config);

  test('the summary table of the default POC', () => {
    const doc = render(defaultConfig());
    expect(doc).toContain('| Database (RDS for MySQL, Multi-AZ) | ≤ 2 min | 0 | ≈ 75 min | ≈ 29 h |');
    expect(doc).toContain('| Web tier | ≤ 30 s | n/a | ≈ 95 min | n/a |');
    expect(doc).toContain('| Cache (RDS memcached interface) | ≤ 2 min | 0 | ≈ 75 min | ≈ 29 h |');
  });

  test('the DR plan names the copy region, the vault and the steps in order', () => {
    const doc = render(exampleConfig());
    expect(doc).toContain('If eu-west-3 is lost, the POC is rebuilt in **eu-west-1**');
    expect(doc).toContain('vault `northwind-traders-dr-copies`');
    expect(doc).toContain('backed up at 06:00, 18:00 UTC');
    const steps = [
      'Network in the DR region',
      'Database from the latest copy',
      'App tier, web tier',
      'CloudFront and static assets',
    ];
    const positions = steps.map((step) => doc.indexOf(step));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  test('DR copy off: the document says the regional RPO is unbounded and why', () => {
    const doc = render(noCopy);
    expect(doc).toContain('| Database (RDS for MySQL, Multi-AZ) | ≤ 2 min | 0 | **unbounded** | **unbounded** |');
    expect(doc).toContain('the regional RTO and RPO are unbounded');
    expect(doc).toContain('None: with `disasterRecovery.copyToRegion: null`');
  });

  test('sources: numbered, each listed once, every reference resolves', () => {
    const doc = render(exampleConfig());
    const sources = [...doc.matchAll(/^(\d+)\. \[[^\]]+\]\((https:[^)]+)\)$/gm)];
    expect(sources.map((match) => Number(match[1]))).toEqual(sources.map((_, index) => index + 1));
    expect(new Set(sources.map((match) => match[2])).size).toBe(sources.length);
    const references = [...doc.matchAll(/\[(\d+)\](?!\()/g)].map((match) => Number(match[1]));
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(reference).toBeLessThanOrEqual(sources.length);
  });

  test('deterministic: the same config renders the same bytes', () => {
    expect(render(exampleConfig())).toBe(render(exampleConfig()));
  });

  test.each([
    [0.5, '30 s'],
    [2, '2 min'],
    [115, '115 min'],
    [1740, '29 h'],
    [150, '2 h 30 min'],
  ])('formats %d minutes as %s', (value, text) => {
    expect(formatMinutes(value)).toBe(text);
  });
});
