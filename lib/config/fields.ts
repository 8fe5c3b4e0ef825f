import { z } from 'zod';
import { ipv4CidrProblem, isPrivateIpv4Cidr } from './cidr';
import { EC2_FAMILIES, instanceTypeProblem } from './instance-types';
import { POC_PARTITION, POC_REGIONS, regionProblem } from './regions';

/** The field types of the POC config (names, regions, CIDRs, ports, tiers, capacities, DR, GuardDuty, patching), each with its checks. */

export const customerName = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9 -]{1,38}[A-Za-z0-9]$/,
    'must be 3-40 characters: letters, digits, spaces or hyphens, starting with a letter (it names the stacks)',
  )
  .describe('Customer name, used in stack names (PascalCase) and in the Customer tag.');

/** A region of aws-cdk-lib's region facts in the POC's partition; `partitionReason` says why the field must stay there. */
export const awsRegion = (partitionReason: string) =>
  z.enum(POC_REGIONS, { error: (issue) => regionProblem(issue.input, partitionReason) });

export const availabilityZoneName = z
  .string()
  .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, 'must be an availability zone name such as eu-west-3a');

export const privateVpcCidr = z
  .string()
  .describe('VPC IPv4 CIDR in RFC 1918 space, /16 to /22.')
  .superRefine((value, ctx) => {
    const problem = ipv4CidrProblem(value);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: `${problem}; use a private range such as 10.40.0.0/16` });
      return;
    }
    if (!isPrivateIpv4Cidr(value)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a private (RFC 1918) range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16',
      });
      return;
    }
    const prefix = Number(value.split('/')[1]);
    if (prefix < 16 || prefix > 22) {
      ctx.addIssue({
        code: 'custom',
        message: 'prefix must be between /16 and /22 (four subnet tiers over up to three AZs need the room)',
      });
    }
  });

/** Why `value` cannot be a corporate egress range, or undefined. */
export function corporateCidrProblem(value: string): string | undefined {
  if (value.trim() === '0.0.0.0/0' || value.trim() === '::/0') {
    return 'the whole internet may not reach management ports; list the corporate egress ranges instead';
  }
  const problem = ipv4CidrProblem(value);
  if (problem) return `${problem}; use an IPv4 CIDR such as 203.0.113.0/24`;
  if (Number(value.split('/')[1]) < 8) return 'is wider than /8; list the corporate egress ranges precisely';
  return undefined;
}

export const corporateCidr = z
  .string()
  .describe('A corporate egress range allowed to reach the bastion hosts (IPv4 CIDR).')
  .superRefine((value, ctx) => {
    const problem = corporateCidrProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export function instanceType(families: readonly string[], prefix: string, example: string) {
  return z.string().superRefine((value, ctx) => {
    const problem = instanceTypeProblem(value, families, prefix, example);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

const RESERVED_PORTS = [22, 3306, 11211];
export const port = z
  .int()
  .min(1, 'must be a TCP port 1-65535')
  .max(65535, 'must be a TCP port 1-65535')
  .refine((value) => !RESERVED_PORTS.includes(value), {
    message: `must not be one of ${RESERVED_PORTS.join(', ')}: those are the management and data-tier ports`,
  });

const MIN_TIER_CAPACITY = 2;
const MAX_TIER_CAPACITY = 20;
const capacity = z
  .int()
  .min(MIN_TIER_CAPACITY, 'must be at least 2: each tier is highly available across AZs by design')
  .max(MAX_TIER_CAPACITY, 'must be at most 20 for a POC');
export const within = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;

/** The config field of a tier of lib/shared/topology.ts, named `tier` in its problems. */
export const tierSchema = (tier: string, defaultPort: number) =>
  z
    .strictObject({
      port: port.default(defaultPort).describe('Port the tier listens on behind its load balancer.'),
      instanceType: instanceType(EC2_FAMILIES, '', 't4g.small').describe(
        'EC2 instance type; Graviton families (t4g, m7g, ...) cost less and are the default.',
      ),
      minCapacity: capacity,
      maxCapacity: capacity,
      desiredCapacity: z
        .int()
        .optional()
        .describe('Omit to let scaling decide. When set, every deploy resets the group to this size (for load tests).'),
      cpuTargetPercent: z
        .int()
        .min(20, 'must be between 20 and 90')
        .max(90, 'must be between 20 and 90')
        .default(60)
        .describe('Target-tracking scaling target for average CPU.'),
    })
    .superRefine(({ minCapacity: min, maxCapacity: max, desiredCapacity: desired }, ctx) => {
      // A field outside its own bounds is reported on its own: comparing it would blame the other one.
      if (!within(min, MIN_TIER_CAPACITY, MAX_TIER_CAPACITY) || !within(max, MIN_TIER_CAPACITY, MAX_TIER_CAPACITY)) return;
      if (min > max) {
        ctx.addIssue({
          code: 'custom',
          path: ['minCapacity'],
          message: `is above ${tier}.maxCapacity (${max}); lower minCapacity to at most ${max} or raise maxCapacity to at least ${min}`,
        });
      } else if (desired !== undefined && (desired < min || desired > max)) {
        ctx.addIssue({
          code: 'custom',
          path: ['desiredCapacity'],
          message: `is ${desired}, outside [minCapacity ${min}, maxCapacity ${max}]`,
        });
      }
    });

export const percent = (fallback: number) =>
  z.number().gt(0, 'must be a percentage above 0').max(100, 'must be a percentage up to 100').default(fallback);

export const CACHE_CHOICES = ['rds-memcached-option', 'elasticache-memcached'] as const;

/** Backup intervals AWS Backup can run evenly through a UTC day (hourly is its minimum). */
export const BACKUP_INTERVAL_HOURS = [1, 2, 3, 4, 6, 8, 12, 24] as const;

export const disasterRecoverySchema = z
  .strictObject({
    copyToRegion: awsRegion(
      `AWS Backup copies stay in the partition of the primary region, and the POC deploys to the ${POC_PARTITION} partition: pick a copy region such as eu-west-1`,
    )
      .nullable()
      .default('eu-west-1')
      .describe(
        'Region that receives a copy of every database backup (the regional DR RPO rests on it); must differ from environment.region and sit in its geography (eu, us, ...) unless allowCrossGeography is true. null turns the copy off: the regional RPO is then unbounded.',
      ),
    allowCrossGeography: z
      .boolean()
      .default(false)
      .describe(
        'true allows copyToRegion in another geography than environment.region (eu-west-3 to us-east-1, say): the copies of the database then leave the geography, and the docs list it as a relaxation.',
      ),
    copyRetentionDays: z
      .int()
      .min(7, 'must be between 7 and 365 days (PCI-minded default keeps at least a week)')
      .max(365, 'must be between 7 and 365 days (a POC keeps copies at most a year)')
      .default(14)
      .describe('Days the copies are kept in the DR region.'),
    backupHourUtc: z
      .int()
      .min(0, 'must be an hour of the day, 0-23 (UTC)')
      .max(23, 'must be an hour of the day, 0-23 (UTC)')
      .default(5)
      .describe(
        'UTC hour of the first AWS Backup job of the day; 5 runs after the RDS backup window (02:00-03:00) and the Sunday maintenance window (03:30-04:30).',
      ),
    backupIntervalHours: z
      .literal(BACKUP_INTERVAL_HOURS, {
        error: `must be one of ${BACKUP_INTERVAL_HOURS.join(', ')} so that backups run evenly through the UTC day`,
      })
      .default(24)
      .describe('Hours between database backups (24 = daily); the regional RPO grows with it.'),
  })
  .prefault({})
  .describe('AWS Backup plan of the database and its copy to a second region (regional disaster recovery).');

/**
 * The protection plans of the GuardDuty detector the POC creates (accountBaseline.guardDuty), each
 * set explicitly: a plan the template leaves out is whatever the GuardDuty API defaults to.
 */
export const guardDutyProtectionSchema = z
  .strictObject({
    s3DataEvents: z
      .boolean()
      .default(true)
      .describe('S3 Protection: GuardDuty analyses the S3 data events of every bucket of the account and region.'),
    rdsLoginEvents: z
      .boolean()
      .default(true)
      .describe(
        'RDS Protection: GuardDuty analyses database login activity. It covers Aurora and RDS for PostgreSQL, not the RDS for MySQL instance of the POC: on for databases the account adds, and what account-level checks look for.',
      ),
    ebsMalwareProtection: z
      .boolean()
      .default(true)
      .describe('Malware Protection for EC2: GuardDuty scans the EBS volumes of an instance a finding names.'),
    runtimeMonitoring: z
      .boolean()
      .default(true)
      .describe(
        'Runtime Monitoring of the EC2 instances, GuardDuty installing and updating its agent (EC2 agent management through Systems Manager).',
      ),
    lambdaNetworkLogs: z
      .boolean()
      .default(true)
      .describe(
        "Lambda Protection: GuardDuty analyses the network activity of the POC's functions (secret rotation, deploy-time helpers).",
      ),
  })
  .prefault({})
  .describe(
    'GuardDuty protection plans, used when accountBaseline.guardDuty is true; every plan is on by default, false turns one off (docs list it as a relaxation).',
  );

/** PCI DSS 6.3.3 installs critical patches within one month of their release. */
export const PATCH_WINDOW_DAYS = 30;

export const patchingSchema = z
  .strictObject({
    maxInstanceLifetimeDays: z
      .int('must be a whole number of days')
      .min(1, 'must be between 1 and 365 days (Auto Scaling replaces an instance one day after launch at the earliest)')
      .max(365, 'must be between 1 and 365 days')
      .default(7)
      .describe(
        `Days after which Auto Scaling replaces each web, app and bastion instance by a fresh launch from the newest Amazon Linux 2023 AMI. Above ${PATCH_WINDOW_DAYS}, a critical patch may wait longer than PCI DSS 6.3.3 allows (documented relaxation).`,
      ),
  })
  .prefault({})
  .describe('How long an instance may run before it is replaced by one launched from the newest AMI.');

export const arnOf = (service: string, example: string) =>
  z
    .string()
    .regex(
      new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]+:\\d{12}:certificate/[0-9a-f-]{36}$`),
      `must be an ACM certificate ARN such as ${example}`,
    );
