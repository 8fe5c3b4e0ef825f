/**
 * The recovery-relevant timings the stacks deploy, kept in one place: the stacks build their
 * resources from these numbers and the RTO/RPO model (lib/resilience/objectives.ts) reasons from the same
 * numbers, so a changed health check or backup window changes the template and the published
 * figures together. A leaf module (lib/shared): pure data, no CDK, importable by both sides.
 */

/** Target-group health check of every tier behind its ALB (the path is the tier's, lib/shared/topology.ts). */
export const TARGET_HEALTH_CHECK = {
  intervalSeconds: 15,
  healthyThresholdCount: 2,
  unhealthyThresholdCount: 2,
} as const;

/**
 * How long an ALB waits for a target's answer to a health check before counting a failure. The
 * target groups leave HealthCheckTimeoutSeconds unset, so the ALB default for instance targets
 * applies (ELB User Guide, health check settings); a test checks the templates leave it unset.
 */
export const ALB_DEFAULT_HEALTH_CHECK_TIMEOUT_SECONDS = 5;

/** How long an ALB lets in-flight requests finish on a target it stops routing to. */
export const TARGET_DEREGISTRATION_DELAY_SECONDS = 30;

/** Time a new tier instance has to boot and pass its first checks before Auto Scaling may replace it. */
export const ASG_HEALTH_CHECK_GRACE_SECONDS = 300;

/**
 * AWS Backup job windows of the database backup rule: the job must start within the first and
 * finish within the second, or AWS Backup cancels it. They bound when a recovery point exists.
 */
export const BACKUP_JOB_WINDOWS = { startMinutes: 60, completionMinutes: 180 } as const;

/** UTC hours at which the database backup runs: from `firstHourUtc`, every `intervalHours`, sorted. */
export function backupHoursUtc(firstHourUtc: number, intervalHours: number): number[] {
  const runs = Math.max(1, Math.floor(24 / intervalHours));
  return Array.from({ length: runs }, (_, run) => (firstHourUtc + run * intervalHours) % 24).sort((a, b) => a - b);
}
