import { disasterRecoveryVaultName } from '../config/naming';
import { PocConfig } from '../config/schema';
import { Citation, CITATIONS } from './citations';
import { ASG_HEALTH_CHECK_GRACE_SECONDS, BACKUP_JOB_WINDOWS, TARGET_HEALTH_CHECK } from './settings';

/**
 * RTO and RPO of every component of the POC for the loss of one AZ and the loss of the region,
 * computed from the config and the settings the stacks deploy. Every figure states its basis:
 * what in the config or in the templates it follows from, and which AWS-documented behaviour it
 * relies on (cited). Figures that are kit estimates, not AWS figures, say so.
 */

export const COMPONENTS = ['web-tier', 'app-tier', 'load-balancers', 'database', 'cache', 'static-assets', 'cloudfront'] as const;
export type Component = (typeof COMPONENTS)[number];

export const FAILURES = ['az-loss', 'region-loss'] as const;
export type Failure = (typeof FAILURES)[number];

/** A recovery time or point: an upper bound, unbounded (nothing in the POC bounds it), or not applicable. */
export type Figure =
  | {
      readonly kind: 'bounded';
      readonly minutes: number;
      readonly basis: string;
      /** True when the figure rests on kit estimates rather than on the config and AWS-documented times. */
      readonly estimate?: boolean;
    }
  | { readonly kind: 'unbounded'; readonly basis: string }
  | { readonly kind: 'not-applicable'; readonly basis: string };

/** What a tier keeps when an AZ is lost, and how soon Auto Scaling brings it back to its size. */
export interface TierCapacity {
  readonly running: number;
  readonly surviving: number;
  readonly restoredWithinMinutes: number;
}

export interface RecoveryObjective {
  readonly component: Component;
  readonly failure: Failure;
  readonly rto: Figure;
  readonly rpo: Figure;
  readonly citations: readonly Citation[];
  /** Web and app tiers only. */
  readonly capacity?: TierCapacity;
}

/** "Failover times are typically 60–120 seconds" (RDS User Guide): the upper end, in minutes. */
export const RDS_MULTI_AZ_FAILOVER_MINUTES = 2;
/** The DNS entry of a load balancer has a 60-second TTL (ELB User Guide). */
export const ELB_DNS_TTL_SECONDS = 60;
/** Default TTL of the managed CachingOptimized policy on the static-assets behaviour (24 h). */
export const STATIC_CACHE_DEFAULT_TTL_HOURS = 24;

/**
 * Kit estimates, not AWS figures: how long each step of the regional DR plan takes for a POC of
 * this size. The DR test (competency 2.5) measures them; replace these with the measurements.
 */
export const DR_STEP_ESTIMATE_MINUTES = { network: 15, database: 60, app: 20, edge: 20 } as const;
/** Kit estimate: a cross-region copy job of an incremental POC-sized snapshot. */
export const COPY_JOB_ESTIMATE_MINUTES = 60;

export type DrStepId = keyof typeof DR_STEP_ESTIMATE_MINUTES;

export interface DrStep {
  readonly id: DrStepId;
  readonly title: string;
  readonly action: string;
  readonly estimateMinutes: number;
  /** Minutes after the decision to fail over at which this step is done (steps run in order). */
  readonly doneAfterMinutes: number;
}

export interface DrPlan {
  /** The region lost: environment.region, or a description when the config is environment-agnostic. */
  readonly primaryRegion: string;
  readonly drRegion: string;
  readonly vaultName: string;
  readonly steps: readonly DrStep[];
}

/** Where the POC runs, as the docs name it. */
export function primaryRegionOf(config: PocConfig): string {
  return config.environment?.region ?? 'the deployment region';
}

/** The regional DR plan: what is restored where, in what order; null when no copy leaves the region. */
export function disasterRecoveryPlan(config: PocConfig): DrPlan | null {
  const drRegion = config.disasterRecovery.copyToRegion;
  if (!drRegion) return null;
  const vaultName = disasterRecoveryVaultName(config);
  const elastiCache = config.database.cache === 'elasticache-memcached';
  const actions: Record<DrStepId, { title: string; action: string }> = {
    network: {
      title: 'Network in the DR region',
      action: `Copy the config, set environment.region to ${drRegion} with its AZ names and disasterRecovery.copyToRegion to another region (or null), and deploy the Network stack there.`,
    },
    database: {
      title: 'Database from the latest copy',
      action:
        `Restore the latest recovery point of vault ${vaultName} (${drRegion}) as a Multi-AZ instance in the data subnets and database security group of that network. ` +
        'Cross-region copies do not carry the option group: create its equivalent (MARIADB_AUDIT_PLUGIN' +
        (elastiCache ? '' : ', MEMCACHED') +
        ') first and name it in the restore. The credentials secret is regional: set a new master password and store it in Secrets Manager.' +
        (elastiCache ? ' Create the ElastiCache cluster (it starts empty).' : ''),
    },
    app: {
      title: 'App tier, web tier and load balancers',
      action: 'Deploy the App stack against the restored database; wait for both target groups to report healthy targets.',
    },
    edge: {
      title: 'CloudFront and static assets',
      action:
        'Deploy the Edge stack in the DR region, upload the static assets from the repository build, and point the DNS name of the shop at the new distribution.',
    },
  };
  let elapsed = 0;
  const steps = (Object.keys(DR_STEP_ESTIMATE_MINUTES) as DrStepId[]).map((id): DrStep => {
    elapsed += DR_STEP_ESTIMATE_MINUTES[id];
    return { id, ...actions[id], estimateMinutes: DR_STEP_ESTIMATE_MINUTES[id], doneAfterMinutes: elapsed };
  });
  return { primaryRegion: primaryRegionOf(config), drRegion, vaultName, steps };
}

const bounded = (minutes: number, basis: string): Figure => ({ kind: 'bounded', minutes, basis });
const estimated = (minutes: number, basis: string): Figure => ({ kind: 'bounded', minutes, basis, estimate: true });
const unbounded = (basis: string): Figure => ({ kind: 'unbounded', basis });
const notApplicable = (basis: string): Figure => ({ kind: 'not-applicable', basis });

const STATELESS = notApplicable('Stateless: holds no data of its own; it is rebuilt from the templates.');
const NO_DATA_OF_ITS_OWN = notApplicable('Holds no data of its own: configuration in the Edge stack, content from the origins.');
const FROM_REPOSITORY = bounded(0, 'Build output kept in the repository: redeploying it loses nothing.');

/** One component's objective for one failure. */
type Entry = Omit<RecoveryObjective, 'component' | 'failure'>;

/** Seconds until an ALB stops routing to targets that no longer answer its health checks. */
const targetFailureDetectionSeconds = TARGET_HEALTH_CHECK.unhealthyThresholdCount * TARGET_HEALTH_CHECK.intervalSeconds;

function tierAzLoss(config: PocConfig, tier: PocConfig['web']): Entry {
  const azCount = config.network.availabilityZoneCount;
  const running = tier.desiredCapacity ?? tier.minCapacity;
  // Auto Scaling balances a group across its AZs, so one AZ holds at most ceil(running / AZs).
  const surviving = running - Math.ceil(running / azCount);
  const restoredSeconds =
    targetFailureDetectionSeconds +
    ASG_HEALTH_CHECK_GRACE_SECONDS +
    TARGET_HEALTH_CHECK.healthyThresholdCount * TARGET_HEALTH_CHECK.intervalSeconds;
  const egress =
    config.network.natGateways === 'single'
      ? " With natGateways: single, losing the NAT gateway's AZ also cuts outbound patching and Session Manager until that AZ returns."
      : '';
  return {
    rto: bounded(
      targetFailureDetectionSeconds / 60,
      `The ${running} instances are spread over ${azCount} AZs; the ALB stops routing to the lost AZ's targets after ` +
        `${TARGET_HEALTH_CHECK.unhealthyThresholdCount} failed health checks ${TARGET_HEALTH_CHECK.intervalSeconds} s apart, ` +
        `and ${surviving} of ${running} instances keep serving. Auto Scaling launches replacements in the remaining AZs; each has ` +
        `the ${ASG_HEALTH_CHECK_GRACE_SECONDS} s health-check grace period to boot and must pass ` +
        `${TARGET_HEALTH_CHECK.healthyThresholdCount} checks, so the tier is back to ${running} within about ${restoredSeconds / 60} min ` +
        `(CPU target tracking adds more under load).${egress}`,
    ),
    rpo: STATELESS,
    citations: [CITATIONS.albHealthChecks, CITATIONS.autoScalingAz, CITATIONS.autoScalingGracePeriod],
    capacity: { running, surviving, restoredWithinMinutes: restoredSeconds / 60 },
  };
}

function azLoss(config: PocConfig): Record<Component, Entry> {
  const azCount = config.network.availabilityZoneCount;
  const failover = bounded(
    RDS_MULTI_AZ_FAILOVER_MINUTES,
    "Multi-AZ: RDS fails over to the standby in another AZ and moves the endpoint's DNS name; AWS documents failover times as " +
      '"typically 60–120 seconds" (longer with large transactions). Clients reconnect to the same endpoint.',
  );
  return {
    'web-tier': tierAzLoss(config, config.web),
    'app-tier': tierAzLoss(config, config.app),
    'load-balancers': {
      rto: bounded(
        ELB_DNS_TTL_SECONDS / 60,
        `Both ALBs have a node in each of the ${azCount} AZs and route across zones; the lost AZ's node leaves the load balancer's ` +
          `DNS answer, whose TTL is ${ELB_DNS_TTL_SECONDS} s, so clients holding its address move within a minute.`,
      ),
      rpo: STATELESS,
      citations: [CITATIONS.elbNodes],
    },
    database: {
      rto: failover,
      rpo: bounded(
        0,
        'The standby is replicated synchronously, so a committed transaction survives the AZ. (Against logical corruption, which ' +
          'Multi-AZ replicates too, point-in-time restore reaches a latest restorable time "typically within 5 minutes" of now.)',
      ),
      citations: [CITATIONS.rdsMultiAzFailover, CITATIONS.rdsMultiAz, CITATIONS.rdsPointInTime],
    },
    cache:
      config.database.cache === 'elasticache-memcached'
        ? {
            rto: bounded(
              0,
              `ElastiCache for Memcached runs one node per AZ (${azCount}); the nodes of the other AZs keep answering, and the keys of ` +
                `the lost node (about 1/${azCount} of them) miss and are read from the database.`,
            ),
            rpo: notApplicable(
              'A cache: Memcached keeps data only in memory and the database is the source of truth; lost keys are refilled.',
            ),
            citations: [CITATIONS.elastiCacheResilience],
          }
        : {
            rto: failover,
            rpo: bounded(
              0,
              'The RDS memcached interface serves InnoDB tables of the Multi-AZ instance: its data fails over with the database.',
            ),
            citations: [CITATIONS.rdsMemcached, CITATIONS.rdsMultiAzFailover],
          },
    'static-assets': {
      rto: bounded(0, 'S3 serves the bucket from the remaining AZs.'),
      rpo: bounded(
        0,
        'S3 Standard stores objects redundantly across at least three AZs of the region (designed for 99.999999999% durability).',
      ),
      citations: [CITATIONS.s3DataProtection],
    },
    cloudfront: {
      rto: bounded(
        0,
        "CloudFront is a global edge service outside the VPC's AZs; dynamic requests follow the load balancers' figure.",
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
  const estimate = (id: DrStepId, what: string): Figure => {
    const upTo = plan.steps.slice(0, plan.steps.findIndex((step) => step.id === id) + 1);
    return estimated(
      upTo[upTo.length - 1].doneAfterMinutes,
      `${what} Kit estimate counted from the decision to fail over: DR plan steps 1–${upTo.length} ` +
        `(${upTo.map((step) => `${step.estimateMinutes} min`).join(' + ')}); the DR test measures it.`,
    );
  };
  const rpoMinutes =
    dr.backupIntervalHours * 60 +
    BACKUP_JOB_WINDOWS.startMinutes +
    BACKUP_JOB_WINDOWS.completionMinutes +
    COPY_JOB_ESTIMATE_MINUTES;
  const databaseRpo = estimated(
    rpoMinutes,
    `A backup starts every ${dr.backupIntervalHours} h (from ${String(dr.backupHourUtc).padStart(2, '0')}:00 UTC) within a ` +
      `${BACKUP_JOB_WINDOWS.startMinutes} min start window and completes within ${BACKUP_JOB_WINDOWS.completionMinutes} min; each ` +
      `recovery point is then copied to ${plan.drRegion} (copy job: kit estimate ${COPY_JOB_ESTIMATE_MINUTES} min). A region lost just ` +
      'before a copy lands loses up to the interval plus those windows: with backup and restore, "your RPO is determined by how often your backups run".',
  );
  const rebuilt = estimate('app', `Rebuilt in ${plan.drRegion} from the templates, against the restored database.`);
  return {
    'web-tier': { rto: rebuilt, rpo: STATELESS, citations: [] },
    'app-tier': { rto: rebuilt, rpo: STATELESS, citations: [] },
    'load-balancers': { rto: rebuilt, rpo: STATELESS, citations: [] },
    database: {
      rto: estimate('database', `Restored in ${plan.drRegion} from the latest copy in vault ${plan.vaultName}.`),
      rpo: databaseRpo,
      citations: [CITATIONS.backupCrossRegion, CITATIONS.backupAndRestoreStrategy],
    },
    cache: elastiCache
      ? {
          rto: estimate('database', `A new ElastiCache cluster in ${plan.drRegion}.`),
          rpo: emptyCache,
          citations: [CITATIONS.elastiCacheResilience],
        }
      : {
          rto: estimate('database', 'The memcached interface returns with the restored instance.'),
          rpo: databaseRpo,
          citations: [CITATIONS.rdsMemcached, CITATIONS.backupCrossRegion],
        },
    'static-assets': {
      rto: estimate(
        'edge',
        `The bucket is not replicated (its objects are build output kept in the repository), so it is unavailable until ${primary} ` +
          `returns; the DR plan uploads the build into the new Edge stack's bucket in ${plan.drRegion}. ${cachedStatic}`,
      ),
      rpo: FROM_REPOSITORY,
      citations: [CITATIONS.s3DataProtection, ...cacheCitations],
    },
    cloudfront: {
      rto: estimate(
        'edge',
        `The Edge stack's CloudFormation stack lives in ${primary} and cannot be updated; a new distribution is deployed from ` +
          `${plan.drRegion} and the shop's DNS name moved to it. ${cachedStatic}`,
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
