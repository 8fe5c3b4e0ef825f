import { Match, Template } from 'aws-cdk-lib/assertions';
import { GRANTS_ONLY_FOR_AWS_RESOURCES_SID } from '../lib/constructs/secure-defaults';
import { ASG_HEALTH_CHECK_GRACE_SECONDS, BACKUP_JOB_WINDOWS, TARGET_HEALTH_CHECK } from '../lib/shared/resilience-settings';
import { logicalIdOf, resourcesOfType, synthesized, SynthesizedTemplates, variant } from './helpers';

const poc = synthesized('default');
const example = synthesized('example');
const noCopy = variant('no-dr-copy');

type Props = Record<string, unknown>;

function drTemplate(synth: SynthesizedTemplates): Template {
  if (!synth.templates.disasterRecovery) throw new Error('this config has no DR stack');
  return synth.templates.disasterRecovery;
}

/** The one resource of `type` in `template`; fails when there is none or several. */
function onlyResource(template: Template, type: string): { props: Props; resource: Props } {
  const resources = Object.values(resourcesOfType(template, type));
  if (resources.length !== 1) throw new Error(`expected one ${type}, found ${resources.length}`);
  return { props: resources[0].Properties ?? {}, resource: resources[0] };
}

describe('database backups (Data stack)', () => {
  test('vault: encrypted with its own rotating customer-managed key, kept, recovery points undeletable by hand', () => {
    const vault = onlyResource(poc.templates.data, 'AWS::Backup::BackupVault');
    expect(vault.resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(vault.props.EncryptionKeyArn).toEqual({ 'Fn::GetAtt': ['BackupVaultKey74395416', 'Arn'] });
    expect(vault.props.AccessPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
          Resource: '*',
        },
      ],
    });
    poc.templates.data.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ Description: Match.stringLikeRegexp('AWS Backup vault'), EnableKeyRotation: true }),
    });
  });

  test('plan: one daily rule at the configured hour, retention from database.backupRetentionDays, into the vault', () => {
    const plan = onlyResource(poc.templates.data, 'AWS::Backup::BackupPlan');
    const rules = (plan.props.BackupPlan as Props).BackupPlanRule as Props[];
    expect(rules).toEqual([
      expect.objectContaining({
        RuleName: 'Database',
        ScheduleExpression: 'cron(0 5 * * ? *)',
        StartWindowMinutes: 60,
        CompletionWindowMinutes: 180,
        Lifecycle: { DeleteAfterDays: 14 },
        TargetBackupVault: { 'Fn::GetAtt': ['BackupVault68B95C06', 'BackupVaultName'] },
      }),
    ]);
    expect((plan.props.BackupPlan as Props).BackupPlanName).toBe('anycompany-apparel-database');
  });

  test('copy action: every recovery point goes to the DR vault, named by ARN in the copy region', () => {
    const rule = (
      (onlyResource(poc.templates.data, 'AWS::Backup::BackupPlan').props.BackupPlan as Props).BackupPlanRule as Props[]
    )[0];
    expect(rule.CopyActions).toEqual([
      {
        DestinationBackupVaultArn: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':backup:eu-west-1:',
              { Ref: 'AWS::AccountId' },
              ':backup-vault:anycompany-apparel-dr-copies',
            ],
          ],
        },
        Lifecycle: { DeleteAfterDays: 14 },
      },
    ]);
  });

  test('selection: the database instance, through a role only AWS Backup assumes', () => {
    const selection = onlyResource(poc.templates.data, 'AWS::Backup::BackupSelection');
    const spec = selection.props.BackupSelection as Props;
    expect(JSON.stringify(spec.Resources)).toContain('{"Ref":"DatabaseInstanceAA8A5FDE"}');
    expect(spec.Resources).toHaveLength(1);
    const roleId = (spec.IamRoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const role = resourcesOfType(poc.templates.data, 'AWS::IAM::Role')[roleId];
    expect(role.Properties?.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' } }],
    });
    expect(JSON.stringify(role.Properties?.ManagedPolicyArns)).toMatch(/service-role\/AWSBackupServiceRolePolicyForBackup"/);
    expect(JSON.stringify(role.Properties?.ManagedPolicyArns)).not.toMatch(/Restores/);
  });

  test('the example config: backups every 12 hours from 06:00 UTC, 35 days here, copies kept 30 days in eu-west-1', () => {
    const rule = (
      (onlyResource(example.templates.data, 'AWS::Backup::BackupPlan').props.BackupPlan as Props).BackupPlanRule as Props[]
    )[0];
    expect(rule).toMatchObject({
      ScheduleExpression: 'cron(0 6,18 * * ? *)',
      Lifecycle: { DeleteAfterDays: 35 },
      CopyActions: [
        {
          DestinationBackupVaultArn: 'arn:aws:backup:eu-west-1:111122223333:backup-vault:northwind-traders-dr-copies',
          Lifecycle: { DeleteAfterDays: 30 },
        },
      ],
    });
  });

  test('DR copy off: the plan still backs up the database, but nothing is copied', () => {
    const rule = (
      (onlyResource(noCopy.templates.data, 'AWS::Backup::BackupPlan').props.BackupPlan as Props).BackupPlanRule as Props[]
    )[0];
    expect(rule.CopyActions).toBeUndefined();
    noCopy.templates.data.resourceCountIs('AWS::Backup::BackupSelection', 1);
    expect(noCopy.templates.disasterRecovery).toBeUndefined();
  });

  test('stateful logical ids stay fixed (a change would replace the vault, its key or the plan)', () => {
    const data = poc.templates.data;
    expect(logicalIdOf(data, 'AWS::Backup::BackupVault')).toBe('BackupVault68B95C06');
    expect(logicalIdOf(data, 'AWS::KMS::Key', (props) => String(props.Description).startsWith('AWS Backup vault'))).toBe(
      'BackupVaultKey74395416',
    );
    expect(logicalIdOf(data, 'AWS::Backup::BackupPlan')).toBe('BackupPlan52AA48B4');
    expect(logicalIdOf(data, 'AWS::Backup::BackupSelection')).toBe('BackupPlanDatabaseB90ACD50');
    // The database's own ids did not move when the backup resources joined the stack.
    expect(logicalIdOf(data, 'AWS::RDS::DBInstance')).toBe('DatabaseInstanceAA8A5FDE');
    expect(logicalIdOf(data, 'AWS::KMS::Key', (props) => String(props.Description).startsWith('RDS storage'))).toBe(
      'DatabaseKey5E5D9547',
    );
  });
});

describe('DR vault (DisasterRecovery stack)', () => {
  test('lives in the copy region, termination-protected', () => {
    const drStack = (synth: SynthesizedTemplates) =>
      synth.assembly.getStackByName(synth.stackNames.disasterRecovery ?? 'no DisasterRecovery stack');
    expect(drStack(poc).environment.region).toBe('eu-west-1');
    expect(drStack(poc).terminationProtection).toBe(true);
    expect(drStack(example).environment.region).toBe('eu-west-1');
    expect(drStack(example).environment.account).toBe('111122223333');
  });

  test('vault: the name the copy action targets, its own KMS key, kept, recovery points undeletable by hand', () => {
    const dr = drTemplate(poc);
    const vault = onlyResource(dr, 'AWS::Backup::BackupVault');
    expect(vault.resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(vault.props).toMatchObject({
      BackupVaultName: 'anycompany-apparel-dr-copies',
      EncryptionKeyArn: { 'Fn::GetAtt': ['CopyVaultKeyD618E163', 'Arn'] },
      AccessPolicy: {
        Statement: [
          expect.objectContaining({
            Effect: 'Deny',
            Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
          }),
        ],
      },
    });
  });

  test('key: rotating, kept, usable by this account only through AWS Backup and RDS in the copy region', () => {
    const key = onlyResource(drTemplate(poc), 'AWS::KMS::Key');
    expect(key.resource).toMatchObject({ DeletionPolicy: 'Retain' });
    expect(key.props.EnableKeyRotation).toBe(true);
    const statements = (key.props.KeyPolicy as Props).Statement as Props[];
    expect(statements).toContainEqual({
      Sid: 'AwsBackupCopiesOfThisAccount',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:CreateGrant', 'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      Resource: '*',
      Condition: {
        StringEquals: {
          'kms:CallerAccount': { Ref: 'AWS::AccountId' },
          'kms:ViaService': ['backup.eu-west-1.amazonaws.com', 'rds.eu-west-1.amazonaws.com'],
        },
      },
    });
    // Every other statement is the account-root delegation CDK adds, or the deny of grants that no
    // AWS service creates: nothing else may use the key.
    expect(statements.filter((s) => s.Sid !== 'AwsBackupCopiesOfThisAccount')).toEqual([
      expect.objectContaining({
        Action: 'kms:*',
        Principal: { AWS: expect.objectContaining({ 'Fn::Join': expect.anything() }) },
      }),
      expect.objectContaining({ Sid: GRANTS_ONLY_FOR_AWS_RESOURCES_SID, Effect: 'Deny', Action: 'kms:CreateGrant' }),
    ]);
  });

  test('the example (pinned account) limits the key to its own account', () => {
    const statements = (onlyResource(drTemplate(example), 'AWS::KMS::Key').props.KeyPolicy as Props).Statement as Props[];
    expect(statements).toContainEqual(
      expect.objectContaining({
        Condition: {
          StringEquals: {
            'kms:CallerAccount': '111122223333',
            'kms:ViaService': ['backup.eu-west-1.amazonaws.com', 'rds.eu-west-1.amazonaws.com'],
          },
        },
      }),
    );
  });

  test('stateful logical ids stay fixed', () => {
    const dr = drTemplate(poc);
    expect(logicalIdOf(dr, 'AWS::Backup::BackupVault')).toBe('CopyVault87F9E5EC');
    expect(logicalIdOf(dr, 'AWS::KMS::Key')).toBe('CopyVaultKeyD618E163');
  });
});

describe('S3 versioning', () => {
  test.each([
    ['default', poc],
    ['example', example],
  ])('every bucket of the %s POC is versioned', (_, synth) => {
    const buckets = Object.entries(synth.templates).flatMap(([stack, template]) =>
      Object.entries(resourcesOfType(template, 'AWS::S3::Bucket')).map(([id, bucket]) => ({ stack, id, bucket })),
    );
    expect(buckets.map(({ stack }) => stack)).toEqual(expect.arrayContaining(['network', 'edge', 'operations']));
    for (const { bucket } of buckets) expect(bucket.Properties?.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  test('the static-assets bucket is versioned and kept when its stack is deleted', () => {
    poc.templates.edge.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 's3/static-assets/' }),
      }),
    });
  });
});

describe('the stacks deploy the settings the RTO/RPO model reads', () => {
  test.each([
    ['default', poc],
    ['example', example],
  ])('%s: target-group health checks, ASG grace period and backup windows', (_, synth) => {
    const targetGroups = Object.values(resourcesOfType(synth.templates.app, 'AWS::ElasticLoadBalancingV2::TargetGroup'));
    expect(targetGroups).toHaveLength(2);
    for (const group of targetGroups) {
      expect(group.Properties).toMatchObject({
        HealthCheckIntervalSeconds: TARGET_HEALTH_CHECK.intervalSeconds,
        HealthyThresholdCount: TARGET_HEALTH_CHECK.healthyThresholdCount,
        UnhealthyThresholdCount: TARGET_HEALTH_CHECK.unhealthyThresholdCount,
      });
      // Unset, so the ALB default the model counts applies (ALB_DEFAULT_HEALTH_CHECK_TIMEOUT_SECONDS).
      expect(group.Properties).not.toHaveProperty('HealthCheckTimeoutSeconds');
    }
    // The two tiers and the bastions.
    const groups = Object.values(resourcesOfType(synth.templates.app, 'AWS::AutoScaling::AutoScalingGroup'));
    expect(groups).toHaveLength(3);
    for (const group of groups) {
      expect(group.Properties).toMatchObject({ HealthCheckGracePeriod: ASG_HEALTH_CHECK_GRACE_SECONDS });
    }
    const rule = (
      (onlyResource(synth.templates.data, 'AWS::Backup::BackupPlan').props.BackupPlan as Props).BackupPlanRule as Props[]
    )[0];
    expect(rule).toMatchObject({
      StartWindowMinutes: BACKUP_JOB_WINDOWS.startMinutes,
      CompletionWindowMinutes: BACKUP_JOB_WINDOWS.completionMinutes,
    });
  });
});

/** Where the name properties are of resources the account holds once across all regions. */
const ACCOUNT_WIDE_NAMES: Readonly<Record<string, readonly string[]>> = {
  'AWS::CloudWatch::Dashboard': ['DashboardName'],
  'AWS::CloudFront::OriginAccessControl': ['OriginAccessControlConfig', 'Name'],
  'AWS::CloudFront::CachePolicy': ['CachePolicyConfig', 'Name'],
  'AWS::CloudFront::OriginRequestPolicy': ['OriginRequestPolicyConfig', 'Name'],
  'AWS::CloudFront::ResponseHeadersPolicy': ['ResponseHeadersPolicyConfig', 'Name'],
  'AWS::IAM::Role': ['RoleName'],
  'AWS::IAM::ManagedPolicy': ['ManagedPolicyName'],
  'AWS::IAM::InstanceProfile': ['InstanceProfileName'],
  'AWS::S3::Bucket': ['BucketName'],
};
/** Top-level properties ending in "Name" that name something else than the resource itself. */
const NOT_THE_RESOURCE_NAME = new Set(['MetricName', 'EngineName', 'DisplayName', 'PolicyName']);

interface DeployedName {
  readonly stack: string;
  /** Where the name must be unique: `account`, or the stack's region (`unknown-region` when environment-agnostic). */
  readonly scope: string;
  readonly name: string;
}

/** Every literal name a stack gives a resource, with where it must be unique. */
function deployedNames(synth: SynthesizedTemplates): DeployedName[] {
  return synth.assembly.stacks.flatMap((stack) =>
    Object.values((stack.template as { Resources: Record<string, { Type: string; Properties?: Props }> }).Resources).flatMap(
      (resource): DeployedName[] => {
        const path = ACCOUNT_WIDE_NAMES[resource.Type];
        const scoped = (scope: string, name: unknown) =>
          typeof name === 'string' ? [{ stack: stack.stackName, scope, name: `${resource.Type} ${name}` }] : [];
        if (path)
          return scoped(
            'account',
            path.reduce<unknown>((value, key) => (value as Props | undefined)?.[key], resource.Properties),
          );
        return Object.entries(resource.Properties ?? {})
          .filter(([key]) => /(Name|Identifier)$/.test(key) && !NOT_THE_RESOURCE_NAME.has(key))
          .flatMap(([, value]) => scoped(stack.environment.region, value));
      },
    ),
  );
}

describe.each([
  ['default (environment-agnostic)', 'default-dr-copy', () => poc],
  ['example (pinned to eu-west-3)', 'example-dr-copy', () => example],
] as const)('the DR copy of the %s config deploys next to the primary', (_, copyVariant, primary) => {
  const copy = variant(copyVariant);
  const placed = (synth: SynthesizedTemplates) =>
    synth.assembly.stacks.map((stack) => `${stack.stackName} in ${stack.environment.region}`);

  test('it shares no stack with the primary, not even its CloudFront alarms in us-east-1', () => {
    const primaryStacks = new Set(placed(primary()));
    expect(placed(copy).filter((stack) => primaryStacks.has(stack))).toEqual([]);
    expect(copy.assembly.getStackByName(copy.stackNames.edgeAlarms).environment.region).toBe('us-east-1');
    expect(copy.stackNames.edgeAlarms).not.toBe(primary().stackNames.edgeAlarms);
  });

  test('none of its names is taken by the primary: account-wide names, or regional names in the same region', () => {
    const key = (entry: DeployedName) => `${entry.scope} ${entry.name}`;
    const taken = new Map(deployedNames(primary()).map((entry) => [key(entry), entry.stack]));
    const collisions = deployedNames(copy)
      .filter((entry) => entry.scope !== 'unknown-region' && taken.has(key(entry)))
      .map((entry) => `${key(entry)}: ${entry.stack} and the primary's ${taken.get(key(entry))}`);
    expect(collisions).toEqual([]);
    // Not vacuous: the copy names its dashboard and its CloudFront alarms in us-east-1, and the primary's DR vault sits in the copy's region.
    expect(deployedNames(copy).filter((entry) => entry.name.startsWith('AWS::CloudWatch::Dashboard '))).toHaveLength(1);
    expect(deployedNames(copy).filter((entry) => entry.scope === 'us-east-1' && / .*-CloudFront-/.test(entry.name))).toHaveLength(
      2,
    );
    const drRegion = primary().config.disasterRecovery.copyToRegion;
    expect(deployedNames(primary()).filter((entry) => entry.scope === drRegion).length).toBeGreaterThan(0);
  });
});
