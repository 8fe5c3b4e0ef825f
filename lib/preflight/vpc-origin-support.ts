export { supportsVpcOrigins } from '../config/vpc-origin-regions';

/**
 * AZs of supported Regions where CloudFront VPC origins are not available, by zone id (the same
 * physical AZ in every account), from the CloudFront Developer Guide, "Supported AWS Regions for
 * VPC origins" (checked December 2026).
 */
export const VPC_ORIGIN_EXCLUDED_ZONE_IDS: readonly string[] = ['use1-az3', 'usw1-az2', 'apne1-az3', 'cac1-az3'];
