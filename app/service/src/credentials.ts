import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';

export interface DatabaseCredentials {
  readonly username: string;
  readonly password: string;
}

// The JSON document RDS keeps in a generated (and rotated) master secret; other keys are ignored.
const secretDocument = z.object({ username: z.string().min(1), password: z.string().min(1) });

/** The staging label of the version a rotation is installing: set in the database before it becomes current. */
const PENDING = 'AWSPENDING';

export interface SecretCredentialsOptions {
  /** Secrets Manager is asked again at most once per interval, however often the database refuses. */
  readonly refreshIntervalMs: number;
  readonly client: SecretsManagerClient;
  readonly now?: () => number;
}

interface Versions {
  readonly readAt: number;
  /** AWSCURRENT first, then AWSPENDING when a rotation is under way and it differs. */
  readonly candidates: readonly DatabaseCredentials[];
}

/**
 * The database credentials from Secrets Manager. A rotation sets the new password in the
 * database (its setSecret step) before it makes that version AWSCURRENT (finishSecret): in
 * between, only the AWSPENDING version authenticates, so both are offered, current first.
 * Secrets Manager is read at start and then at most once per refresh interval, so a burst of
 * refused connections does not become a burst of GetSecretValue calls.
 */
export class SecretCredentials {
  private versions?: Versions;
  /** One read at a time, however many callers ask together. */
  private reading?: Promise<Versions>;
  private readonly now: () => number;

  constructor(
    private readonly secretArn: string,
    private readonly options: SecretCredentialsOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The credentials to try, in order: read once, then kept until refresh() reads again. */
  async candidates(): Promise<readonly DatabaseCredentials[]> {
    return (this.versions ?? (await this.read())).candidates;
  }

  /**
   * Reads the secret again when the last read is older than the interval (the database refused
   * the credentials); otherwise keeps what it has. True when it read.
   */
  async refresh(): Promise<boolean> {
    if (this.versions && this.now() - this.versions.readAt < this.options.refreshIntervalMs) return false;
    await this.read();
    return true;
  }

  private read(): Promise<Versions> {
    this.reading ??= this.fetch()
      .then((versions) => (this.versions = versions))
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async fetch(): Promise<Versions> {
    const readAt = this.now();
    const [current, pending] = await Promise.all([this.version(), this.version(PENDING)]);
    if (!current) throw new Error(`secret ${this.secretArn} has no current version`);
    const differs = pending && (pending.username !== current.username || pending.password !== current.password);
    return { readAt, candidates: differs ? [current, pending] : [current] };
  }

  /** One version of the secret by staging label (AWSCURRENT when none); undefined when no version has the label. */
  private async version(stage?: string): Promise<DatabaseCredentials | undefined> {
    let secretString: string | undefined;
    try {
      const result = await this.options.client.send(new GetSecretValueCommand({ SecretId: this.secretArn, VersionStage: stage }));
      secretString = result.SecretString;
    } catch (error) {
      if (stage && error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
    const label = stage ?? 'AWSCURRENT';
    if (secretString === undefined) throw new Error(`secret ${this.secretArn} (${label}) has no string value`);
    let document: unknown;
    try {
      document = JSON.parse(secretString);
    } catch {
      throw new Error(`secret ${this.secretArn} (${label}) is not a JSON document`);
    }
    const parsed = secretDocument.safeParse(document);
    if (!parsed.success) throw new Error(`secret ${this.secretArn} (${label}) lacks a username and password`);
    return parsed.data;
  }
}
