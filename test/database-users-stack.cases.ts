import { Template } from 'aws-cdk-lib/assertions';
import { analyzeDirectory, configKnowledge } from '../lib/analysis';
import { APP_DATABASE_USER, MIGRATION_DATABASE_USER } from '../lib/constructs/database-users';
import { imdsGuardCommands, SESSION_USER, sessionUserCommands } from '../lib/constructs/tier-user-data';
import { DATABASE_USERS_RESOURCE_TYPE } from '../lib/segmentation';
import {
  importedValue,
  logicalIdAt,
  logicalIdOf,
  renderUserData,
  resourcesOfType,
  synthesizeDefaultAndExample,
  SynthesizedAssembly,
  tierUserData,
} from './helpers';
import { assemblyDirectory } from './support/assemblies';

/**
 * Issue 19, section 1, as the templates show it: the deployment creates the app's and the
 * migration's database users (own secrets, a custom resource in the rotation zone), both rotate
 * with alternating users, the app role reads the app user's secret alone, the master secret is
 * the database administrator's, and Session Manager shells run as a user without sudo.
 */

type Props = Record<string, unknown>;
interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

const { poc, example } = synthesizeDefaultAndExample();
const CONFIGS: [string, SynthesizedAssembly][] = [
  ['default', poc],
  ['example', example],
];

const json = (template: Template) => template.toJSON() as { Resources: Record<string, { Type: string; Properties: Props }> };
const props = (template: Template, id: string) => json(template).Resources[id].Properties;
const actions = (statement: Statement) => [statement.Action].flat();

/** Logical ids of the Data stack's secrets and their attachments, by user. */
function secrets(synth: SynthesizedAssembly) {
  const data = synth.templates.data;
  const secretOf = (username: string) =>
    logicalIdOf(data, 'AWS::SecretsManager::Secret', (p) =>
      JSON.stringify((p.GenerateSecretString as Props).SecretStringTemplate).includes(`\\"username\\":\\"${username}\\"`),
    );
  const attachmentOf = (secret: string) =>
    logicalIdOf(
      data,
      'AWS::SecretsManager::SecretTargetAttachment',
      (p) => JSON.stringify(p.SecretId) === JSON.stringify({ Ref: secret }),
    );
  const master = secretOf('pocadmin');
  const app = secretOf(APP_DATABASE_USER);
  const migration = secretOf(MIGRATION_DATABASE_USER);
  return {
    master: { secret: master, attachment: attachmentOf(master) },
    app: { secret: app, attachment: attachmentOf(app) },
    migration: { secret: migration, attachment: attachmentOf(migration) },
  };
}

/** Every statement of every IAM policy of a template, with the roles it applies to. */
function policyStatements(template: Template): { roles: unknown[]; statement: Statement }[] {
  return [
    ...Object.values(resourcesOfType(template, 'AWS::IAM::ManagedPolicy')),
    ...Object.values(resourcesOfType(template, 'AWS::IAM::Policy')),
  ].flatMap((resource) => {
    const p = resource.Properties ?? {};
    const roles = (p.Roles as unknown[] | undefined) ?? [];
    return ((p.PolicyDocument as { Statement: Statement[] }).Statement ?? []).map((statement) => ({ roles, statement }));
  });
}

/** What a value of the App or Operations stack stands for in the Data stack (imports followed). */
function inData(synth: SynthesizedAssembly, value: unknown): unknown {
  if (value && typeof value === 'object' && 'Fn::ImportValue' in value) {
    try {
      return importedValue(synth.templates.data, value);
    } catch {
      return value;
    }
  }
  return value;
}

const refersTo = (synth: SynthesizedAssembly, resource: unknown, logicalId: string) =>
  [resource].flat().some((item) => JSON.stringify(inData(synth, item)) === JSON.stringify({ Ref: logicalId }));

describe.each(CONFIGS)('%s config: the database users', (_, synth) => {
  const data = synth.templates.data;
  const ids = secrets(synth);
  const instance = logicalIdOf(data, 'AWS::RDS::DBInstance');
  const key = logicalIdAt(data, 'Database/Key');

  test('one generated secret per account, encrypted with the database key, naming the master secret, attached to the instance', () => {
    for (const user of [ids.app, ids.migration]) {
      const secret = props(data, user.secret);
      expect(secret.KmsKeyId).toEqual({ 'Fn::GetAtt': [key, 'Arn'] });
      const template = JSON.stringify((secret.GenerateSecretString as Props).SecretStringTemplate);
      // Multi-user rotation logs in as the master: the secret names it.
      expect(template).toContain('masterarn');
      expect(template).toContain(JSON.stringify({ Ref: ids.master.attachment }));
      expect(props(data, user.attachment)).toEqual({
        SecretId: { Ref: user.secret },
        TargetId: { Ref: instance },
        TargetType: 'AWS::RDS::DBInstance',
      });
    }
  });

  test('a custom resource creates both users as the master and runs the migrations, naming secrets, never passwords', () => {
    const [id, resource] = Object.entries(resourcesOfType(data, DATABASE_USERS_RESOURCE_TYPE))[0];
    expect(Object.keys(resourcesOfType(data, DATABASE_USERS_RESOURCE_TYPE))).toEqual([id]);
    expect(resource.Properties).toEqual(
      expect.objectContaining({
        Schema: 'poc',
        DatabaseHost: { 'Fn::GetAtt': [instance, 'Endpoint.Address'] },
        DatabasePort: '3306',
        MasterSecretArn: { Ref: ids.master.attachment },
        AppSecretArn: { Ref: ids.app.attachment },
        MigrationSecretArn: { Ref: ids.migration.attachment },
        MemcachedOption: String(synth.config.database.cache === 'rds-memcached-option'),
        BundleInputs: expect.stringMatching(/^[a-f0-9]{64}$/),
      }),
    );
    expect(JSON.stringify(resource.Properties)).not.toMatch(/password/i);
  });

  test('its function runs in the app subnets with the rotation group; the provider framework only relays', () => {
    const handler = logicalIdAt(data, 'DatabaseUsers/Function');
    const fn = props(data, handler);
    expect(fn.Runtime).toBe('nodejs24.x');
    const rotation = props(data, logicalIdAt(data, 'Database/Instance/RotationSingleUser'));
    const parameters = rotation.Parameters as Props;
    const vpc = fn.VpcConfig as Props;
    expect(vpc.SecurityGroupIds).toEqual([parameters.vpcSecurityGroupIds]);
    const joined = (parameters.vpcSubnetIds as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    expect(vpc.SubnetIds).toEqual(joined.filter((part) => part !== ','));
    expect(JSON.stringify(vpc.SubnetIds)).toMatch(/VpcappSubnet/);
    const framework = logicalIdAt(data, 'DatabaseUsers/Provider/framework-onEvent');
    expect((props(data, framework).Environment as { Variables: Props }).Variables.USER_ON_EVENT_FUNCTION_ARN).toEqual({
      'Fn::GetAtt': [handler, 'Arn'],
    });
    // The framework role: invoke that one function and write its logs, from a managed policy; nothing inline, no AWS policy.
    const frameworkRole = (props(data, framework).Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    expect(props(data, frameworkRole).ManagedPolicyArns).toBeUndefined();
    const frameworkStatements = policyStatements(data).filter(({ roles }) =>
      roles.some((role) => JSON.stringify(role) === JSON.stringify({ Ref: frameworkRole })),
    );
    expect(frameworkStatements.flatMap(({ statement }) => actions(statement)).sort()).toEqual([
      'lambda:GetFunction',
      'lambda:InvokeFunction',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
    expect(
      Object.values(resourcesOfType(data, 'AWS::IAM::Policy')).filter((policy) =>
        JSON.stringify(policy.Properties?.Roles).includes(frameworkRole),
      ),
    ).toEqual([]);
  });

  test('the function reads the three secrets and nothing else of Secrets Manager', () => {
    const role = (props(data, logicalIdAt(data, 'DatabaseUsers/Function')).Role as { 'Fn::GetAtt': [string, string] })[
      'Fn::GetAtt'
    ][0];
    // Lambda needs the network-interface rights to place the function in the VPC at all.
    expect(JSON.stringify(props(data, role).ManagedPolicyArns)).toContain('service-role/AWSLambdaVPCAccessExecutionRole');
    const read = policyStatements(data)
      .filter(({ roles }) => roles.some((item) => JSON.stringify(item) === JSON.stringify({ Ref: role })))
      .filter(({ statement }) => actions(statement).includes('secretsmanager:GetSecretValue'))
      .flatMap(({ statement }) => [statement.Resource].flat());
    expect(read).toEqual([{ Ref: ids.master.attachment }, { Ref: ids.app.attachment }, { Ref: ids.migration.attachment }]);
  });

  test('both user secrets rotate every 30 days with alternating users, only once the users exist', () => {
    const resource = Object.keys(resourcesOfType(data, DATABASE_USERS_RESOURCE_TYPE))[0];
    for (const [user, path] of [
      [ids.app, 'Database/Instance/AppUserRotation'],
      [ids.migration, 'Database/Instance/MigrationUserRotation'],
    ] as const) {
      const application = logicalIdAt(data, path);
      const parameters = props(data, application).Parameters as Props;
      // The multi-user rotation application takes the master secret; the single-user one does not.
      expect(parameters.masterSecretArn).toEqual({ Ref: ids.master.attachment });
      expect(json(data).Resources[application]).toEqual(
        expect.objectContaining({ DependsOn: expect.arrayContaining([resource]) }),
      );
      const schedule = logicalIdOf(
        data,
        'AWS::SecretsManager::RotationSchedule',
        (p) => JSON.stringify(p.SecretId) === JSON.stringify({ Ref: user.attachment }),
      );
      expect(props(data, schedule)).toEqual(
        expect.objectContaining({
          RotationLambdaARN: { 'Fn::GetAtt': [application, 'Outputs.RotationLambdaARN'] },
          RotationRules: { ScheduleExpression: 'rate(30 days)' },
        }),
      );
    }
  });

  test('the segmentation analysis places the function in the rotation zone and finds nothing unexpected', () => {
    const analysis = analyzeDirectory(assemblyDirectory(synth === poc ? 'default' : 'example'), configKnowledge(synth.config));
    const rotation = analysis.zones.find((zone) => zone.zone === 'rotation');
    expect(rotation?.resources.map((resource) => resource.name)).toContain(
      `${synth.stackNames.data}/DatabaseUsers/Function/Resource`,
    );
    expect(analysis.ok).toBe(true);
  });
});

describe.each(CONFIGS)('%s config: who reads which database secret', (_, synth) => {
  const ids = secrets(synth);

  test('no app or web instance role policy names the master or the migration secret; the app tier reads the app secret', () => {
    const app = synth.templates.app;
    const statements = policyStatements(app);
    for (const { statement } of statements) {
      expect(refersTo(synth, statement.Resource, ids.master.attachment)).toBe(false);
      expect(refersTo(synth, statement.Resource, ids.migration.attachment)).toBe(false);
      expect(JSON.stringify(statement.Resource)).not.toContain(ids.master.secret);
    }
    const appRole = logicalIdAt(app, 'AppTier/InstanceRole');
    const appReads = statements
      .filter(({ roles }) => roles.some((role) => JSON.stringify(role) === JSON.stringify({ Ref: appRole })))
      .filter(({ statement }) => actions(statement).includes('secretsmanager:GetSecretValue'));
    expect(appReads).toHaveLength(1);
    expect(refersTo(synth, appReads[0].statement.Resource, ids.app.attachment)).toBe(true);
    // The service is pointed at the app user's secret.
    const userData = tierUserData(synth, 'AppTier');
    const line = userData.split('\n').find((candidate) => candidate.startsWith('POC_DB_SECRET_ARN='));
    expect(inData(synth, JSON.parse(String(line?.slice('POC_DB_SECRET_ARN='.length))))).toEqual({ Ref: ids.app.attachment });
  });

  test('of the operator roles, the database administrator alone reads the master secret', () => {
    const operations = synth.templates.operations;
    const readers = policyStatements(operations)
      .filter(({ statement }) => actions(statement).includes('secretsmanager:GetSecretValue'))
      .filter(({ statement }) => refersTo(synth, statement.Resource, ids.master.attachment))
      .flatMap(({ roles }) => roles);
    expect(readers).toEqual([{ Ref: logicalIdAt(operations, 'Roles/DatabaseAdministrator') }]);
  });
});

describe.each(CONFIGS)('%s config: Session Manager shells', (_, synth) => {
  const launchTemplateUserData = (prefix: string) => {
    const found = Object.entries(resourcesOfType(synth.templates.app, 'AWS::EC2::LaunchTemplate')).find(([id]) =>
      id.startsWith(prefix),
    );
    const data = found?.[1].Properties?.LaunchTemplateData as { UserData: { 'Fn::Base64': unknown } };
    return renderUserData(data.UserData['Fn::Base64']);
  };

  test.each(['WebTier', 'AppTier', 'Bastions'])(
    '%s instances create the session user, without sudo, and keep it from the metadata service',
    (prefix) => {
      const userData = launchTemplateUserData(prefix);
      for (const command of sessionUserCommands()) expect(userData).toContain(command);
      expect(userData).toMatch(new RegExp(`useradd --create-home --shell /bin/bash ${SESSION_USER}\\n`));
      expect(userData).not.toMatch(/usermod|gpasswd|wheel|sudoers/);
      const guard = userData.split('\n').filter((line) => line.includes('--uid-owner'));
      expect(guard.length).toBeGreaterThan(0);
      expect(guard.join('\n')).not.toContain(SESSION_USER);
    },
  );

  test('the session user is not among the users any guard admits', () => {
    expect(imdsGuardCommands([]).join('\n')).not.toContain(SESSION_USER);
    expect(sessionUserCommands()[1]).toContain(`sudo -l -U ${SESSION_USER}`);
  });
});
