import { readFileSync } from 'node:fs';
import mysql from 'mysql2/promise';
import { DatabaseUser, databaseUserStatements } from '../../app/service/src/database-users';
import { migrate } from '../../app/service/src/migrations';
import { Harness } from './harness';

/**
 * The app's and the migration's database users, created by root with the statements the
 * deployment runs, against real MariaDB with TLS required: each can do its job and no more.
 */

const SCHEMA = 'poc';
const APP: DatabaseUser = { account: 'app', username: 'poc_app', password: 'app-Passw0rd-1' };
const MIGRATION: DatabaseUser = { account: 'migration', username: 'poc_migration', password: 'migration-Passw0rd-1' };

let harness: Harness;

async function createUser(user: DatabaseUser): Promise<void> {
  for (const statement of databaseUserStatements(SCHEMA, user)) await harness.mariadb.sql(statement.sql, [...statement.values]);
}

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
  await createUser(APP);
  await createUser(MIGRATION);
  await withConnection(MIGRATION, (connection) => migrate(connection, false));
});

afterAll(async () => {
  await harness?.close();
});

describe('the migration user', () => {
  test('brings the schema up to date, and a second run finds nothing to do', async () => {
    const again = await withConnection(MIGRATION, (connection) => migrate(connection, false));
    expect(again.applied).toEqual([]);
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
