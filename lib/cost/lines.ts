/** The priced lines of a cost estimate, at minimum and maximum scale. */
import { UsageAssumptionKey } from './price-table';

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
