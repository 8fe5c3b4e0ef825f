import Big from 'big.js';
import { CostEstimate, CostLine, Scale } from './estimate';
import { Inventory } from './inventory';
import { plural } from './line-builder';

/** The cheaper configuration COST.md compares this one against. */
export interface CostComparison {
  /** How the doc names it, e.g. the config file path. */
  readonly label: string;
  readonly estimate: CostEstimate;
}

const money = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const unitPrice = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 6,
});
const quantity = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

const usd = (value: number) => money.format(value);
const cell = (text: string) => text.replace(/\|/g, '\\|');

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
  ];
  return `${sections
    .filter((section): section is string[] => section !== undefined)
    .map((section) => section.join('\n'))
    .join('\n\n')}\n`;
}

function extendedSupportUsd(estimate: CostEstimate, scale: Scale): number {
  return sum(estimate.lines.filter((line) => line.extendedSupport).map((line) => line[scale].monthlyUsd));
}

function sum(values: readonly number[]): number {
  return Number(values.reduce((total, value) => total.plus(value), new Big(0)).toFixed(2));
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${new Big(part).times(100).div(whole).round(0, Big.roundHalfUp).toFixed(0)}%`;
}

/** The one command that reads the region's prices from the AWS Price List into the table. */
export function pricesCommand(region: string): string {
  return `npm run prices -- --region ${region}`;
}

function regionSentence(estimate: CostEstimate): string {
  const region = `\`${estimate.region}\`${estimate.regionName ? ` (${estimate.regionName})` : ''}`;
  switch (estimate.regionSource) {
    case 'option':
      return `${region}, chosen with \`--region\`.`;
    case 'assembly':
      return `${region}, the region the stacks are pinned to (\`environment.region\`).`;
    default:
      return `${region}: the stacks are environment-agnostic (no \`environment.region\` in the config), so they are priced in the kit's default pricing region; \`npm run cost -- --region <region>\` prices another.`;
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
      ? `- **Prices:** on-demand prices fetched from the AWS Price List Query API at ${table.fetchedAt} (\`npm run cost -- --live\`), ${table.currency}, ${table.hoursPerMonth} hours a month.`
      : `- **Prices:** \`${table.file}\`, on-demand list prices, ${table.currency}, ${table.hoursPerMonth} hours a month.`,
    '  Free tiers, taxes, Savings Plans and Reserved Instances are not applied.',
    ...(estimate.lines.length > 0
      ? [
          `- **Verified:** ${verified} of ${plural(estimate.lines.length, 'priced line')} carry an AWS Price List SKU and offer publication date;`,
          `  the others are unverified (see [Price sources](#price-sources)). Verify them with \`${pricesCommand(estimate.region)}\``,
          '  (AWS credentials; writes SKUs and dates into the table), then `npm run docs`.',
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
    `the label under [Price sources](#price-sources) says what the figure is; \`${pricesCommand(estimate.region)}\` verifies it.`,
  ];
}

function missingPricesSection(estimate: CostEstimate): string[] | undefined {
  if (estimate.missingPrices.length === 0) return undefined;
  const command = pricesCommand(estimate.region);
  return [
    '## Missing prices',
    '',
    `The price table has no price for these lines in \`${estimate.region}\`, so the totals leave them out. Fill them from the AWS`,
    `Price List with \`${command}\` (AWS credentials), then regenerate with \`npm run docs\`.`,
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
  lines.push(
    '',
    `To verify: \`${pricesCommand(estimate.region)}\` reads every unit price of the region from the AWS Price List Query API`,
    "(AWS credentials) and writes each with its SKU and its offer's publication date; `npm run cost -- --live` prices with the",
    'current AWS prices without writing them. Third-party calculator sites are never a source.',
  );
  return lines;
}

function serviceTotals(estimate: CostEstimate, scale: Scale): Map<string, number> {
  const totals = new Map<string, number>();
  for (const line of estimate.lines) totals.set(line.service, sum([totals.get(line.service) ?? 0, line[scale].monthlyUsd]));
  return totals;
}

function saving(base: number, other: number): string {
  const difference = Number(new Big(base).minus(other).toFixed(2));
  if (difference < 0) return `${usd(-difference)} more`;
  return `${usd(difference)} (${percent(difference, base)})`;
}

function comparisonSection(estimate: CostEstimate, comparison: CostComparison): string[] {
  const other = comparison.estimate;
  if (estimate.missingPrices.length > 0 || other.missingPrices.length > 0) {
    return [
      '## Cheapest compliant configuration compared',
      '',
      `Not compared with \`${comparison.label}\`: prices are missing in \`${estimate.region}\` (see [Missing prices](#missing-prices)).`,
    ];
  }
  const services = [...new Set([...estimate.lines, ...other.lines].map((line: CostLine) => line.service))];
  const totals = {
    thisMin: serviceTotals(estimate, 'min'),
    thisMax: serviceTotals(estimate, 'max'),
    otherMin: serviceTotals(other, 'min'),
    otherMax: serviceTotals(other, 'max'),
  };
  const lines = [
    '## Cheapest compliant configuration compared',
    '',
    `\`${comparison.label}\` keeps the security controls and the multi-AZ design of the kit and removes cost where the design`,
    'allows. Both estimates use the same price table and usage assumptions.',
  ];
  if (other.region !== estimate.region) {
    lines.push('', `Note: this configuration is priced in \`${estimate.region}\`, the cheaper one in \`${other.region}\`.`);
  }
  lines.push(
    '',
    '| per month | this configuration | cheapest compliant | saving |',
    '| --- | ---: | ---: | ---: |',
    `| minimum scale | ${usd(estimate.totals.min)} | ${usd(other.totals.min)} | ${saving(estimate.totals.min, other.totals.min)} |`,
    `| maximum scale | ${usd(estimate.totals.max)} | ${usd(other.totals.max)} | ${saving(estimate.totals.max, other.totals.max)} |`,
    '',
    '### By service',
    '',
    '| service | this (min) | cheapest (min) | this (max) | cheapest (max) |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...services.map(
      (service) =>
        `| ${cell(service)} | ${usd(totals.thisMin.get(service) ?? 0)} | ${usd(totals.otherMin.get(service) ?? 0)} | ${usd(totals.thisMax.get(service) ?? 0)} | ${usd(totals.otherMax.get(service) ?? 0)} |`,
    ),
    '',
    '### What changes',
    '',
    ...describeChanges(estimate, other).map((change) => `- ${change}`),
    '',
    '### Controls in both',
    '',
    '| control | this configuration | cheapest compliant |',
    '| --- | --- | --- |',
  );
  const controls = controlsOf(estimate.inventory);
  const otherControls = controlsOf(other.inventory);
  const weaker: string[] = [];
  for (const [name, value] of controls) {
    const otherValue = otherControls.get(name) ?? 'none';
    lines.push(`| ${name} | ${value} | ${otherValue} |`);
    if (weakerControl(value, otherValue)) weaker.push(name);
  }
  lines.push('');
  lines.push(
    weaker.length > 0
      ? `**The cheaper configuration has less of: ${weaker.join(', ')}.** It is not a like-for-like compliant alternative until that is restored.`
      : 'Every control counted here is at least as present in the cheaper configuration. Its compliance is checked the same way as any config: `npx cdk synth --quiet -c config=<file>` fails on any unacknowledged cdk-nag finding.',
  );
  return lines;
}

/** "yes"/"no" or a count; a control is weaker when it drops to "no" or to a lower count. */
function weakerControl(value: string, otherValue: string): boolean {
  if (value === 'yes') return otherValue !== 'yes';
  const count = Number(value);
  const otherCount = Number(otherValue);
  return Number.isFinite(count) && (!Number.isFinite(otherCount) || otherCount < count);
}

function controlsOf(inventory: Inventory): Map<string, string> {
  const yes = (condition: boolean) => (condition ? 'yes' : 'no');
  const asgs = inventory.fleets.filter((fleet) => fleet.kind === 'auto-scaling-group');
  return new Map([
    ['database Multi-AZ', yes(inventory.databases.length > 0 && inventory.databases.every((db) => db.multiAz))],
    ['database encrypted at rest', yes(inventory.databases.length > 0 && inventory.databases.every((db) => db.encrypted))],
    [
      'Auto Scaling groups over 2+ AZs (minimum size 2+)',
      yes(asgs.length > 0 && asgs.every((fleet) => fleet.subnets >= 2 && fleet.min >= 2)),
    ],
    ['WAF web ACL rules', String(inventory.webAcls.reduce((total, acl) => total + acl.rules, 0))],
    ['AWS Config rules', String(inventory.configRules)],
    ['AWS Config recorder', yes(inventory.configRecorders > 0)],
    ['CloudTrail trail', yes(inventory.trails > 0)],
    ['GuardDuty', yes(inventory.guardDutyDetectors > 0)],
    ['Security Hub', yes(inventory.securityHubs > 0)],
    ['Inspector EC2 scanning', yes(inventory.inspectorEc2)],
    ['VPC flow logs', String(inventory.flowLogs)],
    ['KMS customer managed keys', String(inventory.kmsKeys)],
    ['CloudWatch alarms', String(inventory.alarms)],
  ]);
}

function describeChanges(estimate: CostEstimate, other: CostEstimate): string[] {
  const changes: string[] = [];
  const fleets = (inventory: Inventory) =>
    new Map(
      inventory.fleets.map((fleet) => [
        fleet.name,
        `${fleet.instanceType} x ${fleet.min === fleet.max ? fleet.min : `${fleet.min}-${fleet.max}`}`,
      ]),
    );
  const before = fleets(estimate.inventory);
  const after = fleets(other.inventory);
  for (const name of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const from = before.get(name) ?? 'none';
    const to = after.get(name) ?? 'none';
    if (from !== to) changes.push(`EC2 \`${name}\`: ${from} -> ${to}`);
  }
  const compare = (what: string, from: string, to: string) => {
    if (from !== to) changes.push(`${what}: ${from} -> ${to}`);
  };
  compare('NAT gateways', String(estimate.inventory.natGateways), String(other.inventory.natGateways));
  const databases = (value: CostEstimate) =>
    value.inventory.databases
      .map((db) => {
        const status = value.extendedSupport.find((es) => es.database === db.name);
        const support = status && status.band !== 'none' ? `, Extended Support ${status.band}` : ', standard support';
        return `MySQL ${db.engineVersion} ${db.instanceClass}${db.multiAz ? ' Multi-AZ' : ''}, ${db.allocatedGiB}-${db.maxAllocatedGiB} GiB, ${db.backupRetentionDays}-day backups${support}`;
      })
      .join('; ') || 'none';
  compare('RDS', databases(estimate), databases(other));
  const caches = (inventory: Inventory) =>
    inventory.caches.map((cache) => `${cache.nodeType} x ${cache.nodes} (${cache.engine})`).join('; ') || 'none';
  compare('ElastiCache', caches(estimate.inventory), caches(other.inventory));
  compare(
    'Application Load Balancers',
    String(estimate.inventory.loadBalancers.length),
    String(other.inventory.loadBalancers.length),
  );
  if (changes.length === 0) changes.push('No billable resource differs; only usage or prices do.');
  return changes;
}
