import Big from 'big.js';

/** Number and table-cell formatting shared by the sections of COST.md: the same figure prints the same everywhere. */

const money = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
export const unitPrice = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 6,
});
export const quantity = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

export const usd = (value: number) => money.format(value);
export const cell = (text: string) => text.replace(/\|/g, '\\|');

export function sum(values: readonly number[]): number {
  return Number(values.reduce((total, value) => total.plus(value), new Big(0)).toFixed(2));
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${new Big(part).times(100).div(whole).round(0, Big.roundHalfUp).toFixed(0)}%`;
}
