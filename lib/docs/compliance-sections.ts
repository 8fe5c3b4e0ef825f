import { PCI_DSS_401 } from '../compliance/pci-dss-401/pack';
import { RequirementMapping } from '../compliance/pci-dss-401/mapping';
import { Acknowledgement, PackReport, RuleReport } from '../compliance/report';
import { code, compareText, countsOf, findPack, isApplicable, plain, plural, sortedBy } from './report-queries';
import { COMPETENCY, ComplianceDocInput, PCI_DSS_321, PUBLISHED_RULES } from './compliance-doc';
import { mappingsOf } from './compliance-report-parse';
import { table } from './compliance-cells';

/** COMPLIANCE.md's detail sections: rule results, acknowledgements, report-only packs (the competency checklist: competency-section.ts). */

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

export function ruleResultsSection({ report }: ComplianceDocInput): string[] {
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

export function acknowledgementsSection({ report }: ComplianceDocInput): string[] {
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

export function reportOnlySection({ report }: ComplianceDocInput): string[] {
  const packs = report.packs.filter((pack) => pack.mode === 'report-only');
  if (packs.length === 0) {
    return [
      '## Report-only packs',
      '',
      'The NIST SP 800-53 Rev. 5 and HIPAA Security packs of cdk-nag show where the POC stands against other frameworks a ' +
        'customer may ask about. They were not run for this assembly: every synthesis runs only the enforced packs, these run on request ' +
        '(notes for the architect, at the end).',
    ];
  }
  const lines = [
    '## Report-only packs',
    '',
    'Run on request, for information; their findings never fail a synthesis. They show where the POC stands against other ' +
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

/**
 * COMPLIANCE.md: per PCI DSS v4.0.1 and 3.2.1 requirement the rules, resources and results of
 * the synthesized POC, every acknowledgement with its reason, the relaxations in force, and the
 * competency checklist items 2.2-2.13 with their evidence. Deterministic: same input, same bytes.
 */
