import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribeAvailabilityZonesCommand } from '@aws-sdk/client-ec2';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { RegionalClients } from '../../lib/preflight/aws';
import { preflightCommand, PreflightDeps } from '../../lib/preflight/command';
import { PocDemand } from '../../lib/preflight/demand';
import { preflightPolicy } from '../../lib/preflight/policy';
import { ACCOUNT, awsError, demandOf, resetAws, serveReadyAccount, useAws } from './fixtures';

const aws = useAws();
const savedEnv = { ...process.env };
beforeEach(() => {
  resetAws(aws);
  serveReadyAccount(aws);
  // The SDK's own region chain reads these; a test's machine must not decide the outcome.
  process.env.AWS_REGION = 'eu-west-3';
  process.env.AWS_CONFIG_FILE = '/nonexistent/aws-config';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/aws-credentials';
  delete process.env.AWS_PROFILE;
});
afterEach(() => {
  process.env = { ...savedEnv };
});

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly synthesized: number;
}

async function preflight(argv: string[], demand: PocDemand | Error = demandOf()): Promise<Run> {
  let stdout = '';
  let stderr = '';
  let synthesized = 0;
  const regional = new Map<string, RegionalClients>();
  const deps: PreflightDeps = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { AWS_REGION: process.env.AWS_REGION },
    sts: (region) => new STSClient(region ? { region } : {}),
    clients: (region) => {
      if (!regional.has(region)) regional.set(region, new RegionalClients(region));
      return regional.get(region) as RegionalClients;
    },
    synthesize: async () => {
      synthesized++;
      if (demand instanceof Error) throw demand;
      return demand;
    },
    supportsVpcOrigins: () => true,
  };
  const code = await preflightCommand(argv, deps);
  return { code, stdout, stderr, synthesized };
}

describe('npm run preflight', () => {
  test('a ready account: header, one table, exit 0', async () => {
    const run = await preflight(['-c', 'config=config/anycompany-apparel.yaml']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`Pre-flight of config/anycompany-apparel.yaml as arn:aws:iam::${ACCOUNT}:user/architect`);
    expect(lines[1]).toBe('Primary region: eu-west-3, from AWS_REGION (the config is environment-agnostic)');
    expect(lines[3]).toBe('| check | region | result | fix |');
    expect(lines[5]).toBe(`| AWS account | all | ok: ${ACCOUNT}, the account of the credentials |  |`);
    const checks = new Set(
      lines.filter((line) => line.startsWith('| ') && !line.startsWith('| check')).map((line) => line.split(' | ')[0].slice(2)),
    );
    expect([...checks]).toEqual([
      'AWS account',
      'DR copy region',
      'CDK bootstrap',
      'Availability zones',
      'EC2 instance type',
      'RDS instance',
      'RDS option',
      'CloudFront VPC origin',
      'GuardDuty detector',
      'AWS Config recorder',
      'Security Hub',
      'CloudTrail trail',
      'Session Manager preferences',
      'Quota: VPCs per Region',
      'Quota: Internet gateways per Region',
      'Quota: Elastic IP addresses per Region',
      'Quota: Application Load Balancers per Region',
      'Quota: VPC security groups per Region',
      'Quota: NAT gateways per AZ',
      'Quota: Running On-Demand Standard instances (vCPUs)',
    ]);
    expect(run.stdout).not.toMatch(/BLOCKER|WARNING/);
    expect(lines.at(-2)).toBe(
      'Result: no blocker, 0 warnings: npx cdk deploy --all -c config=config/anycompany-apparel.yaml can go ahead.',
    );
  });

  test('a blocker: its row says BLOCKER with the fix, and the exit code is 1', async () => {
    aws.ssm.on(GetParameterCommand).rejects(awsError('ParameterNotFound', 'not found'));
    const run = await preflight([]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `| CDK bootstrap | us-east-1 | BLOCKER: not bootstrapped (no /cdk-bootstrap/hnb659fds/version); stack AnyCompanyApparel-EdgeAlarms deploy here | npx cdk bootstrap aws://${ACCOUNT}/us-east-1 |`,
    );
    expect(run.stdout).toMatch(/\nResult: 3 blockers, 0 warnings: fix the blockers, then run pre-flight again\.\n$/);
  });

  test('AZs that cannot be read: the checks that need them are not run, and one row says so', async () => {
    aws.ec2
      .on(DescribeAvailabilityZonesCommand)
      .rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    const run = await preflight([]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '| Availability zones | eu-west-3 | BLOCKER: not checked: access denied to ec2:DescribeAvailabilityZones |',
    );
    expect(run.stdout).toContain(
      '| Instance types, database, VPC origin, quotas | eu-west-3 | BLOCKER: not checked: they need the AZs of the VPC (see Availability zones) |',
    );
    expect(run.stdout).not.toContain('| EC2 instance type |');
    expect(run.stdout).toContain('| GuardDuty detector | eu-west-3 | ok: ');
  });

  test('a pinned config checks its region and account; credentials of another account stop before synthesis', async () => {
    const run = await preflight(['-c', 'config=config/examples/northwind-3az-domain.yaml']);
    expect(run.code).toBe(1);
    expect(run.synthesized).toBe(0);
    expect(run.stdout).toContain(
      'Primary region: eu-west-3, from environment.region in config/examples/northwind-3az-domain.yaml',
    );
    expect(run.stdout).toContain(
      `| AWS account | all | BLOCKER: the credentials are for ${ACCOUNT}, the config pins environment.account 111122223333; nothing else was checked | use credentials for 111122223333 |`,
    );
  });

  test('no credentials: one line, exit 1, nothing on stdout', async () => {
    aws.sts
      .on(GetCallerIdentityCommand)
      .rejects(awsError('CredentialsProviderError', 'Could not load credentials from any providers'));
    const run = await preflight([]);
    expect(run).toMatchObject({ code: 1, stdout: '', synthesized: 0 });
    expect(run.stderr).toBe(
      'cannot identify the caller in eu-west-3 (sts:GetCallerIdentity): no AWS credentials found; set AWS_PROFILE (then aws sso login if it is an SSO profile) or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY\n',
    );
  });

  test('an environment-agnostic config without any region: one line, exit 1', async () => {
    delete process.env.AWS_REGION;
    const run = await preflight([]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^cannot choose the primary region of an environment-agnostic config: no AWS region; set environment.region in the config, AWS_REGION, or a region in your AWS profile\n$/,
    );
  });

  test('a synthesis failure: one line, exit 1', async () => {
    const run = await preflight([], new Error('bundling failed'));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('cannot synthesize the templates of config/anycompany-apparel.yaml: bundling failed\n');
  });

  test('--print-policy prints the policy as JSON and asks AWS nothing', async () => {
    const run = await preflight(['--print-policy']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(preflightPolicy());
    expect(aws.sts.calls()).toHaveLength(0);
  });

  test('--help prints the usage; a bad flag or config exits 2 with one message', async () => {
    const help = await preflight(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: npm run preflight -- \[-c config=PATH\] \[--print-policy\]/);

    const flag = await preflight(['--region', 'eu-west-1']);
    expect(flag).toMatchObject({ code: 2, stdout: '' });
    expect(flag.stderr).toMatch(/^Unknown option '--region'.* \(npm run preflight -- --help lists the flags\)\n$/);

    const context = await preflight(['-c', 'stage=prod']);
    expect(context).toMatchObject({ code: 2, stdout: '' });
    expect(context.stderr).toMatch(/-c stage=prod: the only context key these commands read is config/);

    const missing = await preflight(['-c', 'config=config/missing.yaml']);
    expect(missing).toMatchObject({ code: 2, stdout: '', synthesized: 0 });
    expect(missing.stderr).toMatch(/^Invalid POC config config\/missing.yaml:\n {2}- file not found/);

    const file = join(mkdtempSync(join(tmpdir(), 'preflight-config-')), 'bad.yaml');
    writeFileSync(file, 'customer: { name: X }\n');
    const invalid = await preflight(['-c', `config=${file}`]);
    expect(invalid).toMatchObject({ code: 2, stdout: '', synthesized: 0 });
    expect(invalid.stderr).toMatch(
      new RegExp(`^Invalid POC config ${file}:\\n  - customer.name \\("X"\\): must be 3-40 characters`),
    );
    expect(invalid.stderr).not.toMatch(/\n\s+at /);
    expect(aws.sts.calls()).toHaveLength(0);
  });
});
