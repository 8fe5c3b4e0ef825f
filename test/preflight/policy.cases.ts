import { DescribeNatGatewaysCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { DescribeHubCommand } from '@aws-sdk/client-securityhub';
import { GetServiceQuotaCommand } from '@aws-sdk/client-service-quotas';
import { STSClient } from '@aws-sdk/client-sts';
import { AwsClientStub } from 'aws-sdk-client-mock';
import { PREFLIGHT_ACTIONS, preflightPolicy } from '../../lib/preflight/policy';
import { runChecks } from '../../lib/preflight/run';
import { AwsMocks, awsError, contextOf, demandOf, resetAws, serveReadyAccount, useAws } from './fixtures';

const aws = useAws();

/** The IAM service prefix of each mocked client. */
const PREFIXES: Readonly<Record<keyof AwsMocks, string>> = {
  sts: 'sts',
  ssm: 'ssm',
  ec2: 'ec2',
  elbv2: 'elasticloadbalancing',
  serviceQuotas: 'servicequotas',
  guardDuty: 'guardduty',
  config: 'config',
  securityHub: 'securityhub',
  cloudTrail: 'cloudtrail',
  rds: 'rds',
  elastiCache: 'elasticache',
};

function actionsCalled(): string[] {
  return (Object.keys(aws) as (keyof AwsMocks)[]).flatMap((client) =>
    (aws[client] as AwsClientStub<STSClient>)
      .calls()
      .map((call) => `${PREFIXES[client]}:${(call.args[0] as object).constructor.name.replace(/Command$/, '')}`),
  );
}

describe('the read-only IAM policy', () => {
  test('lists exactly the actions the checks call, and only Describe/Get/List actions', async () => {
    const called = new Set<string>();
    const withCache = demandOf({ cache: { engine: 'memcached', nodeType: 'cache.t4g.small', nodes: 2 } });
    // A fresh account, then one where the paths that call more are taken: an existing hub the POC
    // does not create, NAT gateways in use, quotas never adjusted.
    resetAws(aws);
    serveReadyAccount(aws);
    await runChecks(contextOf(withCache), () => true);
    actionsCalled().forEach((action) => called.add(action));

    resetAws(aws);
    serveReadyAccount(aws);
    aws.securityHub.on(DescribeHubCommand).resolves({ HubArn: 'arn:aws:securityhub:eu-west-3:123456789012:hub/default' });
    aws.ec2.on(DescribeNatGatewaysCommand).resolves({ NatGateways: [{ SubnetId: 'subnet-a' }] });
    aws.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-a', AvailabilityZone: 'eu-west-3a' }] });
    aws.serviceQuotas.on(GetServiceQuotaCommand).rejects(awsError('NoSuchResourceException', 'no applied value'));
    const demand = demandOf();
    await runChecks(contextOf({ ...demand, creates: { ...demand.creates, securityHub: false } }), () => true);
    actionsCalled().forEach((action) => called.add(action));

    expect([...called].sort()).toEqual(PREFLIGHT_ACTIONS.map((entry) => entry.action).sort());
    expect([...called].every((action) => /^[a-z0-9]+:(Describe|Get|List)/.test(action))).toBe(true);
  });

  test('every action is allowed by exactly one statement, and nothing else', () => {
    const policy = preflightPolicy();
    expect(policy.Version).toBe('2012-10-17');
    const allowed = policy.Statement.flatMap((statement) => statement.Action);
    expect(allowed.sort()).toEqual(PREFLIGHT_ACTIONS.map((entry) => entry.action).sort());
    expect(policy.Statement.every((statement) => statement.Effect === 'Allow')).toBe(true);
    expect(policy.Statement.find((statement) => statement.Action.includes('ssm:GetParameter'))?.Resource).toBe(
      'arn:aws:ssm:*:*:parameter/cdk-bootstrap/*',
    );
    expect(new Set(policy.Statement.map((statement) => statement.Sid)).size).toBe(policy.Statement.length);
  });
});
