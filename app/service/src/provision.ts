import mysql from 'mysql2/promise';
import type { DatabaseCredentials } from './credentials';
import { tlsOptions } from './database';
import { DatabaseUser, databaseUserStatements } from './database-users';
import { migrate, registerCacheContainer } from './migrations';

/**
 * The deployment's database step: as the master user, bring the app's and the migration's
 * users to their intended state; as the migration user, bring the schema up to date; as the
 * master user again, register the memcached container (it lives outside the app's schema).
 * Every part is idempotent, so a deployment update or a retry after a failure runs it again.
 */

export interface ProvisionSettings {
  readonly host: string;
  readonly port: number;
  readonly schema: string;
  /** A CA bundle instead of the Amazon RDS bundle (local tests). TLS is required and verified either way. */
  readonly caFile?: string;
  /** The RDS MEMCACHED option serves the cache container. */
  readonly withMemcachedOption: boolean;
}

export interface ProvisionCredentials {
  /**
   * The master secret's AWSCURRENT version, then its AWSPENDING one when a rotation is under way:
   * the first deployment creates the master's rotation schedule, which rotates at once, possibly
   * while this step runs.
   */
  readonly master: readonly DatabaseCredentials[];
  readonly app: DatabaseUser;
  readonly migration: DatabaseUser;
}

export interface ProvisionResult {
  readonly migrationsApplied: readonly string[];
  readonly cacheContainerRegistered: boolean;
}

const CONNECT_TIMEOUT_MS = 10000;

/** A connection with the first of the credentials the database accepts. */
async function connect(
  settings: ProvisionSettings,
  candidates: readonly DatabaseCredentials[],
  database: string | undefined,
): Promise<mysql.Connection> {
  let refusal: unknown = new Error('no credentials to log in with');
  for (const credentials of candidates) {
    try {
      return await mysql.createConnection({
        host: settings.host,
        port: settings.port,
        user: credentials.username,
        password: credentials.password,
        database,
        ssl: tlsOptions(settings),
        connectTimeout: CONNECT_TIMEOUT_MS,
      });
    } catch (error) {
      if ((error as { code?: string }).code !== 'ER_ACCESS_DENIED_ERROR') throw error;
      refusal = error;
    }
  }
  throw refusal;
}

async function withConnection<T>(
  settings: ProvisionSettings,
  candidates: readonly DatabaseCredentials[],
  database: string | undefined,
  use: (connection: mysql.Connection) => Promise<T>,
): Promise<T> {
  const connection = await connect(settings, candidates, database);
  try {
    return await use(connection);
  } finally {
    await connection.end();
  }
}

export async function provisionDatabase(
  settings: ProvisionSettings,
  credentials: ProvisionCredentials,
): Promise<ProvisionResult> {
  await withConnection(settings, credentials.master, undefined, async (connection) => {
    for (const user of [credentials.app, credentials.migration]) {
      for (const statement of databaseUserStatements(settings.schema, user)) {
        await connection.query(statement.sql, [...statement.values]);
      }
    }
  });
  const migrationsApplied = await withConnection(settings, [credentials.migration], settings.schema, migrate);
  const cacheContainerRegistered =
    settings.withMemcachedOption && (await withConnection(settings, credentials.master, settings.schema, registerCacheContainer));
  return { migrationsApplied, cacheContainerRegistered };
}
