/**
 * Where CloudFront VPC origins exist. The POC's web load balancer is internal and CloudFront
 * reaches it only through a VPC origin, so a region without them cannot host the POC.
 *
 * Copied from the CloudFront Developer Guide, "Restrict access with VPC origins", section
 * "Supported AWS Regions for VPC origins". AWS adds regions over time: re-check the page and
 * update this table (and VPC_ORIGIN_REGIONS_CHECKED) rather than guessing.
 */
export const VPC_ORIGIN_REGIONS_SOURCE =
  'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-vpc-origins.html#vpc-origins-supported-regions';
export const VPC_ORIGIN_REGIONS_CHECKED = '2026-12-07';

export interface VpcOriginRegion {
  readonly region: string;
  readonly name: string;
  /**
   * AZ ids (not names: names map to different zones in each account) where AWS says VPC origins
   * are not supported. Synthesis only knows AZ names, so these are for a check with credentials.
   */
  readonly unsupportedAzIds: readonly string[];
}

export const VPC_ORIGIN_REGIONS: readonly VpcOriginRegion[] = [
  { region: 'us-east-2', name: 'US East (Ohio)', unsupportedAzIds: [] },
  { region: 'us-east-1', name: 'US East (N. Virginia)', unsupportedAzIds: ['use1-az3'] },
  { region: 'us-west-1', name: 'US West (N. California)', unsupportedAzIds: ['usw1-az2'] },
  { region: 'us-west-2', name: 'US West (Oregon)', unsupportedAzIds: [] },
  { region: 'af-south-1', name: 'Africa (Cape Town)', unsupportedAzIds: [] },
  { region: 'ap-east-1', name: 'Asia Pacific (Hong Kong)', unsupportedAzIds: [] },
  { region: 'ap-south-1', name: 'Asia Pacific (Mumbai)', unsupportedAzIds: [] },
  { region: 'ap-south-2', name: 'Asia Pacific (Hyderabad)', unsupportedAzIds: [] },
  { region: 'ap-southeast-3', name: 'Asia Pacific (Jakarta)', unsupportedAzIds: [] },
  { region: 'ap-southeast-4', name: 'Asia Pacific (Melbourne)', unsupportedAzIds: [] },
  { region: 'ap-northeast-3', name: 'Asia Pacific (Osaka)', unsupportedAzIds: [] },
  { region: 'ap-southeast-1', name: 'Asia Pacific (Singapore)', unsupportedAzIds: [] },
  { region: 'ap-southeast-2', name: 'Asia Pacific (Sydney)', unsupportedAzIds: [] },
  { region: 'ap-northeast-1', name: 'Asia Pacific (Tokyo)', unsupportedAzIds: ['apne1-az3'] },
  { region: 'ap-northeast-2', name: 'Asia Pacific (Seoul)', unsupportedAzIds: [] },
  { region: 'ap-southeast-7', name: 'Asia Pacific (Thailand)', unsupportedAzIds: [] },
  { region: 'ap-southeast-5', name: 'Asia Pacific (Malaysia)', unsupportedAzIds: [] },
  { region: 'ap-east-2', name: 'Asia Pacific (Taipei)', unsupportedAzIds: [] },
  { region: 'ca-central-1', name: 'Canada (Central)', unsupportedAzIds: ['cac1-az3'] },
  { region: 'ca-west-1', name: 'Canada West (Calgary)', unsupportedAzIds: [] },
  { region: 'eu-central-1', name: 'Europe (Frankfurt)', unsupportedAzIds: [] },
  { region: 'eu-west-1', name: 'Europe (Ireland)', unsupportedAzIds: [] },
  { region: 'eu-west-2', name: 'Europe (London)', unsupportedAzIds: [] },
  { region: 'eu-south-1', name: 'Europe (Milan)', unsupportedAzIds: [] },
  { region: 'eu-west-3', name: 'Europe (Paris)', unsupportedAzIds: [] },
  { region: 'eu-south-2', name: 'Europe (Spain)', unsupportedAzIds: [] },
  { region: 'eu-north-1', name: 'Europe (Stockholm)', unsupportedAzIds: [] },
  { region: 'eu-central-2', name: 'Europe (Zurich)', unsupportedAzIds: [] },
  { region: 'il-central-1', name: 'Israel (Tel Aviv)', unsupportedAzIds: [] },
  { region: 'me-south-1', name: 'Middle East (Bahrain)', unsupportedAzIds: [] },
  { region: 'me-central-1', name: 'Middle East (UAE)', unsupportedAzIds: [] },
  { region: 'sa-east-1', name: 'South America (São Paulo)', unsupportedAzIds: [] },
  { region: 'mx-central-1', name: 'Mexico (Central)', unsupportedAzIds: [] },
];

export function supportsVpcOrigins(region: string): boolean {
  return VPC_ORIGIN_REGIONS.some((entry) => entry.region === region);
}
