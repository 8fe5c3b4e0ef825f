import { DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeConfigurationRecordersCommand } from '@aws-sdk/client-config-service';
import { ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { DescribeHubCommand, GetEnabledStandardsCommand } from '@aws-sdk/client-securityhub';
import { DescribeDocumentCommand } from '@aws-sdk/client-ssm';
import { checkAccountBaseline } from '../../lib/preflight/account-baseline';
import { SingletonDemand } from '../../lib/preflight/demand';
import { CheckResult } from '../../lib/preflight/result';
import { ACCOUNT, awsError, contextOf, demandOf, REGION, useReadyAccount } from './fixtures';

const aws = useReadyAccount();

/** The account as the templates see it: what they create (the accountBaseline flags applied). */
async function baseline(creates: Partial<SingletonDemand> = {}): Promise<Record<string, CheckResult>> {
  const demand = demandOf();
  const results = await checkAccountBaseline(contextOf({ ...demand, creates: { ...demand.creates, ...creates } }));
  expect(results.every((result) => result.region === REGION)).toBe(true);
  return Object.fromEntries(results.map((result) => [result.check, result]));
}

const trail = (name: string, patch: Record<string, unknown> = {}) => ({
  Name: name,
  TrailARN: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${name}`,
  HomeRegion: REGION,
  IsMultiRegionTrail: false,
  IsOrganizationTrail: false,
  ...patch,
});

describe('account singletons in a fresh account', () => {
  test('nothing exists and the templates create everything: all ok', async () => {
    const results = await baseline();
    expect(Object.keys(results)).toEqual([
      'GuardDuty detector',
      'AWS Config recorder',
      'Security Hub',
      'CloudTrail trail',
      'Session Manager preferences',
    ]);
    expect(Object.values(results).map((result) => result.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(aws.cloudTrail.commandCalls(DescribeTrailsCommand)[0].args[0].input).toEqual({ includeShadowTrails: true });
    expect(aws.ssm.commandCalls(DescribeDocumentCommand)[0].args[0].input).toEqual({ Name: 'SSM-SessionManagerRunShell' });
  });

  test('flags that claim singletons the account lacks leave the POC without the control: blockers naming the flag', async () => {
    const results = await baseline({
      guardDutyDetector: false,
      configRecorder: false,
      securityHub: false,
      trail: false,
      sessionManagerPreferences: false,
    });
    expect(results['GuardDuty detector']).toMatchObject({ status: 'blocker', fix: 'set accountBaseline.guardDuty: true' });
    expect(results['AWS Config recorder']).toMatchObject({
      status: 'blocker',
      fix: 'set accountBaseline.hasConfigRecorder: false',
    });
    expect(results['Security Hub']).toMatchObject({ status: 'blocker', fix: 'set accountBaseline.securityHub: true' });
    expect(results['CloudTrail trail']).toMatchObject({
      status: 'blocker',
      fix: 'set accountBaseline.hasOrganizationTrail: false',
    });
    // hasSessionManagerPreferences: true also serves accounts shared with other workloads.
    expect(results['Session Manager preferences']).toMatchObject({ status: 'warning' });
    expect(results['Session Manager preferences'].fix).toMatch(/^set accountBaseline.hasSessionManagerPreferences: false/);
  });

  test('a Config recorder is needed only when the templates have Config rules', async () => {
    const results = await baseline({ configRecorder: false, configRules: false });
    expect(results['AWS Config recorder']).toMatchObject({ status: 'ok', result: 'none, and the templates need none' });
  });
});

describe('account singletons that exist already', () => {
  beforeEach(() => {
    aws.guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: ['4eb1c0ffee'] });
    aws.config.on(DescribeConfigurationRecordersCommand).resolves({
      ConfigurationRecorders: [
        { name: 'AWSConfigurationRecorderForSecurityHub', servicePrincipal: 'securityhub.amazonaws.com' },
        { name: 'default', roleARN: 'arn:aws:iam::123456789012:role/config' },
      ],
    });
    aws.securityHub.on(DescribeHubCommand).resolves({ HubArn: `arn:aws:securityhub:${REGION}:${ACCOUNT}:hub/default` });
    aws.securityHub.on(GetEnabledStandardsCommand).resolves({
      StandardsSubscriptions: [
        {
          StandardsSubscriptionArn: 'sub',
          StandardsArn: `arn:aws:securityhub:${REGION}::standards/pci-dss/v/4.0.1`,
          StandardsInput: {},
          StandardsStatus: 'READY',
        },
      ],
    });
    aws.cloudTrail.on(DescribeTrailsCommand).resolves({
      trailList: [
        trail('org-trail', {
          IsOrganizationTrail: true,
          IsMultiRegionTrail: true,
          HomeRegion: 'us-east-1',
          TrailARN: 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org-trail',
        }),
      ],
    });
    aws.ssm.on(DescribeDocumentCommand).resolves({ Document: { Name: 'SSM-SessionManagerRunShell' } });
  });

  test('creating them again fails the deploy: blockers naming the flag to set', async () => {
    const results = await baseline();
    expect(results['GuardDuty detector']).toMatchObject({
      status: 'blocker',
      result: 'detector 4eb1c0ffee exists; the POC would create a second one and the deploy would fail',
      fix: 'set accountBaseline.guardDuty: false',
    });
    expect(results['AWS Config recorder']).toMatchObject({
      status: 'blocker',
      result: expect.stringMatching(/^recorder default exists/),
      fix: 'set accountBaseline.hasConfigRecorder: true',
    });
    expect(results['Security Hub']).toMatchObject({ status: 'blocker', fix: 'set accountBaseline.securityHub: false' });
    expect(results['Session Manager preferences']).toMatchObject({
      status: 'blocker',
      fix: 'set accountBaseline.hasSessionManagerPreferences: true, and make the existing preferences log sessions',
    });
    // A second trail deploys, but records and bills the same events again.
    expect(results['CloudTrail trail']).toMatchObject({
      status: 'warning',
      fix: 'set accountBaseline.hasOrganizationTrail: true',
    });
  });

  test('flags that match the account: all ok, the POC uses what exists', async () => {
    const results = await baseline({
      guardDutyDetector: false,
      configRecorder: false,
      securityHub: false,
      trail: false,
      sessionManagerPreferences: false,
    });
    expect(Object.values(results).map((result) => `${result.check}: ${result.status} ${result.result}`)).toEqual([
      'GuardDuty detector: ok detector 4eb1c0ffee exists; the POC uses it (guardDuty: false)',
      'AWS Config recorder: ok recorder default exists; the POC adds its rules to it',
      'Security Hub: ok enabled already, with the PCI DSS v4.0.1 standard (securityHub: false)',
      'CloudTrail trail: ok organization trail org-trail records this account',
      'Session Manager preferences: ok SSM-SessionManagerRunShell exists; it must log sessions (SECURITY.md lists what to show)',
    ]);
  });

  test('a service-linked recorder is not the customer-managed one', async () => {
    aws.config.on(DescribeConfigurationRecordersCommand).resolves({
      ConfigurationRecorders: [{ name: 'AWSConfigurationRecorderForSecurityHub', servicePrincipal: 'securityhub.amazonaws.com' }],
    });
    expect((await baseline())['AWS Config recorder']).toMatchObject({ status: 'ok', result: 'none yet; the POC creates one' });
  });

  test('an existing hub without the PCI DSS v4.0.1 standard is a warning', async () => {
    aws.securityHub.on(GetEnabledStandardsCommand).resolves({ StandardsSubscriptions: [] });
    expect((await baseline({ securityHub: false }))['Security Hub']).toMatchObject({ status: 'warning' });
  });
});

describe('CloudTrail trails per Region', () => {
  test("the POC's trail would be a sixth trail of the account in the region: blocker", async () => {
    aws.cloudTrail.on(DescribeTrailsCommand).resolves({
      trailList: [
        ...['a', 'b', 'c', 'd'].map((name) => trail(name)),
        trail('everywhere', { IsMultiRegionTrail: true, HomeRegion: 'us-east-1' }),
        trail('elsewhere', { HomeRegion: 'eu-west-1' }),
      ],
    });
    expect((await baseline())['CloudTrail trail']).toMatchObject({
      status: 'blocker',
      result: `5 trails of this account already apply to ${REGION}, the limit (5, not adjustable)`,
    });
  });

  test('an organization trail of another Region that is not multi-Region does not record this one', async () => {
    aws.cloudTrail.on(DescribeTrailsCommand).resolves({
      trailList: [trail('org-eu-west-1', { IsOrganizationTrail: true, HomeRegion: 'eu-west-1' })],
    });
    expect((await baseline({ trail: false }))['CloudTrail trail'].status).toBe('blocker');
  });
});

describe('failures are per check', () => {
  test('access denied on one singleton leaves the others checked', async () => {
    aws.guardDuty.on(ListDetectorsCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    aws.securityHub.on(DescribeHubCommand).rejects(awsError('ThrottlingException', 'Rate exceeded\n'));
    const results = await baseline();
    expect(results['GuardDuty detector']).toMatchObject({
      status: 'blocker',
      result: 'not checked: access denied to guardduty:ListDetectors',
    });
    expect(results['Security Hub'].result).toBe(
      'not checked: securityhub:DescribeHub failed (ThrottlingException: Rate exceeded)',
    );
    expect(results['AWS Config recorder'].status).toBe('ok');
  });
});
