import { parseConfig } from '../../lib/config/load';
import { acceptedSample, withMostTags } from './config-mutations';
import { WITH_REPORTS, withReportsTier } from './reports-tier';
import type { PocConfig, PocConfigInput } from '../../lib/config/schema';
import type { Topology } from '../../lib/shared/topology';

/**
 * Configs that tests need beside the default and the examples, each derived from one of those,
 * synthesized once per run by the global setup as `synthesize()` does in a test (no compliance
 * packs, no CloudFormation validation: test/compliance.cases.ts covers those). A test names its
 * variant instead of synthesizing it: one process pays the synthesis warm-up once for all of them.
 */
export interface Variant {
  /** The config the variant derives from. */
  readonly base: 'default' | 'example';
  readonly derive: (base: PocConfig) => PocConfig;
  /**
   * Synthesized as `npm run docs` does (the enforced packs and the compliance report the documents
   * read), for a test that generates the variant's documents.
   * @default false
   */
  readonly withPacks?: boolean;
  /**
   * The tier table to build from instead of the POC's own (a test-only tier). The assembly then
   * carries each resource's construct path, as `cdk synth` writes it: the model places by path.
   * @default the POC's own TOPOLOGY
   */
  readonly topology?: Topology;
}

/** `base` with `change` applied to a copy of its YAML object, validated as a config file is. */
function changed(change: (raw: PocConfigInput) => void): (base: PocConfig) => PocConfig {
  return (base) => {
    // Round-trip through JSON: a mutable deep copy of the frozen config.
    const raw = JSON.parse(JSON.stringify(base)) as PocConfigInput;
    change(raw);
    return parseConfig(raw, 'test variant');
  };
}

/**
 * The DR copy of a config, as the restore runbook has the operator write it for a DR test: pinned
 * to the copy region (its AZs named when the primary names them), no copy of its own, the ALB
 * certificate of that region.
 */
export function drCopyOf(config: PocConfig): PocConfig {
  const region = config.disasterRecovery.copyToRegion;
  if (!region) throw new Error('this config has no DR region');
  const raw = JSON.parse(JSON.stringify(config)) as PocConfigInput;
  const zones = config.environment?.availabilityZones?.map((_, index) => `${region}${'abc'[index]}`);
  raw.environment = { ...raw.environment, region, ...(zones ? { availabilityZones: zones } : {}) };
  raw.disasterRecovery = { ...raw.disasterRecovery, copyToRegion: null };
  if (raw.domain) raw.domain.albCertificateArn = raw.domain.albCertificateArn.replace(/^(arn:aws:acm:)[^:]+/, `$1${region}`);
  return parseConfig(raw, 'DR copy');
}

export const VARIANTS = {
  /** The DR copy turned off: no DR stack. */
  'no-dr-copy': { base: 'default', derive: changed((raw) => (raw.disasterRecovery = { copyToRegion: null })) },
  /** The account already records sessions: the POC sets no Session Manager preferences. */
  'account-session-preferences': {
    base: 'default',
    derive: changed((raw) => (raw.accountBaseline = { ...raw.accountBaseline, hasSessionManagerPreferences: true })),
  },
  /** Every account-level service already in place: the POC creates none of them. */
  'existing-account-baseline': {
    base: 'default',
    derive: changed(
      (raw) =>
        (raw.accountBaseline = {
          hasConfigRecorder: true,
          hasOrganizationTrail: true,
          hasSessionManagerPreferences: true,
          guardDuty: false,
          securityHub: false,
          inspector: false,
        }),
    ),
  },
  /** Every alarm threshold of the config changed from its default. */
  'tuned-alarms': {
    base: 'default',
    derive: changed(
      (raw) =>
        (raw.monitoring = {
          errorRatePercent: 2,
          latencyP99Seconds: 0.5,
          cpuPercent: 65,
          databaseConnections: 150,
          originLatencyP90Seconds: 0.25,
        }),
    ),
  },
  /** A region opened since August 2022, which has no ELB log-delivery account in the region facts. */
  'pinned-eu-central-2': {
    base: 'default',
    derive: changed((raw) => (raw.environment = { region: 'eu-central-2' })),
    withPacks: true,
  },
  /** The three-AZ example with SSH bastions: the public tier then also admits the corporate ranges. */
  'example-ssh': {
    base: 'example',
    derive: changed((raw) => (raw.management = { ...raw.management, bastionAccess: 'ssh' })),
  },
  /** An app port that is also a reply port: the NACL denies must still let the design flows through. */
  'app-port-5432': { base: 'default', derive: changed((raw) => (raw.app = { ...raw.app, port: 5432 })) },
  /** Every switch the runbooks follow flipped: Session Manager only, no DR copy, ElastiCache, three pinned AZs. */
  'runbook-switches': {
    base: 'default',
    derive: changed((raw) => {
      raw.management.bastionAccess = 'ssm';
      raw.disasterRecovery = { copyToRegion: null };
      raw.database.cache = 'elasticache-memcached';
      raw.database.instanceClass = 'db.m7g.large';
      raw.environment = { region: 'eu-west-3', availabilityZones: ['eu-west-3a', 'eu-west-3b', 'eu-west-3c'] };
      raw.network.availabilityZoneCount = 3;
      raw.accountBaseline = { ...raw.accountBaseline, hasSessionManagerPreferences: true };
    }),
  },
  /** The DR copy of the default config, deployed in the copy region for a DR test. */
  'default-dr-copy': { base: 'default', derive: drCopyOf },
  /** The DR copy of the example (pinned to eu-west-3), in its copy region. */
  'example-dr-copy': { base: 'example', derive: drCopyOf },
  /** The accepted mutated configs of the property test's fixed sample (test/support/config-mutations.ts). */
  'mutated-sample-1': { base: 'default', derive: () => parseConfig(acceptedSample()[0].raw, 'sample') },
  'mutated-sample-2': { base: 'default', derive: () => parseConfig(acceptedSample()[1].raw, 'sample') },
  'mutated-sample-3': { base: 'default', derive: () => parseConfig(acceptedSample()[2].raw, 'sample') },
  /** The most tags a config may list. */
  'most-tags': { base: 'default', derive: () => parseConfig(withMostTags(), 'most tags') },
  /** The POC's own tier table plus a test-only reports tier (test/support/reports-tier.ts). */
  'reports-tier': { base: 'default', derive: withReportsTier, topology: WITH_REPORTS },
} as const satisfies Record<string, Variant>;

export type VariantName = keyof typeof VARIANTS;

export const SAMPLE_VARIANTS = [
  'mutated-sample-1',
  'mutated-sample-2',
  'mutated-sample-3',
] as const satisfies readonly VariantName[];
