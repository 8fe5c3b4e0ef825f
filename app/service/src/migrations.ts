import type { Connection, RowDataPacket } from 'mysql2/promise';

/**
 * Schema changes, applied in order and recorded in `schema_migrations`. Each statement is
 * idempotent: MySQL commits DDL implicitly, so a crash between a change and its record
 * must leave a state the next run can finish.
 */
export const MIGRATIONS: readonly { readonly id: string; readonly sql: string }[] = [
  {
    id: '001-create-orders',
    sql: `CREATE TABLE IF NOT EXISTS orders (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
      item VARCHAR(100) NOT NULL,
      quantity INT UNSIGNED NOT NULL,
      created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  },
];

/** Name of the InnoDB memcached container holding the cache (keys `@@poc_cache.<key>`). */
export const CACHE_CONTAINER = 'poc_cache';

const LOCK_NAME = 'pci-poc-sample-app-migrations';
const LOCK_WAIT_SECONDS = 60;

/**
 * Brings the schema up to date, as the migration user (the deployment's database-users step
 * runs it; the app's own user cannot change tables). MySQL's GET_LOCK makes concurrent runs
 * take turns, so each migration runs once however many run together.
 */
export async function migrate(connection: Connection): Promise<readonly string[]> {
  const [lock] = await connection.query<RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS acquired', [LOCK_NAME, LOCK_WAIT_SECONDS]);
  if (lock[0]?.acquired !== 1) throw new Error(`another instance held the migration lock for over ${LOCK_WAIT_SECONDS} s`);
  try {
    await connection.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id VARCHAR(100) NOT NULL PRIMARY KEY,
      applied_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
    ) ENGINE=InnoDB`);
    const [rows] = await connection.query<RowDataPacket[]>('SELECT id FROM schema_migrations');
    const done = new Set(rows.map((row) => String(row.id)));
    const applied: string[] = [];
    for (const migration of MIGRATIONS.filter((candidate) => !done.has(candidate.id))) {
      await connection.query(migration.sql);
      await connection.query('INSERT INTO schema_migrations (id) VALUES (?)', [migration.id]);
      applied.push(migration.id);
    }
    return applied;
  } finally {
    await connection.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]);
  }
}

/**
 * The RDS MEMCACHED option serves InnoDB tables listed in `innodb_memcache.containers`
 * (RDS user guide, "MySQL memcached support"); the plugin picks up a new container the first
 * time a key names it. The table is sized for the cached JSON (the sample `demo_test` table
 * holds 1 KB values). Where the option is absent (local MariaDB) there is nothing to register.
 * It writes outside the application schema, so the master user runs it (connected to that schema);
 * true when the container is registered.
 */
export async function registerCacheContainer(connection: Connection): Promise<boolean> {
  const [schemas] = await connection.query<RowDataPacket[]>(
    "SELECT COUNT(*) AS present FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'innodb_memcache' AND TABLE_NAME = 'containers'",
  );
  if (Number(schemas[0]?.present) === 0) return false;
  await connection.query(`CREATE TABLE IF NOT EXISTS ${CACHE_CONTAINER} (
    cache_key VARCHAR(250) NOT NULL PRIMARY KEY,
    cache_value BLOB,
    flags INT UNSIGNED NOT NULL DEFAULT 0,
    cas BIGINT UNSIGNED NOT NULL DEFAULT 0,
    expiry INT UNSIGNED NOT NULL DEFAULT 0
  ) ENGINE=InnoDB`);
  const [database] = await connection.query<RowDataPacket[]>('SELECT DATABASE() AS name');
  await connection.query(
    `INSERT IGNORE INTO innodb_memcache.containers
       (name, db_schema, db_table, key_columns, value_columns, flags, cas_column, expire_time_column, unique_idx_name_on_key)
     VALUES (?, ?, ?, 'cache_key', 'cache_value', 'flags', 'cas', 'expiry', 'PRIMARY')`,
    [CACHE_CONTAINER, database[0]?.name, CACHE_CONTAINER],
  );
  return true;
}
