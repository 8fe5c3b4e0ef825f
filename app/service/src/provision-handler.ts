import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { DatabaseCredentials, SecretCredentials } from './credentials';
import { log } from './log';
import { provisionDatabase } from './provision';

/**
 * The Lambda handler behind the Data stack's database-users custom resource (the CDK provider
 * framework calls it, and answers CloudFormation). The passwords never travel through
 * CloudFormation: the resource names the three secrets, and this function reads them.
 */

/** What the provider framework passes (the CloudFormation custom resource request, properties as strings). */
export interface ProvisionEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Readonly<Record<string, unknown>>;
}

export interface ProvisionResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Readonly<Record<string, string>>;
}

const secretArn = z.string().regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, 'must be a secret ARN');
const properties = z.object({
  Schema: z.string().min(1),
  DatabaseHost: z.string().min(1),
  DatabasePort: z.coerce.number().int().min(1).max(65535),
  MasterSecretArn: secretArn,
  AppSecretArn: secretArn,
  MigrationSecretArn: secretArn,
  MemcachedOption: z.enum(['true', 'false']),
});

/** AWSCURRENT, then AWSPENDING when a rotation is under way. */
function credentialsOf(client: SecretsManagerClient, arn: string): Promise<readonly DatabaseCredentials[]> {
  return new SecretCredentials(arn, { client, refreshIntervalMs: 0 }).candidates();
}

export async function handler(event: ProvisionEvent): Promise<ProvisionResponse> {
  // The users and the schema stay with the database (a stateful, snapshot-retained resource):
  // removing this resource leaves them, as removing the stack leaves the database.
  if (event.RequestType === 'Delete' && event.PhysicalResourceId) return { PhysicalResourceId: event.PhysicalResourceId };
  const parsed = properties.safeParse(event.ResourceProperties);
  if (!parsed.success) {
    throw new Error(
      `database-users properties: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  }
  const props = parsed.data;
  // One id per schema: an update never replaces the resource, so CloudFormation never deletes the old one.
  const physicalResourceId = `database-users:${props.Schema}`;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: physicalResourceId };

  const client = new SecretsManagerClient({});
  const [master, [app], [migration]] = await Promise.all(
    [props.MasterSecretArn, props.AppSecretArn, props.MigrationSecretArn].map((arn) => credentialsOf(client, arn)),
  );
  const result = await provisionDatabase(
    {
      host: props.DatabaseHost,
      port: props.DatabasePort,
      schema: props.Schema,
      withMemcachedOption: props.MemcachedOption === 'true',
    },
    {
      master,
      app: { account: 'app', ...app },
      migration: { account: 'migration', ...migration },
    },
  );
  log('info', 'database users and schema up to date', { schema: props.Schema, ...result });
  return {
    PhysicalResourceId: physicalResourceId,
    Data: { MigrationsApplied: result.migrationsApplied.join(',') },
  };
}
