import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { loadConfigFile } from '../../lib/config/load';
import { DemoError } from '../../lib/demo/errors';
import { awsProblem, readStackOutputs, siteTarget, StackLocator } from '../../lib/demo/outputs';
import { awsError, deployedStack, DISTRIBUTION, REGION, serveStacks } from './aws-fixtures';

// Mocked in beforeAll, restored in afterAll: a topic of test/demo.test.ts must not replace another topic's mocks.
let cloudFormation: AwsClientStub<CloudFormationClient>;
beforeAll(() => (cloudFormation = mockClient(CloudFormationClient)));
afterAll(() => cloudFormation.restore());
const config = loadConfigFile('config/anycompany-apparel.yaml');
const example = loadConfigFile('config/examples/northwind-3az-domain.yaml');

function locator(poc = config, configFile = 'config/anycompany-apparel.yaml'): StackLocator {
  return { config: poc, configFile, cloudFormation: new CloudFormationClient({ region: REGION }) };
}

async function demoErrorOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DemoError);
  return (error as Error).message;
}

beforeEach(() => cloudFormation.reset());

describe('reading stack outputs', () => {
  test('asks CloudFormation for the stack named from the config, and returns its outputs', async () => {
    serveStacks(cloudFormation, [
      deployedStack('AnyCompanyApparel-Data', { DatabaseInstanceIdentifier: 'anycompany-apparel-mysql' }),
    ]);
    const outputs = await readStackOutputs(locator(), 'Data');
    expect(outputs.stackName).toBe('AnyCompanyApparel-Data');
    expect(outputs.region).toBe(REGION);
    expect(outputs.require('DatabaseInstanceIdentifier')).toBe('anycompany-apparel-mysql');
    expect(cloudFormation.commandCalls(DescribeStacksCommand).map((call) => call.args[0].input)).toEqual([
      { StackName: 'AnyCompanyApparel-Data' },
    ]);
  });

  test('a stack that does not exist: deploy first, with the config given', async () => {
    serveStacks(cloudFormation, []);
    expect(await demoErrorOf(readStackOutputs(locator(example, 'config/examples/northwind-3az-domain.yaml'), 'Edge'))).toBe(
      'stack NorthwindTraders-Edge not found in eu-west-3: deploy first with npx cdk deploy --all -c config=config/examples/northwind-3az-domain.yaml',
    );
  });

  test('a stack still deploying or rolled back is refused, naming its status', async () => {
    serveStacks(cloudFormation, [deployedStack('AnyCompanyApparel-Edge', {}, 'CREATE_IN_PROGRESS')]);
    expect(await demoErrorOf(readStackOutputs(locator(), 'Edge'))).toMatch(
      /^stack AnyCompanyApparel-Edge in eu-west-3 is CREATE_IN_PROGRESS, not deployed and stable/,
    );
    cloudFormation.reset();
    serveStacks(cloudFormation, [deployedStack('AnyCompanyApparel-Edge', {}, 'ROLLBACK_COMPLETE')]);
    expect(await demoErrorOf(readStackOutputs(locator(), 'Edge'))).toMatch(/is ROLLBACK_COMPLETE/);
  });

  test('an update that rolled back still has usable outputs', async () => {
    serveStacks(cloudFormation, [deployedStack('AnyCompanyApparel-Edge', { A: 'b' }, 'UPDATE_ROLLBACK_COMPLETE')]);
    expect((await readStackOutputs(locator(), 'Edge')).require('A')).toBe('b');
  });

  test('an output the stack lacks: redeploy with this version of the kit', async () => {
    serveStacks(cloudFormation, [deployedStack('AnyCompanyApparel-Data', { DatabaseEndpoint: 'db.example' })]);
    const outputs = await readStackOutputs(locator(), 'Data');
    expect(() => outputs.require('DatabaseInstanceIdentifier')).toThrow(
      'stack AnyCompanyApparel-Data in eu-west-3 has no output DatabaseInstanceIdentifier: it was deployed by an older version of the kit; ' +
        'redeploy with npx cdk deploy --all -c config=config/anycompany-apparel.yaml',
    );
  });

  test('missing credentials and access denied become one line each, saying what to do', async () => {
    cloudFormation
      .on(DescribeStacksCommand)
      .rejects(awsError('CredentialsProviderError', 'Could not load credentials from any providers'));
    expect(await demoErrorOf(readStackOutputs(locator(), 'Edge'))).toMatch(
      /^cannot read stack AnyCompanyApparel-Edge in eu-west-3 \(cloudformation:DescribeStacks\): no AWS credentials found; set AWS_PROFILE/,
    );
    cloudFormation.reset();
    cloudFormation.on(DescribeStacksCommand).rejects(awsError('AccessDenied', 'User: arn:aws:iam::1:user/x is not authorized'));
    expect(await demoErrorOf(readStackOutputs(locator(), 'Edge'))).toMatch(
      /access denied \(User: .* is not authorized\); use credentials allowed/,
    );
  });

  test('no region anywhere: set environment.region, AWS_REGION or a profile region', async () => {
    const regionless: StackLocator = {
      config,
      configFile: 'config/anycompany-apparel.yaml',
      cloudFormation: {
        config: { region: () => Promise.reject(new Error('Region is missing')) },
      } as unknown as CloudFormationClient,
    };
    expect(await demoErrorOf(readStackOutputs(regionless, 'Edge'))).toBe(
      'cannot resolve the AWS region: no AWS region; set environment.region in the config, AWS_REGION, or a region in your AWS profile',
    );
  });

  test('an unknown AWS error keeps its name and message', () => {
    expect(awsProblem(awsError('Throttling', 'Rate exceeded'), 'do it').message).toBe('cannot do it: Throttling: Rate exceeded');
    expect(awsProblem(awsError('ExpiredTokenException', 'expired'), 'do it').message).toMatch(/credentials have expired/);
  });
});

describe('the site URL', () => {
  test('without a custom domain: https:// and the distribution domain name', async () => {
    serveStacks(cloudFormation, [deployedStack('AnyCompanyApparel-Edge', { DistributionDomainName: DISTRIBUTION })]);
    expect(await siteTarget(locator())).toEqual({
      url: `https://${DISTRIBUTION}`,
      source: 'output DistributionDomainName of AnyCompanyApparel-Edge (eu-west-3)',
    });
  });

  test('with domain.name in the config: that name, the distribution still read to prove the stack is there', async () => {
    serveStacks(cloudFormation, [deployedStack('NorthwindTraders-Edge', { DistributionDomainName: DISTRIBUTION })]);
    const site = await siteTarget(locator(example, 'config/examples/northwind-3az-domain.yaml'));
    expect(site.url).toBe('https://shop.northwind.example');
    expect(site.source).toBe(`domain.name in config/examples/northwind-3az-domain.yaml (CNAME to ${DISTRIBUTION})`);
  });
});
