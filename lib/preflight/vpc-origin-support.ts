import { VPC_ORIGIN_REGIONS } from '../config/vpc-origin-regions';

export { supportsVpcOrigins } from '../config/vpc-origin-regions';

/** AZs of supported Regions where CloudFront VPC origins are not available, by zone id (the same physical AZ in every account). */
export const VPC_ORIGIN_EXCLUDED_ZONE_IDS: readonly string[] = VPC_ORIGIN_REGIONS.flatMap((entry) => entry.unsupportedAzIds);
