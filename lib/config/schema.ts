import { z } from 'zod';
import { ipv4CidrProblem, ipv4CidrsOverlap, isPrivateIpv4Cidr } from './cidr';
import { EC2_FAMILIES, RDS_FAMILIES, CACHE_FAMILIES, instanceTypeProblem } from './instance-types';
import { geographyOf, POC_PARTITION, POC_REGIONS, regionProblem, regionsOfGeography } from './regions';
import { MAX_CONFIG_TAGS, KIT_TAGS_PER_RESOURCE, tagKeyProblem, tagValueProblem } from './tags';
import { supportsVpcOrigins, VPC_ORIGIN_REGIONS_SOURCE } from './vpc-origin-regions';

/**
 * The one file a solutions architect edits per customer. Every object is strict: an unknown
 * key is a typo, and a typo in a security setting must never be silently ignored.
 */

const customerName = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9 -]{1,38}[A-Za-z0-9]$/,
    'must be 3-40 characters: letters, digits, spaces or hyphens, starting with a letter (it names the stacks)',
  )
  .describe('Customer name, used in stack names (PascalCase) and in the Customer tag.');

/** A region of aws-cdk-lib's region facts in the POC's partition; `partitionReason` says why the field must stay there. */
const awsRegion = (partitionReason: string) =>
  z.enum(POC_REGIONS, { error: (issue) => regionProblem(issue.input, partitionReason) });

const availabilityZoneName = z
  .string()
  .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, 'must be an availability zone name such as eu-west-3a');

const privateVpcCidr = z
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
function corporateCidrProblem(value: string): string | undefined {
  if (value.trim() === '0.0.0.0/0' || value.trim() === '::/0') {
    return 'the whole internet may not reach management ports; list the corporate egress ranges instead';
  }
  const problem = ipv4CidrProblem(value);
  if (problem) return `${problem}; use an IPv4 CIDR such as 203.0.113.0/24`;
  if (Number(value.split('/')[1]) < 8) return 'is wider than /8; list the corporate egress ranges precisely';
  return undefined;
}

const corporateCidr = z
  .string()
  .describe('A corporate egress range allowed to reach the bastion hosts (IPv4 CIDR).')
  .superRefine((value, ctx) => {
    const problem = corporateCidrProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

function instanceType(families: readonly string[], prefix: string, example: string) {
  return z.string().superRefine((value, ctx) => {
    const problem = instanceTypeProblem(value, families, prefix, example);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

const RESERVED_PORTS = [22, 3306, 11211];
const port = z
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
const within = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;

const tierSchema = (tier: 'web' | 'app', defaultPort: number) =>
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

const percent = (fallback: number) =>
  z.number().gt(0, 'must be a percentage above 0').max(100, 'must be a percentage up to 100').default(fallback);

export const CACHE_CHOICES = ['rds-memcached-option', 'elasticache-memcached'] as const;

/** Backup intervals AWS Backup can run evenly through a UTC day (hourly is its minimum). */
export const BACKUP_INTERVAL_HOURS = [1, 2, 3, 4, 6, 8, 12, 24] as const;

const disasterRecoverySchema = z
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
const guardDutyProtectionSchema = z
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

const patchingSchema = z
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

const arnOf = (service: string, example: string) =>
  z
    .string()
    .regex(
      new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]+:\\d{12}:certificate/[0-9a-f-]{36}$`),
      `must be an ACM certificate ARN such as ${example}`,
    );

export const pocConfigSchema = z
  .strictObject({
    customer: z.strictObject({
      name: customerName,
    }),
    environment: z
      .strictObject({
        account: z
          .string()
          .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
          .optional(),
        region: awsRegion(
          `the POC deploys to the ${POC_PARTITION} partition only (its CloudFront distribution and the alarms on it, in us-east-1, exist there alone): use a region such as eu-west-3`,
        ),
        availabilityZones: z
          .array(availabilityZoneName)
          .optional()
          .describe('AZ names to use; required with 3 AZs so synthesis needs no account lookup.'),
      })
      .optional()
      .describe('Omit for an environment-agnostic synthesis (no credentials needed).'),
    network: z.strictObject({
      vpcCidr: privateVpcCidr,
      availabilityZoneCount: z.int().min(2, 'must be 2 or 3: the POC is multi-AZ by design').max(3, 'must be 2 or 3').default(2),
      natGateways: z.enum(['single', 'one-per-az']).default('one-per-az'),
    }),
    management: z.strictObject({
      corporateCidrs: z.array(corporateCidr).min(1, 'list at least one corporate egress range'),
      bastionAccess: z
        .enum(['ssh', 'ssm'])
        .default('ssh')
        .describe('ssh: port 22 open to the corporate CIDRs; ssm: no inbound rule, Session Manager only.'),
    }),
    patching: patchingSchema,
    web: tierSchema('web', 80).describe('Web tier (nginx) behind the web load balancer.'),
    app: tierSchema('app', 8080).describe('App tier (the application service) behind the internal ALB.'),
    database: z.strictObject({
      instanceClass: instanceType(RDS_FAMILIES, 'db.', 'db.m7g.large'),
      allocatedStorageGiB: z.int().min(20, 'must be at least 20 GiB').max(16384, 'must be at most 16384 GiB'),
      maxAllocatedStorageGiB: z.int().min(20, 'must be at least 20 GiB').max(16384, 'must be at most 16384 GiB'),
      backupRetentionDays: z
        .int()
        .min(7, 'must be between 7 and 35 days (PCI-minded default keeps at least a week)')
        .max(35, 'must be between 7 and 35 days (the RDS maximum)'),
      cache: z
        .enum(CACHE_CHOICES)
        .default('rds-memcached-option')
        .describe(
          'rds-memcached-option: MySQL 8.0 + MEMCACHED option (extended support cost); elasticache-memcached: MySQL 8.4 + ElastiCache.',
        ),
      cacheNodeType: instanceType(CACHE_FAMILIES, 'cache.', 'cache.t4g.small')
        .default('cache.t4g.small')
        .describe('ElastiCache node type, used only with elasticache-memcached.'),
    }),
    domain: z
      .strictObject({
        name: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a lower-case DNS name such as shop.example.com'),
        originHostname: z
          .string()
          .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a lower-case DNS name such as origin.shop.example.com')
          .describe(
            'Name CloudFront sends to the internal web load balancer (TLS server name, certificate check); covered by albCertificateArn. CNAME it to the WebAlbDnsName output.',
          ),
        cloudFrontCertificateArn: arnOf('acm', 'arn:aws:acm:us-east-1:123456789012:certificate/<uuid>'),
        albCertificateArn: arnOf('acm', 'arn:aws:acm:eu-west-3:123456789012:certificate/<uuid>'),
      })
      .optional()
      .describe('Custom domain: TLS 1.2+ at CloudFront and HTTPS from CloudFront to the web load balancer.'),
    accountBaseline: z
      .strictObject({
        hasConfigRecorder: z
          .boolean()
          .default(false)
          .describe(
            'true when AWS Config already records in this account and region (one recorder per region): the POC then adds only its rules.',
          ),
        hasOrganizationTrail: z
          .boolean()
          .default(false)
          .describe('true when an organization CloudTrail already covers this account: the POC then creates no trail.'),
        hasSessionManagerPreferences: z
          .boolean()
          .default(false)
          .describe(
            'true when the account already has Session Manager preferences in this region (the SSM-SessionManagerRunShell document, one per region), or is shared with other workloads: the preferences the POC creates apply to every instance and user of the region and require its session key. The POC then creates no session log group, key or preferences, and the account preferences must record sessions.',
          ),
        guardDuty: z.boolean().default(true).describe('Create a GuardDuty detector; false when the account already has one.'),
        securityHub: z
          .boolean()
          .default(true)
          .describe('Enable Security Hub with the PCI DSS v4.0.1 standard; false when the account already has Security Hub.'),
        inspector: z
          .boolean()
          .default(true)
          .describe('Enable Amazon Inspector EC2 scanning (quarterly scans, competency 2.13); false when already enabled.'),
      })
      .prefault({})
      .describe('What the target account already has: the account-wide singletons the POC must not create twice.'),
    guardDutyProtection: guardDutyProtectionSchema,
    disasterRecovery: disasterRecoverySchema,
    alerts: z.strictObject({
      email: z.email('must be an e-mail address that receives the alarms'),
    }),
    monitoring: z
      .strictObject({
        errorRatePercent: percent(5).describe('Alarm when 5xx responses exceed this share of requests (CloudFront, each ALB).'),
        latencyP99Seconds: z
          .number()
          .positive('must be a positive number of seconds')
          .max(60, 'must be at most 60 seconds (the ALB idle timeout)')
          .default(2)
          .describe('Alarm when the p99 target response time of an ALB exceeds this.'),
        originLatencyP90Seconds: z
          .number()
          .positive('must be a positive number of seconds')
          .max(60, 'must be at most 60 seconds (the CloudFront origin response timeout)')
          .default(1)
          .describe("Alarm when the p90 of CloudFront's origin latency (first byte from the ALB or the bucket) exceeds this."),
        cpuPercent: percent(80).describe('Alarm when the average CPU of a tier or of the database exceeds this.'),
        databaseFreeStorageGiB: z.int().min(1, 'must be at least 1 GiB').default(10).describe('Alarm below this free storage.'),
        databaseFreeableMemoryMiB: z
          .int()
          .min(16, 'must be at least 16 MiB')
          .default(256)
          .describe('Alarm below this freeable memory.'),
        databaseConnections: z.int().min(1, 'must be at least 1').default(400).describe('Alarm above this many connections.'),
        wafBlockedRatePercent: percent(20).describe('Alarm when AWS WAF blocks more than this share of requests.'),
      })
      .prefault({})
      .describe('Alarm thresholds; every field has a default.'),
    tags: z
      // The checks are in superRefine, to name key and value; meta gives editors the same limits.
      .record(
        z.string().meta({ minLength: 1, maxLength: 128, not: { pattern: '^[aA][wW][sS]:' } }),
        z.string().meta({ maxLength: 256 }),
      )
      .meta({ maxProperties: MAX_CONFIG_TAGS })
      .superRefine((tags, ctx) => {
        for (const [key, value] of Object.entries(tags)) {
          const problem = tagKeyProblem(key) ?? tagValueProblem(value);
          if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
        }
        const count = Object.keys(tags).length;
        if (count > MAX_CONFIG_TAGS) {
          ctx.addIssue({
            code: 'custom',
            message: `lists ${count} tags; at most ${MAX_CONFIG_TAGS} fit beside the ${KIT_TAGS_PER_RESOURCE} the kit and CDK set on a subnet (AWS allows 50 per resource): drop ${count - MAX_CONFIG_TAGS}`,
          });
        }
      })
      .default({})
      .describe(
        `Extra tags applied to every resource (at most ${MAX_CONFIG_TAGS}); keys and values as AWS allows them, no aws: prefix, not the kit's own Customer and ManagedBy.`,
      ),
  })
  .superRefine((config, ctx) => {
    // Runs once every field has its type; a field that failed its own check is not compared, so
    // that no problem blames a field for another one's mistake.
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const db = config.database;
    const storageValid = (value: number) => within(value, 20, 16384);
    if (
      storageValid(db.allocatedStorageGiB) &&
      storageValid(db.maxAllocatedStorageGiB) &&
      db.maxAllocatedStorageGiB < db.allocatedStorageGiB
    ) {
      issue(
        ['database', 'allocatedStorageGiB'],
        `is above database.maxAllocatedStorageGiB (${db.maxAllocatedStorageGiB}); lower allocatedStorageGiB to at most ${db.maxAllocatedStorageGiB} or raise maxAllocatedStorageGiB to at least ${db.allocatedStorageGiB}`,
      );
    }
    const monitoring = config.monitoring;
    if (storageValid(db.allocatedStorageGiB) && monitoring.databaseFreeStorageGiB >= db.allocatedStorageGiB) {
      issue(
        ['monitoring', 'databaseFreeStorageGiB'],
        `is not below database.allocatedStorageGiB (${db.allocatedStorageGiB}), so the alarm would fire from the first day; set it below ${db.allocatedStorageGiB}`,
      );
    }
    const busiest = (['web', 'app'] as const)
      .filter((tier) => within(config[tier].cpuTargetPercent, 20, 90))
      .sort((a, b) => config[b].cpuTargetPercent - config[a].cpuTargetPercent)[0];
    if (busiest && monitoring.cpuPercent <= config[busiest].cpuTargetPercent) {
      const target = config[busiest].cpuTargetPercent;
      issue(
        ['monitoring', 'cpuPercent'],
        `is not above ${busiest}.cpuTargetPercent (${target}), so the alarm would fire whenever that tier runs at its scaling target; raise cpuPercent above ${target} or lower the target`,
      );
    }
    const vpcCidr = config.network.vpcCidr;
    if (ipv4CidrProblem(vpcCidr) === undefined) {
      config.management.corporateCidrs.forEach((cidr, index) => {
        if (corporateCidrProblem(cidr) === undefined && ipv4CidrsOverlap(cidr, vpcCidr)) {
          issue(
            ['management', 'corporateCidrs', index],
            `overlaps network.vpcCidr ${vpcCidr}, so traffic from it never leaves the VPC to reach the bastions; list the corporate egress (public) ranges, or move network.vpcCidr to a range that does not overlap`,
          );
        }
      });
    }
    const env = config.environment;
    if (env && !supportsVpcOrigins(env.region)) {
      ctx.addIssue({
        code: 'custom',
        path: ['environment', 'region'],
        message: `has no CloudFront VPC origins, the only way CloudFront reaches the POC's internal web load balancer; pin a supported region such as eu-west-3 (list: ${VPC_ORIGIN_REGIONS_SOURCE})`,
      });
    }
    const azCount = config.network.availabilityZoneCount;
    if (env?.availabilityZones) {
      if (env.availabilityZones.length !== azCount) {
        issue(
          ['environment', 'availabilityZones'],
          `lists ${env.availabilityZones.length} AZs but network.availabilityZoneCount is ${azCount}; list exactly ${azCount}`,
        );
      }
      const foreign = env.availabilityZones.filter((az) => az.slice(0, -1) !== env.region);
      if (foreign.length > 0) {
        issue(['environment', 'availabilityZones'], `${foreign.join(', ')} not in region ${env.region}`);
      }
      if (new Set(env.availabilityZones).size !== env.availabilityZones.length) {
        issue(['environment', 'availabilityZones'], 'lists an AZ twice; each tier must span distinct AZs');
      }
    } else if (azCount === 3) {
      issue(
        ['network', 'availabilityZoneCount'],
        'is 3, which needs environment.region and environment.availabilityZones (3 names) so synthesis needs no account lookup',
      );
    }
    const certificateRegion = (arn: string): string | undefined => arn.split(':')[3];
    if (config.domain && env) {
      const albRegion = certificateRegion(config.domain.albCertificateArn);
      if (albRegion && albRegion !== env.region) {
        issue(
          ['domain', 'albCertificateArn'],
          `is in ${albRegion}; the ALB certificate must be in the deployment region ${env.region}`,
        );
      }
    }
    const dr = config.disasterRecovery;
    if (env && dr.copyToRegion === env.region) {
      issue(
        ['disasterRecovery', 'copyToRegion'],
        `is the deployment region environment.region (${env.region}); copies must go to another region, or set copyToRegion: null to turn the DR copy off`,
      );
    } else if (env && dr.copyToRegion && !dr.allowCrossGeography) {
      const primary = geographyOf(env.region);
      const copy = geographyOf(dr.copyToRegion);
      if (primary !== copy) {
        issue(
          ['disasterRecovery', 'copyToRegion'],
          `is in the ${copy} geography, the primary region environment.region (${env.region}) in ${primary}: the database copies would leave ${primary}; pick a copy region in ${primary} (${regionsOfGeography(
            primary,
          )
            .filter((region) => region !== env.region)
            .join(
              ', ',
            )}), or set disasterRecovery.allowCrossGeography: true if the customer accepts it (SECURITY.md and COMPLIANCE.md then list it as a relaxation)`,
        );
      }
    }
    const cloudFrontRegion = config.domain ? certificateRegion(config.domain.cloudFrontCertificateArn) : undefined;
    if (cloudFrontRegion && cloudFrontRegion !== 'us-east-1') {
      issue(['domain', 'cloudFrontCertificateArn'], 'must be in us-east-1: CloudFront only uses certificates from that region');
    }
  });

/** The config as written in YAML, before defaults. */
export type PocConfigInput = z.input<typeof pocConfigSchema>;
type Parsed = z.output<typeof pocConfigSchema>;

type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** The validated, defaulted, frozen configuration every construct receives. */
export type PocConfig = DeepReadonly<Parsed>;
