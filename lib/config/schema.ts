import { z } from 'zod';
import { ipv4CidrProblem, isPrivateIpv4Cidr } from './cidr';
import { EC2_FAMILIES, RDS_FAMILIES, CACHE_FAMILIES, instanceTypeProblem } from './instance-types';

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

const awsRegion = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region name such as eu-west-3');

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

const corporateCidr = z
  .string()
  .describe('A corporate egress range allowed to reach the bastion hosts (IPv4 CIDR).')
  .superRefine((value, ctx) => {
    if (value.trim() === '0.0.0.0/0' || value.trim() === '::/0') {
      ctx.addIssue({
        code: 'custom',
        message: 'the whole internet may not reach management ports; list the corporate egress ranges instead',
      });
      return;
    }
    const problem = ipv4CidrProblem(value);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: `${problem}; use an IPv4 CIDR such as 203.0.113.0/24` });
      return;
    }
    if (Number(value.split('/')[1]) < 8) {
      ctx.addIssue({ code: 'custom', message: 'is wider than /8; list the corporate egress ranges precisely' });
    }
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

const tierSchema = (defaultPort: number) =>
  z
    .strictObject({
      port: port.default(defaultPort).describe('Port the tier listens on behind its load balancer.'),
      instanceType: instanceType(EC2_FAMILIES, '', 't4g.small').describe(
        'EC2 instance type; Graviton families (t4g, m7g, ...) cost less and are the default.',
      ),
      minCapacity: z.int().min(2, 'must be at least 2: each tier is highly available across AZs by design'),
      maxCapacity: z.int().max(20, 'must be at most 20 for a POC'),
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
    .superRefine((tier, ctx) => {
      if (tier.minCapacity > tier.maxCapacity) {
        ctx.addIssue({
          code: 'custom',
          path: ['minCapacity'],
          message: `is ${tier.minCapacity}, above maxCapacity ${tier.maxCapacity}; minCapacity must be <= maxCapacity`,
        });
      }
      const desired = tier.desiredCapacity;
      if (desired !== undefined && (desired < tier.minCapacity || desired > tier.maxCapacity)) {
        ctx.addIssue({
          code: 'custom',
          path: ['desiredCapacity'],
          message: `is ${desired}, outside [minCapacity ${tier.minCapacity}, maxCapacity ${tier.maxCapacity}]`,
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
    copyToRegion: awsRegion
      .nullable()
      .default('eu-west-1')
      .describe(
        'Region that receives a copy of every database backup (the regional DR RPO rests on it); must differ from environment.region and sit in the same jurisdiction. null turns the copy off: the regional RPO is then unbounded.',
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
        region: awsRegion,
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
    web: tierSchema(80).describe('Web tier (nginx) behind the public ALB.'),
    app: tierSchema(8080).describe('App tier (the application service) behind the internal ALB.'),
    database: z.strictObject({
      instanceClass: instanceType(RDS_FAMILIES, 'db.', 'db.m7g.large'),
      allocatedStorageGiB: z.int().min(20, 'must be at least 20 GiB').max(16384, 'must be at most 16384 GiB'),
      maxAllocatedStorageGiB: z.int().max(16384, 'must be at most 16384 GiB'),
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
          .describe('Name the public ALB answers to (CNAME it to the ALB); covered by albCertificateArn.'),
        cloudFrontCertificateArn: arnOf('acm', 'arn:aws:acm:us-east-1:123456789012:certificate/<uuid>'),
        albCertificateArn: arnOf('acm', 'arn:aws:acm:eu-west-3:123456789012:certificate/<uuid>'),
      })
      .optional()
      .describe('Custom domain: TLS 1.2+ at CloudFront and HTTPS from CloudFront to the ALB.'),
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
      .record(z.string().regex(/^[\w .:/=+\-@]{1,128}$/), z.string().max(256))
      .default({})
      .describe('Extra tags applied to every resource.'),
  })
  .superRefine((config, ctx) => {
    const db = config.database;
    if (db.maxAllocatedStorageGiB < db.allocatedStorageGiB) {
      ctx.addIssue({
        code: 'custom',
        path: ['database', 'maxAllocatedStorageGiB'],
        message: `is ${db.maxAllocatedStorageGiB}, below allocatedStorageGiB ${db.allocatedStorageGiB}; storage autoscaling needs max >= allocated`,
      });
    }
    const env = config.environment;
    const azCount = config.network.availabilityZoneCount;
    if (env?.availabilityZones) {
      if (env.availabilityZones.length !== azCount) {
        ctx.addIssue({
          code: 'custom',
          path: ['environment', 'availabilityZones'],
          message: `lists ${env.availabilityZones.length} AZs but network.availabilityZoneCount is ${azCount}; list exactly ${azCount}`,
        });
      }
      const foreign = env.availabilityZones.filter((az) => !az.startsWith(env.region));
      if (foreign.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['environment', 'availabilityZones'],
          message: `${foreign.join(', ')} not in region ${env.region}`,
        });
      }
      if (new Set(env.availabilityZones).size !== env.availabilityZones.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['environment', 'availabilityZones'],
          message: 'lists an AZ twice; each tier must span distinct AZs',
        });
      }
    } else if (azCount === 3) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'availabilityZoneCount'],
        message:
          'is 3, which needs environment.region and environment.availabilityZones (3 names) so synthesis needs no account lookup',
      });
    }
    if (config.domain && env) {
      const albRegion = config.domain.albCertificateArn.split(':')[3];
      if (albRegion !== env.region) {
        ctx.addIssue({
          code: 'custom',
          path: ['domain', 'albCertificateArn'],
          message: `is in ${albRegion}; the ALB certificate must be in the deployment region ${env.region}`,
        });
      }
    }
    const drRegion = config.disasterRecovery.copyToRegion;
    if (env && drRegion === env.region) {
      ctx.addIssue({
        code: 'custom',
        path: ['disasterRecovery', 'copyToRegion'],
        message: `is the deployment region environment.region (${env.region}); copies must go to another region, or set copyToRegion: null to turn the DR copy off`,
      });
    }
    if (config.domain && config.domain.cloudFrontCertificateArn.split(':')[3] !== 'us-east-1') {
      ctx.addIssue({
        code: 'custom',
        path: ['domain', 'cloudFrontCertificateArn'],
        message: 'must be in us-east-1: CloudFront only uses certificates from that region',
      });
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
