import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { handler, ProvisionEvent } from '../app/service/src/provision-handler';
import { provisionDatabase } from '../app/service/src/provision';

/**
 * The Lambda handler behind the database-users custom resource: it reads the three secrets
 * (passwords never travel through CloudFormation), hands them to the provisioning step, and
 * leaves users and schema in place when the resource is deleted. The provisioning step itself
 * runs against real MariaDB in test/integration/database-users.test.ts.
 */

jest.mock('../app/service/src/provision', () => ({ provisionDatabase: jest.fn() }));
const provision = jest.mocked(provisionDatabase);
const secrets = mockClient(SecretsManagerClient);

const arn = (name: string) => `arn:aws:secretsmanager:eu-west-3:111122223333:secret:${name}-AbCdEf`;
const PROPERTIES = {
  ServiceToken: 'arn:aws:lambda:eu-west-3:111122223333:function:framework',
  Schema: 'poc',
  DatabaseHost: 'poc.abc.eu-west-3.rds.amazonaws.com',
  DatabasePort: '3306',
  MasterSecretArn: arn('master'),
  AppSecretArn: arn('app'),
  MigrationSecretArn: arn('migration'),
  MemcachedOption: 'true',
  BundleInputs: 'a'.repeat(64),
};
const event = (requestType: ProvisionEvent['RequestType'], properties: Record<string, unknown> = PROPERTIES): ProvisionEvent => ({
  RequestType: requestType,
  ResourceProperties: properties,
  ...(requestType === 'Create' ? {} : { PhysicalResourceId: 'database-users:poc' }),
});
const value = (username: string, password: string) => ({ SecretString: JSON.stringify({ username, password, engine: 'mysql' }) });

beforeEach(() => {
  secrets.reset();
  provision.mockReset();
  provision.mockResolvedValue({ migrationsApplied: ['001-create-orders'], cacheContainerRegistered: true });
  secrets.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: 'no AWSPENDING', $metadata: {} }));
  secrets.on(GetSecretValueCommand, { SecretId: arn('master') }).resolves(value('pocadmin', 'master-pw'));
  secrets.on(GetSecretValueCommand, { SecretId: arn('app') }).resolves(value('poc_app_clone', 'app-pw'));
  secrets.on(GetSecretValueCommand, { SecretId: arn('migration') }).resolves(value('poc_migration', 'migration-pw'));
  for (const name of ['master', 'app', 'migration']) {
    secrets
      .on(GetSecretValueCommand, { SecretId: arn(name), VersionStage: 'AWSPENDING' })
      .rejects(new ResourceNotFoundException({ message: 'no AWSPENDING', $metadata: {} }));
  }
});

test.each(['Create', 'Update'] as const)(
  '%s: reads the secrets and provisions the users under their current names',
  async (type) => {
    const response = await handler(event(type));
    expect(response).toEqual({ PhysicalResourceId: 'database-users:poc', Data: { MigrationsApplied: '001-create-orders' } });
    expect(provision).toHaveBeenCalledTimes(1);
    expect(provision).toHaveBeenCalledWith(
      { host: PROPERTIES.DatabaseHost, port: 3306, schema: 'poc', withMemcachedOption: true },
      {
        master: [{ username: 'pocadmin', password: 'master-pw' }],
        // After a multi-user rotation the current user is the clone: that is the one brought up to date.
        app: { account: 'app', username: 'poc_app_clone', password: 'app-pw' },
        migration: { account: 'migration', username: 'poc_migration', password: 'migration-pw' },
      },
    );
  },
);

test("during the master's rotation, its pending version is offered after the current one", async () => {
  secrets
    .on(GetSecretValueCommand, { SecretId: arn('master'), VersionStage: 'AWSPENDING' })
    .resolves(value('pocadmin', 'pending-pw'));
  await handler(event('Update'));
  expect(provision.mock.calls[0][1].master).toEqual([
    { username: 'pocadmin', password: 'master-pw' },
    { username: 'pocadmin', password: 'pending-pw' },
  ]);
});

test('Delete leaves the users and the schema: no secret read, nothing run', async () => {
  expect(await handler(event('Delete', {}))).toEqual({ PhysicalResourceId: 'database-users:poc' });
  expect(provision).not.toHaveBeenCalled();
  expect(secrets.calls()).toHaveLength(0);
});

test('bad properties fail with every problem named, before any secret is read', async () => {
  await expect(handler(event('Create', { ...PROPERTIES, DatabasePort: 'x', AppSecretArn: 'app' }))).rejects.toThrow(
    /DatabasePort .*; AppSecretArn must be a secret ARN/,
  );
  expect(secrets.calls()).toHaveLength(0);
});
