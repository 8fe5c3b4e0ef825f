import { readFileSync } from 'node:fs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import mysql from 'mysql2/promise';
import { Cache } from '../../app/service/src/cache';
import { SecretCredentials } from '../../app/service/src/credentials';
import { Database } from '../../app/service/src/database';
import { DatabaseUser, databaseUserStatements } from '../../app/service/src/database-users';
import { migrate, MIGRATIONS } from '../../app/service/src/migrations';
import { Orders } from '../../app/service/src/orders';
import { APP_USER, Harness, MIGRATION_USER, SECRET_ARN } from './harness';

/**
 * The app's and the migration's database users, made by the deployment's database step (the
 * Data stack's custom resource: the master user runs the statements, the migration user the
 * migrations) against real MariaDB with TLS required: each can do its job and no more, and the
 * app's own code works with the app user.
 */

const SCHEMA = 'poc';
const APP = APP_USER;
const MIGRATION = MIGRATION_USER;

let harness: Harness;
let firstRun: Awaited<ReturnType<Harness['provision']>>;

function connectAs(user: DatabaseUser): Promise<mysql.Connection> {
  return mysql.createConnection({
    host: 'localhost',
    port: harness.mariadb.port,
    user: user.username,
    password: user.password,
    database: SCHEMA,
    ssl: { ca: readFileSync(harness.mariadb.tls.ca, 'utf8'), rejectUnauthorized: true },
  });
}

async function withConnection<T>(user: DatabaseUser, use: (connection: mysql.Connection) => Promise<T>): Promise<T> {
  const connection = await connectAs(user);
  try {
    return await use(connection);
  } finally {
    await connection.end();
  }
}

beforeAll(async () => {
  harness = await Harness.start();
  firstRun = await harness.provision();
});

afterAll(async () => {
  await harness?.close();
});

describe('the deployment step', () => {
  test('applies every migration on the first run, none on a second (an update), and the users still log in', async () => {
    expect(firstRun.migrationsApplied).toEqual(MIGRATIONS.map((migration) => migration.id));
    expect(firstRun.cacheContainerRegistered).toBe(false);
    const again = await harness.provision();
    expect(again.migrationsApplied).toEqual([]);
    for (const user of [APP, MIGRATION]) await withConnection(user, (connection) => connection.query('SELECT 1'));
  });

  test('migrations run three times at once (overlapping retries) apply each migration once', async () => {
    await harness.mariadb.sql(`DROP TABLE ${SCHEMA}.orders, ${SCHEMA}.schema_migrations`);
    const runs = await Promise.all([1, 2, 3].map(() => withConnection(MIGRATION, migrate)));
    expect(runs.flat()).toEqual(MIGRATIONS.map((migration) => migration.id));
    const rows = (await harness.mariadb.sql(`SELECT id FROM ${SCHEMA}.schema_migrations ORDER BY id`)) as { id: string }[];
    expect(rows.map((row) => row.id)).toEqual(MIGRATIONS.map((migration) => migration.id));
  });
});

describe('the migration user', () => {
  test('brings the schema up to date, and a second run finds nothing to do', async () => {
    const again = await withConnection(MIGRATION, migrate);
    expect(again).toEqual([]);
    const tables = await withConnection(MIGRATION, (connection) => connection.query('SHOW TABLES'));
    expect(JSON.stringify(tables[0])).toContain('orders');
  });

  test("cannot read the server's accounts nor create a database", async () => {
    await withConnection(MIGRATION, async (connection) => {
      await expect(connection.query('SELECT user FROM mysql.user')).rejects.toMatchObject({
        code: 'ER_TABLEACCESS_DENIED_ERROR',
      });
      await expect(connection.query('CREATE DATABASE other')).rejects.toMatchObject({ code: 'ER_DBACCESS_DENIED_ERROR' });
    });
  });
});

describe('the app user', () => {
  test("runs the app's own Database and Orders code: the secret read, orders written and listed", async () => {
    const client = new SecretsManagerClient({
      region: 'eu-west-3',
      endpoint: harness.secrets.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const secret = new SecretCredentials(SECRET_ARN, { client, refreshIntervalMs: 1000 });
    const database = await Database.open(
      { host: 'localhost', port: harness.mariadb.port, name: SCHEMA, caFile: harness.mariadb.tls.ca },
      secret,
    );
    const cache = new Cache({
      mode: 'rds-memcached-option',
      endpoint: `127.0.0.1:${harness.memcached.port}`,
      ttlSeconds: 60,
      rediscoverySeconds: 30,
    });
    try {
      const orders = new Orders(database, cache);
      const created = await orders.create({ item: 'Linen shirt', quantity: 2 });
      const recent = await orders.recent();
      expect(recent.orders.map((order) => order.id)).toContain(created.id);
      const [who] = await database.query<mysql.RowDataPacket[]>('SELECT CURRENT_USER() AS user', []);
      expect(who.user).toBe(`${APP.username}@%`);
    } finally {
      await Promise.all([database.close(), cache.close()]);
    }
  });

  test('reads, writes, changes and deletes orders', async () => {
    await withConnection(APP, async (connection) => {
      const [inserted] = await connection.query<mysql.ResultSetHeader>('INSERT INTO orders (item, quantity) VALUES (?, ?)', [
        'widget',
        3,
      ]);
      await connection.query('UPDATE orders SET quantity = ? WHERE id = ?', [4, inserted.insertId]);
      const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT item, quantity FROM orders WHERE id = ?', [
        inserted.insertId,
      ]);
      expect(rows).toEqual([{ item: 'widget', quantity: 4 }]);
      const [deleted] = await connection.query<mysql.ResultSetHeader>('DELETE FROM orders WHERE id = ?', [inserted.insertId]);
      expect(deleted.affectedRows).toBe(1);
    });
  });

  test.each([
    ['CREATE TABLE', 'CREATE TABLE stolen (id INT)'],
    ['ALTER TABLE', 'ALTER TABLE orders ADD COLUMN card_number VARCHAR(19)'],
    ['DROP TABLE', 'DROP TABLE orders'],
    ['CREATE INDEX', 'CREATE INDEX by_item ON orders (item)'],
  ])('is denied %s', async (_, sql) => {
    await withConnection(APP, async (connection) => {
      await expect(connection.query(sql)).rejects.toMatchObject({ code: 'ER_TABLEACCESS_DENIED_ERROR' });
    });
  });

  test("is denied another application's schema, and cannot drop the migrations' record", async () => {
    await harness.mariadb.sql('CREATE DATABASE IF NOT EXISTS other_app');
    await harness.mariadb.sql('CREATE TABLE IF NOT EXISTS other_app.cards (pan VARCHAR(19))');
    await withConnection(APP, async (connection) => {
      await expect(connection.query('SELECT pan FROM other_app.cards')).rejects.toMatchObject({
        code: 'ER_TABLEACCESS_DENIED_ERROR',
      });
      await expect(connection.query('DROP TABLE schema_migrations')).rejects.toMatchObject({
        code: 'ER_TABLEACCESS_DENIED_ERROR',
      });
    });
  });

  test('is denied other schemas (the server accounts, a new database) and granting', async () => {
    await withConnection(APP, async (connection) => {
      await expect(connection.query('SELECT user, password FROM mysql.user')).rejects.toMatchObject({
        code: 'ER_TABLEACCESS_DENIED_ERROR',
      });
      await expect(connection.query('CREATE DATABASE other')).rejects.toMatchObject({ code: 'ER_DBACCESS_DENIED_ERROR' });
      await expect(connection.query('GRANT SELECT ON poc.* TO poc_migration')).rejects.toMatchObject({
        code: 'ER_DBACCESS_DENIED_ERROR',
      });
    });
  });

  test('holds exactly the DML privileges on its schema', async () => {
    const [grants] = await withConnection(APP, (connection) => connection.query<mysql.RowDataPacket[]>('SHOW GRANTS'));
    const onSchema = grants.map((row) => String(Object.values(row)[0])).filter((grant) => grant.includes('`poc`.*'));
    expect(onSchema).toEqual(['GRANT SELECT, INSERT, UPDATE, DELETE ON `poc`.* TO `poc_app`@`%`']);
  });

  test('is refused without TLS, even over the local socket the server itself counts as secure', async () => {
    const local = mysql.createConnection({ socketPath: harness.mariadb.socket, user: APP.username, password: APP.password });
    await expect(local).rejects.toMatchObject({ code: 'ER_ACCESS_DENIED_ERROR' });
  });
});

describe('the statements', () => {
  test('run again, revoke a privilege added by hand and set the new password', async () => {
    await harness.mariadb.sql("GRANT CREATE ON `poc`.* TO 'poc_app'@'%'");
    const rotated = { ...APP, password: 'app-Passw0rd-2' };
    for (const statement of databaseUserStatements(SCHEMA, rotated))
      await harness.mariadb.sql(statement.sql, [...statement.values]);
    await expect(connectAs(APP)).rejects.toMatchObject({ code: 'ER_ACCESS_DENIED_ERROR' });
    await withConnection(rotated, async (connection) => {
      await expect(connection.query('CREATE TABLE stolen (id INT)')).rejects.toMatchObject({
        code: 'ER_TABLEACCESS_DENIED_ERROR',
      });
      const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT COUNT(*) AS n FROM orders');
      expect(rows).toHaveLength(1);
    });
  });
});
