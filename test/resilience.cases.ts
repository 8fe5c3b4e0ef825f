import { PocConfig } from '../lib/config/schema';
import { loadModel } from '../lib/model';
import { CITATIONS } from '../lib/resilience/citations';
import { deployedOf } from '../lib/resilience/deployed';
import { formatFigure, renderResilienceMarkdown } from '../lib/resilience/markdown';
import {
  Component,
  COMPONENTS,
  COPY_JOB_ESTIMATE_MINUTES,
  Failure,
  FAILURES,
  Figure,
  Qualifier,
  recoveryObjectives,
  RecoveryObjective,
  weakestQualifier,
} from '../lib/resilience/objectives';
import { TierName, TOPOLOGY } from '../lib/shared/topology';
import { synthesized, variant } from './helpers';
import { assemblyDirectory, variantDirectory } from './support/assemblies';

interface Case {
  readonly config: PocConfig;
  readonly objectives: readonly RecoveryObjective[];
  readonly markdown: string;
}

function load(directory: string, config: PocConfig): Case {
  const objectives = recoveryObjectives(loadModel(directory), config);
  return { config, objectives, markdown: renderResilienceMarkdown(objectives, config) };
}

const cases = {
  default: () => load(assemblyDirectory('default'), synthesized('default').config),
  example: () => load(assemblyDirectory('example'), synthesized('example').config),
  noCopy: () => load(variantDirectory('no-dr-copy'), variant('no-dr-copy').config),
};

function objective(found: Case, component: Component, failure: Failure): RecoveryObjective {
  const match = found.objectives.find((candidate) => candidate.component === component && candidate.failure === failure);
  if (!match) throw new Error(`no ${component}/${failure}`);
  return match;
}

/** [minutes, qualifier] of a time figure; fails the test on any other kind. */
function timed(figure: Figure): [number, Qualifier] {
  if (figure.kind !== 'time') throw new Error(`expected a time, got ${figure.kind}: ${figure.basis}`);
  return [figure.minutes, figure.qualifier];
}

describe('qualifiers', () => {
  test.each([
    [['bound', 'bound'], 'bound'],
    [['bound', 'typical'], 'typical'],
    [['typical', 'estimate'], 'estimate'],
  ] as const)('%j combine to %s', (qualifiers, weakest) => {
    expect(weakestQualifier(...qualifiers)).toBe(weakest);
  });
});

describe.each(['default', 'example'] as const)('the %s POC', (name) => {
  let found: Case;
  beforeAll(() => {
    found = cases[name]();
  });

  test('has a figure for every component of the tier table and the shared components, per failure', () => {
    expect(COMPONENTS.slice(0, TOPOLOGY.length)).toEqual(TOPOLOGY.map((tier) => `${tier.name}-tier`));
    expect(COMPONENTS).toEqual(expect.arrayContaining(['log-archive', 'nat-gateways', 'waf', 'bastions', 'secrets', 'kms-keys']));
    expect(found.objectives).toHaveLength(COMPONENTS.length * FAILURES.length);
  });

  test('the tiers are read from the templates: health checks of the target groups, sizes of the groups', () => {
    const deployed = deployedOf(loadModel(assemblyDirectory(name)));
    for (const tier of deployed.tiers) {
      expect(tier.healthCheck).toEqual({
        path: tier.spec.healthCheck.path,
        intervalSeconds: 15,
        timeoutSeconds: 5,
        defaultTimeout: true,
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 2,
      });
      const sizes = found.config[tier.spec.name as TierName];
      expect(tier.running).toBe(sizes.desiredCapacity ?? sizes.minCapacity);
    }
    expect(deployed.backup).toMatchObject({
      intervalHours: found.config.disasterRecovery.backupIntervalHours,
      firstHourUtc: found.config.disasterRecovery.backupHourUtc,
      startWindowMinutes: 60,
      completionWindowMinutes: 180,
    });
  });

  test('AZ loss: the web tier is approximate (≈), with the public entry failover in front of it', () => {
    const web = objective(found, 'web-tier', 'az-loss');
    expect(timed(web.rto)).toEqual([1, 'estimate']);
    expect(web.rto.basis).toContain('2 × 15 s + 5 s = 35 s');
    expect(web.rto.basis).toContain('approximate');
    expect(web.rto.basis).toMatch(/`[^`]+\/WebTargets\/Resource`/);
    expect(formatFigure(web.rto)).toBe('≈ 1 min');
  });

  test('AZ loss: the app tier goes through the Multi-AZ failover, the database is typical, its RPO a bound of 0', () => {
    expect(timed(objective(found, 'app-tier', 'az-loss').rto)).toEqual([2.5, 'estimate']);
    expect(timed(objective(found, 'database', 'az-loss').rto)).toEqual([2, 'typical']);
    expect(timed(objective(found, 'database', 'az-loss').rpo)).toEqual([0, 'bound']);
  });

  test('region loss: the database RPO counts the completion window from the scheduled time, and says what AWS does not bound', () => {
    const { rpo, citations } = objective(found, 'database', 'region-loss');
    const interval = found.config.disasterRecovery.backupIntervalHours;
    expect(timed(rpo)).toEqual([interval * 60 + 180 + COPY_JOB_ESTIMATE_MINUTES, 'estimate']);
    expect(rpo.basis).toContain('begins counting down from when the backup was scheduled');
    expect(rpo.basis).toContain('AWS does not bound the copy time');
    expect(rpo.basis).toContain('first copy to a region is full');
    expect(rpo.basis).toContain('RPO doubles');
    expect(citations).toEqual(
      expect.arrayContaining([CITATIONS.backupStartJob, CITATIONS.backupCrossRegion, CITATIONS.rdsLazyLoading]),
    );
  });

  test('region loss: CloudFront serves cached content with no limit AWS sets, not a TTL', () => {
    const { rto, citations } = objective(found, 'cloudfront', 'region-loss');
    expect(rto.basis).toContain('CloudFront continues to serve cached content');
    expect(rto.basis).not.toContain('24 h');
    expect(citations).toContain(CITATIONS.cloudFrontOriginErrors);
  });

  test('region loss: the audit trail archive is not replicated, so its RPO is unbounded', () => {
    expect(objective(found, 'log-archive', 'region-loss').rpo.kind).toBe('unbounded');
  });

  test('every qualifier is in the legend, every cited URL is in lib/resilience/citations.ts', () => {
    for (const mark of ['`≤`', '`typically ≤`', '`≈`', '**unbounded**']) expect(found.markdown).toContain(mark);
    const known = new Set(Object.values(CITATIONS).map((citation) => citation.url));
    const urls = [...found.markdown.matchAll(/\]\((https:[^)]+)\)/g)].map((match) => match[1]);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(known).toContain(url);
    for (const objectiveOf of found.objectives)
      for (const citation of objectiveOf.citations) expect(known).toContain(citation.url);
  });

  test('the DR plan deploys the Data stack, restores beside it and names the cut-over', () => {
    expect(found.markdown).toContain('Deploy the Data stack there: the App stack is wired to its outputs');
    expect(found.markdown).toContain('loads its blocks from the snapshot lazily');
    expect(found.markdown).toContain(
      found.config.domain ? "point the shop's DNS name at the new distribution" : 'hand users the new distribution',
    );
    expect(found.markdown).toContain('does not price the cross-region transfer');
  });
});

describe('the POC without a DR copy', () => {
  let found: Case;
  beforeAll(() => {
    found = cases.noCopy();
  });

  test('the regional RTO and RPO of the database are unbounded', () => {
    expect(objective(found, 'database', 'region-loss').rto.kind).toBe('unbounded');
    expect(objective(found, 'database', 'region-loss').rpo.kind).toBe('unbounded');
    expect(objective(found, 'web-tier', 'region-loss').rto.kind).toBe('unbounded');
    expect(found.markdown).toContain('No DR copy: nothing is transferred or stored outside the primary region.');
  });

  test('the AZ figures do not depend on the copy', () => {
    expect(timed(objective(found, 'web-tier', 'az-loss').rto)).toEqual([1, 'estimate']);
    expect(timed(objective(found, 'database', 'az-loss').rto)).toEqual([2, 'typical']);
  });
});
