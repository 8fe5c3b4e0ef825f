/**
 * Instance families the kit accepts. A closed list on purpose: a typo such as "t4.small" or
 * "m7x.large" must fail at validation, not at deploy time an hour later.
 */

export const EC2_FAMILIES = [
  't3',
  't3a',
  't4g',
  'm6i',
  'm6a',
  'm6g',
  'm7i',
  'm7a',
  'm7g',
  'm8g',
  'c6i',
  'c6a',
  'c6g',
  'c7i',
  'c7a',
  'c7g',
  'c8g',
  'r6i',
  'r6a',
  'r6g',
  'r7i',
  'r7a',
  'r7g',
  'r8g',
] as const;

export const RDS_FAMILIES = ['t3', 't4g', 'm6i', 'm6g', 'm7i', 'm7g', 'm8g', 'r6i', 'r6g', 'r7i', 'r7g', 'r8g'] as const;

export const CACHE_FAMILIES = ['t3', 't4g', 'm6g', 'm7g', 'r6g', 'r7g'] as const;

const SIZES = [
  'nano',
  'micro',
  'small',
  'medium',
  'large',
  'xlarge',
  '2xlarge',
  '4xlarge',
  '8xlarge',
  '12xlarge',
  '16xlarge',
  '24xlarge',
] as const;

/** Returns why `value` is not `<prefix><family>.<size>` from the allowed lists, or undefined. */
export function instanceTypeProblem(
  value: string,
  families: readonly string[],
  prefix: string,
  example: string,
): string | undefined {
  const match = new RegExp(`^${prefix.replace('.', '\\.')}([a-z0-9]+)\\.([a-z0-9]+)$`).exec(value);
  if (!match) return `must look like ${example}`;
  const [, family, size] = match;
  if (!families.includes(family)) {
    return `has unknown instance family "${family}"; allowed: ${families.join(', ')}`;
  }
  if (!(SIZES as readonly string[]).includes(size)) {
    return `has unknown size "${size}"; allowed: ${SIZES.join(', ')}`;
  }
  return undefined;
}

/** Graviton families end in "g" (t4g, m7g, ...): those need arm64 AMIs. */
export function isGraviton(instanceType: string): boolean {
  const family = instanceType.replace(/^(db|cache)\./, '').split('.')[0];
  return /\dg$/.test(family);
}
