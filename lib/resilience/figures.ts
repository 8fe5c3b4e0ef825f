import { disasterRecoveryVaultName } from '../config/naming';
import { PocConfig } from '../config/schema';
import { TierName, TOPOLOGY } from '../shared/topology';
import { Citation } from './citations';

/**
 * The vocabulary of RESILIENCE.md (components, failures, qualified figures), the AWS-documented
 * timings it rests on, and the regional DR plan.
 */

/** The components that are no tier's, in the order RESILIENCE.md lists them after the tiers. */
export const SHARED_COMPONENTS = [
  'load-balancers',
  'database',
  'cache',
  'static-assets',
  'cloudfront',
  'log-archive',
  'nat-gateways',
  'waf',
  'bastions',
  'secrets',
  'kms-keys',
] as const;
/** A tier of the tier table, as a component. */
export type TierComponent = `${TierName}-tier`;
/** A tier of the tier table, or a shared component. */
export type Component = TierComponent | (typeof SHARED_COMPONENTS)[number];
export const COMPONENTS: readonly Component[] = [...TOPOLOGY.map((tier) => `${tier.name}-tier` as const), ...SHARED_COMPONENTS];

export const FAILURES = ['az-loss', 'region-loss'] as const;
export type Failure = (typeof FAILURES)[number];

/**
 * How far a time can be relied on, strongest first:
 * - `bound`: an upper bound that follows from the config, the settings the stacks deploy and
 *   AWS-documented behaviour;
 * - `typical`: AWS documents the time as typical, not as a bound (it names conditions that take
 *   longer), or the time is computed from such a figure;
 * - `estimate`: a kit estimate, not an AWS figure; the DR test measures it.
 */
export const QUALIFIERS = ['bound', 'typical', 'estimate'] as const;
export type Qualifier = (typeof QUALIFIERS)[number];

/** What a time computed from times of these qualifiers can claim: the weakest of them. */
export function weakestQualifier(...qualifiers: readonly Qualifier[]): Qualifier {
  return QUALIFIERS[Math.max(...qualifiers.map((qualifier) => QUALIFIERS.indexOf(qualifier)))];
}

export interface TimeFigure {
  readonly kind: 'time';
  readonly minutes: number;
  readonly qualifier: Qualifier;
  readonly basis: string;
}

/** A recovery time or point: a time with its qualifier, unbounded (nothing in the POC bounds it), or not applicable. */
export type Figure =
  | TimeFigure
  | { readonly kind: 'unbounded'; readonly basis: string }
  | { readonly kind: 'not-applicable'; readonly basis: string };

/** What a tier keeps when an AZ is lost, and how soon Auto Scaling brings it back to its size. */
export interface TierCapacity {
  readonly running: number;
  readonly surviving: number;
  /**
   * From the target group's health-check settings: the ALB stops routing to a lost instance within
   * about this long (AWS calls the check interval approximate, so it is not a strict bound).
   */
  readonly unhealthyWithinSeconds: number;
  /** A kit estimate: when Auto Scaling has the tier back to `running` instances. */
  readonly backToSizeEstimateMinutes: number;
}

export interface RecoveryObjective {
  readonly component: Component;
  readonly failure: Failure;
  readonly rto: Figure;
  readonly rpo: Figure;
  readonly citations: readonly Citation[];
  /** Tiers only. */
  readonly capacity?: TierCapacity;
}

/**
 * The RDS User Guide: "Failover times are typically 60–120 seconds. However, large transactions or
 * a lengthy recovery process can increase failover time." The upper end of that typical range, in
 * minutes: a typical time, not a bound.
 */
export const RDS_MULTI_AZ_TYPICAL_FAILOVER_MINUTES = 2;
/** The DNS entry of a load balancer has a 60-second TTL (ELB User Guide). */
export const ELB_DNS_TTL_SECONDS = 60;
/**
 * Kit estimate, not an AWS figure: how soon Auto Scaling sees a lost app instance through its EC2
 * status checks (the app tier's only health check type).
 */
export const EC2_STATUS_CHECK_ESTIMATE_SECONDS = 60;

/**
 * Kit estimates, not AWS figures: how long each step of the regional DR plan takes for a POC of
 * this size. The DR test (competency 2.5) measures them; replace these with the measurements.
 */
export const DR_STEP_ESTIMATE_MINUTES = { network: 15, database: 60, app: 20, edge: 20, operations: 15 } as const;
/**
 * Kit estimate: a cross-region copy job of an incremental POC-sized snapshot. AWS does not bound
 * the copy time, and the first copy to a region is full.
 */
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

/** Why the cut-over waits for the Operations stack: said in the plan, the model and the runbook. */
export const DETECTIVE_CONTROLS_FIRST =
  'The recovered environment takes cardholder data only once its audit trail, detective controls and alarms run there (PCI DSS Requirement 10).';

/** What the cut-over is: moving the custom domain, or, without one, handing users a new CloudFront name. */
export function cutOverAction(config: PocConfig): string {
  return config.domain
    ? "point the shop's DNS name at the new distribution."
    : "hand users the new distribution's `*.cloudfront.net` name: without a custom domain (`domain` unset) there is no DNS name " +
        'of the shop to move, and the old name stays with the lost distribution.';
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
      title: 'Data stack, then the database from the latest copy',
      action:
        'Deploy the Data stack there: the App stack is wired to its outputs (endpoint, secrets, keys), and it creates an empty ' +
        `instance with its option group${elastiCache ? ' and the ElastiCache cluster (it starts empty)' : ''}. Restore the latest ` +
        `recovery point of vault ${vaultName} (${drRegion}) beside it as a Multi-AZ instance in the same subnets and security group, ` +
        "naming the Data stack's option group (cross-region copies do not carry it), then swap it in (runbook restore-database). " +
        "The credentials secrets are regional: the Data stack's new secrets hold the passwords to set. The restored volume loads " +
        'its blocks from the snapshot lazily: first reads are slower until it is warmed.',
    },
    app: {
      title: 'App tier, web tier and load balancers',
      action: 'Deploy the App stack against the restored database; wait for both target groups to report healthy targets.',
    },
    edge: {
      title: 'CloudFront and static assets',
      action:
        'Deploy the Edge stack in the DR region and upload the static assets from the repository build. Users still reach ' +
        `the old distribution: the cut-over waits for step ${Object.keys(DR_STEP_ESTIMATE_MINUTES).indexOf('operations') + 1}.`,
    },
    operations: {
      title: 'Monitoring and detective controls, then the cut-over',
      action:
        'Deploy the Operations stack (CloudTrail trail, AWS Config rules, GuardDuty, alarms, operator roles, each as the DR ' +
        "config's accountBaseline says for that region) and the EdgeAlarms stack (CloudFront alarms) with the DR config, and " +
        'confirm the alarm e-mail subscriptions; then ' +
        cutOverAction(config) +
        ' ' +
        DETECTIVE_CONTROLS_FIRST,
    },
  };
  let elapsed = 0;
  const steps = (Object.keys(DR_STEP_ESTIMATE_MINUTES) as DrStepId[]).map((id): DrStep => {
    elapsed += DR_STEP_ESTIMATE_MINUTES[id];
    return { id, ...actions[id], estimateMinutes: DR_STEP_ESTIMATE_MINUTES[id], doneAfterMinutes: elapsed };
  });
  return { primaryRegion: primaryRegionOf(config), drRegion, vaultName, steps };
}
