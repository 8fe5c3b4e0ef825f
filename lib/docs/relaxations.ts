import { ComplianceReport } from '../compliance/report';
import { geographyOf } from '../config/regions';
import { PATCH_WINDOW_DAYS, PocConfig } from '../config/schema';
import { reportPathName } from './assembly-model';
import { COMPETENCY_ITEM_IDS, CompetencyItemId, configRulesFor } from './competency-evidence';

/**
 * The one list of config relaxations: every config choice that weakens a secure default
 * (DESIGN.md, "Secure defaults") or leaves an account-wide control to the account instead of the
 * POC (CONVENTIONS, practice 4). SECURITY.md and COMPLIANCE.md both render the ones in force
 * from it. SECURITY.md also lists the findings the compliance packs were told to accept, from the
 * acknowledgements recorded in the compliance report (each on one resource, with its reason).
 */

/** One relaxation a config may put in force. */
export interface Relaxation {
  /** The config field, as written in the YAML, e.g. `management.bastionAccess`. */
  readonly field: string;
  /** The value that relaxes the default, as written in the YAML; undefined when leaving the field out does. */
  readonly value?: string;
  /** What is relaxed: what the POC then does less securely, or leaves to the account. */
  readonly relaxation: string;
  /** What compensates, what the account must show instead, and how to restore the default. */
  readonly remedy: string;
  /** Items of the competency checklist (001, section 2) whose evidence it changes. */
  readonly competencyItems: readonly CompetencyItemId[];
}

interface RelaxationRule extends Omit<Relaxation, 'relaxation' | 'value'> {
  readonly inForce: (config: PocConfig) => boolean;
  readonly value?: string | ((config: PocConfig) => string);
  readonly relaxation: string | ((config: PocConfig) => string);
}

/** The GuardDuty protection plans a config may turn off, and what is then not watched. */
const GUARD_DUTY_PLANS: readonly {
  readonly field: keyof PocConfig['guardDutyProtection'];
  readonly plan: string;
  readonly consequence: string;
}[] = [
  {
    field: 's3DataEvents',
    plan: 'S3 Protection',
    consequence: 'suspicious access to the objects of the buckets goes undetected.',
  },
  {
    field: 'rdsLoginEvents',
    plan: 'RDS Protection',
    consequence: 'login activity of Aurora and RDS for PostgreSQL databases the account adds goes unwatched.',
  },
  {
    field: 'ebsMalwareProtection',
    plan: 'Malware Protection for EC2',
    consequence: 'the EBS volumes of an instance a finding names are not scanned for malware.',
  },
  {
    field: 'runtimeMonitoring',
    plan: 'Runtime Monitoring of the EC2 instances',
    consequence: 'processes, files and network activity on the instances go unwatched.',
  },
  {
    field: 'lambdaNetworkLogs',
    plan: 'Lambda Protection',
    consequence: "the network activity of the POC's functions goes unwatched.",
  },
];

/** The competency items whose evidence includes the POC's AWS Config rules. */
const CONFIG_RULE_ITEMS = COMPETENCY_ITEM_IDS.filter((item) => configRulesFor(item).length > 0);

const RELAXATION_RULES: readonly RelaxationRule[] = [
  {
    field: 'domain',
    inForce: (config) => !config.domain,
    relaxation:
      'CloudFront serves its default `*.cloudfront.net` certificate, whose security policy AWS fixes: viewers may negotiate TLS 1.0.',
    remedy: 'Set `domain` with an ACM certificate in us-east-1: the distribution then requires TLS 1.2 or later.',
    competencyItems: ['2.11'],
  },
  {
    field: 'domain',
    inForce: (config) => !config.domain,
    relaxation:
      "CloudFront reaches the web load balancer over HTTP (port 80), unencrypted: the load balancer has no certificate. The hop runs through CloudFront's VPC origin on AWS's network, never the internet, to an internal load balancer that admits only CloudFront's origin-facing servers.",
    remedy: 'Set `domain` (ACM certificates) for HTTPS from CloudFront to the web load balancer.',
    competencyItems: ['2.11'],
  },
  {
    field: 'management.bastionAccess',
    value: 'ssh',
    inForce: (config) => config.management.bastionAccess === 'ssh',
    relaxation: (config) =>
      `The bastions admit SSH (tcp 22) on their public IP addresses from the corporate ranges ${config.management.corporateCidrs.join(', ')}.`,
    remedy: '`ssm` removes every inbound rule: operators reach the instances through Session Manager only.',
    competencyItems: ['2.2', '2.12'],
  },
  {
    field: 'database.cache',
    value: 'rds-memcached-option',
    inForce: (config) => config.database.cache === 'rds-memcached-option',
    relaxation: 'The memcached interface of the RDS MEMCACHED option (tcp 11211) has no TLS and no authentication.',
    remedy:
      'Only the app security group reaches it, in the isolated data subnets; cache only non-sensitive data. `elasticache-memcached` (MySQL 8.4 and an ElastiCache cluster) gives TLS in transit and avoids the RDS Extended Support charge of MySQL 8.0.',
    competencyItems: ['2.11'],
  },
  {
    field: 'network.natGateways',
    value: 'single',
    inForce: (config) => config.network.natGateways === 'single',
    relaxation:
      'One NAT gateway: if its AZ is lost, the web and app subnets of the other AZs lose outbound access until it is back: ' +
      'Session Manager and every AWS API but S3 (which its gateway endpoint serves), Secrets Manager included, where an app ' +
      'service reads its database secret when it starts.',
    remedy:
      'Requests do not go through the NAT gateway, so running instances keep serving; `one-per-az` keeps outbound access through an AZ loss.',
    competencyItems: ['2.4'],
  },
  {
    field: 'patching.maxInstanceLifetimeDays',
    value: (config) => String(config.patching.maxInstanceLifetimeDays),
    inForce: (config) => config.patching.maxInstanceLifetimeDays > PATCH_WINDOW_DAYS,
    relaxation: (config) =>
      `Auto Scaling replaces an instance only after ${config.patching.maxInstanceLifetimeDays} days: a fix in a new AMI may ` +
      `reach an instance later than the one month PCI DSS 6.3.3 allows for critical patches.`,
    remedy: `An instance refresh (runbook patch-instances.md) rolls a critical fix out at once; ${PATCH_WINDOW_DAYS} days or fewer restores the default bound.`,
    competencyItems: ['2.13'],
  },
  {
    field: 'disasterRecovery.copyToRegion',
    value: 'null',
    inForce: (config) => config.disasterRecovery.copyToRegion === null,
    relaxation:
      'No backup copy leaves the primary region: the loss of the region loses the database, and the regional RTO and RPO are unbounded.',
    remedy: 'Set a copy region in the same jurisdiction (RESILIENCE.md states the RTO and RPO it gives).',
    competencyItems: ['2.5'],
  },
  {
    field: 'disasterRecovery.allowCrossGeography',
    value: 'true',
    inForce: (config) => crossGeographyCopy(config) !== undefined,
    relaxation: (config) => {
      const copy = crossGeographyCopy(config);
      return config.environment
        ? `The database backup copies go to ${copy}, outside the ${geographyOf(config.environment.region)} geography of the primary region ${config.environment.region}: copies of cardholder data leave that geography.`
        : `The database backup copies go to ${copy} whatever the geography of the region deployed to (the config pins none): copies of cardholder data may leave it.`;
    },
    remedy:
      "The copies stay encrypted with the DR vault's KMS key. Record the customer's approval of the transfer, or set `copyToRegion` to a region of the primary region's geography and remove `allowCrossGeography` (its default, false, refuses such a copy).",
    competencyItems: ['2.5'],
  },
  {
    field: 'accountBaseline.hasConfigRecorder',
    value: 'true',
    inForce: (config) => config.accountBaseline.hasConfigRecorder,
    relaxation:
      "The POC creates no AWS Config recorder: its Config rules evaluate only what the account's existing recorder records.",
    remedy: 'Show that the recorder is on in this region and records every resource type, global ones included.',
    competencyItems: CONFIG_RULE_ITEMS,
  },
  {
    field: 'accountBaseline.hasOrganizationTrail',
    value: 'true',
    inForce: (config) => config.accountBaseline.hasOrganizationTrail,
    relaxation:
      "The POC creates no CloudTrail trail: the organization trail logs API activity, and records the S3 data events of the POC's buckets only if the organization selects them.",
    remedy:
      "Show that the organization trail covers this account and region, is encrypted with KMS and validates its log files (PCI DSS 10.2.1, 10.3.2, 10.3.4), and that it records the S3 data events (reads and writes) of the POC's buckets, the log archive's included (10.2.1.3); otherwise their server access logs are the only record of object reads.",
    competencyItems: ['2.2', '2.8'],
  },
  {
    field: 'accountBaseline.hasSessionManagerPreferences',
    value: 'true',
    inForce: (config) => config.accountBaseline.hasSessionManagerPreferences,
    relaxation:
      "The POC sets no Session Manager preferences: what is typed in a session is recorded only as the account's own `SSM-SessionManagerRunShell` document says.",
    remedy:
      'Show that the document streams every session to a KMS-encrypted log group kept at least a year (PCI DSS 10.2.1.2, 10.5.1), and grant the POC instance roles the rights its log group and key need (`logs:PutLogEvents`, `kms:Decrypt`) and the roles that start sessions `kms:GenerateDataKey`. If nothing else in the region relies on the document, deleting it and setting `false` lets the POC set its own.',
    competencyItems: ['2.2'],
  },
  {
    field: 'accountBaseline.guardDuty',
    value: 'false',
    inForce: (config) => !config.accountBaseline.guardDuty,
    relaxation: 'The POC creates no GuardDuty detector and no route of its high-severity findings to the alarm topic.',
    remedy: "Show the account's detector in this region and where its findings go.",
    competencyItems: ['2.13'],
  },
  ...GUARD_DUTY_PLANS.map(({ field, plan, consequence }): RelaxationRule => ({
    field: `guardDutyProtection.${field}`,
    value: 'false',
    inForce: (config) => config.accountBaseline.guardDuty && !config.guardDutyProtection[field],
    relaxation: `The POC's GuardDuty detector runs without ${plan}: ${consequence}`,
    remedy: `Leave \`guardDutyProtection.${field}\` out (true) to turn the plan on; it starts with a 30-day free trial.`,
    competencyItems: ['2.13'],
  })),
  {
    field: 'accountBaseline.securityHub',
    value: 'false',
    inForce: (config) => !config.accountBaseline.securityHub,
    relaxation: 'The POC does not enable Security Hub or its PCI DSS v4.0.1 standard.',
    remedy: "Show the account's Security Hub in this region with the PCI DSS v4.0.1 standard enabled.",
    competencyItems: ['2.13'],
  },
  {
    field: 'accountBaseline.inspector',
    value: 'false',
    inForce: (config) => !config.accountBaseline.inspector,
    relaxation: 'The POC does not enable Amazon Inspector EC2 scanning.',
    remedy: "Show that the account's Inspector scans the POC instances (PCI DSS 11.3.1).",
    competencyItems: ['2.13'],
  },
];

/** The DR copy region when the config lets it lie outside the primary region's geography (or may, with no region pinned). */
function crossGeographyCopy(config: PocConfig): string | undefined {
  const { copyToRegion, allowCrossGeography } = config.disasterRecovery;
  if (!allowCrossGeography || !copyToRegion) return undefined;
  const primary = config.environment?.region;
  return primary === undefined || geographyOf(primary) !== geographyOf(copyToRegion) ? copyToRegion : undefined;
}

/** Every relaxation this config puts in force, in a fixed order. */
export function relaxationsInForce(config: PocConfig): Relaxation[] {
  return RELAXATION_RULES.filter((rule) => rule.inForce(config)).map((rule) => ({
    field: rule.field,
    value: typeof rule.value === 'function' ? rule.value(config) : rule.value,
    relaxation: typeof rule.relaxation === 'string' ? rule.relaxation : rule.relaxation(config),
    remedy: rule.remedy,
    competencyItems: rule.competencyItems,
  }));
}

/** The config setting as one Markdown phrase: `` `field: value` ``, or no `` `field` `` when its absence relaxes. */
export function settingOf(relaxation: Relaxation): string {
  return relaxation.value === undefined ? `no \`${relaxation.field}\`` : `\`${relaxation.field}: ${relaxation.value}\``;
}

/** The acknowledgements of the enforced packs that share one reason: rules and resources together. */
export interface AcceptedFinding {
  readonly reason: string;
  readonly rules: readonly string[];
  readonly resources: readonly string[];
}

export function acceptedFindings(report: ComplianceReport): AcceptedFinding[] {
  const byReason = new Map<string, { rules: Set<string>; resources: Set<string> }>();
  for (const pack of report.packs.filter((candidate) => candidate.mode === 'enforced')) {
    for (const rule of pack.rules) {
      for (const acknowledgement of rule.acknowledged) {
        const group = byReason.get(acknowledgement.reason) ?? { rules: new Set<string>(), resources: new Set<string>() };
        group.rules.add(rule.rule);
        group.resources.add(reportPathName(acknowledgement.resource));
        byReason.set(acknowledgement.reason, group);
      }
    }
  }
  return [...byReason.entries()]
    .map(([reason, group]) => ({ reason, rules: [...group.rules].sort(), resources: [...group.resources].sort() }))
    .sort((a, b) => a.resources[0].localeCompare(b.resources[0]) || a.reason.localeCompare(b.reason));
}

/**
 * Resource paths, shortened for a table cell: when more than `limit` paths share a parent, they
 * are listed as `parent/* (n)`.
 */
export function summarizePaths(paths: readonly string[], limit = 3): string[] {
  const byParent = new Map<string, string[]>();
  for (const path of paths) {
    const parent = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    byParent.set(parent, [...(byParent.get(parent) ?? []), path]);
  }
  const result: string[] = [];
  for (const [parent, children] of byParent) {
    if (children.length > limit && parent !== '') result.push(`${parent}/* (${children.length})`);
    else result.push(...children);
  }
  return result.sort();
}
