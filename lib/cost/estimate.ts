import { basename, join, relative } from 'node:path';
import Big from 'big.js';
import { loadModel, PocModel } from '../model';
import { Database, Inventory, inventoryOf } from './inventory';
import { loadPriceTable, PriceTable, RateKey, RegionPrices, UsageAssumption, UsageAssumptionKey } from './price-table';

/**
 * Monthly on-demand cost of a cloud assembly at minimum and maximum scale, line by line, from
 * the dated price table. Each line is quantity x unit price, rounded half-up to the cent; totals
 * are the sums of the rounded lines, so the printed table adds up.
 */

/**
 * Environment-agnostic configs carry no region: they are priced in Paris, the region of the
 * kit's pinned example (config/examples/northwind-3az-domain.yaml). The doc states it.
 */
export const DEFAULT_REGION = 'eu-west-3';

const REPO_ROOT = join(__dirname, '..', '..');

export type Scale = 'min' | 'max';

export interface ScaleCost {
  readonly quantity: number;
  readonly monthlyUsd: number;
}

export interface CostLine {
  readonly service: string;
  readonly item: string;
  readonly unit: string;
  readonly unitPriceUsd: number;
  /** Id of the price table source the unit price comes from. */
  readonly source: string;
  /** Id of the estimate basis when the unit price was not confirmed, undefined otherwise. */
  readonly estimate?: string;
  /** Usage assumptions the quantity depends on. */
  readonly assumptions: readonly UsageAssumptionKey[];
  readonly min: ScaleCost;
  readonly max: ScaleCost;
  /** The RDS Extended Support charge, called out in the doc. */
  readonly extendedSupport?: boolean;
}

export interface ExtendedSupportStatus {
  readonly database: string;
  readonly engine: string;
  readonly engineVersion: string;
  readonly endOfStandardSupport: string;
  /** 'none' before the end of standard support or when Extended Support is disabled. */
  readonly band: 'none' | 'year 1-2' | 'year 3';
  readonly disabled: boolean;
}

export interface CostEstimate {
  readonly region: string;
  readonly regionName: string;
  readonly regionSource: 'option' | 'assembly' | 'default';
  readonly priceTable: {
    readonly file: string;
    readonly asOf: string;
    readonly currency: string;
    readonly hoursPerMonth: number;
  };
  readonly stacks: readonly string[];
  readonly lines: readonly CostLine[];
  readonly totals: { readonly min: number; readonly max: number };
  /** Part of the totals priced with unit prices marked as estimates in the table. */
  readonly estimatedUsd: { readonly min: number; readonly max: number };
  readonly extendedSupport: readonly ExtendedSupportStatus[];
  readonly assumptions: readonly (UsageAssumption & { readonly key: UsageAssumptionKey })[];
  readonly sources: readonly {
    readonly id: string;
    readonly title: string;
    readonly url: string;
    readonly offerFile?: string;
    readonly checkedVia: readonly string[];
  }[];
  readonly estimateBases: readonly { readonly id: string; readonly text: string }[];
  readonly notes: readonly string[];
  readonly unpriced: readonly { readonly type: string; readonly count: number }[];
  readonly inventory: Inventory;
}

export interface EstimateOptions {
  /** Overrides the region of the assembly (and the default for environment-agnostic stacks). */
  readonly region?: string;
  /** Defaults to data/prices/aws-on-demand-2026-11.json. */
  readonly priceTable?: PriceTable;
}

/** Every reason the estimate cannot be made, reported together. */
export class CostEstimateError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Cannot estimate the cost:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'CostEstimateError';
  }
}

export function estimateCost(assemblyDir: string, options: EstimateOptions = {}): CostEstimate {
  return estimateModel(loadModel(assemblyDir), options);
}

export function estimateModel(model: PocModel, options: EstimateOptions = {}): CostEstimate {
  const table = options.priceTable ?? loadPriceTable();
  const priceFile = displayPath(table.file);
  const problems: string[] = [];

  // The POC runs where its database runs; a stack pinned elsewhere (the DR copy vault) is priced there too.
  const databaseStacks = new Set(model.databases.map((db) => db.source.stack));
  const primaryStacks = databaseStacks.size > 0 ? model.stacks.filter((stack) => databaseStacks.has(stack.name)) : model.stacks;
  const assemblyRegions = [
    ...new Set(primaryStacks.map((stack) => stack.region).filter((region): region is string => !!region)),
  ].sort();
  if (!options.region && assemblyRegions.length > 1) {
    problems.push(`the stacks are pinned to several regions (${assemblyRegions.join(', ')}); pass --region to price one of them`);
  }
  const region = options.region ?? assemblyRegions[0] ?? DEFAULT_REGION;
  const regionSource = options.region ? 'option' : assemblyRegions.length > 0 ? 'assembly' : 'default';
  const prices = table.regions[region];
  if (!prices) {
    throw new CostEstimateError([
      `no prices for region "${region}" in ${priceFile} (it covers ${Object.keys(table.regions).sort().join(', ')}): ` +
        `add a "${region}" block to regions in that file from the AWS Price List offer files, or price a covered region with --region`,
      ...problems,
    ]);
  }

  const inventory = inventoryOf(model, problems);
  const builder = new LineBuilder(table, prices, region, priceFile, problems);
  const extendedSupport = priceInventory(inventory, builder, table);
  if (problems.length > 0) throw new CostEstimateError(problems);

  const lines = builder.lines;
  const sum = (scale: Scale, filter: (line: CostLine) => boolean = () => true) =>
    Number(
      lines
        .filter(filter)
        .reduce((total, line) => total.plus(line[scale].monthlyUsd), new Big(0))
        .toFixed(2),
    );
  const usedAssumptions = new Set(lines.flatMap((line) => line.assumptions));
  const usedSources = new Set(lines.map((line) => line.source));
  if (extendedSupport.length > 0) usedSources.add(table.rdsEngineLifecycle.source);
  const usedBases = new Set(lines.map((line) => line.estimate).filter((id): id is string => id !== undefined));

  return {
    region,
    regionName: prices.name,
    regionSource,
    priceTable: { file: priceFile, asOf: table.asOf, currency: table.currency, hoursPerMonth: table.hoursPerMonth },
    stacks: inventory.stacks,
    lines,
    totals: { min: sum('min'), max: sum('max') },
    estimatedUsd: {
      min: sum('min', (line) => line.estimate !== undefined),
      max: sum('max', (line) => line.estimate !== undefined),
    },
    extendedSupport,
    assumptions: (Object.keys(table.usageAssumptions) as UsageAssumptionKey[])
      .filter((key) => usedAssumptions.has(key))
      .map((key) => ({ key, ...table.usageAssumptions[key] })),
    sources: Object.keys(table.sources)
      .filter((id) => usedSources.has(id))
      .map((id) => ({ id, ...table.sources[id] })),
    estimateBases: Object.keys(table.estimateBases)
      .filter((id) => usedBases.has(id))
      .map((id) => ({ id, text: table.estimateBases[id] })),
    notes: notesFor(inventory),
    unpriced: Object.entries(inventory.unpriced)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, count]) => ({ type, count })),
    inventory,
  };
}

function displayPath(file: string): string {
  const fromRoot = relative(REPO_ROOT, file);
  return fromRoot.startsWith('..') ? basename(file) : fromRoot.split('\\').join('/');
}

function notesFor(inventory: Inventory): string[] {
  const notes: string[] = [];
  const withoutVolumes = inventory.fleets.filter((fleet) => fleet.gp3GiB === 0).map((fleet) => fleet.name);
  if (withoutVolumes.length > 0) {
    notes.push(`No block device mapping in the template for ${withoutVolumes.join(', ')}: the AMI's root volume is not priced.`);
  }
  if (inventory.trailDataEventResources !== 0) {
    const scope =
      inventory.trailDataEventResources === 'all'
        ? 'every bucket'
        : `${inventory.trailDataEventResources} bucket ${inventory.trailDataEventResources === 1 ? 'prefix' : 'prefixes'}`;
    notes.push(`CloudTrail records the S3 data events of ${scope}: billed per 100,000 data events, not included here.`);
  }
  if (inventory.guardDutyFeatures.length > 0) {
    notes.push(
      `GuardDuty protection plans ${inventory.guardDutyFeatures.map((feature) => `\`${feature}\``).join(', ')}: each billed by ` +
        'what it analyses (S3 data events, scanned EBS GB, monitored vCPU-hours, Lambda network logs, RDS logins), not included here.',
    );
  }
  if (inventory.fleets.some((fleet) => fleet.instanceType.startsWith('t'))) {
    notes.push(
      'Burstable (t*) instances run in unlimited mode by default: CPU use above the baseline is billed as surplus credits, not included here.',
    );
  }
  return notes;
}

type Quantities = Readonly<Record<Scale, Big.BigSource>>;

const same = (quantity: Big.BigSource): Quantities => ({ min: quantity, max: quantity });

/** Turns quantities into priced lines; unknown instance types are recorded as problems. */
class LineBuilder {
  readonly lines: CostLine[] = [];

  constructor(
    private readonly table: PriceTable,
    private readonly prices: RegionPrices,
    private readonly region: string,
    private readonly priceFile: string,
    private readonly problems: string[],
  ) {}

  problem(problem: string): void {
    this.problems.push(problem);
  }

  get hours(): number {
    return this.table.hoursPerMonth;
  }

  assumption(key: UsageAssumptionKey): Quantities {
    const { min, max } = this.table.usageAssumptions[key];
    return { min, max };
  }

  /** A line whose quantity is one of the named usage assumptions of the price table, listed with it. */
  assumed(service: string, item: string, unit: string, key: RateKey, assumption: UsageAssumptionKey): void {
    this.rate(service, item, unit, key, this.assumption(assumption), { assumptions: [assumption] });
  }

  rate(service: string, item: string, unit: string, key: RateKey, quantities: Quantities, extra: Partial<CostLine> = {}): void {
    const rate = this.prices.rates[key];
    this.push(
      { service, item, unit, unitPriceUsd: rate.usd, source: rate.source, estimate: rate.estimate, ...extra },
      quantities,
    );
  }

  /** A per-hour instance price from one of the instance tables; returns the vCPU count if known. */
  instance(
    section: 'ec2' | 'rdsMysql' | 'elasticache',
    type: string,
    line: { service: string; item: string; unit: string },
    quantities: Quantities,
  ): { vcpu?: number } | undefined {
    const table = this.prices[section];
    const price = table.prices[type];
    if (!price) {
      this.problems.push(
        `no ${section} price for instance type "${type}" in ${this.region} in ${this.priceFile}: ` +
          `add it under regions.${this.region}.${section}.prices (from the AWS Price List offer file), or choose a priced type`,
      );
      return undefined;
    }
    this.push({ ...line, unitPriceUsd: price.usd, source: table.source, estimate: price.estimate }, quantities);
    return { vcpu: price.vcpu };
  }

  private push(line: Omit<CostLine, 'min' | 'max' | 'assumptions'> & Partial<CostLine>, quantities: Quantities): void {
    const cost = (quantity: Big.BigSource): ScaleCost => ({
      quantity: Number(new Big(quantity).toFixed(4)),
      monthlyUsd: Number(new Big(quantity).times(line.unitPriceUsd).round(2, Big.roundHalfUp).toFixed(2)),
    });
    this.lines.push({ assumptions: [], ...line, min: cost(quantities.min), max: cost(quantities.max) });
  }
}

function hoursOf(builder: LineBuilder, count: Quantities): Quantities {
  return { min: new Big(count.min).times(builder.hours), max: new Big(count.max).times(builder.hours) };
}

function scaled(count: Quantities, by: Quantities): Quantities {
  return { min: new Big(count.min).times(by.min), max: new Big(count.max).times(by.max) };
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function priceInventory(inventory: Inventory, builder: LineBuilder, table: PriceTable): ExtendedSupportStatus[] {
  priceCompute(inventory, builder);
  priceNetwork(inventory, builder);
  const extendedSupport = inventory.databases.map((db) => priceDatabase(db, builder, table));
  for (const cache of inventory.caches) {
    builder.instance(
      'elasticache',
      cache.nodeType,
      {
        service: 'Amazon ElastiCache',
        item: `${cache.nodeType} x ${cache.nodes} nodes (${cache.engine}), ${cache.name}`,
        unit: 'node-hour',
      },
      hoursOf(builder, same(cache.nodes)),
    );
  }
  priceEdge(inventory, builder);
  priceMonitoring(inventory, builder);
  priceSecurity(inventory, builder);
  return extendedSupport;
}

function priceCompute(inventory: Inventory, builder: LineBuilder): void {
  for (const fleet of inventory.fleets.filter((f) => f.kind === 'auto-scaling-group')) {
    builder.instance(
      'ec2',
      fleet.instanceType,
      {
        service: 'Amazon EC2',
        item: `${fleet.instanceType} x ${fleet.min}-${fleet.max}, Auto Scaling group ${fleet.name}`,
        unit: 'instance-hour',
      },
      hoursOf(builder, { min: fleet.min, max: fleet.max }),
    );
  }
  const standalone = new Map<string, string[]>();
  for (const fleet of inventory.fleets.filter((f) => f.kind === 'instance')) {
    standalone.set(fleet.instanceType, [...(standalone.get(fleet.instanceType) ?? []), fleet.name]);
  }
  for (const [type, names] of [...standalone.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    builder.instance(
      'ec2',
      type,
      { service: 'Amazon EC2', item: `${type} x ${names.length}, instances ${names.join(', ')}`, unit: 'instance-hour' },
      hoursOf(builder, same(names.length)),
    );
  }
  const volumes = inventory.fleets.filter((fleet) => fleet.gp3GiB > 0);
  if (volumes.length > 0) {
    const gib = (scale: Scale) => volumes.reduce((total, fleet) => total + fleet.gp3GiB * fleet[scale], 0);
    builder.rate('Amazon EBS', 'gp3 volumes of every instance', 'GB-month', 'ebsGp3GbMonth', {
      min: gib('min'),
      max: gib('max'),
    });
  }
  const monitored = inventory.fleets.filter((fleet) => fleet.detailedMonitoring);
  if (monitored.length > 0) {
    // EC2 detailed monitoring is billed as 7 metrics per instance at the custom-metric rate.
    const metrics = (scale: Scale) => monitored.reduce((total, fleet) => total + 7 * fleet[scale], 0);
    builder.rate(
      'Amazon CloudWatch',
      'EC2 detailed monitoring (7 metrics per instance)',
      'metric-month',
      'cloudWatchMetricMonth',
      {
        min: metrics('min'),
        max: metrics('max'),
      },
    );
  }
}

function priceNetwork(inventory: Inventory, builder: LineBuilder): void {
  if (inventory.natGateways > 0) {
    builder.rate(
      'Amazon VPC',
      plural(inventory.natGateways, 'NAT gateway'),
      'gateway-hour',
      'natGatewayHour',
      hoursOf(builder, same(inventory.natGateways)),
    );
    builder.assumed('Amazon VPC', 'NAT gateway data processing', 'GB', 'natGatewayGb', 'natProcessedGb');
  }
  const publicInstances = (scale: Scale) =>
    inventory.fleets.filter((fleet) => fleet.publicIp).reduce((total, fleet) => total + fleet[scale], 0);
  const albAddresses = inventory.loadBalancers.filter((lb) => lb.internetFacing).reduce((total, lb) => total + lb.subnets, 0);
  const addresses = (scale: Scale) => inventory.elasticIps + publicInstances(scale) + albAddresses;
  if (addresses('max') > 0) {
    builder.rate(
      'Amazon VPC',
      `public IPv4 addresses (${plural(inventory.elasticIps, 'Elastic IP')}, ${plural(publicInstances('min'), 'instance')} at minimum scale, ${plural(albAddresses, 'internet-facing ALB node')})`,
      'address-hour',
      'publicIpv4Hour',
      hoursOf(builder, { min: addresses('min'), max: addresses('max') }),
    );
  }
  const albs = inventory.loadBalancers.length;
  if (albs > 0) {
    const internal = inventory.loadBalancers.filter((lb) => !lb.internetFacing).length;
    builder.rate(
      'Elastic Load Balancing',
      `${plural(albs, 'Application Load Balancer')} (${albs - internal} internet-facing, ${internal} internal)`,
      'ALB-hour',
      'albHour',
      hoursOf(builder, same(albs)),
    );
    builder.rate(
      'Elastic Load Balancing',
      'load balancer capacity units',
      'LCU-hour',
      'albLcuHour',
      hoursOf(builder, scaled(same(albs), builder.assumption('albLcuPerLoadBalancer'))),
      {
        assumptions: ['albLcuPerLoadBalancer'],
      },
    );
  }
}

function priceDatabase(db: Database, builder: LineBuilder, table: PriceTable): ExtendedSupportStatus {
  const instances = db.multiAz ? 2 : 1;
  const deployment = db.multiAz ? 'Multi-AZ (primary + standby)' : 'Single-AZ';
  if (db.engine !== 'mysql') {
    builder.problem(`${db.name}: no prices for RDS engine "${db.engine}" (the price table covers mysql)`);
    return {
      database: db.name,
      engine: db.engine,
      engineVersion: db.engineVersion,
      endOfStandardSupport: '',
      band: 'none',
      disabled: false,
    };
  }
  const priced = builder.instance(
    'rdsMysql',
    db.instanceClass,
    { service: 'Amazon RDS', item: `MySQL ${db.engineVersion} ${db.instanceClass}, ${deployment}`, unit: 'instance-hour' },
    hoursOf(builder, same(instances)),
  );
  if (db.storageType !== 'gp3') {
    builder.problem(`${db.name}: RDS StorageType "${db.storageType}" has no price in the estimate (only gp3)`);
  } else {
    builder.rate(
      'Amazon RDS',
      `gp3 storage, ${db.allocatedGiB}-${db.maxAllocatedGiB} GiB x ${instances} (storage autoscaling)`,
      'GB-month',
      'rdsGp3GbMonth',
      {
        min: db.allocatedGiB * instances,
        max: db.maxAllocatedGiB * instances,
      },
    );
  }
  const change = builder.assumption('rdsDailyChangePercent');
  builder.rate(
    'Amazon RDS',
    `automated backups beyond the free allowance (${db.backupRetentionDays}-day retention)`,
    'GB-month',
    'rdsBackupGbMonth',
    {
      min: new Big(db.allocatedGiB).times(change.min).div(100).times(db.backupRetentionDays),
      max: new Big(db.maxAllocatedGiB).times(change.max).div(100).times(db.backupRetentionDays),
    },
    { assumptions: ['rdsDailyChangePercent'] },
  );

  const lifecycle = table.rdsEngineLifecycle.engines[db.engine]?.[db.majorVersion];
  if (!lifecycle) {
    builder.problem(
      `${db.name}: no support dates for ${db.engine} ${db.majorVersion} in the price table: add rdsEngineLifecycle.engines.${db.engine}."${db.majorVersion}" from the RDS release calendar`,
    );
    return {
      database: db.name,
      engine: db.engine,
      engineVersion: db.engineVersion,
      endOfStandardSupport: '',
      band: 'none',
      disabled: false,
    };
  }
  const disabled = db.lifecycleSupport === 'open-source-rds-extended-support-disabled';
  const asOf = table.asOf;
  let band: ExtendedSupportStatus['band'] = 'none';
  if (asOf > lifecycle.endOfStandardSupport && !disabled) {
    if (asOf > lifecycle.endOfExtendedSupport) {
      builder.problem(
        `${db.name}: ${db.engine} ${db.majorVersion} is past the end of RDS Extended Support (${lifecycle.endOfExtendedSupport}) on ${asOf}: RDS upgrades it; choose a supported version`,
      );
    } else {
      band = asOf > lifecycle.endOfExtendedSupportYear2 ? 'year 3' : 'year 1-2';
    }
  }
  if (band !== 'none' && priced) {
    if (priced.vcpu === undefined) {
      builder.problem(
        `${db.instanceClass}: no vcpu count in the rdsMysql price table, needed for the RDS Extended Support charge`,
      );
    } else {
      builder.rate(
        'Amazon RDS',
        `Extended Support for MySQL ${db.majorVersion} (${band} rate): ${priced.vcpu} vCPU x ${instances} instances`,
        'vCPU-hour',
        band === 'year 3' ? 'rdsExtendedSupportYear3VcpuHour' : 'rdsExtendedSupportYear1to2VcpuHour',
        hoursOf(builder, same(priced.vcpu * instances)),
        { extendedSupport: true },
      );
    }
  }
  return {
    database: db.name,
    engine: db.engine,
    engineVersion: db.engineVersion,
    endOfStandardSupport: lifecycle.endOfStandardSupport,
    band,
    disabled,
  };
}

function priceEdge(inventory: Inventory, builder: LineBuilder): void {
  if (inventory.distributions > 0) {
    const label = plural(inventory.distributions, 'distribution');
    builder.assumed(
      'Amazon CloudFront',
      `data transfer out to viewers (${label})`,
      'GB',
      'cloudFrontDataOutGb',
      'cloudFrontDataOutGb',
    );
    builder.rate(
      'Amazon CloudFront',
      'HTTPS requests',
      '10,000 requests',
      'cloudFrontHttpsRequests10k',
      scaled(builder.assumption('cloudFrontRequestsMillions'), same(100)),
      {
        assumptions: ['cloudFrontRequestsMillions'],
      },
    );
  }
  if (inventory.webAcls.length > 0) {
    const rules = inventory.webAcls.reduce((total, acl) => total + acl.rules, 0);
    builder.rate(
      'AWS WAF',
      plural(inventory.webAcls.length, 'web ACL'),
      'ACL-month',
      'wafWebAclMonth',
      same(inventory.webAcls.length),
    );
    builder.rate(
      'AWS WAF',
      `${plural(rules, 'rule')} (a managed rule group counts as one)`,
      'rule-month',
      'wafRuleMonth',
      same(rules),
    );
    builder.assumed('AWS WAF', 'requests inspected', 'million requests', 'wafRequestsMillion', 'wafRequestsMillions');
  }
}

/** What CloudFront publishes once additional metrics are on: cache hit rate, origin latency, 401/403/404/502/503/504 error rates. */
const CLOUDFRONT_ADDITIONAL_METRICS = 8;

function priceMonitoring(inventory: Inventory, builder: LineBuilder): void {
  if (inventory.alarms > 0) {
    builder.rate(
      'Amazon CloudWatch',
      plural(inventory.alarms, 'alarm'),
      'alarm-month',
      'cloudWatchAlarmMonth',
      same(inventory.alarms),
    );
  }
  if (inventory.distributionsWithAdditionalMetrics > 0) {
    builder.rate(
      'Amazon CloudWatch',
      `CloudFront additional metrics (${CLOUDFRONT_ADDITIONAL_METRICS} per distribution: cache hit rate, origin latency, 6 error rates)`,
      'metric-month',
      'cloudWatchMetricMonth',
      same(inventory.distributionsWithAdditionalMetrics * CLOUDFRONT_ADDITIONAL_METRICS),
    );
  }
  if (inventory.dashboards > 0) {
    builder.rate(
      'Amazon CloudWatch',
      plural(inventory.dashboards, 'dashboard'),
      'dashboard-month',
      'cloudWatchDashboardMonth',
      same(inventory.dashboards),
    );
  }
  if (inventory.logGroups > 0 || inventory.flowLogs > 0) {
    const label = `${plural(inventory.logGroups, 'log group')}, ${plural(inventory.flowLogs, 'flow log')}`;
    builder.assumed('Amazon CloudWatch', `Logs ingestion (${label})`, 'GB', 'cloudWatchLogsIngestGb', 'logIngestionGb');
    builder.assumed(
      'Amazon CloudWatch',
      'Logs storage (365-day retention)',
      'GB-month',
      'cloudWatchLogsStoreGbMonth',
      'logStorageGb',
    );
  }
  if (inventory.buckets > 0) {
    builder.rate(
      'Amazon S3',
      `S3 Standard storage (${plural(inventory.buckets, 'bucket')})`,
      'GB-month',
      's3StandardGbMonth',
      builder.assumption('s3StorageGb'),
      {
        assumptions: ['s3StorageGb'],
      },
    );
  }
}

function priceSecurity(inventory: Inventory, builder: LineBuilder): void {
  if (inventory.configRecorders > 0) {
    builder.assumed('AWS Config', 'configuration items recorded', 'item', 'configItem', 'configItemsPerMonth');
  }
  if (inventory.configRules > 0) {
    builder.rate(
      'AWS Config',
      `rule evaluations (${plural(inventory.configRules, 'rule')})`,
      'evaluation',
      'configRuleEvaluation',
      scaled(same(inventory.configRules), builder.assumption('configEvaluationsPerRule')),
      {
        assumptions: ['configEvaluationsPerRule'],
      },
    );
  }
  if (inventory.guardDutyDetectors > 0) {
    builder.assumed(
      'Amazon GuardDuty',
      'CloudTrail management event analysis',
      'million events',
      'guardDutyCloudTrailEventsMillion',
      'guardDutyCloudTrailEventsMillions',
    );
    builder.assumed('Amazon GuardDuty', 'VPC flow log and DNS log analysis', 'GB', 'guardDutyFlowDnsGb', 'guardDutyFlowDnsGb');
  }
  if (inventory.inspectorEc2) {
    const instances = (scale: Scale) => inventory.fleets.reduce((total, fleet) => total + fleet[scale], 0);
    builder.rate('Amazon Inspector', 'EC2 scanning of every instance', 'instance-month', 'inspectorEc2InstanceMonth', {
      min: instances('min'),
      max: instances('max'),
    });
  }
  if (inventory.securityHubs > 0) {
    builder.assumed('AWS Security Hub CSPM', 'security checks', 'check', 'securityHubCheck', 'securityHubChecksPerMonth');
  }
  if (inventory.trails > 0) {
    // The first trail's copy of management events is free; only further trails are billed.
    builder.rate(
      'AWS CloudTrail',
      `${plural(inventory.trails, 'trail')}: the first copy of management events is free`,
      '100,000 events',
      'cloudTrailExtraEvents100k',
      scaled(same(inventory.trails - 1), builder.assumption('cloudTrailExtraEvents100k')),
      { assumptions: inventory.trails > 1 ? ['cloudTrailExtraEvents100k'] : [] },
    );
  }
  if (inventory.kmsKeys > 0) {
    builder.rate(
      'AWS KMS',
      plural(inventory.kmsKeys, 'customer managed key'),
      'key-month',
      'kmsKeyMonth',
      same(inventory.kmsKeys),
    );
    builder.assumed('AWS KMS', 'requests', '10,000 requests', 'kmsRequests10k', 'kmsRequests10k');
  }
  if (inventory.secrets > 0) {
    builder.rate(
      'AWS Secrets Manager',
      plural(inventory.secrets, 'secret'),
      'secret-month',
      'secretsManagerSecretMonth',
      same(inventory.secrets),
    );
  }
  for (const plan of inventory.backupPlans) {
    const copies = 1 + plan.copyDestinations;
    builder.rate(
      'AWS Backup',
      `recovery points of ${plan.name} (${plural(copies, 'vault copy')})`,
      'GB-month',
      'backupWarmGbMonth',
      scaled(builder.assumption('backupStorageGb'), same(copies)),
      {
        assumptions: ['backupStorageGb'],
      },
    );
  }
}
