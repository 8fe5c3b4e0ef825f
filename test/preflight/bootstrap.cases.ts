import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { checkBootstrap } from '../../lib/preflight/bootstrap';
import { ACCOUNT, awsError, contextOf, demandOf, outcomes, perRegion, useReadyAccount } from './fixtures';

const aws = useReadyAccount();

describe('CDK bootstrap', () => {
  test('passes in every region a stack targets when the version is recent enough', async () => {
    const results = await checkBootstrap(contextOf());
    // The primary region first, then the others by name.
    expect(results.map((result) => [result.region, result.status])).toEqual([
      ['eu-west-3', 'ok'],
      ['eu-west-1', 'ok'],
      ['us-east-1', 'ok'],
    ]);
    expect(results[0].result).toBe('bootstrap version 30, at least 6 required (2 stacks)');
    expect(results[2].result).toBe('bootstrap version 30, at least 6 required (stack AnyCompanyApparel-EdgeAlarms)');
    expect(aws.ssm.commandCalls(GetParameterCommand)[0].args[0].input).toEqual({ Name: '/cdk-bootstrap/hnb659fds/version' });
  });

  test('a region without the parameter is not bootstrapped: blocker with the bootstrap command', async () => {
    aws.ssm.on(GetParameterCommand).callsFake(
      perRegion((region) => {
        if (region === 'us-east-1') throw awsError('ParameterNotFound', 'not found');
        return { Parameter: { Value: '30' } };
      }),
    );
    const results = await checkBootstrap(contextOf());
    const east = results.find((result) => result.region === 'us-east-1');
    expect(east).toMatchObject({
      status: 'blocker',
      result: 'not bootstrapped (no /cdk-bootstrap/hnb659fds/version); stack AnyCompanyApparel-EdgeAlarms deploy here',
      fix: `npx cdk bootstrap aws://${ACCOUNT}/us-east-1`,
    });
    expect(results.filter((result) => result.status === 'ok')).toHaveLength(2);
  });

  test('a version below what the templates require is a blocker that upgrades in place', async () => {
    aws.ssm.on(GetParameterCommand).resolves({ Parameter: { Value: '5' } });
    const demand = demandOf({
      stacks: [{ name: 'X-Network', bootstrapVersion: 21, bootstrapParameter: '/cdk-bootstrap/custom/version' }],
    });
    expect(await checkBootstrap(contextOf(demand))).toEqual([
      {
        check: 'CDK bootstrap',
        region: 'eu-west-3',
        status: 'blocker',
        result: 'bootstrap version 5, the templates of stack X-Network require at least 21',
        fix: `npx cdk bootstrap aws://${ACCOUNT}/eu-west-3 (upgrades the bootstrap stack in place)`,
      },
    ]);
    expect(aws.ssm.commandCalls(GetParameterCommand)[0].args[0].input).toEqual({ Name: '/cdk-bootstrap/custom/version' });
  });

  test("access denied is that region's result, naming the action, and the other regions are still checked", async () => {
    aws.ssm.on(GetParameterCommand).callsFake(
      perRegion((region) => {
        if (region === 'eu-west-1')
          throw awsError('AccessDeniedException', 'User is not authorized to perform: ssm:GetParameter');
        return { Parameter: { Value: '30' } };
      }),
    );
    expect(outcomes(await checkBootstrap(contextOf()))).toEqual([
      'ok bootstrap version 30, at least 6 required (2 stacks)',
      'blocker not checked: access denied to ssm:GetParameter',
      'ok bootstrap version 30, at least 6 required (stack AnyCompanyApparel-EdgeAlarms)',
    ]);
  });
});
