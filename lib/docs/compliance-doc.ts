import { z } from 'zod';
import { ENFORCED_PACKS } from '../compliance/packs';
import { PCI_DSS_401 } from '../compliance/pci-dss-401/pack';
import {
  PCI_DSS_401_MAPPINGS,
  PRINCIPAL_REQUIREMENTS,
  PUBLISHED_MAPPINGS,
  RequirementMapping,
} from '../compliance/pci-dss-401/mapping';
import { Acknowledgement, ComplianceReport, PackReport, RuleReport } from '../compliance/report';
import { customerStackPrefix } from '../config/naming';
import { PocConfig } from '../config/schema';
import { COMPETENCY_CHECKLIST, Evidence } from './competency-checklist';
import {
  compareRequirements,
  PRINCIPAL_RESPONSIBILITIES,
  principalOf,
  V321_PRINCIPAL_REQUIREMENTS,
  V401_REQUIREMENT_TITLES,
} from './pci-requirements';
import { relaxationsInForce, settingOf } from './relaxations';
import { code, compareText, Counts, countsOf, findPack, isApplicable, plain, plural, sortedBy, stacksIn } from './report-queries';

export interface ComplianceDocInput {
  /** `cdk.out/compliance-report.json`, as written by `cdk synth` (parse it with parseComplianceReport). */
  readonly report: ComplianceReport;
  readonly config: PocConfig;
}

const PCI_DSS_321 = 'PCI.DSS.321';
const COMPETENCY = 'Competency';

const STANDARDS: Readonly<Record<string, string>> = {
  AwsSolutions: 'AWS Solutions best practices (cdk-nag)',
  Competency: 'AWS Retail Competency checklist, items code can prove (kit pack)',
  [PCI_DSS_321]: 'PCI DSS 3.2.1, retired (cdk-nag)',
  [PCI_DSS_401]: 'PCI DSS v4.0.1 (kit pack)',
  'HIPAA.Security': 'HIPAA Security Rule (cdk-nag)',
  'NIST.800.53.R5': 'NIST SP 800-53 Rev. 5 (cdk-nag)',
};

/** PCI.DSS.401 rule ids whose requirements come from an AWS publication (the others are the kit's reading). */
const PUBLISHED_RULES = new Set(PUBLISHED_MAPPINGS.map((mapping) => `${PCI_DSS_401}-${mapping.rule.name}`));

const acknowledgementSchema = z.object({ resource: z.string(), acknowledgedAt: z.string(), reason: z.string() });
const complianceReportSchema = z.object({
  packs: z.array(
    z.object({
      pack: z.string(),
      mode: z.enum(['enforced', 'report-only']),
      rules: z.array(
        z.object({
          rule: z.string(),
          description: z.string(),
          passed: z.array(z.string()),
          acknowledged: z.array(acknowledgementSchema),
          findings: z.array(z.string()),
        }),
      ),
    }),
  ),
});

/**
 * Checks that `json` (the parsed contents of `source`) is a compliance report as `cdk synth`
 * writes it, naming every field that is not.
 */
export function parseComplianceReport(json: unknown, source: string): ComplianceReport {
  const result = complianceReportSchema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  throw new Error(`${source} is not a compliance report of this kit (${problems.join('; ')}); regenerate it with npx cdk synth`);
}

/**
 * The report with packs (enforced first), rules, resources and acknowledgements sorted: whatever
 * order the report lists them in, the document has the same bytes.
 */
function inStableOrder(report: ComplianceReport): ComplianceReport {
  const packs = sortedBy(report.packs, (pack) => `${pack.mode === 'enforced' ? 0 : 1}${pack.pack}`);
  return {
    packs: packs.map((pack) => ({
      ...pack,
      rules: sortedBy(pack.rules, (rule) => rule.rule).map((rule) => ({
        ...rule,
        passed: sortedBy(rule.passed, (resource) => resource),
        acknowledged: sortedBy(rule.acknowledged, (ack) => `${ack.resource}\n${ack.reason}`),
        findings: sortedBy(rule.findings, (resource) => resource),
      })),
    })),
  };
}

/** The report names stacks of this config's customer: a report of another config would document the wrong POC. */
function checkSameCustomer(report: ComplianceReport, config: PocConfig): void {
  const prefix = `${customerStackPrefix(config)}-`;
  const foreign = stacksIn(report).filter((stack) => !stack.startsWith(prefix));
  if (foreign.length > 0) {
    throw new Error(
      `the compliance report covers stacks ${foreign.join(', ')}, not the ${prefix}* stacks of customer "${config.customer.name}": ` +
        'synthesize this config (npx cdk synth -c config=<its file>) and regenerate',
    );
  }
}

/**
 * The v4.0.1 mapping of each PCI.DSS.401 rule id of the report. A rule that reports findings one
 * by one (`RDSLoggingEnabled[LogExport::general]`) maps as its rule does.
 */
function mappingsOf(report: ComplianceReport): Map<string, RequirementMapping> {
  const byBaseId = new Map(PCI_DSS_401_MAPPINGS.map((mapping) => [`${PCI_DSS_401}-${mapping.rule.name}`, mapping]));
  const byRuleId = new Map<string, RequirementMapping>();
  const unknown: string[] = [];
  for (const { rule } of findPack(report, PCI_DSS_401)?.rules ?? []) {
    const mapping = byBaseId.get(rule.replace(/\[[^\]]*\]$/, ''));
    if (mapping) byRuleId.set(rule, mapping);
    else unknown.push(rule);
  }
  if (unknown.length > 0) {
    throw new Error(
      `the compliance report holds ${PCI_DSS_401} rules that lib/compliance/pci-dss-401/mapping.ts does not map: ` +
        `${unknown.join(', ')}; the report is from another version of the kit: regenerate it with npx cdk synth`,
    );
  }
  return byRuleId;
}

/** "(Control IDs: 2.3, 4.1, 8.2.1)." at the end of a cdk-nag PCI DSS 3.2.1 rule's description. */
export function controlIdsOf(description: string): string[] {
  const match = /\(Control IDs?: ([^)]+)\)\.?\s*$/.exec(description);
  return match ? match[1].split(',').map((id) => id.trim()) : [];
}

/** What the rules say, never more: a passing rule shows a configuration, not that the requirement is met. */
const status = (counts: Counts): string => {
  if (counts.findings > 0) return '**open finding**';
  if (counts.acknowledged > 0) return 'pass, with acknowledgements';
  if (counts.passed > 0) return 'pass';
  return 'not applicable';
};

const resultCell = (counts: Counts): string =>
  `${status(counts)}: ${counts.passed} pass, ${counts.acknowledged} acknowledged, ${counts.findings} open`;

const ruleCounts = (rule: RuleReport): string => {
  const counts = countsOf([rule]);
  return `${counts.passed} pass${counts.acknowledged ? `, ${counts.acknowledged} ack` : ''}${counts.findings ? `, **${counts.findings} open**` : ''}`;
};

/** Acknowledgement reasons and open findings of `rules`, one per line, for a Notes cell. */
function notesCell(rules: readonly RuleReport[]): string {
  const notes = rules.flatMap((rule) => [
    ...rule.acknowledged.map((ack) => `Acknowledged ${code(ack.resource)} (${code(rule.rule)}): ${plain(ack.reason)}`),
    ...rule.findings.map((resource) => `**Open finding** ${code(resource)} (${code(rule.rule)})`),
  ]);
  return notes.join('<br>') || '–';
}

const table = (header: readonly string[], rows: readonly (readonly string[])[]): string[] => [
  `| ${header.join(' | ')} |`,
  `|${header.map(() => '---').join('|')}|`,
  ...rows.map((row) => `| ${row.join(' | ')} |`),
];

/** The applicable rules of `rules` that map to each requirement, requirements in the standard's order. */
function byRequirement(
  rules: readonly RuleReport[],
  requirementsOf: (rule: RuleReport) => readonly string[],
): [string, RuleReport[]][] {
  const groups = new Map<string, RuleReport[]>();
  for (const rule of rules) {
    for (const requirement of requirementsOf(rule)) groups.set(requirement, [...(groups.get(requirement) ?? []), rule]);
  }
  return [...groups.entries()].sort(([a], [b]) => compareRequirements(a, b));
}

function notApplicableLine(rules: readonly RuleReport[]): string[] {
  // A rule that reported findings one by one (`Rule[LogExport::general]`) did meet its resource.
  const metThroughFindings = (rule: RuleReport) =>
    rules.some((other) => other.rule.startsWith(`${rule.rule}[`) && isApplicable(other));
  const idle = rules.filter((rule) => !isApplicable(rule) && !metThroughFindings(rule));
  return idle.length === 0
    ? []
    : [
        '',
        `Rules that met no resource of their kind in this POC (${idle.length}): ${idle.map((rule) => code(rule.rule)).join(', ')}.`,
      ];
}

function header(input: ComplianceDocInput): string[] {
  return [
    `# Compliance evidence of the ${input.config.customer.name} POC`,
    '',
    'Generated by pci-poc-kit from the compliance report that `cdk synth` writes (`cdk.out/compliance-report.json`) and from the ' +
      'POC config; do not edit. It lists, per PCI DSS requirement, the rules that checked the synthesized templates, the resources ' +
      'that meet them and every acknowledged finding with its reason; then the AWS Retail Competency checklist items 2.2-2.13 with ' +
      'the evidence this POC gives and what the partner must still provide.',
    '',
    '**How to read the requirement tables.** The columns Requirement, Title, Responsibility and Controls in this POC follow the ' +
      'PCI DSS security controls matrix that AWS published with its PCI DSS Quick Start ("Standardized Architecture for PCI DSS on ' +
      'the AWS Cloud"): the requirement, its text (here a short paraphrase: the standard governs), who is responsible (AWS, customer ' +
      "or shared) and how the deployment addresses it. Result and Notes are this kit's additions: the outcome of each rule on each " +
      'resource of this synthesis (pass, acknowledged with a reason, or open finding) and the reasons behind every acknowledgement. ' +
      'Counts are resource checks: one rule on one resource. **A pass is the result of the rule checks, not a verdict on the ' +
      'requirement**: the rules mapped to a requirement come from the AWS publications named per rule (or the kit’s reading, ' +
      'marked †) and often check only part of it, sometimes only a supporting control (an alarm action, an access log); the ' +
      'processes, reviews and tests the requirement asks for are evidenced by the customer and the partner, never by a template.',
  ];
}

function summary({ report }: ComplianceDocInput): string[] {
  const rows = report.packs.map((pack) => {
    const counts = countsOf(pack.rules);
    return [
      code(pack.pack),
      STANDARDS[pack.pack] ?? '–',
      pack.mode,
      `${pack.rules.filter(isApplicable).length} of ${pack.rules.length}`,
      String(counts.passed),
      String(counts.acknowledged),
      counts.findings > 0 && pack.mode === 'enforced' ? `**${counts.findings}**` : String(counts.findings),
    ];
  });
  const enforcedFindings = countsOf(
    report.packs.filter((pack) => pack.mode === 'enforced').flatMap((pack) => pack.rules),
  ).findings;
  const missingPacks = ENFORCED_PACKS.filter((pack) => !findPack(report, pack));
  return [
    '## Summary',
    '',
    ...table(['Pack', 'Standard', 'Mode', 'Rules that met a resource', 'Passed', 'Acknowledged', 'Open findings'], rows),
    '',
    enforcedFindings === 0
      ? 'Enforced packs: no open finding. An unacknowledged finding of an enforced pack fails `cdk synth` and the tests; report-only packs are listed for information.'
      : `**Enforced packs: ${plural(enforcedFindings, 'open finding')}.** A synthesis with open findings of an enforced pack fails; fix or acknowledge each before deploying.`,
    ...(missingPacks.length > 0
      ? [
          '',
          `**The report holds no results for the enforced ${missingPacks.length === 1 ? 'pack' : 'packs'} ${missingPacks.map(code).join(', ')}.**`,
        ]
      : []),
  ];
}

function relaxationsSection({ config }: ComplianceDocInput): string[] {
  const relaxations = relaxationsInForce(config);
  return [
    '## Relaxations in force',
    '',
    'Config choices that weaken a secure default, or leave an account-wide control to the account instead of the POC.',
    '',
    ...(relaxations.length === 0
      ? ['None: every secure default is in force and the POC creates every account-wide control.']
      : table(
          ['Config field', 'Value', 'Relaxation', 'What compensates / how to restore the default', 'Competency items'],
          relaxations.map((relaxation) => [
            code(relaxation.field),
            relaxation.value === undefined ? 'not set' : code(relaxation.value),
            plain(relaxation.relaxation),
            plain(relaxation.remedy),
            relaxation.competencyItems.join(', '),
          ]),
        )),
  ];
}

/** What a requirement's Notes add from the config: the part of the control the rules cannot state on their own. */
function configNotes(config: PocConfig): Readonly<Record<string, string>> {
  const days = config.patching.maxInstanceLifetimeDays;
  return {
    '6.3.3':
      'Web, app and bastion instances take their patches from the newest Amazon Linux 2023 AMI, never from updates on a ' +
      "running instance: each launch reads AWS's public SSM parameter for the AMI id, and Auto Scaling replaces each " +
      `instance as it reaches ${plural(days, 'day')} in service (\`patching.maxInstanceLifetimeDays\`), launching its ` +
      'replacement first. A fix therefore reaches every instance at most ' +
      `${plural(days, 'day')} after AWS publishes an AMI that contains it (a failed launch delays it and pages the alarm ` +
      `topic), or at once with the instance refresh of the runbook [patch the instances](${PATCH_RUNBOOK}). The sample ` +
      "application's own dependencies are patched by a deployment of the kit, not by the AMI.",
  };
}

/** The patch runbook, from docs/generated/<customer>/. */
const PATCH_RUNBOOK = '../../runbooks/patch-instances.md';

function pci401Section(input: ComplianceDocInput): string[] {
  const pack = findPack(input.report, PCI_DSS_401);
  const lines = ['## PCI DSS v4.0.1', ''];
  if (!pack) return [...lines, `The compliance report holds no ${code(PCI_DSS_401)} results.`];
  const mappings = mappingsOf(input.report);
  const mark = (rule: RuleReport) => `${code(rule.rule)}${PUBLISHED_RULES.has(rule.rule) ? '' : '†'}`;
  const groups = byRequirement(pack.rules, (rule) => mappings.get(rule.rule)?.requirements ?? []);
  lines.push(
    `Pack ${code(PCI_DSS_401)}: each rule maps to the v4.0.1 requirements a finding of it puts at risk, through the AWS Config ` +
      'conformance pack "Operational Best Practices for PCI DSS 4.0" or the AWS Security Hub controls reference; † marks a ' +
      "mapping that is the kit's reading of the standard, with no AWS publication behind it (the basis of each is under Rule results). " +
      'A rule mapped to several requirements appears under each.',
  );
  const principals = Object.keys(PRINCIPAL_REQUIREMENTS).sort(compareRequirements);
  const notes = configNotes(input.config);
  for (const principal of principals) {
    const responsibility = PRINCIPAL_RESPONSIBILITIES[principal];
    const rows = groups
      .filter(([requirement]) => principalOf(requirement) === principal)
      .map(([requirement, rules]) => {
        const applicable = sortedBy(rules.filter(isApplicable), (rule) => rule.rule);
        return [
          requirement,
          plain(V401_REQUIREMENT_TITLES[requirement] ?? PRINCIPAL_REQUIREMENTS[principal]),
          responsibility.responsibility,
          applicable.map((rule) => `${mark(rule)}: ${ruleCounts(rule)}`).join('<br>') || '–',
          resultCell(countsOf(applicable)),
          [notes[requirement], notesCell(applicable)].filter((note) => note && note !== '–').join('<br>') || '–',
        ];
      });
    lines.push(
      '',
      `### Requirement ${principal}: ${PRINCIPAL_REQUIREMENTS[principal]}`,
      '',
      `Responsibility: **${responsibility.responsibility}**. ${responsibility.note}`,
      '',
      ...(rows.length > 0
        ? table(['Requirement', 'Title', 'Responsibility', 'Controls in this POC (rules)', 'Result', 'Notes'], rows)
        : [
            `No rule of the kit checks requirement ${principal}: its evidence is process documentation${responsibility.responsibility === 'AWS' ? " and AWS's attestation" : ''}.`,
          ]),
    );
  }
  return [...lines, ...notApplicableLine(pack.rules)];
}

function pci321Section({ report }: ComplianceDocInput): string[] {
  const pack = findPack(report, PCI_DSS_321);
  const lines = ['## PCI DSS 3.2.1 (cdk-nag pack)', ''];
  if (!pack) return [...lines, `The compliance report holds no ${code(PCI_DSS_321)} results.`];
  const applicable = pack.rules.filter(isApplicable);
  const groups = byRequirement(applicable, (rule) => {
    const ids = controlIdsOf(rule.description);
    return ids.length > 0 ? ids : ['none stated'];
  });
  lines.push(
    `PCI DSS 3.2.1 was retired on 2024-03-31; cdk-nag's pack ${code(PCI_DSS_321)} still checks it and is enforced here, so ` +
      'its results are evidence too. Each control ID is read from the "(Control ID: x.y)" of the rule\'s description.',
  );
  const principals = Object.keys(V321_PRINCIPAL_REQUIREMENTS).sort(compareRequirements);
  const unchecked: string[] = [];
  for (const principal of principals) {
    const rows = groups
      .filter(([control]) => principalOf(control) === principal)
      .map(([control, rules]) => {
        const sorted = sortedBy(rules, (rule) => rule.rule);
        return [
          control,
          sorted.map((rule) => `${code(rule.rule)}: ${ruleCounts(rule)}`).join('<br>'),
          resultCell(countsOf(sorted)),
          notesCell(sorted),
        ];
      });
    if (rows.length === 0) {
      unchecked.push(principal);
      continue;
    }
    lines.push(
      '',
      `### Requirement ${principal}: ${V321_PRINCIPAL_REQUIREMENTS[principal]}`,
      '',
      ...table(['Control', 'Controls in this POC (rules)', 'Result', 'Notes'], rows),
    );
  }
  const unstated = groups.find(([control]) => control === 'none stated');
  if (unstated) {
    lines.push('', `Rules whose description states no control ID: ${unstated[1].map((rule) => code(rule.rule)).join(', ')}.`);
  }
  if (unchecked.length > 0) {
    lines.push(
      '',
      `No rule of the pack met a resource for requirement${unchecked.length > 1 ? 's' : ''} ${unchecked.join(', ')}.`,
    );
  }
  return [...lines, ...notApplicableLine(pack.rules)];
}

function ruleDetail(rule: RuleReport, mapping: RequirementMapping | undefined): string[] {
  const facts = [
    `Finding when it fails: ${plain(rule.description)}`,
    ...(mapping ? [`Mapping basis: ${plain(mapping.basis)}${PUBLISHED_RULES.has(rule.rule) ? '' : ' (†)'}.`] : []),
  ];
  const list = (title: string, items: readonly string[]) =>
    items.length === 0 ? [] : [`- ${title} (${items.length}):`, ...items.map((item) => `  - ${item}`)];
  return [
    '',
    `#### ${code(rule.rule)}`,
    '',
    facts.join(' '),
    '',
    ...list('Passed', rule.passed.map(code)),
    ...list(
      'Acknowledged',
      rule.acknowledged.map((ack: Acknowledgement) => `${code(ack.resource)}: ${plain(ack.reason)}`),
    ),
    ...list('**Open findings**', rule.findings.map(code)),
  ];
}

function ruleResultsSection({ report }: ComplianceDocInput): string[] {
  const mappings = mappingsOf(report);
  const lines = [
    '## Rule results',
    '',
    'Every rule of the PCI DSS and competency packs that met a resource, with the resources it checked.',
  ];
  for (const packName of [PCI_DSS_401, PCI_DSS_321, COMPETENCY]) {
    const pack = findPack(report, packName);
    if (!pack) continue;
    lines.push('', `### ${code(packName)}`);
    for (const rule of sortedBy(pack.rules.filter(isApplicable), (r) => r.rule)) {
      lines.push(...ruleDetail(rule, packName === PCI_DSS_401 ? mappings.get(rule.rule) : undefined));
    }
  }
  return lines;
}

function acknowledgementsSection({ report }: ComplianceDocInput): string[] {
  const rows = report.packs
    .flatMap((pack: PackReport) =>
      pack.rules.flatMap((rule) => rule.acknowledged.map((ack) => ({ pack: pack.pack, rule: rule.rule, ack }))),
    )
    .sort((a, b) => compareText(a.pack, b.pack) || compareText(a.rule, b.rule) || compareText(a.ack.resource, b.ack.resource));
  return [
    '## Acknowledgements',
    '',
    `Every acknowledged finding (${rows.length}), by pack, rule and resource. Each sits on the one resource it concerns, never ` +
      'on a stack or the app, and its reason says why that resource may differ and what compensates.',
    '',
    ...(rows.length === 0
      ? ['None.']
      : table(
          ['Pack', 'Rule', 'Resource', 'Reason'],
          rows.map(({ pack, rule, ack }) => [code(pack), code(rule), code(ack.resource), plain(ack.reason)]),
        )),
  ];
}

function reportOnlySection({ report }: ComplianceDocInput): string[] {
  const packs = report.packs.filter((pack) => pack.mode === 'report-only');
  if (packs.length === 0) {
    return [
      '## Report-only packs',
      '',
      'The NIST SP 800-53 Rev. 5 and HIPAA Security packs of cdk-nag show where the POC stands against other frameworks a ' +
        'customer may ask about. They were not run for this assembly (`cdk synth` runs only the enforced packs): ' +
        '`npm run compliance -- -c config=PATH` runs them into `cdk.out`, then `npm run docs -- -c config=PATH --from cdk.out` lists their findings here.',
    ];
  }
  const lines = [
    '## Report-only packs',
    '',
    'Run by `npm run compliance` for information; their findings never fail it. They show where the POC stands against other ' +
      'frameworks a customer may ask about.',
  ];
  for (const pack of packs) {
    const withFindings = pack.rules.filter((rule) => rule.findings.length > 0);
    const counts = countsOf(pack.rules);
    lines.push(
      '',
      `### ${code(pack.pack)}`,
      '',
      `${counts.passed} resource checks pass, ${plural(counts.findings, 'finding')} on ${plural(withFindings.length, 'rule')}.`,
    );
    if (withFindings.length > 0) {
      lines.push(
        '',
        ...table(
          ['Rule', 'Finding', 'Resources'],
          withFindings.map((rule) => [code(rule.rule), plain(rule.description), rule.findings.map(code).join('<br>')]),
        ),
      );
    }
  }
  return lines;
}

const EVIDENCE_MARKS: Record<Evidence['status'], string> = { evidenced: '✓', relaxed: '◐', missing: '✗' };

function competencySection(input: ComplianceDocInput): string[] {
  const relaxations = relaxationsInForce(input.config);
  const items = COMPETENCY_CHECKLIST.map((item) => ({
    item,
    evidence: item.evidence(input),
    relaxations: relaxations.filter((relaxation) => relaxation.competencyItems.includes(item.item)),
  }));
  const itemStatus = (evidence: readonly Evidence[], relaxed: boolean): string => {
    if (evidence.some((e) => e.status === 'missing')) return '✗ evidence missing';
    if (relaxed || evidence.some((e) => e.status === 'relaxed')) return '◐ partly: relaxed or left to the account';
    return '✓ shown by this POC';
  };
  const lines = [
    '## AWS Retail Competency checklist, items 2.2-2.13',
    '',
    'From the AWS Retail Competency Consulting Partner Validation Checklist (December 2019, v1.0), section 2.0 "Case study ' +
      'requirements", translated from the French edition. For each item: what the checklist asks, what this POC evidences ' +
      '(✓ shown by this POC, ◐ relaxed by the config or left to the account, ✗ missing), and what the partner must still provide: ' +
      'code proves configurations, not processes or tests that were run.',
    '',
    ...table(
      ['Item', 'Title', 'Evidence in this POC', 'The partner must still provide'],
      items.map(({ item, evidence, relaxations: itemRelaxations }) => [
        item.item,
        item.title,
        itemStatus(evidence, itemRelaxations.length > 0),
        plural(item.partnerMustProvide(input).length, 'document or record', 'documents or records'),
      ]),
    ),
  ];
  for (const { item, evidence, relaxations: itemRelaxations } of items) {
    lines.push(
      '',
      `### ${item.item} ${item.title}`,
      '',
      `**The checklist asks:** ${item.asks}`,
      '',
      '**Evidence in this POC:**',
      '',
    );
    for (const entry of evidence) {
      lines.push(`- ${EVIDENCE_MARKS[entry.status]} ${entry.text}`, ...entry.details.map((detail) => `  - ${detail}`));
    }
    if (itemRelaxations.length > 0) {
      lines.push(
        '',
        '**Relaxations in force:**',
        '',
        ...itemRelaxations.map((relaxation) => `- ${settingOf(relaxation)}: ${relaxation.relaxation} ${relaxation.remedy}`),
      );
    }
    lines.push('', '**The partner must still provide:**', '', ...item.partnerMustProvide(input).map((entry) => `- ${entry}`));
  }
  return lines;
}

/**
 * COMPLIANCE.md: per PCI DSS v4.0.1 and 3.2.1 requirement the rules, resources and results of
 * the synthesized POC, every acknowledgement with its reason, the relaxations in force, and the
 * competency checklist items 2.2-2.13 with their evidence. Deterministic: same input, same bytes.
 */
export function renderComplianceMarkdown({ report, config }: ComplianceDocInput): string {
  checkSameCustomer(report, config);
  const input = { report: inStableOrder(report), config };
  const sections = [
    header(input),
    summary(input),
    relaxationsSection(input),
    pci401Section(input),
    pci321Section(input),
    acknowledgementsSection(input),
    competencySection(input),
    reportOnlySection(input),
    ruleResultsSection(input),
  ].filter((section) => section.length > 0);
  return `${sections.map((section) => section.join('\n')).join('\n\n')}\n`;
}
