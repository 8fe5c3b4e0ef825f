import { Figure, RecoveryObjective, Qualifier, TierComponent, TimeFigure } from './figures';

/** One component's objective for one failure. */
export type Entry = Omit<RecoveryObjective, 'component' | 'failure'>;

export const time = (minutes: number, qualifier: Qualifier, basis: string): TimeFigure => ({
  kind: 'time',
  minutes,
  qualifier,
  basis,
});
export const unbounded = (basis: string): Figure => ({ kind: 'unbounded', basis });
export const notApplicable = (basis: string): Figure => ({ kind: 'not-applicable', basis });

export const STATELESS = notApplicable('Stateless: holds no data of its own; it is rebuilt from the templates.');

/** One entry per tier of the tier table, keyed as the components name them. */
export function perTier(
  tiers: readonly { readonly spec: { readonly name: string } }[],
  entry: (index: number) => Entry,
): Record<TierComponent, Entry> {
  return Object.fromEntries(tiers.map((tier, index) => [`${tier.spec.name}-tier`, entry(index)])) as Record<TierComponent, Entry>;
}
