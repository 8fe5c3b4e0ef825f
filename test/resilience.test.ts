import { PocConfig } from '../lib/config/schema';
import { formatFigure, renderResilienceMarkdown } from '../lib/resilience/markdown';
import {
  Component,
  COMPONENTS,
  COPY_JOB_ESTIMATE_MINUTES,
  DR_STEP_ESTIMATE_MINUTES,
  disasterRecoveryPlan,
  Failure,
  FAILURES,
  Figure,
  Qualifier,
  RDS_MULTI_AZ_TYPICAL_FAILOVER_MINUTES,
  recoveryObjectives,
  RecoveryObjective,
  TARGET_HEALTHY_AGAIN_WITHIN_SECONDS,
  TARGET_UNHEALTHY_WITHIN_SECONDS,
  weakestQualifier,
} from '../lib/resilience/objectives';
import {
  ALB_DEFAULT_HEALTH_CHECK_TIMEOUT_SECONDS,
  ASG_HEALTH_CHECK_GRACE_SECONDS,
  BACKUP_JOB_WINDOWS,
  backupHoursUtc,
  TARGET_HEALTH_CHECK,
} from '../lib/shared/resilience-settings';
import { formatMinutes } from '../lib/resilience/units';
import { configWith, defaultConfig, exampleConfig } from './helpers';

const noCopy = configWith((raw) => (raw.disasterRecovery = { copyToRegion: null }));

function objective(config: PocConfig, component: Component, failure: Failure): RecoveryObjective {
  const found = recoveryObjectives(config).find((o) => o.component === component && o.failure === failure);
  if (!found) throw new Error(`no ${component}/${failure}`);
  return found;
}

/** [minutes, qualifier] of a time figure; fails the test on any other kind. */
function timed(figure: Figure): [number, Qualifier] {
  if (figure.kind !== 'time') throw new Error(`expected a time, got ${figure.kind}: ${figure.basis}`);
  return [figure.minutes, figure.qualifier];
}

const RDS_WORDING =
  'Failover times are typically 60–120 seconds. However, large transactions or a lengthy recovery process can increase failover time.';
const regionRpoMinutes = (intervalHours: number) =>
  intervalHours * 60 + BACKUP_JOB_WINDOWS.startMinutes + BACKUP_JOB_WINDOWS.completionMinutes + COPY_JOB_ESTIMATE_MINUTES;
const allStepsMinutes = Object.values(DR_STEP_ESTIMATE_MINUTES).reduce((sum, step) => sum + step, 0);

describe('the health-check arithmetic the model rests on', () => {
  test('an ALB stops routing within threshold × interval + timeout, and routes again after the healthy checks', () => {
    // 2 failed checks 15 s apart, the last failing after the 5 s default timeout.
    expect(TARGET_HEALTH_CHECK).toMatchObject({ intervalSeconds: 15, unhealthyThresholdCount: 2, healthyThresholdCount: 2 });
    expect(ALB_DEFAULT_HEALTH_CHECK_TIMEOUT_SECONDS).toBe(5);
    expect(TARGET_UNHEALTHY_WITHIN_SECONDS).toBe(35);
    expect(TARGET_HEALTHY_AGAIN_WITHIN_SECONDS).toBe(30);
  });

  test.each([
    [['bound', 'bound'], 'bound'],
    [['bound', 'typical'], 'typical'],
    [['typical', 'estimate', 'bound'], 'estimate'],
  ] as const)('the weakest of %j is %s', (qualifiers, weakest) => {
    expect(weakestQualifier(...qualifiers)).toBe(weakest);
  });
});

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

  test('loss of one AZ: the database failover is a typical time, quoted from AWS, not a bound; nothing committed is lost', () => {
    const db = objective(config(), 'database', 'az-loss');
    expect(timed(db.rto)).toEqual([RDS_MULTI_AZ_TYPICAL_FAILOVER_MINUTES, 'typical']);
    expect(db.rto.basis).toContain(RDS_WORDING);
    expect(timed(db.rpo)).toEqual([0, 'bound']);
    expect(db.citations.map((c) => c.url)).toContain(
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.Failover.html',
    );
  });

  test('loss of one AZ: the web tier is back within 35 s, a bound from its health check, which leaves the database out', () => {
    const web = objective(config(), 'web-tier', 'az-loss');
    expect(timed(web.rto)).toEqual([35 / 60, 'bound']);
    expect(web.rto.basis).toContain('2 × 15 s + 5 s = 35 s');
    expect(web.rto.basis).toContain('/healthz (nginx alone');
    expect(web.capacity?.unhealthyWithinSeconds).toBe(35);
  });

  test('loss of one AZ: the app tier waits for the database failover, its health check including MySQL: typical, not a bound', () => {
    const app = objective(config(), 'app-tier', 'az-loss');
    // The larger of 35 s (its own instances) and the failover plus two passing checks (2 min + 30 s).
    expect(timed(app.rto)).toEqual([2.5, 'typical']);
    expect(timed(app.rto)[0]).toBe(
      Math.max(
        TARGET_UNHEALTHY_WITHIN_SECONDS / 60,
        RDS_MULTI_AZ_TYPICAL_FAILOVER_MINUTES + TARGET_HEALTHY_AGAIN_WITHIN_SECONDS / 60,
      ),
    );
    expect(app.rto.basis).toContain('/api/health, which answers 503 while MySQL is unreachable');
    expect(app.rto.basis).toContain('typically 2 min + 2 × 15 s = 2 min 30 s');
    expect(app.rto.basis).toContain('within 2 × 15 s + 5 s = 35 s');
    expect(app.citations.map((c) => c.url)).toContain(
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.Failover.html',
    );
  });

  test('loss of one AZ: the load balancers are a kit estimate (AWS documents the DNS TTL, not when a node leaves DNS)', () => {
    const lbs = objective(config(), 'load-balancers', 'az-loss');
    expect(timed(lbs.rto)).toEqual([1, 'estimate']);
    expect(lbs.rto.basis).toContain('AWS documents the TTL, not how soon the node is dropped');
  });

  test('loss of one AZ: a figure is a bound only when nothing in it rests on the failover', () => {
    for (const o of objectives.filter((candidate) => candidate.failure === 'az-loss')) {
      if (o.rto.kind === 'time' && o.rto.qualifier === 'bound') expect(o.rto.basis).not.toMatch(/failover/i);
    }
  });

  test('loss of the region: every time is a kit estimate or nothing is lost', () => {
    for (const o of objectives.filter((candidate) => candidate.failure === 'region-loss')) {
      for (const figure of [o.rto, o.rpo]) {
        if (figure.kind === 'time' && figure.minutes > 0) expect(figure.qualifier).toBe('estimate');
      }
    }
  });
});

describe('figures follow the config', () => {
  test('default (2 AZs, 2 instances per tier, RDS memcached, daily backup copied to eu-west-1)', () => {
    const config = defaultConfig();
    expect(objective(config, 'web-tier', 'az-loss').capacity).toEqual({
      running: 2,
      surviving: 1,
      unhealthyWithinSeconds: 35,
      // 35 s to see the loss + 300 s grace + 30 s of passing checks.
      backToSizeEstimateMinutes: 365 / 60,
    });
    // The app group replaces on EC2 status checks only (kit estimate 60 s).
    expect(objective(config, 'app-tier', 'az-loss').capacity?.backToSizeEstimateMinutes).toBe(
      (60 + ASG_HEALTH_CHECK_GRACE_SECONDS + 30) / 60,
    );
    // The memcached interface lives in the database: it shares its fate, its qualifier and its data.
    expect(objective(config, 'cache', 'az-loss').rto).toEqual(objective(config, 'database', 'az-loss').rto);
    expect(timed(objective(config, 'cache', 'az-loss').rto)).toEqual([2, 'typical']);

    const dbRegion = objective(config, 'database', 'region-loss');
    expect(timed(dbRegion.rpo)).toEqual([29 * 60, 'estimate']);
    expect(timed(dbRegion.rpo)[0]).toBe(regionRpoMinutes(24));
    expect(timed(dbRegion.rto)).toEqual([DR_STEP_ESTIMATE_MINUTES.network + DR_STEP_ESTIMATE_MINUTES.database, 'estimate']);
    expect(dbRegion.rto.basis).toContain('anycompany-apparel-dr-copies');
    expect(objective(config, 'cache', 'region-loss').rpo).toEqual(dbRegion.rpo);
    // The shop serves again only after the Operations step: its minutes count in the regional RTO.
    for (const component of ['web-tier', 'app-tier', 'load-balancers', 'static-assets', 'cloudfront'] as const) {
      const rto = objective(config, component, 'region-loss').rto;
      expect(timed(rto)).toEqual([130, 'estimate']);
      expect(rto.basis).toContain('15 min + 60 min + 20 min + 20 min + 15 min');
      expect(rto.basis).toContain('PCI DSS Requirement 10');
    }
  });

  test('example (3 AZs, 3 instances per tier, ElastiCache, backups every 12 h)', () => {
    const config = exampleConfig();
    expect(objective(config, 'web-tier', 'az-loss').capacity).toEqual({
      running: 3,
      surviving: 2,
      unhealthyWithinSeconds: 35,
      backToSizeEstimateMinutes: 365 / 60,
    });
    expect(objective(config, 'app-tier', 'az-loss').capacity?.surviving).toBe(2);
    expect(timed(objective(config, 'app-tier', 'az-loss').rto)).toEqual([2.5, 'typical']);
    const cache = objective(config, 'cache', 'az-loss');
    expect(timed(cache.rto)).toEqual([0, 'bound']);
    expect(cache.rto.basis).toContain('1/3');
    expect(cache.rto.basis).toContain("sample app's 500 ms command timeout");
    expect(cache.rpo.kind).toBe('not-applicable');
    expect(timed(objective(config, 'database', 'region-loss').rpo)).toEqual([regionRpoMinutes(12), 'estimate']);
    expect(objective(config, 'database', 'region-loss').rpo.basis).toContain('from 06:00 UTC');
    expect(timed(objective(config, 'cloudfront', 'region-loss').rto)).toEqual([allStepsMinutes, 'estimate']);
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
    const daily = timed(objective(defaultConfig(), 'database', 'region-loss').rpo)[0];
    const sixHourly = timed(
      objective(
        configWith((raw) => (raw.disasterRecovery = { copyToRegion: 'eu-west-1', backupIntervalHours: 6 })),
        'database',
        'region-loss',
      ).rpo,
    )[0];
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
    expect(objective(single, 'app-tier', 'az-loss').rto.basis).toContain('natGateways: single');
    expect(objective(defaultConfig(), 'web-tier', 'az-loss').rto.basis).not.toContain('NAT');
  });
});

describe('the DR plan', () => {
  test('restores in order in the copy region, the network first, the detective controls and the cut-over last', () => {
    const plan = disasterRecoveryPlan(exampleConfig());
    expect(plan).toMatchObject({ primaryRegion: 'eu-west-3', drRegion: 'eu-west-1', vaultName: 'northwind-traders-dr-copies' });
    expect(plan?.steps.map((step) => [step.id, step.doneAfterMinutes])).toEqual([
      ['network', 15],
      ['database', 75],
      ['app', 95],
      ['edge', 115],
      ['operations', 130],
    ]);
    // ElastiCache path: no MEMCACHED option to recreate, but a cluster to create.
    expect(plan?.steps[1].action).toContain('MARIADB_AUDIT_PLUGIN)');
    expect(plan?.steps[1].action).toContain('ElastiCache cluster');
    expect(disasterRecoveryPlan(defaultConfig())?.steps[1].action).toContain('MARIADB_AUDIT_PLUGIN, MEMCACHED');
  });

  test('the DNS cut-over waits for the Operations and EdgeAlarms stacks, and says why', () => {
    const steps = disasterRecoveryPlan(defaultConfig())?.steps ?? [];
    const edge = steps.find((step) => step.id === 'edge');
    const operations = steps[steps.length - 1];
    expect(edge?.action).toContain('the cut-over waits for step 5');
    expect(edge?.action).not.toMatch(/point the .*DNS/);
    expect(operations.id).toBe('operations');
    expect(operations.action).toMatch(/^Deploy the Operations stack \(CloudTrail trail, AWS Config rules, GuardDuty, alarms/);
    expect(operations.action).toContain('the EdgeAlarms stack (CloudFront alarms) with the DR config');
    expect(operations.action).toContain("then point the shop's DNS name at the new distribution");
    expect(operations.action).toContain('PCI DSS Requirement 10');
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

  test.each([
    [
      'default',
      defaultConfig,
      [
        '| Web tier | ≤ 35 s | n/a | ≈ 2 h 10 min | n/a |',
        '| App tier | typically ≤ 2 min 30 s | n/a | ≈ 2 h 10 min | n/a |',
        '| Load balancers (public and internal ALB) | ≈ 1 min | n/a | ≈ 2 h 10 min | n/a |',
        '| Database (RDS for MySQL, Multi-AZ) | typically ≤ 2 min | 0 | ≈ 75 min | ≈ 29 h |',
        '| Cache (RDS memcached interface) | typically ≤ 2 min | 0 | ≈ 75 min | ≈ 29 h |',
      ],
    ],
    [
      'example',
      exampleConfig,
      [
        // The ElastiCache nodes of the other AZs keep the cache at 0.
        '| Cache (ElastiCache for Memcached) | 0 | n/a | ≈ 75 min | n/a |',
        '| App tier | typically ≤ 2 min 30 s | n/a | ≈ 2 h 10 min | n/a |',
      ],
    ],
  ])('the summary table of the %s POC marks each figure with its qualifier, which the legend explains', (_, config, rows) => {
    const doc = render(config());
    const legend = [
      '`≤` marks an upper bound',
      '`typically ≤` the upper end of a time AWS documents as typical, not as a bound',
      '`≈` a kit estimate',
      'A time computed from others carries the weakest of their qualifiers.',
    ];
    for (const text of [...rows, ...legend]) expect(doc).toContain(text);
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
      'Monitoring and detective controls, then the cut-over',
    ];
    const positions = steps.map((step) => doc.indexOf(step));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  test('DR copy off: the document says the regional RPO is unbounded and why', () => {
    const doc = render(noCopy);
    expect(doc).toContain('| Database (RDS for MySQL, Multi-AZ) | typically ≤ 2 min | 0 | **unbounded** | **unbounded** |');
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
    [{ kind: 'time', minutes: 35 / 60, qualifier: 'bound', basis: '' }, '≤ 35 s'],
    [{ kind: 'time', minutes: 2.5, qualifier: 'typical', basis: '' }, 'typically ≤ 2 min 30 s'],
    [{ kind: 'time', minutes: 130, qualifier: 'estimate', basis: '' }, '≈ 2 h 10 min'],
    [{ kind: 'time', minutes: 0, qualifier: 'bound', basis: '' }, '0'],
    [{ kind: 'unbounded', basis: '' }, '**unbounded**'],
    [{ kind: 'not-applicable', basis: '' }, 'n/a'],
  ] as const)('formats %j as %s', (figure, text) => {
    expect(formatFigure(figure)).toBe(text);
  });

  test.each([
    [0.5, '30 s'],
    [2, '2 min'],
    [2.5, '2 min 30 s'],
    [365 / 60, '6 min 5 s'],
    [115, '115 min'],
    [1740, '29 h'],
    [150, '2 h 30 min'],
  ])('formats %d minutes as %s', (value, text) => {
    expect(formatMinutes(value)).toBe(text);
  });
});
