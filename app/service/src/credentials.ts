import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';

export interface DatabaseCredentials {
  readonly username: string;
  readonly password: string;
}

// The JSON document RDS keeps in a generated (and rotated) master secret; other keys are ignored.
const secretDocument = z.object({ username: z.string().min(1), password: z.string().min(1) });

/** The database credentials, read from Secrets Manager at start and again after a rotation. */
export class SecretCredentials {
  private readonly client: SecretsManagerClient;

  constructor(
    private readonly secretArn: string,
    region: string,
  ) {
    this.client = new SecretsManagerClient({ region });
  }

  async read(): Promise<DatabaseCredentials> {
    const result = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretArn }));
    if (result.SecretString === undefined) throw new Error(`secret ${this.secretArn} has no string value`);
    let document: unknown;
    try {
      document = JSON.parse(result.SecretString);
    } catch {
      throw new Error(`secret ${this.secretArn} is not a JSON document`);
    }
    const parsed = secretDocument.safeParse(document);
    if (!parsed.success) throw new Error(`secret ${this.secretArn} lacks a username and password`);
    return parsed.data;
  }
}
