import { Template } from 'aws-cdk-lib/assertions';
import { SESSION_PREFERENCES_DOCUMENT } from '../lib/shared/session-manager';
import { importedValue, logicalIdOf, resourcesOfType, synthesized, SynthesizedTemplates, variant } from './helpers';

/**
 * Session Manager sessions are recorded (PCI DSS 10.2.1.2): the POC sets the regional
 * preferences document, streams transcripts to a KMS-encrypted log group kept a year, and grants
 * the instances and the operator exactly what a logged, encrypted session needs.
 */

type Props = Record<string, unknown>;
interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Props;
}

let poc: SynthesizedTemplates;
let example: SynthesizedTemplates;
let accountPreferences: SynthesizedTemplates;
beforeAll(() => {
  poc = synthesized('default');
  example = synthesized('example');
  accountPreferences = variant('account-session-preferences');
});

const ids = (synth: SynthesizedTemplates) => {
  const operations = synth.templates.operations;
  return {
    document: logicalIdOf(operations, 'AWS::SSM::Document'),
    key: logicalIdOf(
      operations,
      'AWS::KMS::Key',
      (props) => props.Description === 'Session Manager session data and transcripts of the PCI POC',
    ),
    logGroup: logicalIdOf(operations, 'AWS::Logs::LogGroup', (props) =>
      JSON.stringify(props.KmsKeyId).includes('SessionLoggingKey'),
    ),
    policy: logicalIdOf(operations, 'AWS::IAM::ManagedPolicy', (props) =>
      String(props.Description).startsWith('Session Manager on the POC instances'),
    ),
  };
};

/** What an Fn::ImportValue in the Operations stack stands for in the App template. */
const appReference = (synth: SynthesizedTemplates, reference: unknown): unknown => importedValue(synth.templates.app, reference);

/** The statements of the managed policies attached to a role of the Operations stack. */
function operationsRoleStatements(template: Template, prefix: string): Statement[] {
  const [role, ...others] = Object.keys(resourcesOfType(template, 'AWS::IAM::Role')).filter((id) => id.startsWith(prefix));
  if (!role || others.length > 0) throw new Error(`expected one role ${prefix}*`);
  return Object.values(resourcesOfType(template, 'AWS::IAM::ManagedPolicy'))
    .filter((policy) => ((policy.Properties?.Roles as unknown[]) ?? []).some((ref) => (ref as { Ref?: string }).Ref === role))
    .flatMap((policy) => (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
}

const kmsStatements = (statements: readonly Statement[]) =>
  statements.filter((statement) => [statement.Action].flat().some((action) => action.startsWith('kms:')));

describe('Session Manager preferences (the POC sets them by default)', () => {
  test.each([
    ['default', () => poc],
    ['example', () => example],
  ])('%s config: one Session document, SSM-SessionManagerRunShell, streaming to the encrypted log group, KMS on', (_, synth) => {
    const { document, key, logGroup } = ids(synth());
    const resource = resourcesOfType(synth().templates.operations, 'AWS::SSM::Document')[document];
    expect(resource.Properties).toEqual(
      expect.objectContaining({
        Name: SESSION_PREFERENCES_DOCUMENT,
        DocumentType: 'Session',
        DocumentFormat: 'JSON',
        UpdateMethod: 'NewVersion',
      }),
    );
    const content = resource.Properties?.Content as Props;
    expect(content.schemaVersion).toBe('1.0');
    expect(content.sessionType).toBe('Standard_Stream');
    expect(content.inputs).toEqual({
      s3BucketName: '',
      s3KeyPrefix: '',
      s3EncryptionEnabled: true,
      cloudWatchLogGroupName: { Ref: logGroup },
      cloudWatchEncryptionEnabled: true,
      cloudWatchStreamingEnabled: true,
      kmsKeyId: { Ref: key },
      // Shells run as the unprivileged session user (test/database-users-stack.cases.ts checks it on the instances).
      runAsEnabled: true,
      runAsDefaultUser: 'poc-session',
      // PCI DSS 8.2.8: re-authenticate after 15 idle minutes.
      idleSessionTimeout: '15',
      shellProfile: { windows: '', linux: '' },
    });
    // Only one such document exists in the whole POC: it is one per account and region.
    const documents = Object.values(synth().templates).flatMap((template) =>
      Object.values(resourcesOfType(template, 'AWS::SSM::Document')),
    );
    expect(documents).toHaveLength(1);
  });

  test('the log group is encrypted with the session key, kept 365 days, and outlives the stack', () => {
    const { key, logGroup } = ids(poc);
    const resource = resourcesOfType(poc.templates.operations, 'AWS::Logs::LogGroup')[logGroup];
    expect(resource.Properties?.KmsKeyId).toEqual({ 'Fn::GetAtt': [key, 'Arn'] });
    expect(resource.Properties?.RetentionInDays).toBe(365);
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(poc.templates.operations.toJSON().Outputs.SessionLogGroupName).toEqual({ Value: { Ref: logGroup } });
  });

  test('the key rotates, is retained, and lets CloudWatch Logs of the region encrypt with it', () => {
    const { key } = ids(poc);
    const resource = resourcesOfType(poc.templates.operations, 'AWS::KMS::Key')[key];
    expect(resource.Properties?.EnableKeyRotation).toBe(true);
    expect(resource.DeletionPolicy).toBe('Retain');
    const statements = (resource.Properties?.KeyPolicy as { Statement: Statement[] }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
        Action: expect.arrayContaining(['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*']),
      }),
    );
  });

  test('the web, app and bastion roles, and only they, may write the transcripts and decrypt the session data', () => {
    for (const synth of [poc, example]) {
      const { key, logGroup, policy } = ids(synth);
      const resource = resourcesOfType(synth.templates.operations, 'AWS::IAM::ManagedPolicy')[policy];
      const roles = (resource.Properties?.Roles as unknown[]).map((reference) => appReference(synth, reference));
      const instanceRoles = Object.entries(resourcesOfType(synth.templates.app, 'AWS::IAM::Role'))
        .filter(([, role]) => JSON.stringify(role.Properties?.AssumeRolePolicyDocument).includes('ec2.amazonaws.com'))
        .map(([id]) => ({ Ref: id }));
      expect(instanceRoles.map((role) => role.Ref).sort()).toEqual([
        expect.stringMatching(/^AppTierInstanceRole/),
        expect.stringMatching(/^BastionsRole/),
        expect.stringMatching(/^WebTierInstanceRole/),
      ]);
      expect(roles).toEqual(expect.arrayContaining(instanceRoles));
      expect(roles).toHaveLength(3);
      expect((resource.Properties?.PolicyDocument as { Statement: Statement[] }).Statement).toEqual([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [logGroup, 'Arn'] },
        },
        { Effect: 'Allow', Action: 'logs:DescribeLogGroups', Resource: '*' },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': [key, 'Arn'] } },
      ]);
    }
  });

  test('the operator role may create session data keys of the session key, nothing else of KMS; DBA and auditor may not', () => {
    const { key } = ids(poc);
    expect(kmsStatements(operationsRoleStatements(poc.templates.operations, 'RolesOperator'))).toEqual([
      { Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: { 'Fn::GetAtt': [key, 'Arn'] } },
    ]);
    for (const role of ['RolesDatabaseAdministrator', 'RolesAuditor']) {
      const statements = operationsRoleStatements(poc.templates.operations, role);
      expect({ role, session: JSON.stringify(statements).includes(key) }).toEqual({ role, session: false });
    }
  });
});

describe('accountBaseline.hasSessionManagerPreferences: true (the account keeps its own)', () => {
  test('no preferences document, no session key, log group, policy or output anywhere', () => {
    for (const template of Object.values(accountPreferences.templates)) {
      template.resourceCountIs('AWS::SSM::Document', 0);
      expect(JSON.stringify(template.toJSON())).not.toMatch(/SessionLogging|SessionLogGroupName/);
    }
  });

  test('the operator role has no KMS right at all', () => {
    expect(kmsStatements(operationsRoleStatements(accountPreferences.templates.operations, 'RolesOperator'))).toEqual([]);
  });

  test('the rest of the Operations stack is unchanged', () => {
    const without = (synth: SynthesizedTemplates) =>
      Object.keys(synth.templates.operations.toJSON().Resources as Props)
        .filter((id) => !id.startsWith('SessionLogging'))
        .sort();
    expect(without(accountPreferences)).toEqual(without(poc));
  });
});
