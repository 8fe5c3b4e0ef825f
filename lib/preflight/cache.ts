import { paginateDescribeReservedCacheNodesOfferings, ReservedCacheNodesOffering } from '@aws-sdk/client-elasticache';
import { call, guarded } from './aws';
import { PreflightContext } from './context';
import { blocker, CheckResult, ok } from './result';

/**
 * The ElastiCache node type is offered for the engine in the region. ElastiCache has no API that
 * lists the node types of a region; its reserved-node offerings list each type it sells there,
 * so an empty list is read as "not offered".
 */
export async function checkCacheNodeType(context: PreflightContext): Promise<CheckResult[]> {
  const cache = context.demand.cache;
  if (!cache) return [];
  const check = 'ElastiCache node type';
  const region = context.primaryRegion;
  return guarded(check, region, async () => {
    const offerings = await call('elasticache:DescribeReservedCacheNodesOfferings', async () => {
      const found: ReservedCacheNodesOffering[] = [];
      const pages = paginateDescribeReservedCacheNodesOfferings(
        { client: context.clients(region).elastiCache },
        { CacheNodeType: cache.nodeType, ProductDescription: cache.engine },
      );
      for await (const page of pages) found.push(...(page.ReservedCacheNodesOfferings ?? []));
      return found;
    });
    if (offerings.length === 0) {
      return [
        blocker(
          check,
          region,
          `${cache.nodeType} is not offered for ${cache.engine} in ${region} (no offering lists it)`,
          `choose another database.cacheNodeType (ElastiCache User Guide, "Supported node types" by Region)`,
        ),
      ];
    }
    return [ok(check, region, `${cache.nodeType} offered for ${cache.engine} (${cache.nodes} node(s), one per AZ)`)];
  });
}
