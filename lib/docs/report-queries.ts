import { ComplianceReport, PackReport, RuleReport } from '../compliance/report';

/** Code-unit order: the same bytes on every machine, whatever its locale. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const sortedBy = <T>(values: Iterable<T>, key: (value: T) => string): T[] =>
  [...values].sort((a, b) => compareText(key(a), key(b)));

export function findPack(report: ComplianceReport, pack: string): PackReport | undefined {
  return report.packs.find((candidate) => candidate.pack === pack);
}

export function findRule(report: ComplianceReport, pack: string, rule: string): RuleReport | undefined {
  return findPack(report, pack)?.rules.find((candidate) => candidate.rule === rule);
}

export interface Counts {
  readonly passed: number;
  readonly acknowledged: number;
  readonly findings: number;
}

export function countsOf(rules: readonly RuleReport[]): Counts {
  return {
    passed: rules.reduce((total, rule) => total + rule.passed.length, 0),
    acknowledged: rules.reduce((total, rule) => total + rule.acknowledged.length, 0),
    findings: rules.reduce((total, rule) => total + rule.findings.length, 0),
  };
}

/** A rule that met no resource of its kind: every evaluation was "not applicable". */
export const isApplicable = (rule: RuleReport): boolean =>
  rule.passed.length + rule.acknowledged.length + rule.findings.length > 0;

/** Every resource (construct path) the report names, sorted. */
export function resourcesIn(report: ComplianceReport): string[] {
  const resources = new Set<string>();
  for (const rule of report.packs.flatMap((pack) => pack.rules)) {
    rule.passed.forEach((resource) => resources.add(resource));
    rule.findings.forEach((resource) => resources.add(resource));
    rule.acknowledged.forEach((acknowledgement) => resources.add(acknowledgement.resource));
  }
  return sortedBy(resources, (resource) => resource);
}

/** The stacks the report's resources live in (first segment of each construct path). */
export function stacksIn(report: ComplianceReport): string[] {
  return [...new Set(resourcesIn(report).map((resource) => resource.split('/')[0]))];
}

export const plural = (count: number, singular: string, pluralForm = `${singular}s`): string =>
  `${count} ${count === 1 ? singular : pluralForm}`;

/** Inline code that survives a Markdown table cell. */
export const code = (text: string): string => `\`${text.replace(/\|/g, '\\|')}\``;

/** Plain text that survives a Markdown table cell and is not taken for HTML. */
export const plain = (text: string): string =>
  text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;');
