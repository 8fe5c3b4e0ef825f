import { table } from './compliance-cells';
import { PCI_DSS_V401_STANDARD } from './pci-verdicts';
import { code, plain } from './report-queries';
import { NotInPlace, RequirementVerdict, StandardVerdicts, TemplateEvidence, verdictCounts, VERDICT_KINDS } from './verdict';

/** COMPLIANCE.md's verdicts: the one-screen summary and the verdict cell of each requirement row. */

/** The verdict's own words in a table cell: Markdown links kept, pipes and line breaks escaped. */
const words = (text: string): string => plain(text);

export const evidenceText = (entry: TemplateEvidence): string =>
  `${code(entry.resource)} ${code(entry.property)}: ${plain(entry.value)}`;

/** The verdict cell of a requirement row: the verdict, why, and what proves it or what is missing. */
export function verdictCell(verdict: RequirementVerdict): string {
  const lines = [`**${verdict.verdict}**: ${words(verdict.reason)}`];
  switch (verdict.verdict) {
    case 'in place':
      lines.push(...verdict.evidence.map((entry) => `Evidence: ${evidenceText(entry)}`));
      break;
    case 'not in place':
      lines.push(`Cause: ${words(verdict.cause)}`, `Fix: ${words(verdict.fix)}`);
      lines.push(...verdict.evidence.map((entry) => `Shown: ${evidenceText(entry)}`));
      break;
    case 'customer responsibility':
      lines.push(`To show: ${words(verdict.mustShow)}`);
      lines.push(...verdict.evidence.map((entry) => `Supporting: ${evidenceText(entry)}`));
      break;
    case 'not applicable':
      break;
  }
  return lines.join('<br>');
}

/** The verdicts of the PCI DSS v4.0.1 standard in a list of standards. */
export function pciVerdictsIn(standards: readonly StandardVerdicts[]): readonly RequirementVerdict[] {
  return standards.find((standard) => standard.standard === PCI_DSS_V401_STANDARD)?.verdicts ?? [];
}

/**
 * COMPLIANCE.md's opening screen: per standard, how many requirements have each verdict; then
 * every requirement not in place with its cause and fix.
 */
export function verdictSummarySection(standards: readonly StandardVerdicts[]): string[] {
  const notInPlace = standards.flatMap((standard) =>
    standard.verdicts.flatMap((verdict) =>
      verdict.verdict === 'not in place' ? [{ standard: standard.standard, verdict }] : [],
    ),
  );
  return [
    '## Summary',
    '',
    ...table(
      ['Standard', ...VERDICT_KINDS],
      standards.map((standard) => {
        const counts = verdictCounts(standard.verdicts);
        return [standard.standard, ...VERDICT_KINDS.map((kind) => String(counts[kind]))];
      }),
    ),
    '',
    ...(notInPlace.length === 0
      ? ['No requirement is **not in place**.']
      : [
          `**Not in place (${notInPlace.length})**, each with its cause and the fix:`,
          '',
          ...notInPlace.map(({ standard, verdict }) => notInPlaceItem(standard, verdict)),
        ]),
  ];
}

/** The "How to read" paragraphs: verdicts first, rule outcomes second. */
export const HOW_TO_READ: readonly string[] = [
  '## How to read this document',
  '',
  'Each PCI DSS v4.0.1 requirement the kit maps gets one verdict, in the words an assessor uses:',
  '',
  '- **in place**: the synthesized templates demonstrate the requirement’s intent; the evidence names the resources (by construct path) and the property values that do.',
  '- **not in place**: a config choice (a relaxation) or an acknowledged finding leaves the requirement unmet in this POC; the cause names it and the fix says what restores it.',
  '- **customer responsibility**: only processes, the application, reviews or records can show it; the verdict says what the customer or the partner must show the assessor, and lists what the POC contributes.',
  '- **not applicable**: the requirement applies to another kind of entity; the verdict says what would make it apply.',
  '',
  'The requirement tables follow the PCI DSS security controls matrix AWS published with its PCI DSS Quick Start: requirement, ' +
    'title (a short paraphrase: the standard governs), who is responsible (AWS, customer or shared). Behind the verdict, the ' +
    'rule checks of the kit’s pack are supporting detail, never the verdict: each rule checks one configuration on each resource ' +
    'of its kind (pass, acknowledged with a reason, or open finding), often only part of a requirement. Its mapping comes from ' +
    'the AWS publication named under Rule results, or is the kit’s reading (marked †).',
];

/** One "not in place" as both summaries list it (COMPLIANCE.md's and index.html's): reason, cause, fix. */
export function notInPlaceItem(standard: string, verdict: NotInPlace): string {
  const sentence = (text: string) => (/[.!?)]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);
  return `- **${standard} ${verdict.requirement}**: ${sentence(verdict.reason)} **Cause:** ${sentence(verdict.cause)} **Fix:** ${sentence(verdict.fix)}`;
}
