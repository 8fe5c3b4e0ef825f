import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeNatGatewaysCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand } from '@aws-sdk/client-service-quotas';
import {
  checkQuotas,
  isStandardFamily,
  NAT_GATEWAYS_PER_AZ,
  ON_DEMAND_STANDARD_VCPUS,
  REGIONAL_QUOTAS,
} from '../../lib/preflight/quotas';
import { awsError, contextOf, demandOf, outcomes, ZONES, useReadyAccount } from './fixtures';

const aws = useReadyAccount();

describe('quotas the POC consumes', () => {
  test('each quota code is kept with its service and source', () => {
    const all = [...REGIONAL_QUOTAS, NAT_GATEWAYS_PER_AZ, ON_DEMAND_STANDARD_VCPUS];
    expect(all.map((quota) => `${quota.serviceCode} ${quota.quotaCode} ${quota.name}`)).toEqual([
      'vpc L-F678F1CE VPCs per Region',
      'vpc L-A4707A72 Internet gateways per Region',
      'ec2 L-0263D0A3 Elastic IP addresses per Region',
      'elasticloadbalancing L-53DA6B97 Application Load Balancers per Region',
      'vpc L-E79EC296 VPC security groups per Region',
      'vpc L-FE5A380F NAT gateways per AZ',
      'ec2 L-1216C47A Running On-Demand Standard instances (vCPUs)',
    ]);
    expect(all.every((quota) => /User Guide/.test(quota.source))).toBe(true);
  });

  test('room for the POC in a fresh account: one row per quota, NAT gateways per AZ', async () => {
    expect(outcomes(await checkQuotas(contextOf(), ZONES))).toEqual([
      'ok 1 in use + 1 for the POC <= 5',
      'ok 1 in use + 1 for the POC <= 5',
      'ok 0 in use + 2 for the POC <= 5',
      'ok 0 in use + 2 for the POC <= 50',
      'ok 1 in use + 9 for the POC <= 2500',
      'ok 0 in use in eu-west-3a + 1 for the POC <= 5',
      'ok 0 in use in eu-west-3b + 1 for the POC <= 5',
      'ok 0 in use + 12 for the POC at minimum size, 30 at maximum size <= 64',
    ]);
    expect(aws.serviceQuotas.commandCalls(GetServiceQuotaCommand).map((call) => call.args[0].input)).toContainEqual({
      ServiceCode: 'elasticloadbalancing',
      QuotaCode: 'L-53DA6B97',
    });
    expect(aws.ec2.commandCalls(DescribeAddressesCommand)[0].args[0].input).toEqual({
      Filters: [{ Name: 'domain', Values: ['vpc'] }],
    });
  });

  test('a full quota is a blocker that names the quota code to raise', async () => {
    aws.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [1, 2, 3, 4, 5].map((n) => ({ VpcId: `vpc-${n}` })) });
    const results = await checkQuotas(contextOf(), ZONES);
    expect(results[0]).toEqual({
      check: 'Quota: VPCs per Region',
      region: 'eu-west-3',
      status: 'blocker',
      result: '5 in use + 1 for the POC > 5',
      fix: 'request 6 or more (Service Quotas, vpc L-F678F1CE), or release unused ones',
    });
  });

  test('usage is counted across pages, and only Application Load Balancers count', async () => {
    aws.ec2
      .on(DescribeSecurityGroupsCommand)
      .resolvesOnce({ SecurityGroups: Array.from({ length: 1000 }, (_, n) => ({ GroupId: `sg-${n}` })), NextToken: 'next' })
      .resolves({ SecurityGroups: Array.from({ length: 1495 }, (_, n) => ({ GroupId: `sg-b${n}` })) });
    aws.elbv2.on(DescribeLoadBalancersCommand).resolves({
      LoadBalancers: [...Array.from({ length: 48 }, () => ({ Type: 'application' as const })), { Type: 'network' as const }],
    });
    const results = await checkQuotas(contextOf(), ZONES);
    expect(outcomes(results, 'Quota: VPC security groups per Region')).toEqual(['blocker 2495 in use + 9 for the POC > 2500']);
    expect(outcomes(results, 'Quota: Application Load Balancers per Region')).toEqual(['ok 48 in use + 2 for the POC <= 50']);
  });

  test('NAT gateways count per AZ, pending, available and deleting ones', async () => {
    aws.ec2.on(DescribeNatGatewaysCommand).resolves({
      NatGateways: [1, 2, 3, 4, 5, 6].map((n) => ({ NatGatewayId: `nat-${n}`, SubnetId: n === 6 ? 'subnet-b' : 'subnet-a' })),
    });
    aws.ec2.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        { SubnetId: 'subnet-a', AvailabilityZone: 'eu-west-3a' },
        { SubnetId: 'subnet-b', AvailabilityZone: 'eu-west-3b' },
      ],
    });
    const results = await checkQuotas(contextOf(), ZONES);
    expect(outcomes(results, 'Quota: NAT gateways per AZ')).toEqual([
      'blocker 5 in use in eu-west-3a + 1 for the POC > 5',
      'ok 1 in use in eu-west-3b + 1 for the POC <= 5',
    ]);
    expect(aws.ec2.commandCalls(DescribeNatGatewaysCommand)[0].args[0].input).toEqual({
      Filter: [{ Name: 'state', Values: ['pending', 'available', 'deleting'] }],
    });
    expect(aws.ec2.commandCalls(DescribeSubnetsCommand)[0].args[0].input).toEqual({ SubnetIds: ['subnet-a', 'subnet-b'] });
  });

  test('a single NAT gateway takes room in the first AZ only', async () => {
    const demand = demandOf();
    const results = await checkQuotas(
      contextOf({ ...demand, counts: { ...demand.counts, natGateways: 1, elasticIps: 1 } }),
      ZONES,
    );
    expect(outcomes(results, 'Quota: NAT gateways per AZ')).toEqual(['ok 0 in use in eu-west-3a + 1 for the POC <= 5']);
  });

  test('a quota never adjusted is read from its AWS default', async () => {
    aws.serviceQuotas
      .on(GetServiceQuotaCommand)
      .rejects(awsError('NoSuchResourceException', 'The request failed because the specified service quota does not exist.'));
    const results = await checkQuotas(contextOf(), ZONES);
    expect(results.every((result) => result.status === 'ok')).toBe(true);
    expect(aws.serviceQuotas.commandCalls(GetAWSDefaultServiceQuotaCommand)).toHaveLength(7);
  });

  test('access denied on Service Quotas names the action, per quota', async () => {
    aws.serviceQuotas.on(GetServiceQuotaCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    const results = await checkQuotas(contextOf(), ZONES);
    expect(new Set(outcomes(results))).toEqual(new Set(['blocker not checked: access denied to servicequotas:GetServiceQuota']));
    expect(results).toHaveLength(7);
  });

  describe('On-Demand vCPUs', () => {
    const vcpuRow = async () => outcomes(await checkQuotas(contextOf(), ZONES), `Quota: ${ON_DEMAND_STANDARD_VCPUS.name}`);

    test("a new account's 5 vCPUs cannot launch the POC at its minimum size: blocker", async () => {
      aws.serviceQuotas.on(GetServiceQuotaCommand, { QuotaCode: 'L-1216C47A' }).resolves({ Quota: { Value: 5 } });
      expect(await vcpuRow()).toEqual([
        'blocker 0 in use + 12 for the POC at minimum size, 30 at maximum size; the quota is 5: the deploy cannot launch them',
      ]);
    });

    test('room for the minimum but not the maximum size: warning', async () => {
      aws.serviceQuotas.on(GetServiceQuotaCommand, { QuotaCode: 'L-1216C47A' }).resolves({ Quota: { Value: 32 } });
      aws.ec2.on(DescribeInstancesCommand).resolves({
        Reservations: [
          {
            Instances: [
              { InstanceType: 'c7g.4xlarge' },
              { InstanceType: 'c7g.4xlarge', InstanceLifecycle: 'spot' },
              { InstanceType: 'inf1.xlarge' as never },
            ],
          },
        ],
      });
      expect(await vcpuRow()).toEqual([
        'warning 16 in use + 12 for the POC at minimum size, 30 at maximum size; the quota is 32: scaling out would stop short of maxCapacity',
      ]);
      expect(aws.ec2.commandCalls(DescribeInstancesCommand)[0].args[0].input).toEqual({
        Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running'] }],
      });
    });

    test('standard families are A, C, D, H, I, M, R, T, Z, not Inf, HPC, DL, Trn, Mac or high memory', () => {
      expect(
        ['t4g.nano', 'm7g.large', 'c7i.xlarge', 'r8g.large', 'i4i.large', 'z1d.large', 'd3.xlarge', 'h1.2xlarge'].every(
          isStandardFamily,
        ),
      ).toBe(true);
      expect(
        [
          'inf2.xlarge',
          'hpc7g.4xlarge',
          'dl1.24xlarge',
          'trn1.2xlarge',
          'mac2.metal',
          'u-6tb1.metal',
          'g5.xlarge',
          'p5.48xlarge',
          'x2idn.large',
        ].some(isStandardFamily),
      ).toBe(false);
    });
  });
});
