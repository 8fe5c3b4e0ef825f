import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient, DescribeConfigurationRecordersCommand } from '@aws-sdk/client-config-service';
import {
  DescribeAddressesCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypeOfferingsCommand,
  DescribeInstanceTypesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeReservedCacheNodesOfferingsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { DescribeOptionGroupOptionsCommand, DescribeOrderableDBInstanceOptionsCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeHubCommand, GetEnabledStandardsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { DescribeDocumentCommand, GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { RegionalClients } from '../../lib/preflight/aws';
import { PreflightContext, ZoneChoice } from '../../lib/preflight/context';
import { PocDemand } from '../../lib/preflight/demand';
import { CheckResult } from '../../lib/preflight/result';
import { join } from 'node:path';
import { loadConfigFile, parseConfig } from '../../lib/config/load';
import { PocConfig, PocConfigInput } from '../../lib/config/schema';
import { awsError } from '../demo/aws-fixtures';

export { awsError };

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-3';
export const ZONES: ZoneChoice = {
  names: ['eu-west-3a', 'eu-west-3b'],
  ids: { 'eu-west-3a': 'euw3-az1', 'eu-west-3b': 'euw3-az2', 'eu-west-3c': 'euw3-az3' },
};

// test/helpers.ts would load aws-cdk-lib (seconds per file) for what only needs the config loader.
const DEFAULT_CONFIG_FILE = join(__dirname, '../../config/anycompany-apparel.yaml');

export function defaultConfig(): PocConfig {
  return loadConfigFile(DEFAULT_CONFIG_FILE);
}

/** The default config with `mutate` applied to its raw form. */
export function configWith(mutate: (raw: PocConfigInput) => void): PocConfig {
  const raw = JSON.parse(JSON.stringify(defaultConfig())) as PocConfigInput;
  mutate(raw);
  return parseConfig(raw, 'test');
}

/** What the default config's templates deploy (demand.test.ts compares it with a real synthesis). */
export function demandOf(patch: Partial<PocDemand> = {}): PocDemand {
  return {
    stacks: [
      { name: 'AnyCompanyApparel-Network', bootstrapVersion: 6, bootstrapParameter: '/cdk-bootstrap/hnb659fds/version' },
      { name: 'AnyCompanyApparel-App', bootstrapVersion: 6, bootstrapParameter: '/cdk-bootstrap/hnb659fds/version' },
      {
        name: 'AnyCompanyApparel-EdgeAlarms',
        region: 'us-east-1',
        bootstrapVersion: 6,
        bootstrapParameter: '/cdk-bootstrap/hnb659fds/version',
      },
      {
        name: 'AnyCompanyApparel-DisasterRecovery',
        region: 'eu-west-1',
        bootstrapVersion: 6,
        bootstrapParameter: '/cdk-bootstrap/hnb659fds/version',
      },
    ],
    instanceTypes: [
      { instanceType: 't4g.medium', usedBy: ['AppTier'] },
      { instanceType: 't4g.nano', usedBy: ['Bastions'] },
      { instanceType: 't4g.small', usedBy: ['WebTier'] },
    ],
    fleets: [
      { usedBy: 'AppTier', instanceType: 't4g.medium', min: 2, max: 6 },
      { usedBy: 'WebTier', instanceType: 't4g.small', min: 2, max: 6 },
      { usedBy: 'Bastions', instanceType: 't4g.nano', min: 2, max: 3 },
    ],
    database: {
      engine: 'mysql',
      engineVersion: '8.0.46',
      instanceClass: 'db.m7g.large',
      multiAz: true,
      storageType: 'gp3',
      storageEncrypted: true,
    },
    databaseOptions: { engineName: 'mysql', majorEngineVersion: '8.0', options: ['MEMCACHED', 'MARIADB_AUDIT_PLUGIN'] },
    creates: {
      guardDutyDetector: true,
      configRecorder: true,
      configRules: true,
      securityHub: true,
      trail: true,
      sessionManagerPreferences: true,
    },
    counts: {
      vpcs: 1,
      internetGateways: 1,
      elasticIps: 2,
      natGateways: 2,
      applicationLoadBalancers: 2,
      securityGroups: 8,
      vpcOrigins: 0,
    },
    ...patch,
  };
}

/** A context on the default config, the given demand and fresh clients (whose send the mocks replace). */
export function contextOf(demand: PocDemand = demandOf()): PreflightContext {
  const clients = new Map<string, RegionalClients>();
  return {
    config: defaultConfig(),
    account: ACCOUNT,
    primaryRegion: REGION,
    demand,
    clients: (region) => {
      if (!clients.has(region)) clients.set(region, new RegionalClients(region));
      return clients.get(region) as RegionalClients;
    },
  };
}

/** One stub per client class the checks use; every instance of the class answers from it. */
export interface AwsMocks {
  readonly sts: AwsClientStub<STSClient>;
  readonly ssm: AwsClientStub<SSMClient>;
  readonly ec2: AwsClientStub<EC2Client>;
  readonly elbv2: AwsClientStub<ElasticLoadBalancingV2Client>;
  readonly serviceQuotas: AwsClientStub<ServiceQuotasClient>;
  readonly guardDuty: AwsClientStub<GuardDutyClient>;
  readonly config: AwsClientStub<ConfigServiceClient>;
  readonly securityHub: AwsClientStub<SecurityHubClient>;
  readonly cloudTrail: AwsClientStub<CloudTrailClient>;
  readonly rds: AwsClientStub<RDSClient>;
  readonly elastiCache: AwsClientStub<ElastiCacheClient>;
}

export function mockAws(): AwsMocks {
  return {
    sts: mockClient(STSClient),
    ssm: mockClient(SSMClient),
    ec2: mockClient(EC2Client),
    elbv2: mockClient(ElasticLoadBalancingV2Client),
    serviceQuotas: mockClient(ServiceQuotasClient),
    guardDuty: mockClient(GuardDutyClient),
    config: mockClient(ConfigServiceClient),
    securityHub: mockClient(SecurityHubClient),
    cloudTrail: mockClient(CloudTrailClient),
    rds: mockClient(RDSClient),
    elastiCache: mockClient(ElastiCacheClient),
  };
}

export function resetAws(mocks: AwsMocks): void {
  Object.values(mocks).forEach((mock: AwsClientStub<STSClient>) => mock.reset());
}

export function restoreAws(mocks: AwsMocks): void {
  Object.values(mocks).forEach((mock: AwsClientStub<STSClient>) => mock.restore());
}

/**
 * A fresh account ready for the default POC: bootstrapped everywhere, every instance type, engine
 * option and node type offered, no singleton yet, quotas at their defaults with little in use.
 */
/**
 * Mocked AWS clients for the tests of the calling describe (or file): mocked before its first test,
 * restored after its last. A later mock of the same client replaces an earlier one, and the topics
 * of test/preflight.test.ts run one after the other in one module registry: each mocks for its own
 * tests only.
 */
export function useAws(): AwsMocks {
  const aws = {} as { -readonly [K in keyof AwsMocks]: AwsMocks[K] };
  beforeAll(() => Object.assign(aws, mockAws()));
  afterAll(() => restoreAws(aws));
  return aws;
}

/** Mocked AWS clients (see useAws): before each test, an account where every check passes. */
export function useReadyAccount(): AwsMocks {
  const aws = useAws();
  beforeEach(() => {
    resetAws(aws);
    serveReadyAccount(aws);
  });
  return aws;
}

export function serveReadyAccount(mocks: AwsMocks): void {
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/architect` });
  mocks.ssm.on(GetParameterCommand).resolves({ Parameter: { Name: '/cdk-bootstrap/hnb659fds/version', Value: '30' } });
  mocks.ssm.on(DescribeDocumentCommand).rejects(awsError('InvalidDocument', 'Document with that name does not exist.'));
  mocks.ec2.on(DescribeAvailabilityZonesCommand).resolves({
    AvailabilityZones: ['a', 'b', 'c'].map((letter, index) => ({
      ZoneName: `${REGION}${letter}`,
      ZoneId: `euw3-az${index + 1}`,
      State: 'available',
    })),
  });
  mocks.ec2.on(DescribeInstanceTypeOfferingsCommand).callsFake((input: { Filters: { Name: string; Values: string[] }[] }) => {
    const values = (name: string) => input.Filters.find((filter) => filter.Name === name)?.Values ?? [];
    return {
      InstanceTypeOfferings: values('instance-type').flatMap((type) =>
        values('location').map((zone) => ({ InstanceType: type, Location: zone, LocationType: 'availability-zone' })),
      ),
    };
  });
  mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-default' }] });
  mocks.ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
  mocks.ec2.on(DescribeInstanceTypesCommand).callsFake((input: { InstanceTypes: string[] }) => ({
    InstanceTypes: input.InstanceTypes.map((type) => ({ InstanceType: type, VCpuInfo: { DefaultVCpus: VCPUS[type] } })),
  }));
  mocks.ec2.on(DescribeInternetGatewaysCommand).resolves({ InternetGateways: [{ InternetGatewayId: 'igw-default' }] });
  mocks.ec2.on(DescribeAddressesCommand).resolves({ Addresses: [] });
  mocks.ec2.on(DescribeNatGatewaysCommand).resolves({ NatGateways: [] });
  mocks.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
  mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-default' }] });
  mocks.elbv2.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [] });
  mocks.serviceQuotas.on(GetServiceQuotaCommand).callsFake((input: { QuotaCode: string }) => ({
    Quota: { QuotaCode: input.QuotaCode, Value: DEFAULT_QUOTAS[input.QuotaCode] },
  }));
  mocks.serviceQuotas.on(GetAWSDefaultServiceQuotaCommand).callsFake((input: { QuotaCode: string }) => ({
    Quota: { QuotaCode: input.QuotaCode, Value: DEFAULT_QUOTAS[input.QuotaCode] },
  }));
  mocks.guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
  mocks.config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [] });
  mocks.securityHub
    .on(DescribeHubCommand)
    .rejects(awsError('InvalidAccessException', `Account ${ACCOUNT} is not subscribed to AWS Security Hub`));
  mocks.securityHub.on(GetEnabledStandardsCommand).resolves({ StandardsSubscriptions: [] });
  mocks.cloudTrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
  mocks.rds
    .on(DescribeOrderableDBInstanceOptionsCommand)
    .callsFake((input: { EngineVersion: string; DBInstanceClass?: string }) => ({
      OrderableDBInstanceOptions: [
        {
          Engine: 'mysql',
          EngineVersion: input.EngineVersion,
          DBInstanceClass: input.DBInstanceClass ?? 'db.m7g.large',
          StorageType: 'gp3',
          MultiAZCapable: true,
          SupportsStorageEncryption: true,
          AvailabilityZones: ['a', 'b', 'c'].map((letter) => ({ Name: `${REGION}${letter}` })),
        },
      ],
    }));
  mocks.rds.on(DescribeOptionGroupOptionsCommand).resolves({
    OptionGroupOptions: [
      { Name: 'MEMCACHED', MinimumRequiredMinorEngineVersion: '0' },
      { Name: 'MARIADB_AUDIT_PLUGIN', MinimumRequiredMinorEngineVersion: '28' },
    ],
  });
  mocks.elastiCache
    .on(DescribeReservedCacheNodesOfferingsCommand)
    .resolves({ ReservedCacheNodesOfferings: [{ ReservedCacheNodesOfferingId: 'offer-1', CacheNodeType: 'cache.t4g.small' }] });
}

/** vCPUs of the instance types the tests use (EC2 instance type specifications). */
export const VCPUS: Readonly<Record<string, number>> = {
  't4g.nano': 2,
  't4g.small': 2,
  't4g.medium': 2,
  'm7g.large': 2,
  'c7g.4xlarge': 16,
};

/**
 * The quotas of the account the tests start from: the defaults of the Amazon VPC and ELB quota
 * pages, and an On-Demand vCPU quota already raised (new accounts start at 5).
 */
export const DEFAULT_QUOTAS: Readonly<Record<string, number>> = {
  'L-1216C47A': 64,
  'L-F678F1CE': 5,
  'L-A4707A72': 5,
  'L-0263D0A3': 5,
  'L-53DA6B97': 50,
  'L-E79EC296': 2500,
  'L-FE5A380F': 5,
};

/** The results of `check`, as "STATUS result" strings, for compact assertions. */
export function outcomes(results: readonly CheckResult[], check?: string): string[] {
  return results
    .filter((result) => check === undefined || result.check === check)
    .map((result) => `${result.status} ${result.result}`);
}

/** A callsFake body that answers by the region of the calling client; throw in `answer` to fail the call. */
export function perRegion<I>(answer: (region: string, input: I) => unknown) {
  return async (input: I, getClient: () => { config: { region: unknown } }) => {
    const region = getClient().config.region;
    return answer(typeof region === 'function' ? await region() : String(region), input);
  };
}
