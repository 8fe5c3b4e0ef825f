import { RegionInfo } from 'aws-cdk-lib/region-info';

/**
 * AWS regions as aws-cdk-lib's region facts know them: a region name that matches the pattern
 * but is not in this list (eu-west-9) would otherwise fail deep inside a construct.
 */

/** The partition the POC deploys to: its CloudFront distribution and the alarms on it (us-east-1) exist only there. */
export const POC_PARTITION = 'aws';

const PARTITION_OF: ReadonlyMap<string, string | undefined> = new Map(
  RegionInfo.regions.map((region) => [region.name, region.partition]),
);

/** The regions of the POC's partition, sorted: the values a region field accepts. */
export const POC_REGIONS: readonly [string, ...string[]] = (() => {
  const names = [...PARTITION_OF].filter(([, partition]) => partition === POC_PARTITION).map(([name]) => name);
  if (names.length === 0) throw new Error(`aws-cdk-lib's region facts list no region of the ${POC_PARTITION} partition`);
  return names.sort() as [string, ...string[]];
})();

export function partitionOf(region: string): string | undefined {
  return PARTITION_OF.get(region);
}

/**
 * The geography of a region: the first part of its name (eu, us, ap, ...). A coarse floor, not
 * a legal opinion: ap spans many countries, and the customer's own residency rules decide.
 */
export function geographyOf(region: string): string {
  return region.split('-')[0];
}

/** The POC's regions of `geography`, or every one of them when it has none. */
export function regionsOfGeography(geography: string): readonly string[] {
  const matching = POC_REGIONS.filter((region) => geographyOf(region) === geography);
  return matching.length > 0 ? matching : POC_REGIONS;
}

/**
 * Why `value` cannot be a region of the POC, or undefined when it can. `partitionReason` says
 * why the field must stay in the POC's partition.
 */
export function regionProblem(value: unknown, partitionReason: string): string | undefined {
  if (typeof value !== 'string') return 'must be an AWS region name such as eu-west-3';
  const partition = partitionOf(value);
  if (partition === POC_PARTITION) return undefined;
  if (partition !== undefined) return `is in the ${partition} partition; ${partitionReason}`;
  const geography = geographyOf(value);
  const known = POC_REGIONS.some((region) => geographyOf(region) === geography);
  return (
    `is not an AWS region (none of the ${PARTITION_OF.size} in aws-cdk-lib's region facts); ` +
    (known ? `regions of ${geography}: ${regionsOfGeography(geography).join(', ')}` : `AWS regions: ${POC_REGIONS.join(', ')}`)
  );
}
