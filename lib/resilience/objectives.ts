import { PocConfig, TierConfig } from '../config/schema';
import { CITATIONS } from './citations';
import {
  ALB_DEFAULT_HEALTH_CHECK_TIMEOUT_SECONDS,
  ASG_HEALTH_CHECK_GRACE_SECONDS,
  BACKUP_JOB_WINDOWS,
  TARGET_HEALTH_CHECK,
} from '../shared/resilience-settings';
import { formatMinutes } from './units';
import {
  Component,
  COMPONENTS,
  COPY_JOB_ESTIMATE_MINUTES,
  EC2_STATUS_CHECK_ESTIMATE_SECONDS,
  DETECTIVE_CONTROLS_FIRST,
  disasterRecoveryPlan,
  DrStepId,
  ELB_DNS_TTL_SECONDS,
  Failure,
  FAILURES,
  Figure,
  primaryRegionOf,
  Qualifier,
  RDS_MULTI_AZ_TYPICAL_FAILOVER_MINUTES,
  RecoveryObjective,
  STATIC_CACHE_DEFAULT_TTL_HOURS,
  TARGET_HEALTHY_AGAIN_WITHIN_SECONDS,
  TARGET_UNHEALTHY_WITHIN_SECONDS,
  TierCapacity,
  TimeFigure,
  weakestQualifier,
} from './figures';

/**
 * RTO and RPO of every component of the POC for the loss of one AZ and the loss of the region,
 * computed from the config and the settings the stacks deploy. Every figure states its basis:
 * what in the config or in the templates it follows from, and which AWS-documented behaviour it
 * relies on (cited); and its qualifier says how far it can be relied on.
 */

export * from './figures';

const time = (minutes: number, qualifier: Qualifier, basis: string): TimeFigure => ({ kind: 'time', minutes, qualifier, basis });
const unbounded = (basis: string): Figure => ({ kind: 'unbounded', basis });
const notApplicable = (basis: string): Figure => ({ kind: 'not-applicable', basis });

const STATELESS = notApplicable('Stateless: holds no data of its own; it is rebuilt from the templates.');
const NO_DATA_OF_ITS_OWN = notApplicable('Holds no data of its own: configuration in the Edge stack, content from the origins.');
const FROM_REPOSITORY = time(0, 'bound', 'Build output kept in the repository: redeploying it loses nothing.');

/** One component's objective for one failure. */
type Entry = Omit<RecoveryObjective, 'component' | 'failure'>;

const seconds = (value: number) => formatMinutes(value / 60);
const { intervalSeconds, healthyThresholdCount, unhealthyThresholdCount } = TARGET_HEALTH_CHECK;
const UNHEALTHY_ARITHMETIC =
  `${unhealthyThresholdCount} × ${intervalSeconds} s + ${ALB_DEFAULT_HEALTH_CHECK_TIMEOUT_SECONDS} s = ` +
  seconds(TARGET_UNHEALTHY_WITHIN_SECONDS);
const HEALTH_CHECK_SETTINGS =
  `every ${intervalSeconds} s, and stops routing to an instance after ${unhealthyThresholdCount} failed checks in a row, each ` +
  `failing after the ${ALB_DEFAULT_HEALTH_CHECK_TIMEOUT_SECONDS} s timeout (the ALB default for instance targets: the target ` +
  'group sets none)';

/** How many instances a tier runs and keeps when an AZ is lost, and when it is back to size (kit estimate). */
function tierCapacity(config: PocConfig, tier: TierConfig, detectionSeconds: number): TierCapacity {
  const running = tier.desiredCapacity ?? tier.minCapacity;
  // Auto Scaling balances a group across its AZs, so one AZ holds at most ceil(running / AZs).
  const surviving = running - Math.ceil(running / config.network.availabilityZoneCount);
  const backToSizeSeconds = detectionSeconds + ASG_HEALTH_CHECK_GRACE_SECONDS + TARGET_HEALTHY_AGAIN_WITHIN_SECONDS;
  return {
    running,
    surviving,
    unhealthyWithinSeconds: TARGET_UNHEALTHY_WITHIN_SECONDS,
    backToSizeEstimateMinutes: backToSizeSeconds / 60,
  };
}

function replacementBasis(capacity: TierCapacity, detection: string): string {
  return (
    `Auto Scaling replaces the lost instances in the remaining AZs once ${detection}; each replacement has the ` +
    `${ASG_HEALTH_CHECK_GRACE_SECONDS} s health-check grace period to boot and must pass ${healthyThresholdCount} checks, so ` +
    `the tier is back to ${capacity.running} after about ${formatMinutes(capacity.backToSizeEstimateMinutes)} (kit estimate: ` +
    'it assumes each boots within the grace period; CPU target tracking adds more under load).'
  );
}

function egressNote(config: PocConfig): string {
  return config.network.natGateways === 'single'
    ? " With natGateways: single, losing the NAT gateway's AZ also cuts outbound patching and Session Manager until that AZ returns."
    : '';
}

function webTierAzLoss(config: PocConfig): Entry {
  const capacity = tierCapacity(config, config.web, TARGET_UNHEALTHY_WITHIN_SECONDS);
  return {
    rto: time(
      TARGET_UNHEALTHY_WITHIN_SECONDS / 60,
      'bound',
      `The ${capacity.running} instances are spread over ${config.network.availabilityZoneCount} AZs. The web load balancer checks ` +
        `/healthz (nginx alone, not the tiers behind it) ${HEALTH_CHECK_SETTINGS}: within ${UNHEALTHY_ARITHMETIC} of the loss, ` +
        `${capacity.surviving} of ${capacity.running} instances serve every request. Requests under /api/ go on to the app tier ` +
        `and come back with its figure. ${replacementBasis(capacity, 'the ALB reports them unhealthy (the group uses ELB health checks)')}` +
        egressNote(config),
    ),
    rpo: STATELESS,
    citations: [CITATIONS.albHealthChecks, CITATIONS.autoScalingAz, CITATIONS.autoScalingGracePeriod],
    capacity,
  };
}

function appTierAzLoss(config: PocConfig, failover: TimeFigure): Entry {
  const capacity = tierCapacity(config, config.app, EC2_STATUS_CHECK_ESTIMATE_SECONDS);
  const throughFailoverMinutes = failover.minutes + TARGET_HEALTHY_AGAIN_WITHIN_SECONDS / 60;
  return {
    // Either path may be the one taken, so the figure is the larger, qualified as the weaker of the two.
    rto: time(
      Math.max(TARGET_UNHEALTHY_WITHIN_SECONDS / 60, throughFailoverMinutes),
      weakestQualifier('bound', failover.qualifier),
      `The ${capacity.running} instances are spread over ${config.network.availabilityZoneCount} AZs. The internal ALB checks ` +
        `/api/health, which answers 503 while MySQL is unreachable, ${HEALTH_CHECK_SETTINGS}. If the lost AZ held app ` +
        `instances only, the ALB stops routing to them within ${UNHEALTHY_ARITHMETIC}, and ${capacity.surviving} of ` +
        `${capacity.running} keep serving. If it also held the database primary, every app instance fails its check for the ` +
        'whole Multi-AZ failover (the ALB then fails open and routes to all of them; requests fail until MySQL answers), and ' +
        `they are back in service ${healthyThresholdCount} passing checks after it: typically ${formatMinutes(failover.minutes)} + ` +
        `${healthyThresholdCount} × ${intervalSeconds} s = ${formatMinutes(throughFailoverMinutes)}. The RTO is the larger of ` +
        'the two paths, a typical time like the failover it includes. ' +
        replacementBasis(
          capacity,
          `their EC2 status checks fail (kit estimate ${seconds(EC2_STATUS_CHECK_ESTIMATE_SECONDS)}; the group does not ` +
            'replace instances on the ALB check, which includes the database)',
        ) +
        egressNote(config),
    ),
    rpo: STATELESS,
    citations: [
      CITATIONS.albHealthChecks,
      CITATIONS.rdsMultiAzFailover,
      CITATIONS.autoScalingAz,
      CITATIONS.autoScalingGracePeriod,
    ],
    capacity,
  };
}

function azLoss(config: PocConfig): Record<Component, Entry> {
  const azCount = config.network.availabilityZoneCount;
  const failover = time(
    RDS_MULTI_AZ_TYPICAL_FAILOVER_MINUTES,
    'typical',
    "Multi-AZ: RDS fails over to the standby in another AZ and moves the endpoint's DNS name; clients reconnect to the " +
      'same endpoint. AWS documents the time as typical, not as a bound: "Failover times are typically 60–120 seconds. ' +
      'However, large transactions or a lengthy recovery process can increase failover time."',
  );
  return {
    'web-tier': webTierAzLoss(config),
    'app-tier': appTierAzLoss(config, failover),
    'load-balancers': {
      rto: time(
        ELB_DNS_TTL_SECONDS / 60,
        'estimate',
        `Both ALBs have a node in each of the ${azCount} AZs and route across zones, so the remaining nodes reach every healthy ` +
          "target. Clients that resolved the lost AZ's node keep its address for up to the load balancer DNS record's " +
          `${ELB_DNS_TTL_SECONDS} s TTL after ELB drops it from the answer; AWS documents the TTL, not how soon the node is ` +
          "dropped, so the figure is a kit estimate. The internal ALB's client, nginx on the web tier, re-resolves its name every " +
          '30 s and gives up a connection attempt after 5 s.',
      ),
      rpo: STATELESS,
      citations: [CITATIONS.elbNodes],
    },
    database: {
      rto: failover,
      rpo: time(
        0,
        'bound',
        'The standby is replicated synchronously, so a committed transaction survives the AZ. (Against logical corruption, which ' +
          'Multi-AZ replicates too, point-in-time restore reaches a latest restorable time "typically within 5 minutes" of now.)',
      ),
      citations: [CITATIONS.rdsMultiAzFailover, CITATIONS.rdsMultiAz, CITATIONS.rdsPointInTime],
    },
    cache:
      config.database.cache === 'elasticache-memcached'
        ? {
            rto: time(
              0,
              'bound',
              `ElastiCache for Memcached runs one node per AZ (${azCount}); the nodes of the other AZs keep answering. A read of ` +
                `a key on the lost node (about 1/${azCount} of them) fails after the sample app's 500 ms command timeout and is ` +
                'served from the database instead.',
            ),
            rpo: notApplicable(
              'A cache: Memcached keeps data only in memory and the database is the source of truth; lost keys are refilled.',
            ),
            citations: [CITATIONS.elastiCacheResilience],
          }
        : {
            rto: failover,
            rpo: time(
              0,
              'bound',
              'The RDS memcached interface serves InnoDB tables of the Multi-AZ instance: its data fails over with the database.',
            ),
            citations: [CITATIONS.rdsMemcached, CITATIONS.rdsMultiAzFailover],
          },
    'static-assets': {
      rto: time(0, 'bound', 'S3 Standard keeps every object in at least three AZs of the region: the others still serve it.'),
      rpo: time(
        0,
        'bound',
        'S3 Standard stores objects redundantly across at least three AZs of the region (designed for 99.999999999% durability).',
      ),
      citations: [CITATIONS.s3DataProtection],
    },
    cloudfront: {
      rto: time(
        0,
        'bound',
        "CloudFront is a global edge service outside the VPC's AZs. Dynamic requests take the path VPC origin, web load balancer, web tier, " +
          "internal ALB, app tier, database, and come back with the slowest of those figures (the app tier's).",
      ),
      rpo: NO_DATA_OF_ITS_OWN,
      citations: [],
    },
  };
}

function regionLoss(config: PocConfig): Record<Component, Entry> {
  const plan = disasterRecoveryPlan(config);
  const elastiCache = config.database.cache === 'elasticache-memcached';
  const primary = primaryRegionOf(config);
  const cachedStatic =
    `Meanwhile the distribution (a global service) keeps serving the static objects it has cached, for up to their ` +
    `${STATIC_CACHE_DEFAULT_TTL_HOURS} h default TTL (CachingOptimized); dynamic requests fail, their origin being in ${primary}.`;
  const cacheCitations = [CITATIONS.cloudFrontExpiration, CITATIONS.cloudFrontManagedCachePolicies];
  const emptyCache = notApplicable('A cache: nothing to recover; a new cluster starts empty and fills from the database.');

  if (!plan) {
    const why =
      `disasterRecovery.copyToRegion is null: no copy of the database leaves ${primary}, so the POC cannot be rebuilt elsewhere ` +
      `with its data; service returns only when ${primary} does.`;
    const down = unbounded(why);
    const lost = unbounded(`${why} The AWS Backup recovery points and the automated backups are in the lost region too.`);
    return {
      'web-tier': { rto: down, rpo: STATELESS, citations: [] },
      'app-tier': { rto: down, rpo: STATELESS, citations: [] },
      'load-balancers': { rto: down, rpo: STATELESS, citations: [] },
      database: { rto: down, rpo: lost, citations: [CITATIONS.backupAndRestoreStrategy] },
      cache: { rto: down, rpo: elastiCache ? emptyCache : lost, citations: [] },
      'static-assets': { rto: down, rpo: FROM_REPOSITORY, citations: [] },
      cloudfront: { rto: unbounded(`${why} ${cachedStatic}`), rpo: NO_DATA_OF_ITS_OWN, citations: cacheCitations },
    };
  }

  const dr = config.disasterRecovery;
  const stepNumber = (id: DrStepId) => plan.steps.findIndex((step) => step.id === id) + 1;
  const estimate = (id: DrStepId, what: string): Figure => {
    const upTo = plan.steps.slice(0, stepNumber(id));
    return time(
      upTo[upTo.length - 1].doneAfterMinutes,
      'estimate',
      `${what} Kit estimate counted from the decision to fail over: DR plan steps 1–${upTo.length} ` +
        `(${upTo.map((step) => `${step.estimateMinutes} min`).join(' + ')}); the DR test measures it.`,
    );
  };
  const cutOver =
    `It serves users again with the cut-over that ends step ${stepNumber('operations')}, after the Operations and EdgeAlarms ` +
    `stacks are deployed. ${DETECTIVE_CONTROLS_FIRST}`;
  const rpoMinutes =
    dr.backupIntervalHours * 60 +
    BACKUP_JOB_WINDOWS.startMinutes +
    BACKUP_JOB_WINDOWS.completionMinutes +
    COPY_JOB_ESTIMATE_MINUTES;
  const databaseRpo = time(
    rpoMinutes,
    'estimate',
    `A backup starts every ${dr.backupIntervalHours} h (from ${String(dr.backupHourUtc).padStart(2, '0')}:00 UTC) within a ` +
      `${BACKUP_JOB_WINDOWS.startMinutes} min start window and completes within ${BACKUP_JOB_WINDOWS.completionMinutes} min; each ` +
      `recovery point is then copied to ${plan.drRegion} (copy job: kit estimate ${COPY_JOB_ESTIMATE_MINUTES} min). A region lost just ` +
      'before a copy lands loses up to the interval plus those windows: with backup and restore, "your RPO is determined by how often your backups run".',
  );
  const rebuilt = estimate(
    'operations',
    `Rebuilt in ${plan.drRegion} from the templates, against the restored database. ${cutOver}`,
  );
  const restored = (what: string) =>
    estimate(
      'database',
      `${what} The shop reaches it again with the cut-over at the end of step ${stepNumber('operations')} ` +
        `(${formatMinutes(plan.steps[plan.steps.length - 1].doneAfterMinutes)}).`,
    );
  return {
    'web-tier': { rto: rebuilt, rpo: STATELESS, citations: [] },
    'app-tier': { rto: rebuilt, rpo: STATELESS, citations: [] },
    'load-balancers': { rto: rebuilt, rpo: STATELESS, citations: [] },
    database: {
      rto: restored(`Restored in ${plan.drRegion} from the latest copy in vault ${plan.vaultName}.`),
      rpo: databaseRpo,
      citations: [CITATIONS.backupCrossRegion, CITATIONS.backupAndRestoreStrategy],
    },
    cache: elastiCache
      ? {
          rto: restored(`A new ElastiCache cluster in ${plan.drRegion}, created with the restored database's stack.`),
          rpo: emptyCache,
          citations: [CITATIONS.elastiCacheResilience],
        }
      : {
          rto: restored('The memcached interface returns with the restored instance.'),
          rpo: databaseRpo,
          citations: [CITATIONS.rdsMemcached, CITATIONS.backupCrossRegion],
        },
    'static-assets': {
      rto: estimate(
        'operations',
        `The bucket is not replicated (its objects are build output kept in the repository), so it is unavailable until ${primary} ` +
          `returns; the DR plan uploads the build into the new Edge stack's bucket in ${plan.drRegion}. ${cutOver} ${cachedStatic}`,
      ),
      rpo: FROM_REPOSITORY,
      citations: [CITATIONS.s3DataProtection, ...cacheCitations],
    },
    cloudfront: {
      rto: estimate(
        'operations',
        `The Edge stack's CloudFormation stack lives in ${primary} and cannot be updated; a new distribution is deployed from ` +
          `${plan.drRegion} and the shop's DNS name moved to it. ${cutOver} ${cachedStatic}`,
      ),
      rpo: NO_DATA_OF_ITS_OWN,
      citations: cacheCitations,
    },
  };
}

/** Every component for each failure, in FAILURES then COMPONENTS order. */
export function recoveryObjectives(config: PocConfig): readonly RecoveryObjective[] {
  const byFailure: Record<Failure, Record<Component, Entry>> = { 'az-loss': azLoss(config), 'region-loss': regionLoss(config) };
  return FAILURES.flatMap((failure) => COMPONENTS.map((component) => ({ component, failure, ...byFailure[failure][component] })));
}
