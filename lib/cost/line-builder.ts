import Big from 'big.js';
import { CostLine, MissingPrice, Provenance, Scale, ScaleCost } from './lines';
import { InstanceSection, PriceListRecord, PriceTable, RateKey, RegionPrices, UsageAssumptionKey } from './price-table';

export type Quantities = Readonly<Record<Scale, Big.BigSource>>;

export const same = (quantity: Big.BigSource): Quantities => ({ min: quantity, max: quantity });

/** The schema holds exactly one of the two, so a price without `priceList` has a basis. */
export function provenanceOf(price: { readonly priceList?: PriceListRecord; readonly unverified?: string }): Provenance {
  if (price.priceList) return { verified: true, sku: price.priceList.sku, publicationDate: price.priceList.publicationDate };
  return { verified: false, basis: price.unverified ?? '' };
}

/**
 * Turns quantities into priced lines. A price the region's block lacks (or a region without a
 * block) becomes a missing price, listed apart: the rest of the estimate is still made.
 */
export class LineBuilder {
  readonly lines: CostLine[] = [];
  readonly missing: MissingPrice[] = [];

  constructor(
    private readonly table: PriceTable,
    private readonly prices: RegionPrices | undefined,
    private readonly region: string,
    private readonly problems: string[],
  ) {}

  /** Records a line that cannot be priced, naming the price table key it needs. */
  missingPrice(line: { service: string; item: string; unit: string }, key: string): void {
    this.missing.push({ ...line, key: `regions.${this.region}.${key}` });
  }

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
    const rate = this.prices?.rates[key];
    if (!rate) {
      this.missingPrice({ service, item, unit }, `rates.${key}`);
      return;
    }
    this.push(
      { service, item, unit, unitPriceUsd: rate.usd, source: rate.source, provenance: provenanceOf(rate), ...extra },
      quantities,
    );
  }

  /** A per-hour instance price from one of the instance tables; returns the vCPU count if known. */
  instance(
    section: InstanceSection,
    type: string,
    line: { service: string; item: string; unit: string },
    quantities: Quantities,
  ): { vcpu?: number } | undefined {
    const table = this.prices?.[section];
    const price = table?.prices[type];
    if (!table || !price) {
      this.missingPrice(line, `${section}.prices.${type}`);
      return undefined;
    }
    this.push({ ...line, unitPriceUsd: price.usd, source: table.source, provenance: provenanceOf(price) }, quantities);
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

export function hoursOf(builder: LineBuilder, count: Quantities): Quantities {
  return { min: new Big(count.min).times(builder.hours), max: new Big(count.max).times(builder.hours) };
}

export function scaled(count: Quantities, by: Quantities): Quantities {
  return { min: new Big(count.min).times(by.min), max: new Big(count.max).times(by.max) };
}

export const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
