/**
 * Commercial Regions where CloudFront VPC origins are supported, from the CloudFront Developer
 * Guide, "Restrict access with VPC origins", section "Supported AWS Regions for VPC origins"
 * (checked December 2026). A few AZs of these Regions are excepted; the guide names them by zone
 * id, which only an account can map to AZ names (npm run preflight checks them).
 */
export const VPC_ORIGIN_REGIONS: readonly string[] = [
  'us-east-2',
  'us-east-1',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-7',
  'ap-southeast-5',
  'ap-east-2',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-south-1',
  'eu-west-3',
  'eu-south-2',
  'eu-north-1',
  'eu-central-2',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'sa-east-1',
  'mx-central-1',
];

export function supportsVpcOrigins(region: string): boolean {
  return VPC_ORIGIN_REGIONS.includes(region);
}
