import { z } from 'zod';
import { ipv4CidrProblem, ipv4CidrsOverlap } from './cidr';
import { RDS_FAMILIES, CACHE_FAMILIES } from './instance-types';
import { geographyOf, POC_PARTITION, regionsOfGeography } from './regions';
import { MAX_CONFIG_TAGS, KIT_TAGS_PER_RESOURCE, tagKeyProblem, tagValueProblem } from './tags';
import { supportsVpcOrigins, VPC_ORIGIN_REGIONS_SOURCE } from './vpc-origin-regions';
import {
  CACHE_CHOICES,
  arnOf,
  availabilityZoneName,
  awsRegion,
  corporateCidr,
  corporateCidrProblem,
  customerName,
  disasterRecoverySchema,
  guardDutyProtectionSchema,
  instanceType,
  patchingSchema,
  percent,
  privateVpcCidr,
  tierSchema,
  within,
} from './fields';
import { TierName, TierSpec, Topology, TOPOLOGY } from '../shared/topology';

export { BACKUP_INTERVAL_HOURS, CACHE_CHOICES, PATCH_WINDOW_DAYS } from './fields';

/**
 * The one file a solutions architect edits per customer. Every object is strict: an unknown
 * key is a typo, and a typo in a security setting must never be silently ignored.
 */

/** A tier's config field, from its topology entry: its port, instance type and capacity. */
function tierField(tier: TierSpec) {
  return tierSchema(tier.name, tier.config.defaultPort).describe(tier.config.description);
}
type TierField = ReturnType<typeof tierField>;

/** The fields before the tiers' (the order the JSON schema and the docs show). */
const fieldsBeforeTiers = {
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
};

/** The fields after the tiers'. */
const fieldsAfterTiers = {
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
};

/** The config without its tiers: what the checks across fields read besides the tiers' fields. */
type CommonConfig = z.output<z.ZodObject<typeof fieldsBeforeTiers & typeof fieldsAfterTiers>>;

/**
 * Checks across fields. Runs once every field has its type; a field that failed its own check is
 * not compared, so that no problem blames a field for another one's mistake.
 */
function checkAcrossFields(
  config: CommonConfig,
  tiers: Readonly<Record<string, z.output<TierField>>>,
  topology: Topology,
  ctx: z.RefinementCtx,
): void {
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
  const busiest = topology
    .map((tier) => tier.name)
    .filter((tier) => within(tiers[tier].cpuTargetPercent, 20, 90))
    .sort((a, b) => tiers[b].cpuTargetPercent - tiers[a].cpuTargetPercent)[0];
  if (busiest && monitoring.cpuPercent <= tiers[busiest].cpuTargetPercent) {
    const target = tiers[busiest].cpuTargetPercent;
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
}

/**
 * The config schema of a topology: one field per tier, after `patching`. The POC's own schema is
 * `pocConfigSchema`; a test builds a POC with another topology from its schema.
 */
export function pocConfigSchemaFor<const T extends Topology>(topology: T) {
  const tierFields = Object.fromEntries(topology.map((tier) => [tier.name, tierField(tier)])) as Record<
    T[number]['name'],
    TierField
  >;
  return z
    .strictObject({ ...fieldsBeforeTiers, ...tierFields, ...fieldsAfterTiers })
    .superRefine((config, ctx) =>
      checkAcrossFields(config as CommonConfig, config as Readonly<Record<string, z.output<TierField>>>, topology, ctx),
    );
}

export const pocConfigSchema = pocConfigSchemaFor(TOPOLOGY);

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

/** The config field of any tier (web, app, or a tier a test topology adds). */
export type TierConfig = PocConfig[TierName];

/**
 * A tier's config field. PocConfig types the POC's own tiers; a POC built from another topology
 * carries a field per tier of it, which only this look-up can name.
 */
export function tierConfig(config: PocConfig, tier: TierSpec): TierConfig {
  const field = (config as unknown as Readonly<Record<string, TierConfig | undefined>>)[tier.name];
  if (!field) throw new Error(`the config has no ${tier.name} field, which the topology's ${tier.name} tier needs`);
  return field;
}
