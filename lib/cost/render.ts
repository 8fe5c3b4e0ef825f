import { architectNotes, GENERATED_NOTE } from '../docs/markdown';
import { CostEstimate, CostLine, Scale } from './estimate';
import { cell, percent, quantity, sum, unitPrice, usd } from './format';
import { plural } from './line-builder';
import { comparisonSection, CostComparison } from './render-comparison';

/** COST.md: deterministic Markdown (same estimate, same bytes). */
export function renderCostMarkdown(estimate: CostEstimate, comparison?: CostComparison): string {
  const sections = [
    header(estimate),
    missingPricesSection(estimate),
    extendedSupportSection(estimate),
    estimate.lines.length > 0 ? linesSection(estimate) : undefined,
    assumptionsSection(estimate),
    notPricedSection(estimate),
    sourcesSection(estimate),
    comparison ? comparisonSection(estimate, comparison) : undefined,
    architectSection(estimate, comparison),
  ];
  return `${sections
    .filter((section): section is string[] => section !== undefined)
    .map((section) => section.join('\n'))
    .join('\n\n')}\n`;
}

/** The commands behind the estimate, for the architect: never in the customer's text. */
function architectSection(estimate: CostEstimate, comparison?: CostComparison): string[] {
  const command = pricesCommand(estimate.region);
  return architectNotes([
    GENERATED_NOTE,
    estimate.missingPrices.length > 0
      ? `Fill the missing prices from the AWS Price List with \`${command}\` (AWS credentials), then regenerate with \`npm run docs\`.`
      : `Verify the unit prices with \`${command}\` (AWS credentials): it reads every unit price of the region from the AWS Price List Query API and writes each with its SKU and its offer's publication date; then \`npm run docs\`.`,
    '`npm run cost -- --live` prices with the current AWS prices without writing them; `npm run cost -- --region <region>` prices another region.',
    ...(comparison
      ? [
          'The cheaper configuration is checked like any config: `npx cdk synth --quiet -c config=<file>` fails on any unacknowledged cdk-nag finding.',
        ]
      : []),
  ]);
}

function extendedSupportUsd(estimate: CostEstimate, scale: Scale): number {
  return sum(estimate.lines.filter((line) => line.extendedSupport).map((line) => line[scale].monthlyUsd));
}

/** The one command that reads the region's prices from the AWS Price List into the table. */
export function pricesCommand(region: string): string {
  return `npm run prices -- --region ${region}`;
}

/** Which region the estimate is priced in, and why that one: COST.md and the executive summary print it. */
export function regionSentence(estimate: CostEstimate): string {
  const region = `\`${estimate.region}\`${estimate.regionName ? ` (${estimate.regionName})` : ''}`;
  switch (estimate.regionSource) {
    case 'option':
      return `${region}, chosen with \`--region\`.`;
    case 'assembly':
      return `${region}, the region the stacks are pinned to (\`environment.region\`).`;
    default:
      return `${region}: the stacks are environment-agnostic (no \`environment.region\` in the config), so they are priced in the kit's default pricing region.`;
  }
}

function header(estimate: CostEstimate): string[] {
  const table = estimate.priceTable;
  const es = { min: extendedSupportUsd(estimate, 'min'), max: extendedSupportUsd(estimate, 'max') };
  const rows = [
    '| | minimum scale | maximum scale |',
    '| --- | ---: | ---: |',
    `| **Total per month** | **${usd(estimate.totals.min)}** | **${usd(estimate.totals.max)}** |`,
  ];
  if (es.max > 0) rows.push(`| of which RDS Extended Support | ${usd(es.min)} | ${usd(es.max)} |`);
  rows.push(
    `| of which priced with unverified unit prices (no Price List SKU) | ${usd(estimate.unverifiedUsd.min)} | ${usd(estimate.unverifiedUsd.max)} |`,
  );
  const missing = estimate.missingPrices.length;
  if (missing > 0) {
    rows[2] = `| **Total of the priced lines: incomplete, ${plural(missing, 'line')} without a price ([Missing prices](#missing-prices))** | **${usd(estimate.totals.min)}** | **${usd(estimate.totals.max)}** |`;
  }
  const verified = estimate.lines.filter((line) => line.provenance.verified).length;
  return [
    '# Monthly cost estimate',
    '',
    'What the synthesized cloud assembly would cost per month at on-demand list prices, read from the templates',
    `(never from the constructs): stacks ${estimate.stacks.map((stack) => `\`${stack}\``).join(', ')}.`,
    '',
    `- **Region priced:** ${regionSentence(estimate)}`,
    table.fetchedAt
      ? `- **Prices:** on-demand prices fetched from the AWS Price List Query API at ${table.fetchedAt}, ${table.currency}, ${table.hoursPerMonth} hours a month.`
      : `- **Prices:** \`${table.file}\`, on-demand list prices, ${table.currency}, ${table.hoursPerMonth} hours a month.`,
    '  Free tiers, taxes, Savings Plans and Reserved Instances are not applied.',
    ...(estimate.lines.length > 0
      ? [
          `- **Verified:** ${verified} of ${plural(estimate.lines.length, 'priced line')} carry an AWS Price List SKU and offer publication date;`,
          '  the others are unverified (see [Price sources](#price-sources)).',
        ]
      : []),
    '- **Scale:** minimum = every Auto Scaling group at its MinSize, database storage as allocated and the usage assumptions',
    '  at their low value; maximum = MaxSize, storage grown to MaxAllocatedStorage and the usage assumptions at their high value.',
    '- **Rounding:** each line is quantity x unit price, rounded half-up to the cent; totals add the rounded lines.',
    '',
    ...(estimate.lines.length > 0
      ? rows
      : [
          `**No line could be priced:** the price table has no prices for \`${estimate.region}\` (see [Missing prices](#missing-prices)).`,
        ]),
  ];
}

function extendedSupportSection(estimate: CostEstimate): string[] | undefined {
  if (estimate.extendedSupport.length === 0) return undefined;
  const lines = ['## RDS Extended Support', ''];
  for (const status of estimate.extendedSupport) {
    const name = `MySQL ${status.engineVersion} (\`${status.database}\`)`;
    if (status.band === 'none') {
      lines.push(
        status.disabled && status.endOfStandardSupport < estimate.priceTable.asOf
          ? `${name} is past the end of standard support (${status.endOfStandardSupport}) with Extended Support disabled: RDS would upgrade it. No Extended Support charge is counted.`
          : `No RDS Extended Support charge: ${name} is on standard support until ${status.endOfStandardSupport}.`,
      );
      continue;
    }
    const min = extendedSupportUsd(estimate, 'min');
    if (!estimate.lines.some((line) => line.extendedSupport)) {
      lines.push(
        `> **${name} runs on paid RDS Extended Support.** Its major version left RDS standard support on ${status.endOfStandardSupport},`,
        `> so every vCPU of the primary and of the standby is billed at the ${status.band} rate; the charge is not counted here:`,
        '> its price is missing (see [Missing prices](#missing-prices)).',
      );
      continue;
    }
    lines.push(
      `> **${name} runs on paid RDS Extended Support.** Its major version left RDS standard support on ${status.endOfStandardSupport},`,
      `> so every vCPU of the primary and of the standby is billed at the ${status.band} rate: **${usd(min)} a month,`,
      `> ${percent(min, estimate.totals.min)} of the minimum-scale total**. MySQL 8.4 (\`database.cache: elasticache-memcached\`) is on standard`,
      '> support and removes this line; the memcached interface then moves to ElastiCache.',
    );
  }
  return lines;
}

function provenanceCell(line: CostLine): string {
  return line.provenance.verified
    ? `verified: Price List SKU \`${line.provenance.sku}\`, offer of ${line.provenance.publicationDate.slice(0, 10)}`
    : `not verified (\`${line.provenance.basis}\`)`;
}

function linesSection(estimate: CostEstimate): string[] {
  const rows = estimate.lines.map((line) => {
    const price = `${unitPrice.format(line.unitPriceUsd)} / ${line.unit}`;
    const item = line.extendedSupport ? `**${line.item}**` : line.item;
    return `| ${cell(line.service)} | ${cell(item)} | ${cell(price)} | ${provenanceCell(line)} | ${quantity.format(line.min.quantity)} | ${usd(line.min.monthlyUsd)} | ${quantity.format(line.max.quantity)} | ${usd(line.max.monthlyUsd)} |`;
  });
  return [
    '## Cost per line',
    '',
    '| service | item | unit price | price source | quantity (min) | USD / month (min) | quantity (max) | USD / month (max) |',
    '| --- | --- | --- | --- | ---: | ---: | ---: | ---: |',
    ...rows,
    `| **total** | | | | | **${usd(estimate.totals.min)}** | | **${usd(estimate.totals.max)}** |`,
    '',
    `Verified: the unit price was read from the AWS Price List (the SKU and the publication date of the offer). Not verified:`,
    'the label under [Price sources](#price-sources) says what the figure is.',
  ];
}

function missingPricesSection(estimate: CostEstimate): string[] | undefined {
  if (estimate.missingPrices.length === 0) return undefined;
  return [
    '## Missing prices',
    '',
    `The price table has no price for these lines in \`${estimate.region}\`, so the totals leave them out. The notes for the`,
    'architect at the end name the one command that fills them from the AWS Price List.',
    '',
    '| service | item | unit | missing price (in the price table) |',
    '| --- | --- | --- | --- |',
    ...estimate.missingPrices.map(
      (missing) => `| ${cell(missing.service)} | ${cell(missing.item)} | ${cell(missing.unit)} | \`${cell(missing.key)}\` |`,
    ),
  ];
}

function assumptionsSection(estimate: CostEstimate): string[] {
  return [
    '## Usage assumptions',
    '',
    'Usage the templates cannot tell; named in the price table (`usageAssumptions`), where they can be changed.',
    '',
    '| assumption | min | max | unit | what it covers |',
    '| --- | ---: | ---: | --- | --- |',
    ...estimate.assumptions.map(
      (assumption) =>
        `| \`${assumption.key}\` | ${quantity.format(assumption.min)} | ${quantity.format(assumption.max)} | ${cell(assumption.unit)} | ${cell(assumption.description)} |`,
    ),
  ];
}

function notPricedSection(estimate: CostEstimate): string[] {
  const lines = ['## Not in the figures', ''];
  for (const note of estimate.notes) lines.push(`- ${note}`);
  if (estimate.unpriced.length > 0) {
    lines.push(
      `- Resources present but not priced line by line (usage-driven, typically cents for a POC, or unknown to the estimator): ${estimate.unpriced
        .map((entry) => `\`${entry.type}\` x ${entry.count}`)
        .join(', ')}.`,
    );
  }
  lines.push(
    '- Data transfer between AZs and to the internet outside CloudFront, Lambda invocations, SNS notifications, and the',
    '  surplus of free tiers the account may already use up.',
  );
  return lines;
}

function sourcesSection(estimate: CostEstimate): string[] {
  const table = estimate.priceTable;
  const origin = table.fetchedAt
    ? `the AWS Price List Query API (fetched at ${table.fetchedAt}), or \`${table.file}\` for what the fetch did not find`
    : `\`${table.file}\``;
  const lines = [
    '## Price sources',
    '',
    `Every unit price comes from ${origin}, by service:`,
    '',
    '| service | AWS pricing page |',
    '| --- | --- |',
    ...estimate.sources.map((source) => `| ${cell(source.title)} | ${source.url} |`),
  ];
  if (estimate.unverifiedBases.length > 0) {
    lines.push('', 'What the unverified unit prices are, by the label the table gives them:', '');
    for (const basis of estimate.unverifiedBases) {
      lines.push(`- \`${basis.id}\`: ${basis.text}, not verified since ${table.asOf}.`);
    }
  }
  lines.push('', 'Third-party calculator sites are never a source.');
  return lines;
}
