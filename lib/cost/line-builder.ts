import Big from 'big.js';
import { CostLine, Scale, ScaleCost } from './lines';
import { PriceTable, RateKey, RegionPrices, UsageAssumptionKey } from './price-table';

export type Quantities = Readonly<Record<Scale, Big.BigSource>>;

export const same = (quantity: Big.BigSource): Quantities => ({ min: quantity, max: quantity });

/** Turns quantities into priced lines; unknown instance types are recorded as problems. */
export class LineBuilder {
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

export function hoursOf(builder: LineBuilder, count: Quantities): Quantities {
  return { min: new Big(count.min).times(builder.hours), max: new Big(count.max).times(builder.hours) };
}

export function scaled(count: Quantities, by: Quantities): Quantities {
  return { min: new Big(count.min).times(by.min), max: new Big(count.max).times(by.max) };
}

export const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
