import Big from 'big.js';
import { CostEstimate, CostLine, Scale } from './estimate';
import { cell, percent, sum, usd } from './format';
import { Inventory } from './inventory';

/** The cheaper configuration COST.md compares this one against. */
export interface CostComparison {
  /** How the doc names it, e.g. the config file path. */
  readonly label: string;
  readonly estimate: CostEstimate;
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

export function comparisonSection(estimate: CostEstimate, comparison: CostComparison): string[] {
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
      : 'Every control counted here is at least as present in the cheaper configuration. Its compliance is checked the same way as any config: synthesis fails on any unacknowledged cdk-nag finding.',
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
