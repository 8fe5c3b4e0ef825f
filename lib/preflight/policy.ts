/**
 * Every AWS API action the pre-flight checks call, with the resources they need it on: the one
 * source of `npm run preflight -- --print-policy` and of the names a check reports when access is
 * denied. Only Describe/Get/List actions: pre-flight never changes the account. A test runs every
 * check against mocked clients and compares the calls they make with this list.
 * sts:GetCallerIdentity is not listed: it needs no permission.
 */
export const PREFLIGHT_ACTIONS = [
  // CDK bootstrap version.
  { action: 'ssm:GetParameter', resource: 'arn:aws:ssm:*:*:parameter/cdk-bootstrap/*' },
  // Session Manager preferences of the region.
  { action: 'ssm:DescribeDocument', resource: 'arn:aws:ssm:*:*:document/SSM-SessionManagerRunShell' },
  // The AZs the VPC spans, and their zone ids.
  { action: 'ec2:DescribeAvailabilityZones', resource: '*' },
  // Instance types offered in those AZs.
  { action: 'ec2:DescribeInstanceTypeOfferings', resource: '*' },
  // VPCs in use (quota).
  { action: 'ec2:DescribeVpcs', resource: '*' },
  // Internet gateways in use (quota).
  { action: 'ec2:DescribeInternetGateways', resource: '*' },
  // Elastic IP addresses in use (quota).
  { action: 'ec2:DescribeAddresses', resource: '*' },
  // NAT gateways in use per AZ (quota).
  { action: 'ec2:DescribeNatGateways', resource: '*' },
  // The AZ of each NAT gateway in use.
  { action: 'ec2:DescribeSubnets', resource: '*' },
  // On-Demand instances running (vCPU quota), and the vCPUs of each instance type.
  { action: 'ec2:DescribeInstances', resource: '*' },
  { action: 'ec2:DescribeInstanceTypes', resource: '*' },
  // Security groups in use (quota).
  { action: 'ec2:DescribeSecurityGroups', resource: '*' },
  // Application Load Balancers in use (quota).
  { action: 'elasticloadbalancing:DescribeLoadBalancers', resource: '*' },
  // The account's applied quotas.
  { action: 'servicequotas:GetServiceQuota', resource: '*' },
  // The default of a quota never adjusted.
  { action: 'servicequotas:GetAWSDefaultServiceQuota', resource: '*' },
  // An existing GuardDuty detector.
  { action: 'guardduty:ListDetectors', resource: '*' },
  // An existing AWS Config recorder.
  { action: 'config:DescribeConfigurationRecorders', resource: '*' },
  // Security Hub already enabled.
  { action: 'securityhub:DescribeHub', resource: '*' },
  // The PCI DSS standard in an existing hub.
  { action: 'securityhub:GetEnabledStandards', resource: '*' },
  // An organization trail, and the trails per Region.
  { action: 'cloudtrail:DescribeTrails', resource: '*' },
  // The DB engine version, class and Multi-AZ.
  { action: 'rds:DescribeOrderableDBInstanceOptions', resource: '*' },
  // The MEMCACHED and audit plugin options.
  { action: 'rds:DescribeOptionGroupOptions', resource: '*' },
  // The cache node type in the region.
  { action: 'elasticache:DescribeReservedCacheNodesOfferings', resource: '*' },
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
