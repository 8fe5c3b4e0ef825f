import { notInPlaceItem } from './pci-verdicts-render';
import { QUALIFIER_MARKS } from '../resilience/markdown';
import { ExecutiveSummary, SummaryCost, WorstFigure } from './executive-summary';
import { sectionId } from './html';
import { cell } from './markdown';
import { VERDICT_KINDS } from './verdict';

/** Where the summary sends the reader for the detail: the section of index.html that holds the document. */
const see = (file: string, text = file.replace(/\.md$/, '')) => `[${text}](#${sectionId(file)})`;

const FAILURE_TITLES = { 'az-loss': 'Loss of one Availability Zone', 'region-loss': 'Loss of the region' } as const;

/**
 * The executive summary as Markdown, for the top of index.html: one screen a customer's CTO reads
 * first, each part pointing to the document that holds the detail. No tool instruction: what the
 * architect runs is in the documents' notes for the architect.
 */
export function renderExecutiveSummaryMarkdown(summary: ExecutiveSummary): string {
  const lines = [
    `# Executive summary: the ${summary.customer} POC`,
    '',
    '## What is deployed',
    '',
    ...deployedLines(summary),
    '',
    `Detail: ${see('ARCHITECTURE.md')} and ${see('NETWORK.md')}.`,
    '',
    '## Monthly cost',
    '',
    ...costLines(summary.cost),
    '',
    '## Recovery time and recovery point',
    '',
    '| Failure | RTO (longest component) | RPO (longest component) |',
    '| --- | --- | --- |',
    ...summary.recovery.map(({ failure, rto, rpo }) => `| ${FAILURE_TITLES[failure]} | ${worst(rto)} | ${worst(rpo)} |`),
    '',
    `${QUALIFIER_MARKS.bound} is an upper bound, ${QUALIFIER_MARKS.typical} the upper end of a time AWS documents as typical, ` +
      `${QUALIFIER_MARKS.estimate} an estimate (the disaster-recovery test measures it) or a time resting on an interval AWS calls ` +
      'approximate; **unbounded**: nothing in this POC bounds it. ' +
      `Every component, the basis of each figure and its sources: ${see('RESILIENCE.md')}.`,
    '',
    '## Compliance status',
    '',
    ...complianceLines(summary),
    '',
    '## Relaxations of the secure defaults in force',
    '',
    ...(summary.relaxations.length === 0
      ? ['None: this configuration keeps every secure default of the kit.']
      : [
          '| Setting | What it relaxes | Fix |',
          '| --- | --- | --- |',
          ...summary.relaxations.map(
            (relaxation) => `| ${relaxation.setting} | ${cell(relaxation.relaxation)} | ${cell(relaxation.remedy)} |`,
          ),
        ]),
    '',
    '## What the customer still has to do',
    '',
    ...(summary.customerTodos.length === 0
      ? ['Nothing the compliance verdicts leave to the customer.']
      : summary.customerTodos.map((todo) => `- **${todo.standard} ${todo.requirement}**: ${todo.mustShow}`)),
    '',
  ];
  return lines.join('\n');
}

function deployedLines({ deployed }: ExecutiveSummary): string[] {
  const instances = (min: number, max: number) => (min === max ? `${min}` : `${min} to ${max}`);
  return [
    `- **Where:** ${deployed.stacks === 1 ? '1 CloudFormation stack' : `${deployed.stacks} CloudFormation stacks`}: ${deployed.regions.join(', ')}; the VPC spans ${deployed.azs.length} Availability Zones (${deployed.azs.join(', ')}).`,
    ...deployed.fleets.map(
      (fleet) =>
        `- **${fleet.role[0].toUpperCase()}${fleet.role.slice(1)}:** ${instances(fleet.min, fleet.max)} × ${fleet.instanceType} (Auto Scaling) over ${fleet.azs.join(', ')}.`,
    ),
    `- **Database:** ${deployed.database ?? 'none'}.`,
    `- **Cache:** ${deployed.cache ?? 'none'}.`,
    `- **Content delivery:** ${deployed.cdn.length > 0 ? deployed.cdn.join('; ') : 'none'}${
      deployed.webAcls > 0 ? `, filtered by ${deployed.webAcls} AWS WAF web ACL${deployed.webAcls === 1 ? '' : 's'}` : ''
    }.`,
  ];
}

function costLines(cost: SummaryCost): string[] {
  if (cost.kind === 'unavailable') {
    return [
      'No estimate could be made for this configuration:',
      '',
      ...cost.problems.map((problem) => `- ${problem}`),
      '',
      `${see('COST.md')} says what is missing.`,
    ];
  }
  const incomplete = cost.missingPrices > 0;
  return [
    '| | minimum scale | maximum scale |',
    '| --- | ---: | ---: |',
    `| ${incomplete ? 'Total of the priced lines (incomplete)' : 'Total per month'} | ${cost.min} | ${cost.max} |`,
    '',
    `On-demand list prices, before taxes and discounts. Region priced: ${cost.region}` +
      (incomplete
        ? ` **Incomplete:** ${cost.missingPrices} line${cost.missingPrices === 1 ? ' has' : 's have'} no price for this region and ${cost.missingPrices === 1 ? 'is' : 'are'} left out.`
        : '') +
      ` Every line, the usage assumptions and where each price comes from: ${see('COST.md')}.`,
  ];
}

function worst(figure: WorstFigure): string {
  return figure.components.length === 0 ? figure.text : `${figure.text} (${figure.components.join(', ')})`;
}

function complianceLines(summary: ExecutiveSummary): string[] {
  if (summary.compliance.length === 0) return [`No verdicts: see ${see('COMPLIANCE.md')}.`];
  const lines = [
    `| Standard | ${VERDICT_KINDS.join(' | ')} |`,
    `| --- | ${VERDICT_KINDS.map(() => '---:').join(' | ')} |`,
    ...summary.compliance.map(
      (status) => `| ${cell(status.standard)} | ${VERDICT_KINDS.map((kind) => status.counts[kind]).join(' | ')} |`,
    ),
  ];
  const notInPlace = summary.compliance.flatMap((status) =>
    status.notInPlace.map((verdict) => ({ standard: status.standard, verdict })),
  );
  lines.push('', notInPlace.length === 0 ? 'Nothing is **not in place**.' : '**Not in place**, with what causes it and the fix:');
  if (notInPlace.length > 0) {
    lines.push('', ...notInPlace.map(({ standard, verdict }) => notInPlaceItem(standard, verdict)));
  }
  lines.push('', `Each verdict with its evidence: ${see('COMPLIANCE.md')}.`);
  return lines;
}
