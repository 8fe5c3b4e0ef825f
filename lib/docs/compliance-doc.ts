import { ENFORCED_PACKS } from '../compliance/packs';
import { PCI_DSS_401 } from '../compliance/pci-dss-401/pack';
import { PRINCIPAL_REQUIREMENTS, PUBLISHED_MAPPINGS } from '../compliance/pci-dss-401/mapping';
import { ComplianceReport, RuleReport } from '../compliance/report';
import { PocConfig } from '../config/schema';
import { PocModel } from '../model';
import {
  compareRequirements,
  PRINCIPAL_RESPONSIBILITIES,
  principalOf,
  V321_PRINCIPAL_REQUIREMENTS,
  V401_REQUIREMENT_TITLES,
} from './pci-requirements';
import { relaxationsInForce } from './relaxations';
import { code, countsOf, findPack, isApplicable, plain, plural, sortedBy } from './report-queries';
import { checkSameCustomer, controlIdsOf, inStableOrder, mappingsOf } from './compliance-report-parse';
import { byRequirement, notApplicableLine, notesCell, resultCell, ruleCounts, table } from './compliance-cells';
import { acknowledgementsSection, reportOnlySection, ruleResultsSection } from './compliance-sections';
import { competencySection } from './competency-section';
import { architectNotes } from './markdown';
import { StandardVerdicts } from './verdict';
import { HOW_TO_READ, pciVerdictsIn, verdictCell, verdictSummarySection } from './pci-verdicts-render';

export { controlIdsOf, parseComplianceReport } from './compliance-report-parse';

export interface ComplianceDocInput {
  /** `cdk.out/compliance-report.json`, as written by `cdk synth` (parse it with parseComplianceReport). */
  readonly report: ComplianceReport;
  readonly config: PocConfig;
  /** The POC model of the same assembly: the competency verdicts name its resources and properties. */
  readonly poc: PocModel;
  /** The verdicts per standard (`pciVerdicts` of lib/docs/pci-verdicts.ts for PCI DSS v4.0.1), in the summary's order. */
  readonly verdicts: readonly StandardVerdicts[];
}

export const PCI_DSS_321 = 'PCI.DSS.321';
export const COMPETENCY = 'Competency';

const STANDARDS: Readonly<Record<string, string>> = {
  AwsSolutions: 'AWS Solutions best practices (cdk-nag)',
  Competency: 'AWS Retail Competency checklist, items code can prove (kit pack)',
  [PCI_DSS_321]: 'PCI DSS 3.2.1, retired (cdk-nag)',
  [PCI_DSS_401]: 'PCI DSS v4.0.1 (kit pack)',
  'HIPAA.Security': 'HIPAA Security Rule (cdk-nag)',
  'NIST.800.53.R5': 'NIST SP 800-53 Rev. 5 (cdk-nag)',
};

/** PCI.DSS.401 rule ids whose requirements come from an AWS publication (the others are the kit's reading). */
export const PUBLISHED_RULES = new Set(PUBLISHED_MAPPINGS.map((mapping) => `${PCI_DSS_401}-${mapping.rule.name}`));

export function header(input: ComplianceDocInput): string[] {
  return [
    `# Compliance evidence of the ${input.config.customer.name} POC`,
    '',
    'Per PCI DSS v4.0.1 requirement, a verdict on this POC with the evidence behind it; then the rule checks that support it, ' +
      'every acknowledged finding with its reason, and the AWS Retail Competency checklist items 2.2-2.13 with the evidence ' +
      'this POC gives and what the partner must still provide.',
  ];
}

function packSummary({ report }: ComplianceDocInput): string[] {
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
    '## Rule checks by pack',
    '',
    'The outcomes of the rule checks that support the verdicts: one rule on one resource per check.',
    '',
    ...table(['Pack', 'Standard', 'Mode', 'Rules that met a resource', 'Passed', 'Acknowledged', 'Open findings'], rows),
    '',
    enforcedFindings === 0
      ? 'Enforced packs: no open finding (the kit does not synthesize a POC with one); report-only packs are listed for information.'
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
  const verdicts = pciVerdictsIn(input.verdicts);
  for (const principal of principals) {
    const responsibility = PRINCIPAL_RESPONSIBILITIES[principal];
    const rows = verdicts
      .filter((verdict) => principalOf(verdict.requirement) === principal)
      .map((verdict) => {
        const rules = groups.find(([requirement]) => requirement === verdict.requirement)?.[1] ?? [];
        const applicable = sortedBy(rules.filter(isApplicable), (rule) => rule.rule);
        return [
          verdict.requirement,
          verdictCell(verdict),
          plain(V401_REQUIREMENT_TITLES[verdict.requirement] ?? PRINCIPAL_REQUIREMENTS[principal]),
          responsibility.responsibility,
          [...applicable.map((rule) => `${mark(rule)}: ${ruleCounts(rule)}`), resultCell(countsOf(applicable))].join('<br>'),
          [notes[verdict.requirement], notesCell(applicable)].filter((note) => note && note !== '–').join('<br>') || '–',
        ];
      });
    lines.push(
      '',
      `### Requirement ${principal}: ${PRINCIPAL_REQUIREMENTS[principal]}`,
      '',
      `Responsibility: **${responsibility.responsibility}**. ${responsibility.note}`,
      '',
      ...(rows.length > 0
        ? table(['Requirement', 'Verdict', 'Title', 'Responsibility', 'Rule checks (supporting detail)', 'Notes'], rows)
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

export function renderComplianceMarkdown({ report, config, poc, verdicts }: ComplianceDocInput): string {
  checkSameCustomer(report, config);
  const input = { report: inStableOrder(report), config, poc, verdicts };
  const sections = [
    header(input),
    verdictSummarySection(input.verdicts),
    [...HOW_TO_READ],
    relaxationsSection(input),
    pci401Section(input),
    packSummary(input),
    pci321Section(input),
    acknowledgementsSection(input),
    competencySection(input),
    reportOnlySection(input),
    ruleResultsSection(input),
    architectNotes([
      'Generated by pci-poc-kit (`npm run docs`) from the synthesized templates, the compliance report that `cdk synth` writes beside them (`cdk.out/compliance-report.json`) and the POC config. Do not edit; regenerate.',
      'The report-only packs (NIST SP 800-53 Rev. 5, HIPAA Security): `npm run compliance -- -c config=PATH` runs them into `cdk.out`, then `npm run docs -- -c config=PATH --from cdk.out` lists their findings in this document.',
    ]),
  ].filter((section) => section.length > 0);
  return `${sections.map((section) => section.join('\n')).join('\n\n')}\n`;
}
