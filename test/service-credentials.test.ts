import {
  GetSecretValueCommand,
  GetSecretValueCommandInput,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { SecretCredentials } from '../app/service/src/credentials';

/**
 * How the sample service reads the database secret: AWSCURRENT and, during a rotation, the
 * AWSPENDING version the rotation has already set in the database; Secrets Manager at most once
 * per refresh interval. The integration tests run the same code against MariaDB.
 */

const ARN = 'arn:aws:secretsmanager:eu-west-3:111122223333:secret:poc-db-AbCdEf';
const INTERVAL_MS = 30_000;
const secrets = mockClient(SecretsManagerClient);

const OLD = { username: 'pocadmin', password: 'old-Passw0rd' };
const NEW = { username: 'pocadmin', password: 'new-Passw0rd' };
const document = (credentials: { username: string; password: string }) =>
  JSON.stringify({ ...credentials, engine: 'mysql', host: 'db.example', port: 3306 });
const noPending = () =>
  new ResourceNotFoundException({
    message: "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
    $metadata: {},
  });

/** Answers AWSCURRENT and AWSPENDING reads; `pending` undefined: no version has the label. */
function serve(current: string | undefined, pending?: string): void {
  secrets.reset();
  secrets.on(GetSecretValueCommand, { SecretId: ARN, VersionStage: undefined }).resolves({ SecretString: current });
  if (pending === undefined)
    secrets.on(GetSecretValueCommand, { SecretId: ARN, VersionStage: 'AWSPENDING' }).rejects(noPending());
  else secrets.on(GetSecretValueCommand, { SecretId: ARN, VersionStage: 'AWSPENDING' }).resolves({ SecretString: pending });
}

const reads = (): GetSecretValueCommandInput[] => secrets.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input);

function credentials(clock = { now: 0 }): SecretCredentials {
  return new SecretCredentials(ARN, {
    client: new SecretsManagerClient({ region: 'eu-west-3' }),
    refreshIntervalMs: INTERVAL_MS,
    now: () => clock.now,
  });
}

describe('which credentials the service tries', () => {
  test('outside a rotation: the current version alone', async () => {
    serve(document(OLD));
    expect(await credentials().candidates()).toEqual([OLD]);
    expect(reads()).toEqual([{ SecretId: ARN }, { SecretId: ARN, VersionStage: 'AWSPENDING' }]);
  });

  test('during a rotation: the current version, then the pending one the rotation set in the database', async () => {
    serve(document(OLD), document(NEW));
    expect(await credentials().candidates()).toEqual([OLD, NEW]);
  });

  test('after a rotation, when the pending label still marks the current version: that version once', async () => {
    serve(document(NEW), document(NEW));
    expect(await credentials().candidates()).toEqual([NEW]);
  });

  test('read once: asking again does not call Secrets Manager', async () => {
    serve(document(OLD));
    const secret = credentials();
    await secret.candidates();
    await secret.candidates();
    expect(reads()).toHaveLength(2);
  });
});

describe('reading again after the database refused the credentials', () => {
  test('at most once per interval, however often the database refuses', async () => {
    serve(document(OLD));
    const clock = { now: 0 };
    const secret = credentials(clock);
    await secret.candidates();
    serve(document(OLD), document(NEW));

    clock.now = INTERVAL_MS - 1;
    expect(await Promise.all([secret.refresh(), secret.refresh()])).toEqual([false, false]);
    expect(reads()).toEqual([]);
    expect(await secret.candidates()).toEqual([OLD]);

    clock.now = INTERVAL_MS;
    expect(await secret.refresh()).toBe(true);
    expect(await secret.candidates()).toEqual([OLD, NEW]);
    expect(reads()).toHaveLength(2);
  });

  test('callers that ask together share one read', async () => {
    serve(document(OLD));
    const clock = { now: 0 };
    const secret = credentials(clock);
    await secret.candidates();
    clock.now = INTERVAL_MS * 2;
    serve(document(NEW));
    expect(await Promise.all([secret.refresh(), secret.refresh(), secret.candidates()])).toEqual([true, true, [OLD]]);
    expect(reads()).toHaveLength(2);
    expect(await secret.candidates()).toEqual([NEW]);
  });
});

describe('a secret the service cannot use is an error naming it and its version', () => {
  test.each([
    ['no string value', undefined, /poc-db-AbCdEf \(AWSCURRENT\) has no string value/],
    ['not JSON', 'password=x', /poc-db-AbCdEf \(AWSCURRENT\) is not a JSON document/],
    ['no password', JSON.stringify({ username: 'pocadmin' }), /poc-db-AbCdEf \(AWSCURRENT\) lacks a username and password/],
  ])('%s', async (_, current, message) => {
    serve(current);
    await expect(credentials().candidates()).rejects.toThrow(message);
  });

  test('a pending version that does not parse is refused too', async () => {
    serve(document(OLD), '{}');
    await expect(credentials().candidates()).rejects.toThrow(/\(AWSPENDING\) lacks a username and password/);
  });

  test('a refused read of the pending version is not taken for "no rotation under way"', async () => {
    serve(document(OLD));
    secrets.on(GetSecretValueCommand, { SecretId: ARN, VersionStage: 'AWSPENDING' }).rejects(
      new SecretsManagerServiceException({
        name: 'AccessDeniedException',
        message: 'not authorized to perform: secretsmanager:GetSecretValue',
        $fault: 'client',
        $metadata: {},
      }),
    );
    await expect(credentials().candidates()).rejects.toThrow(/not authorized to perform/);
  });
});
