import { PreflightContext, ZoneChoice } from './context';
import { blocker, CheckResult, ok } from './result';
import { VPC_ORIGIN_EXCLUDED_ZONE_IDS } from './vpc-origin-support';

const CHECK = 'CloudFront VPC origin';
const SOURCE = 'CloudFront Developer Guide, "Supported AWS Regions for VPC origins"';

/**
 * When the templates reach the load balancer through a CloudFront VPC origin, the primary region
 * supports VPC origins, and none of the VPC's AZs is one of the excepted zone ids.
 */
export function checkVpcOrigin(
  context: PreflightContext,
  zones: ZoneChoice,
  supportsVpcOrigins: (region: string) => boolean,
): CheckResult[] {
  const region = context.primaryRegion;
  if (context.demand.counts.vpcOrigins === 0) return [ok(CHECK, region, 'the templates use no VPC origin')];
  if (!supportsVpcOrigins(region)) {
    return [
      blocker(
        CHECK,
        region,
        `CloudFront VPC origins are not supported in ${region}`,
        `deploy to a Region that supports them (${SOURCE})`,
      ),
    ];
  }
  const excluded = zones.names.filter((name) => VPC_ORIGIN_EXCLUDED_ZONE_IDS.includes(zones.ids[name]));
  if (excluded.length > 0) {
    return [
      blocker(
        CHECK,
        region,
        `${excluded.map((name) => `${name} (${zones.ids[name]})`).join(', ')} cannot host a VPC origin`,
        `pin environment.availabilityZones to other AZs of ${region} (${SOURCE})`,
      ),
    ];
  }
  return [ok(CHECK, region, `supported in ${region} and in ${zones.names.join(', ')}`)];
}
