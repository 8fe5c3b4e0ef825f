import {
  DescribeAddressesCommand,
  DescribeSubnetsCommand,
  paginateDescribeInternetGateways,
  paginateDescribeNatGateways,
  paginateDescribeSecurityGroups,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import { paginateDescribeLoadBalancers } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand } from '@aws-sdk/client-service-quotas';
import { awsErrorName, AwsCallError, call, guarded, RegionalClients } from './aws';
import { PreflightContext, ZoneChoice } from './context';
import { ResourceCounts } from './demand';
import { blocker, CheckResult, ok } from './result';

const VPC_GUIDE = 'Amazon VPC User Guide, "Amazon VPC quotas"';
const ALB_GUIDE =
  'Elastic Load Balancing User Guide for Application Load Balancers, "Quotas for your Application Load Balancers"';

/** A Service Quotas quota the POC consumes, how many it adds, and how many the account already uses. */
interface RegionalQuota {
  readonly name: string;
  readonly serviceCode: string;
  readonly quotaCode: string;
  /** Where the quota code is documented. */
  readonly source: string;
  readonly demand: (counts: ResourceCounts) => number;
  readonly usage: (clients: RegionalClients) => Promise<number>;
}

async function count<T>(pages: AsyncIterable<T>, items: (page: T) => readonly unknown[] | undefined): Promise<number> {
  let total = 0;
  for await (const page of pages) total += (items(page) ?? []).length;
  return total;
}

export const REGIONAL_QUOTAS: readonly RegionalQuota[] = [
  {
    name: 'VPCs per Region',
    serviceCode: 'vpc',
    quotaCode: 'L-F678F1CE',
    source: VPC_GUIDE,
    demand: (counts) => counts.vpcs,
    usage: (clients) =>
      call('ec2:DescribeVpcs', () => count(paginateDescribeVpcs({ client: clients.ec2 }, {}), (page) => page.Vpcs)),
  },
  {
    name: 'Internet gateways per Region',
    serviceCode: 'vpc',
    quotaCode: 'L-A4707A72',
    source: VPC_GUIDE,
    demand: (counts) => counts.internetGateways,
    usage: (clients) =>
      call('ec2:DescribeInternetGateways', () =>
        count(paginateDescribeInternetGateways({ client: clients.ec2 }, {}), (page) => page.InternetGateways),
      ),
  },
  {
    name: 'Elastic IP addresses per Region',
    serviceCode: 'ec2',
    quotaCode: 'L-0263D0A3',
    source: VPC_GUIDE,
    demand: (counts) => counts.elasticIps,
    usage: (clients) =>
      call('ec2:DescribeAddresses', async () => {
        const response = await clients.ec2.send(new DescribeAddressesCommand({ Filters: [{ Name: 'domain', Values: ['vpc'] }] }));
        return (response.Addresses ?? []).length;
      }),
  },
  {
    name: 'Application Load Balancers per Region',
    serviceCode: 'elasticloadbalancing',
    quotaCode: 'L-53DA6B97',
    source: ALB_GUIDE,
    demand: (counts) => counts.applicationLoadBalancers,
    usage: (clients) =>
      call('elasticloadbalancing:DescribeLoadBalancers', async () => {
        let total = 0;
        for await (const page of paginateDescribeLoadBalancers({ client: clients.elbv2 }, {})) {
          total += (page.LoadBalancers ?? []).filter((balancer) => balancer.Type === 'application').length;
        }
        return total;
      }),
  },
  {
    name: 'VPC security groups per Region',
    serviceCode: 'vpc',
    quotaCode: 'L-E79EC296',
    source: VPC_GUIDE,
    // Each new VPC comes with its default security group, which counts too.
    demand: (counts) => counts.securityGroups + counts.vpcs,
    usage: (clients) =>
      call('ec2:DescribeSecurityGroups', () =>
        count(paginateDescribeSecurityGroups({ client: clients.ec2 }, {}), (page) => page.SecurityGroups),
      ),
  },
];

/** NAT gateways count per AZ; they count while pending, available (active) or deleting (Amazon VPC quotas). */
export const NAT_GATEWAYS_PER_AZ = {
  name: 'NAT gateways per AZ',
  serviceCode: 'vpc',
  quotaCode: 'L-FE5A380F',
  source: VPC_GUIDE,
};

/** The quota's applied value, or its default when the account never had it adjusted. */
async function quotaValue(clients: RegionalClients, quota: { serviceCode: string; quotaCode: string }): Promise<number> {
  const input = { ServiceCode: quota.serviceCode, QuotaCode: quota.quotaCode };
  try {
    const applied = await call('servicequotas:GetServiceQuota', () =>
      clients.serviceQuotas.send(new GetServiceQuotaCommand(input)),
    );
    if (applied.Quota?.Value !== undefined) return applied.Quota.Value;
  } catch (error) {
    if (!(error instanceof AwsCallError) || awsErrorName(error) !== 'NoSuchResourceException') throw error;
  }
  return call('servicequotas:GetAWSDefaultServiceQuota', async () => {
    const fallback = await clients.serviceQuotas.send(new GetAWSDefaultServiceQuotaCommand(input));
    if (fallback.Quota?.Value === undefined) throw new Error(`no value for ${quota.serviceCode} ${quota.quotaCode}`);
    return fallback.Quota.Value;
  });
}

function verdict(
  quota: { name: string; serviceCode: string; quotaCode: string },
  region: string,
  where: string,
  used: number,
  added: number,
  limit: number,
): CheckResult {
  const check = `Quota: ${quota.name}`;
  const figures = `${used} in use${where} + ${added} for the POC`;
  if (used + added <= limit) return ok(check, region, `${figures} <= ${limit}`);
  return blocker(
    check,
    region,
    `${figures} > ${limit}`,
    `request ${used + added} or more (Service Quotas, ${quota.serviceCode} ${quota.quotaCode}), or release unused ones`,
  );
}

/** Each quota the POC consumes in the primary region, against what the account already uses. */
export async function checkQuotas(context: PreflightContext, zones: ZoneChoice): Promise<CheckResult[]> {
  const region = context.primaryRegion;
  const clients = context.clients(region);
  const counts = context.demand.counts;
  const regional = REGIONAL_QUOTAS.filter((quota) => quota.demand(counts) > 0).map((quota) =>
    guarded(`Quota: ${quota.name}`, region, async () => {
      const [used, limit] = await Promise.all([quota.usage(clients), quotaValue(clients, quota)]);
      return [verdict(quota, region, '', used, quota.demand(counts), limit)];
    }),
  );
  return (await Promise.all([...regional, checkNatGatewaysPerAz(context, zones)])).flat();
}

/** CDK places the NAT gateways in the public subnets of the first AZs, one per AZ. */
function checkNatGatewaysPerAz(context: PreflightContext, zones: ZoneChoice): Promise<CheckResult[]> {
  const region = context.primaryRegion;
  const clients = context.clients(region);
  const natZones = zones.names.slice(0, context.demand.counts.natGateways);
  if (natZones.length === 0) return Promise.resolve([]);
  return guarded(`Quota: ${NAT_GATEWAYS_PER_AZ.name}`, region, async () => {
    const [perZone, limit] = await Promise.all([natGatewaysPerZone(clients), quotaValue(clients, NAT_GATEWAYS_PER_AZ)]);
    return natZones.map((zone) => verdict(NAT_GATEWAYS_PER_AZ, region, ` in ${zone}`, perZone.get(zone) ?? 0, 1, limit));
  });
}

async function natGatewaysPerZone(clients: RegionalClients): Promise<Map<string, number>> {
  const subnetIds = await call('ec2:DescribeNatGateways', async () => {
    const ids: string[] = [];
    const pages = paginateDescribeNatGateways(
      { client: clients.ec2 },
      { Filter: [{ Name: 'state', Values: ['pending', 'available', 'deleting'] }] },
    );
    for await (const page of pages)
      ids.push(...(page.NatGateways ?? []).flatMap((gateway) => (gateway.SubnetId ? [gateway.SubnetId] : [])));
    return ids;
  });
  const perZone = new Map<string, number>();
  if (subnetIds.length === 0) return perZone;
  const subnets = await call('ec2:DescribeSubnets', () =>
    clients.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [...new Set(subnetIds)] })),
  );
  const zoneOf = new Map((subnets.Subnets ?? []).map((subnet) => [subnet.SubnetId, subnet.AvailabilityZone]));
  for (const subnetId of subnetIds) {
    const zone = zoneOf.get(subnetId);
    if (zone) perZone.set(zone, (perZone.get(zone) ?? 0) + 1);
  }
  return perZone;
}
