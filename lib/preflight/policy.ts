/**
 * Every AWS API action the pre-flight checks call, with the resources they need it on: the one
 * source of `npm run preflight -- --print-policy` and of the names a check reports when access is
 * denied. Only Describe/Get/List actions: pre-flight never changes the account. A test runs every
 * check against mocked clients and compares the calls they make with this list.
 * sts:GetCallerIdentity is not listed: it needs no permission.
 */
export const PREFLIGHT_ACTIONS = [
  { action: 'ssm:GetParameter', resource: 'arn:aws:ssm:*:*:parameter/cdk-bootstrap/*', why: 'CDK bootstrap version' },
  {
    action: 'ssm:DescribeDocument',
    resource: 'arn:aws:ssm:*:*:document/SSM-SessionManagerRunShell',
    why: 'Session Manager preferences of the region',
  },
  { action: 'ec2:DescribeAvailabilityZones', resource: '*', why: 'the AZs the VPC spans, and their zone ids' },
  { action: 'ec2:DescribeInstanceTypeOfferings', resource: '*', why: 'instance types offered in those AZs' },
  { action: 'ec2:DescribeVpcs', resource: '*', why: 'VPCs in use (quota)' },
  { action: 'ec2:DescribeInternetGateways', resource: '*', why: 'internet gateways in use (quota)' },
  { action: 'ec2:DescribeAddresses', resource: '*', why: 'Elastic IP addresses in use (quota)' },
  { action: 'ec2:DescribeNatGateways', resource: '*', why: 'NAT gateways in use per AZ (quota)' },
  { action: 'ec2:DescribeSubnets', resource: '*', why: 'the AZ of each NAT gateway in use' },
  { action: 'ec2:DescribeSecurityGroups', resource: '*', why: 'security groups in use (quota)' },
  { action: 'elasticloadbalancing:DescribeLoadBalancers', resource: '*', why: 'Application Load Balancers in use (quota)' },
  { action: 'servicequotas:GetServiceQuota', resource: '*', why: "the account's applied quotas" },
  { action: 'servicequotas:GetAWSDefaultServiceQuota', resource: '*', why: 'the default of a quota never adjusted' },
  { action: 'guardduty:ListDetectors', resource: '*', why: 'an existing GuardDuty detector' },
  { action: 'config:DescribeConfigurationRecorders', resource: '*', why: 'an existing AWS Config recorder' },
  { action: 'securityhub:DescribeHub', resource: '*', why: 'Security Hub already enabled' },
  { action: 'securityhub:GetEnabledStandards', resource: '*', why: 'the PCI DSS standard in an existing hub' },
  { action: 'cloudtrail:DescribeTrails', resource: '*', why: 'an organization trail, and the trails per Region' },
  { action: 'rds:DescribeOrderableDBInstanceOptions', resource: '*', why: 'the DB engine version, class and Multi-AZ' },
  { action: 'rds:DescribeOptionGroupOptions', resource: '*', why: 'the MEMCACHED and audit plugin options' },
  { action: 'elasticache:DescribeCacheEngineVersions', resource: '*', why: 'the memcached engine version' },
  { action: 'elasticache:DescribeReservedCacheNodesOfferings', resource: '*', why: 'the cache node type in the region' },
] as const;

export type PreflightAction = (typeof PREFLIGHT_ACTIONS)[number]['action'];

interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: string[];
  readonly Resource: string;
}

/** The read-only IAM policy pre-flight needs: one statement per resource pattern. */
export function preflightPolicy(): { Version: '2012-10-17'; Statement: PolicyStatement[] } {
  const byResource = new Map<string, string[]>();
  for (const { action, resource } of PREFLIGHT_ACTIONS) {
    byResource.set(resource, [...(byResource.get(resource) ?? []), action]);
  }
  return {
    Version: '2012-10-17',
    Statement: [...byResource.entries()].map(([resource, actions]) => ({
      Sid: resource === '*' ? 'PreflightDescribe' : `PreflightRead${actions.map((action) => action.split(':')[1]).join('')}`,
      Effect: 'Allow',
      Action: [...actions].sort(),
      Resource: resource,
    })),
  };
}
