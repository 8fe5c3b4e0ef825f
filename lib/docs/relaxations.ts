import { ComplianceReport } from '../compliance/report';
import { PATCH_WINDOW_DAYS, PocConfig } from '../config/schema';
import { reportPathName } from './assembly-model';
import { COMPETENCY_ITEM_IDS, CompetencyItemId, configRulesFor } from './competency-checklist';

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
    relaxation: 'CloudFront reaches the public ALB over HTTP (port 80): the ALB has no certificate.',
    remedy:
      'The ALB answers 403 unless the request carries the origin secret header only CloudFront sends. Set `domain` (ACM certificates) for HTTPS to the origin.',
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
    relaxation: 'The POC creates no CloudTrail trail: the organization trail logs API activity.',
    remedy:
      'Show that the organization trail covers this account and region, is encrypted with KMS and validates its log files (PCI DSS 10.2.1, 10.3.2, 10.3.4).',
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
