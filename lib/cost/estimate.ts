import { basename, join, relative } from 'node:path';
import Big from 'big.js';
import { loadModel, PocModel } from '../model';
import { Inventory, inventoryOf } from './inventory';
import { CostLine, ExtendedSupportStatus, MissingPrice, Scale } from './lines';
import { LineBuilder } from './line-builder';
import { priceInventory } from './pricing';
import { loadPriceTable, PriceTable, UsageAssumption, UsageAssumptionKey } from './price-table';

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

export type { CostLine, ExtendedSupportStatus, MissingPrice, Provenance, Scale, ScaleCost } from './lines';

export interface CostEstimate {
  readonly region: string;
  /** The name the price table gives the region; undefined when the table has no block for it. */
  readonly regionName?: string;
  readonly regionSource: RegionSource;
  readonly priceTable: {
    readonly file: string;
    /** When the region's prices were fetched from the Price List for this estimate (`--live`), not read from the file. */
    readonly fetchedAt?: string;
    readonly asOf: string;
    readonly currency: string;
    readonly hoursPerMonth: number;
  };
  readonly stacks: readonly string[];
  readonly lines: readonly CostLine[];
  /** Lines the estimate needs that the price table cannot price: the totals leave them out. */
  readonly missingPrices: readonly MissingPrice[];
  /** Sums of the priced lines; incomplete when `missingPrices` is not empty. */
  readonly totals: { readonly min: number; readonly max: number };
  /** Part of the totals priced with unit prices that no Price List SKU backs. */
  readonly unverifiedUsd: { readonly min: number; readonly max: number };
  readonly extendedSupport: readonly ExtendedSupportStatus[];
  readonly assumptions: readonly (UsageAssumption & { readonly key: UsageAssumptionKey })[];
  readonly sources: readonly {
    readonly id: string;
    readonly title: string;
    readonly url: string;
  }[];
  readonly unverifiedBases: readonly { readonly id: string; readonly text: string }[];
  readonly notes: readonly string[];
  readonly unpriced: readonly { readonly type: string; readonly count: number }[];
  readonly inventory: Inventory;
}

export type RegionSource = 'option' | 'assembly' | 'default';

export interface EstimateOptions {
  /** Overrides the region of the assembly (and the default for environment-agnostic stacks). */
  readonly region?: string;
  /** Defaults to data/prices/aws-on-demand-2026-11.json. */
  readonly priceTable?: PriceTable;
  /** Set when the priced region's block was fetched from the Price List for this estimate: the fetch time. */
  readonly fetchedAt?: string;
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

/**
 * The region the POC is priced in: the option, else where its database's stacks are pinned (a
 * stack pinned elsewhere, the DR copy vault, is priced there too), else the default.
 */
export function pricingRegion(
  model: PocModel,
  option?: string,
): { readonly region: string; readonly regionSource: RegionSource; readonly problems: readonly string[] } {
  const databaseStacks = new Set(model.databases.map((db) => db.source.stack));
  const primaryStacks = databaseStacks.size > 0 ? model.stacks.filter((stack) => databaseStacks.has(stack.name)) : model.stacks;
  const assemblyRegions = [
    ...new Set(primaryStacks.map((stack) => stack.region).filter((region): region is string => !!region)),
  ].sort();
  const problems =
    !option && assemblyRegions.length > 1
      ? [`the stacks are pinned to several regions (${assemblyRegions.join(', ')}); pass --region to price one of them`]
      : [];
  return {
    region: option ?? assemblyRegions[0] ?? DEFAULT_REGION,
    regionSource: option ? 'option' : assemblyRegions.length > 0 ? 'assembly' : 'default',
    problems,
  };
}

export function estimateModel(model: PocModel, options: EstimateOptions = {}): CostEstimate {
  const table = options.priceTable ?? loadPriceTable();
  const priceFile = displayPath(table.file);
  const { region, regionSource, problems: regionProblems } = pricingRegion(model, options.region);
  const problems = [...regionProblems];
  const prices = table.regions[region];

  const inventory = inventoryOf(model, problems);
  const builder = new LineBuilder(table, prices, region, problems);
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
  const usedBases = new Set(lines.flatMap((line) => (line.provenance.verified ? [] : [line.provenance.basis])));
  const unverified = (line: CostLine) => !line.provenance.verified;

  return {
    region,
    regionName: prices?.name,
    regionSource,
    priceTable: {
      file: priceFile,
      ...(options.fetchedAt ? { fetchedAt: options.fetchedAt } : {}),
      asOf: table.asOf,
      currency: table.currency,
      hoursPerMonth: table.hoursPerMonth,
    },
    stacks: inventory.stacks,
    lines,
    missingPrices: builder.missing,
    totals: { min: sum('min'), max: sum('max') },
    unverifiedUsd: { min: sum('min', unverified), max: sum('max', unverified) },
    extendedSupport,
    assumptions: (Object.keys(table.usageAssumptions) as UsageAssumptionKey[])
      .filter((key) => usedAssumptions.has(key))
      .map((key) => ({ key, ...table.usageAssumptions[key] })),
    sources: Object.keys(table.sources)
      .filter((id) => usedSources.has(id))
      .map((id) => ({ id, ...table.sources[id] })),
    unverifiedBases: Object.keys(table.unverifiedBases)
      .filter((id) => usedBases.has(id))
      .map((id) => ({ id, text: table.unverifiedBases[id] })),
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
