import { COMPETENCY_CHECKLIST, ChecklistInput } from './competency-checklist';
import { table } from './compliance-cells';
import { relaxationsInForce, settingOf } from './relaxations';
import { code, plain, plural } from './report-queries';
import { RequirementVerdict, TemplateEvidence } from './verdict';

/** COMPLIANCE.md's AWS Retail Competency section: per item 2.2-2.13 its verdict, the detail behind it and what the partner must provide. */

const evidenceLine = (evidence: TemplateEvidence): string =>
  `- ${code(evidence.resource)} ${code(evidence.property)}: ${plain(evidence.value)}`;

/** The verdict as one table cell: "not in place" stands out. */
const verdictCell = (verdict: RequirementVerdict): string =>
  verdict.verdict === 'not in place' ? '**not in place**' : verdict.verdict;

function verdictLines(verdict: RequirementVerdict): string[] {
  const lines = [`**Verdict: ${verdict.verdict}.** ${verdict.reason}`];
  if (verdict.verdict === 'not in place') lines.push('', `**Cause:** ${verdict.cause}`, '', `**Fix:** ${verdict.fix}`);
  if (verdict.verdict === 'customer responsibility') lines.push('', `**The partner must show:** ${verdict.mustShow}`);
  if (verdict.verdict !== 'not applicable' && verdict.evidence.length > 0) {
    const title =
      verdict.verdict === 'in place'
        ? 'What the templates show'
        : verdict.verdict === 'not in place'
          ? 'What the templates do show'
          : 'What the POC contributes';
    lines.push('', `**${title}** (resource, property: value):`, '', ...verdict.evidence.map(evidenceLine));
  }
  return lines;
}

export function competencySection(input: ChecklistInput): string[] {
  const relaxations = relaxationsInForce(input.config);
  const items = COMPETENCY_CHECKLIST.map((item) => ({
    item,
    verdict: item.verdict(input),
    partner: item.partnerMustProvide(input),
  }));
  const lines = [
    '## AWS Retail Competency checklist, items 2.2-2.13',
    '',
    'From the AWS Retail Competency Consulting Partner Validation Checklist (December 2019, v1.0), section 2.0 "Case study ' +
      'requirements", translated from the French edition. Each item gets a verdict on this POC: **in place** (the templates ' +
      'show it: the resources and properties are named), **not in place** (the config setting or acknowledged finding that ' +
      'causes it, and the fix), **customer responsibility** (processes, tests and attestations no template can show) or ' +
      '**not applicable**. Rule outcomes are supporting detail, never the verdict. Whatever the verdict, the partner still ' +
      "provides what only it can show; the kit's own documents (diagram, network, RTO and RPO, runbooks) are pointed to, never asked for.",
    '',
    ...table(
      ['Item', 'Title', 'Verdict', 'The partner must still provide'],
      items.map(({ item, verdict, partner }) => [
        item.item,
        item.title,
        verdictCell(verdict),
        plural(partner.length, 'document or record', 'documents or records'),
      ]),
    ),
  ];
  for (const { item, verdict, partner } of items) {
    const details = item.detail(input);
    const itemRelaxations = relaxations.filter((relaxation) => relaxation.competencyItems.includes(item.item));
    lines.push('', `### ${item.item} ${item.title}`, '', `**The checklist asks:** ${item.asks}`, '', ...verdictLines(verdict));
    if (details.length > 0) {
      lines.push('', '**Supporting detail:**', '');
      for (const entry of details) lines.push(`- ${entry.text}`, ...entry.details.map((line) => `  - ${line}`));
    }
    if (itemRelaxations.length > 0) {
      lines.push(
        '',
        '**Relaxations in force:**',
        '',
        ...itemRelaxations.map((relaxation) => `- ${settingOf(relaxation)}: ${relaxation.relaxation} ${relaxation.remedy}`),
      );
    }
    lines.push('', '**The partner must still provide:**', '', ...partner.map((entry) => `- ${entry}`));
  }
  return lines;
}
