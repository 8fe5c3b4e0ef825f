/** The priced lines of a cost estimate, at minimum and maximum scale. */
import { PriceListRecord, UsageAssumptionKey } from './price-table';

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
  /** Where the unit price was read: a Price List SKU, or the id of the basis of an unverified price. */
  readonly provenance: Provenance;
  /** Usage assumptions the quantity depends on. */
  readonly assumptions: readonly UsageAssumptionKey[];
  readonly min: ScaleCost;
  readonly max: ScaleCost;
  /** The RDS Extended Support charge, called out in the doc. */
  readonly extendedSupport?: boolean;
}

export type Provenance = ({ readonly verified: true } & PriceListRecord) | { readonly verified: false; readonly basis: string };

/** A line the estimate needs and the price table cannot price: the key it lacks in the region's block. */
export interface MissingPrice {
  readonly service: string;
  readonly item: string;
  readonly unit: string;
  /** The path in the price table that would hold it, e.g. `regions.ap-south-2.rates.albHour`. */
  readonly key: string;
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
