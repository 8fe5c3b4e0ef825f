import { RuleReport } from '../compliance/report';
import { compareRequirements } from './pci-requirements';
import { code, Counts, countsOf, isApplicable, plain } from './report-queries';

/** The cells and tables COMPLIANCE.md's sections share: what the rules say, never more. */

/** What the rules say, never more: a passing rule shows a configuration, not that the requirement is met. */
export const status = (counts: Counts): string => {
  if (counts.findings > 0) return '**open finding**';
  if (counts.acknowledged > 0) return 'pass, with acknowledgements';
  if (counts.passed > 0) return 'pass';
  return 'not applicable';
};

export const resultCell = (counts: Counts): string =>
  `${status(counts)}: ${counts.passed} pass, ${counts.acknowledged} acknowledged, ${counts.findings} open`;

export const ruleCounts = (rule: RuleReport): string => {
  const counts = countsOf([rule]);
  return `${counts.passed} pass${counts.acknowledged ? `, ${counts.acknowledged} ack` : ''}${counts.findings ? `, **${counts.findings} open**` : ''}`;
};

/** Acknowledgement reasons and open findings of `rules`, one per line, for a Notes cell. */
export function notesCell(rules: readonly RuleReport[]): string {
  const notes = rules.flatMap((rule) => [
    ...rule.acknowledged.map((ack) => `Acknowledged ${code(ack.resource)} (${code(rule.rule)}): ${plain(ack.reason)}`),
    ...rule.findings.map((resource) => `**Open finding** ${code(resource)} (${code(rule.rule)})`),
  ]);
  return notes.join('<br>') || '–';
}

export const table = (header: readonly string[], rows: readonly (readonly string[])[]): string[] => [
  `| ${header.join(' | ')} |`,
  `|${header.map(() => '---').join('|')}|`,
  ...rows.map((row) => `| ${row.join(' | ')} |`),
];

/** The applicable rules of `rules` that map to each requirement, requirements in the standard's order. */
export function byRequirement(
  rules: readonly RuleReport[],
  requirementsOf: (rule: RuleReport) => readonly string[],
): [string, RuleReport[]][] {
  const groups = new Map<string, RuleReport[]>();
  for (const rule of rules) {
    for (const requirement of requirementsOf(rule)) groups.set(requirement, [...(groups.get(requirement) ?? []), rule]);
  }
  return [...groups.entries()].sort(([a], [b]) => compareRequirements(a, b));
}

export function notApplicableLine(rules: readonly RuleReport[]): string[] {
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
