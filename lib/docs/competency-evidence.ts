import { PCI_DSS_401 } from '../compliance/pci-dss-401/pack';
import { PCI_DSS_401_MAPPINGS } from '../compliance/pci-dss-401/mapping';
import { ComplianceReport } from '../compliance/report';
import { PocConfig } from '../config/schema';
import { CONFIG_RULES } from '../shared/config-rules';
import { code, countsOf, findPack, findRule, isApplicable, plural, resourcesIn, sortedBy } from './report-queries';

/** The competency checklist's vocabulary, and the evidence each kind of check gives (rules, Config rules, recovery figures, logging). */

export interface ChecklistInput {
  readonly report: ComplianceReport;
  readonly config: PocConfig;
}

/**
 * One piece of evidence. `evidenced`: the POC shows it; `relaxed`: a config switch leaves it to
 * the account or weakens it; `missing`: nothing in this POC shows it.
 */
export interface Evidence {
  readonly status: 'evidenced' | 'relaxed' | 'missing';
  /** Markdown. */
  readonly text: string;
  /** Markdown, one line each: the resources or figures behind the text. */
  readonly details: readonly string[];
}

/** The items of section 2 of the checklist this kit covers, in checklist order. */
export const COMPETENCY_ITEM_IDS = [
  '2.2',
  '2.3',
  '2.4',
  '2.5',
  '2.6',
  '2.7',
  '2.8',
  '2.9',
  '2.10',
  '2.11',
  '2.12',
  '2.13',
] as const;
export type CompetencyItemId = (typeof COMPETENCY_ITEM_IDS)[number];

export interface ChecklistItem {
  readonly item: CompetencyItemId;
  readonly title: string;
  /** The evidence the checklist asks for, in English. */
  readonly asks: string;
  readonly evidence: (input: ChecklistInput) => readonly Evidence[];
  /** Markdown, one entry each. */
  readonly partnerMustProvide: (input: ChecklistInput) => readonly string[];
}

export const evidenced = (text: string, details: readonly string[] = []): Evidence => ({ status: 'evidenced', text, details });
export const relaxed = (text: string, details: readonly string[] = []): Evidence => ({ status: 'relaxed', text, details });
export const missing = (text: string, details: readonly string[] = []): Evidence => ({ status: 'missing', text, details });

/** The runbooks of the two POC tests, in the runbooks/ folder beside COMPLIANCE.md. */
export const RUNBOOKS = [
  { file: 'runbooks/load-test-and-scaling.md', title: 'load test and watch scaling' },
  { file: 'runbooks/rds-multi-az-failover.md', title: 'force an RDS Multi-AZ failover and measure the downtime' },
] as const;

/** The result of one rule of the report as evidence: passes, acknowledgements (with reasons) and open findings. */
export function ruleEvidence({ report }: ChecklistInput, pack: string, ruleId: string, what: string): Evidence {
  const rule = findRule(report, pack, ruleId);
  if (!rule || !isApplicable(rule)) {
    return missing(`${code(ruleId)} (${what}): no resource was checked by this rule in the compliance report.`);
  }
  const details = [
    ...rule.passed.map((resource) => `pass: ${code(resource)}`),
    ...rule.acknowledged.map((ack) => `acknowledged: ${code(ack.resource)}: ${ack.reason}`),
    ...rule.findings.map((resource) => `**open finding**: ${code(resource)}`),
  ];
  const counts = [
    plural(rule.passed.length, 'resource passes', 'resources pass'),
    rule.acknowledged.length > 0 ? `${rule.acknowledged.length} acknowledged` : '',
    rule.findings.length > 0 ? `**${plural(rule.findings.length, 'open finding')}**` : '',
  ].filter(Boolean);
  const text = `${code(ruleId)} (${what}): ${counts.join(', ')}.`;
  return rule.findings.length > 0 ? missing(text, details) : evidenced(text, details);
}

/** The PCI DSS v4.0.1 rules mapped to any of `requirements`, summed, as one piece of evidence. */
export function pciRulesEvidence({ report }: ChecklistInput, requirements: readonly string[]): Evidence {
  const ruleIds = new Set(
    PCI_DSS_401_MAPPINGS.filter((mapping) => mapping.requirements.some((r) => requirements.includes(r))).map(
      (mapping) => `${PCI_DSS_401}-${mapping.rule.name}`,
    ),
  );
  const rules = sortedBy(findPack(report, PCI_DSS_401)?.rules.filter((rule) => ruleIds.has(rule.rule)) ?? [], (r) => r.rule);
  const applicable = rules.filter(isApplicable);
  const subject = `PCI DSS v4.0.1 rules of requirement${requirements.length > 1 ? 's' : ''} ${requirements.join(', ')}`;
  if (applicable.length === 0) return missing(`${subject}: none checked a resource in the compliance report.`);
  const counts = countsOf(applicable);
  const text =
    `${subject}: ${plural(applicable.length, 'rule')}, ${counts.passed} passing resource checks, ` +
    `${counts.acknowledged} acknowledged, ${counts.findings} open (see the PCI DSS v4.0.1 section).`;
  const details = applicable.map((rule) => {
    const ruleCounts = countsOf([rule]);
    return `${code(rule.rule)}: ${ruleCounts.passed} pass, ${ruleCounts.acknowledged} acknowledged, ${ruleCounts.findings} open`;
  });
  return counts.findings > 0 ? missing(text, details) : evidenced(text, details);
}

/** The AWS Config managed rules of the Operations stack that watch `item`: identifier and purpose. */
export function configRulesFor(item: CompetencyItemId): [string, string][] {
  return Object.entries(CONFIG_RULES).filter(([, purpose]) => purpose.startsWith(`Competency ${item}:`));
}

/** The AWS Config managed rules the Operations stack deploys for `item`, and their alert route. */
export function configRulesEvidence({ config }: ChecklistInput, item: CompetencyItemId): Evidence {
  const rules = configRulesFor(item);
  const text =
    `AWS Config managed rules in the Operations stack, each NON_COMPLIANT evaluation sent to the alarm topic: ` +
    `${rules.map(([identifier]) => code(identifier)).join(', ')}.`;
  const details = rules.map(([identifier, purpose]) => `${code(identifier)}: ${purpose.replace(/^Competency [\d.]+: /, '')}`);
  return config.accountBaseline.hasConfigRecorder
    ? relaxed(
        `${text} They evaluate only what the account's own recorder records (\`accountBaseline.hasConfigRecorder: true\`).`,
        details,
      )
    : evidenced(`${text} The POC's own Config recorder records every resource type.`, details);
}

export function resourcesMatching({ report }: ChecklistInput, pattern: RegExp): string[] {
  return resourcesIn(report).filter((resource) => pattern.test(resource));
}

/**
 * Evidence of a logging control the POC deploys unless an `accountBaseline` switch leaves it to
 * the account: relaxed when the switch is set, else evidenced by the resources of the report
 * matching `pattern`, or missing when there are none.
 */
function loggingControlEvidence(
  input: ChecklistInput,
  control: {
    readonly leftToAccount: boolean;
    readonly relaxedText: string;
    readonly pattern: RegExp;
    readonly label: string;
    readonly evidencedText: string;
    readonly missingText: string;
  },
): Evidence {
  if (control.leftToAccount) return relaxed(control.relaxedText);
  const resources = resourcesMatching(input, control.pattern);
  return resources.length > 0
    ? evidenced(
        control.evidencedText,
        resources.map((resource) => `${control.label}: ${code(resource)}`),
      )
    : missing(control.missingText);
}

/** The GuardDuty protection plans of a config, on or off, as one phrase. */
export function guardDutyPlans(config: PocConfig): string {
  const plans = config.guardDutyProtection;
  const state = (on: boolean) => (on ? 'on' : '**off**');
  return [
    `S3 Protection ${state(plans.s3DataEvents)}`,
    `Malware Protection for EC2 ${state(plans.ebsMalwareProtection)}`,
    `Runtime Monitoring of the instances ${state(plans.runtimeMonitoring)}`,
    `Lambda Protection ${state(plans.lambdaNetworkLogs)}`,
    `RDS Protection ${state(plans.rdsLoginEvents)} (it watches Aurora and RDS for PostgreSQL logins, not this MySQL instance)`,
  ].join(', ');
}

export function auditTrailEvidence(input: ChecklistInput): Evidence {
  return loggingControlEvidence(input, {
    leftToAccount: input.config.accountBaseline.hasOrganizationTrail,
    relaxedText:
      'API activity is logged by the organization trail, not by this POC (`accountBaseline.hasOrganizationTrail: true`).',
    pattern: /\/AuditTrail\/Trail\/Resource$/,
    label: 'trail',
    evidencedText:
      "A multi-region CloudTrail trail (KMS-encrypted, log file validation) records every API call, including changes made outside CloudFormation, and the S3 data events (object reads and writes) of the POC's buckets.",
    missingText: 'No CloudTrail trail appears in the compliance report.',
  });
}

export function sessionLoggingEvidence(input: ChecklistInput): Evidence {
  return loggingControlEvidence(input, {
    leftToAccount: input.config.accountBaseline.hasSessionManagerPreferences,
    relaxedText:
      "What is typed in Session Manager sessions is recorded by the account's own preferences, not by this POC (`accountBaseline.hasSessionManagerPreferences: true`).",
    pattern: /\/SessionLogging\/Logs\/Resource$/,
    label: 'session log group',
    evidencedText:
      'Every Session Manager shell session is recorded: the POC sets the regional preferences (`SSM-SessionManagerRunShell`) ' +
      'to stream what is typed and printed to a KMS-encrypted log group kept a year, and to encrypt the session itself with ' +
      'a customer-managed key (PCI DSS 10.2.1.2).',
    missingText: 'No Session Manager log group appears in the compliance report: what is typed in a session is not recorded.',
  });
}
