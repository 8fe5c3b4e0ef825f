import { ComplianceReport } from '../compliance/report';
import { PocConfig } from '../config/schema';
import { GENERATED_NOTE } from './markdown';

/**
 * COMPLIANCE.md. Placeholder with the signature of the full document (built on its own branch):
 * one row per pack with its counts. Replace this file by that one when it lands.
 */
export function renderComplianceMarkdown(input: { report: ComplianceReport; config: PocConfig }): string {
  const count = (pack: ComplianceReport['packs'][number], field: 'passed' | 'acknowledged' | 'findings') =>
    pack.rules.reduce((total, rule) => total + rule[field].length, 0);
  return [
    `# Compliance of the ${input.config.customer.name} POC`,
    '',
    GENERATED_NOTE,
    '',
    '| pack | mode | rules | passed | acknowledged | findings |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...input.report.packs.map(
      (pack) =>
        `| ${pack.pack} | ${pack.mode} | ${pack.rules.length} | ${count(pack, 'passed')} | ${count(pack, 'acknowledged')} | ${count(pack, 'findings')} |`,
    ),
    '',
  ].join('\n');
}
