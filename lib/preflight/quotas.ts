import {
  _InstanceType,
  DescribeAddressesCommand,
  DescribeInstanceTypesCommand,
  paginateDescribeInstances,
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
import { blocker, CheckResult, ok, warning } from './result';

const VPC_GUIDE = 'Amazon VPC User Guide, "Amazon VPC quotas"';
const EC2_GUIDE = 'Amazon EC2 User Guide, "On-Demand Instance quotas"';
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

/**
 * Running On-Demand instances of the standard families (A, C, D, H, I, M, R, T, Z) share one quota
 * counted in vCPUs; new accounts often start at 5 (Amazon EC2 User Guide, "On-Demand Instance quotas").
 */
export const ON_DEMAND_STANDARD_VCPUS = {
  name: 'Running On-Demand Standard instances (vCPUs)',
  serviceCode: 'ec2',
  quotaCode: 'L-1216C47A',
  source: EC2_GUIDE,
};

/** Families that count against the standard quota; Inf, HPC, DL, Trn, Mac and high-memory (u-) have their own. */
export function isStandardFamily(instanceType: string): boolean {
  return /^[acdhimrtz]/.test(instanceType) && !/^(inf|hpc|dl|trn|mac|u-)/.test(instanceType);
}

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
  return (await Promise.all([...regional, checkNatGatewaysPerAz(context, zones), checkOnDemandVcpus(context)])).flat();
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

/**
 * vCPUs of the standard-family instances the POC runs, at the groups' minimum size (what the deploy
 * launches: a blocker when it does not fit) and maximum size (what scaling may reach: a warning),
 * against the running On-Demand ones (Spot instances have their own quota).
 */
function checkOnDemandVcpus(context: PreflightContext): Promise<CheckResult[]> {
  const region = context.primaryRegion;
  const clients = context.clients(region);
  const fleets = context.demand.fleets.filter((fleet) => isStandardFamily(fleet.instanceType));
  const check = `Quota: ${ON_DEMAND_STANDARD_VCPUS.name}`;
  if (fleets.length === 0) return Promise.resolve([]);
  return guarded(check, region, async () => {
    const running = await call('ec2:DescribeInstances', async () => {
      const types: string[] = [];
      const pages = paginateDescribeInstances(
        { client: clients.ec2 },
        { Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running'] }] },
      );
      for await (const page of pages) {
        for (const instance of (page.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? [])) {
          if (instance.InstanceLifecycle !== 'spot' && instance.InstanceType && isStandardFamily(instance.InstanceType)) {
            types.push(instance.InstanceType);
          }
        }
      }
      return types;
    });
    const [vcpus, limit] = await Promise.all([
      vcpusOf(clients, [...new Set([...running, ...fleets.map((fleet) => fleet.instanceType)])]),
      quotaValue(clients, ON_DEMAND_STANDARD_VCPUS),
    ]);
    const used = running.reduce((total, type) => total + vcpus(type), 0);
    const atMin = fleets.reduce((total, fleet) => total + fleet.min * vcpus(fleet.instanceType), 0);
    const atMax = fleets.reduce((total, fleet) => total + fleet.max * vcpus(fleet.instanceType), 0);
    const figures = `${used} in use + ${atMin} for the POC at minimum size, ${atMax} at maximum size`;
    const request = `request ${used + atMax} or more (Service Quotas, ${ON_DEMAND_STANDARD_VCPUS.serviceCode} ${ON_DEMAND_STANDARD_VCPUS.quotaCode})`;
    if (used + atMin > limit)
      return [blocker(check, region, `${figures}; the quota is ${limit}: the deploy cannot launch them`, request)];
    if (used + atMax > limit) {
      return [warning(check, region, `${figures}; the quota is ${limit}: scaling out would stop short of maxCapacity`, request)];
    }
    return [ok(check, region, `${figures} <= ${limit}`)];
  });
}

/** vCPUs per instance type, from EC2 (at most 100 types per request). */
async function vcpusOf(clients: RegionalClients, types: readonly string[]): Promise<(type: string) => number> {
  const counts = new Map<string, number>();
  for (let start = 0; start < types.length; start += 100) {
    const response = await call('ec2:DescribeInstanceTypes', () =>
      clients.ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: types.slice(start, start + 100) as _InstanceType[] })),
    );
    for (const type of response.InstanceTypes ?? []) {
      if (type.InstanceType && type.VCpuInfo?.DefaultVCpus !== undefined)
        counts.set(type.InstanceType, type.VCpuInfo.DefaultVCpus);
    }
  }
  return (type) => {
    const count = counts.get(type);
    if (count === undefined) throw new AwsCallError('ec2:DescribeInstanceTypes', new Error(`no vCPU count for ${type}`));
    return count;
  };
}
