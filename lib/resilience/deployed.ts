import {
  BackupPlan,
  Bucket,
  CacheCluster,
  Database,
  Distribution,
  Fleet,
  KmsKey,
  NatGatewayResource,
  PocModel,
  Secret,
  Source,
  TargetGroup,
  Trail,
  WebAcl,
} from '../model';
import { ALB_DEFAULT_HEALTH_CHECK_TIMEOUT_SECONDS } from '../shared/resilience-settings';
import { balancerZone, TierSpec, Topology, TOPOLOGY } from '../shared/topology';

/**
 * What the RTO/RPO model rests on, read from the synthesized POC (lib/model): each value keeps the
 * resource it comes from, so a figure can cite it. A template that lacks what a figure needs
 * fails with one line naming the resource and the property.
 */

export class ResilienceInputError extends Error {}

/** The health check of a tier's target group, as the template sets it (the timeout: the ALB default when unset). */
export interface TierHealthCheck {
  readonly path: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  /** The template leaves the timeout to the ALB default. */
  readonly defaultTimeout: boolean;
  readonly healthyThresholdCount: number;
  readonly unhealthyThresholdCount: number;
}

export interface DeployedTier {
  readonly spec: TierSpec;
  readonly fleet: Fleet;
  readonly targetGroup: TargetGroup;
  readonly healthCheck: TierHealthCheck;
  /** Instances the group runs: its desired capacity, else its minimum. */
  readonly running: number;
  readonly graceSeconds: number;
  /** The group replaces instances on the target group's checks (`ELB`), not only on EC2 status checks. */
  readonly replacesOnTargetChecks: boolean;
  readonly balancer: Source;
}

export interface DeployedBackup {
  readonly plan: Source;
  readonly intervalHours: number;
  /** UTC hour of the first run of the day. */
  readonly firstHourUtc: number;
  readonly startWindowMinutes: number;
  readonly completionWindowMinutes: number;
  readonly retentionDays?: number;
  readonly copy?: { readonly region: string; readonly vaultName: string; readonly retentionDays?: number };
}

export interface Deployed {
  readonly primaryRegion: string;
  readonly azCount: number;
  readonly tiers: readonly DeployedTier[];
  readonly loadBalancers: readonly Source[];
  readonly database: Database;
  /** Options of the database's option group (MEMCACHED, MARIADB_AUDIT_PLUGIN). */
  readonly databaseOptions: readonly string[];
  /** An ElastiCache cluster; undefined: the cache is the database's memcached interface. */
  readonly cache?: CacheCluster;
  readonly backup: DeployedBackup;
  /** The bucket a stack deploys the static assets into. */
  readonly staticAssets?: Bucket;
  readonly distribution?: Distribution;
  /** The trail and the bucket it delivers to. */
  readonly logArchive?: { readonly trail: Trail; readonly bucket?: Bucket };
  readonly natGateways: readonly NatGatewayResource[];
  readonly webAcls: readonly WebAcl[];
  readonly bastions: readonly Fleet[];
  readonly secrets: readonly Secret[];
  readonly kmsKeys: readonly KmsKey[];
}

const name = (source: Source) => source.path ?? source.key;

function required<T>(value: T | undefined, source: Source, what: string): T {
  if (value === undefined) {
    throw new ResilienceInputError(`${name(source)}: the template sets no ${what}; the RTO/RPO model needs it`);
  }
  return value;
}

/**
 * `cron(0 5 * * ? *)`, `cron(0 6,18 * * ? *)` or `cron(0 5/12 * * ? *)` -> the earliest hour and the
 * longest gap between two runs (the worst case for the RPO).
 */
function scheduleOf(plan: Source, schedule: string | undefined): { firstHourUtc: number; intervalHours: number } {
  const match = /^cron\(0 (\d+(?:,\d+)*)(?:\/(\d+))? \* \* \? \*\)$/.exec(schedule ?? '');
  if (!match) {
    throw new ResilienceInputError(
      `${name(plan)}: backup schedule ${schedule ?? 'missing'} is not a daily cron at whole hours; the RTO/RPO model reads those only`,
    );
  }
  const listed = match[1].split(',').map(Number);
  const step = match[2] ? Number(match[2]) : undefined;
  const hours = (
    step ? Array.from({ length: Math.ceil((24 - listed[0]) / step) }, (_, run) => listed[0] + run * step) : listed
  ).sort((a, b) => a - b);
  const gaps = hours.map((hour, index) => (index + 1 < hours.length ? hours[index + 1] - hour : hours[0] + 24 - hour));
  return { firstHourUtc: hours[0], intervalHours: Math.max(...gaps) };
}

function tierOf(model: PocModel, spec: TierSpec): DeployedTier {
  const inTier = new Set(
    model.placements.endpoints.filter((endpoint) => endpoint.zone === spec.name).map((endpoint) => endpoint.key),
  );
  const fleet = model.fleets.find((candidate) => candidate.kind === 'auto-scaling-group' && inTier.has(candidate.source.key));
  if (!fleet) throw new ResilienceInputError(`the assembly has no Auto Scaling group of the ${spec.name} tier`);
  const targetGroup = model.targetGroups.find((group) => fleet.targetGroups.includes(group.source.key));
  if (!targetGroup) throw new ResilienceInputError(`${name(fleet.source)}: registers with no target group of the assembly`);
  const balancer = model.placements.endpoints.find((candidate) => candidate.zone === balancerZone(spec));
  const balancerSource = balancer && model.resource(balancer.key);
  if (!balancerSource) throw new ResilienceInputError(`the assembly has no load balancer of the ${spec.name} tier`);
  const check = targetGroup.healthCheck;
  const size = fleet.desiredCapacity ?? (fleet.minSize.known ? fleet.minSize.value : undefined);
  return {
    spec,
    fleet,
    targetGroup,
    healthCheck: {
      path: required(check.path, targetGroup.source, 'HealthCheckPath'),
      intervalSeconds: required(check.intervalSeconds, targetGroup.source, 'HealthCheckIntervalSeconds'),
      timeoutSeconds: check.timeoutSeconds ?? ALB_DEFAULT_HEALTH_CHECK_TIMEOUT_SECONDS,
      defaultTimeout: check.timeoutSeconds === undefined,
      healthyThresholdCount: required(check.healthyThresholdCount, targetGroup.source, 'HealthyThresholdCount'),
      unhealthyThresholdCount: required(check.unhealthyThresholdCount, targetGroup.source, 'UnhealthyThresholdCount'),
    },
    running: required(size, fleet.source, 'DesiredCapacity or MinSize'),
    graceSeconds: required(fleet.healthCheckGraceSeconds, fleet.source, 'HealthCheckGracePeriod'),
    replacesOnTargetChecks: fleet.healthCheckType === 'ELB',
    balancer: balancerSource,
  };
}

function backupOf(plans: readonly BackupPlan[]): DeployedBackup {
  if (plans.length !== 1 || plans[0].rules.length !== 1) {
    throw new ResilienceInputError(`expected one backup plan with one rule, found ${plans.length} plan(s)`);
  }
  const [plan] = plans;
  const [rule] = plan.rules;
  const copy = rule.copies[0];
  return {
    plan: plan.source,
    ...scheduleOf(plan.source, rule.schedule),
    startWindowMinutes: required(rule.startWindowMinutes, plan.source, 'StartWindowMinutes'),
    completionWindowMinutes: required(rule.completionWindowMinutes, plan.source, 'CompletionWindowMinutes'),
    retentionDays: rule.deleteAfterDays,
    copy: copy && {
      region: required(copy.region, plan.source, 'copy destination region'),
      vaultName: required(copy.vaultName, plan.source, 'copy destination vault'),
      retentionDays: copy.deleteAfterDays,
    },
  };
}

/** The POC's recovery-relevant resources, read from the model; the tiers from the tier table. */
export function deployedOf(model: PocModel, topology: Topology = TOPOLOGY): Deployed {
  const [database, ...others] = model.databases;
  if (!database || others.length > 0) throw new ResilienceInputError(`expected one database, found ${model.databases.length}`);
  const tiers = topology.map((spec) => tierOf(model, spec));
  const trail = model.trails.find((candidate) => candidate.logging);
  const optionGroup = model.databaseOptionGroups.find((group) => group.source.key === database.optionGroup);
  const distribution = model.distributions.find((candidate) => candidate.enabled);
  return {
    primaryRegion: model.stacks.find((stack) => stack.name === database.source.stack)?.region ?? 'the deployment region',
    azCount: tiers[0].fleet.subnetCount,
    tiers,
    loadBalancers: model.loadBalancers.map((balancer) => balancer.source),
    database,
    databaseOptions: (optionGroup?.options ?? []).flatMap((option) => option ?? []),
    cache: model.caches[0],
    backup: backupOf(model.backupPlans),
    staticAssets: model.buckets.find((bucket) => bucket.deployedTo),
    distribution,
    logArchive: trail && { trail, bucket: model.buckets.find((bucket) => bucket.source.key === trail.bucket) },
    natGateways: model.natGateways,
    webAcls: model.webAcls,
    bastions: model.placements.endpoints
      .filter((endpoint) => endpoint.zone === 'bastion')
      .flatMap((endpoint) => model.fleets.filter((fleet) => fleet.source.key === endpoint.key)),
    secrets: model.secrets,
    kmsKeys: model.kmsKeys,
  };
}

/** How a figure names the resource it rests on. */
export function cite(source: Source): string {
  return `\`${name(source)}\``;
}
