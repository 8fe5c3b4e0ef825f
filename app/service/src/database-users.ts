/**
 * The sample application's database accounts and what each may do: the one source of the SQL
 * that creates them, for whatever runs it as the master user (the deployment, the integration
 * tests). The app user changes rows of its own schema and nothing else; the migration user also
 * changes the schema's tables. Neither can read another schema (`mysql.user` included), create
 * a database, or grant anything (PCI DSS 7.2.1, 7.2.2).
 */

export type DatabaseAccount = 'app' | 'migration';

const DML = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;
const DDL = ['CREATE', 'ALTER', 'DROP', 'INDEX', 'REFERENCES'] as const;

/** Privileges on the application schema, by account. */
export const ACCOUNT_PRIVILEGES: Readonly<Record<DatabaseAccount, readonly string[]>> = {
  app: DML,
  migration: [...DML, ...DDL],
};

export interface DatabaseUser {
  readonly account: DatabaseAccount;
  readonly username: string;
  readonly password: string;
}

/** One statement for mysql2's `query`: `?` placeholders, values escaped by the client. */
export interface Statement {
  readonly sql: string;
  readonly values: readonly string[];
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/**
 * MySQL user names are at most 32 characters; multi-user rotation (alternating users) adds
 * `_clone` to the name for the second user, so the name itself stays within 26.
 */
const USER_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,25}$/;

/**
 * Statements that bring the schema and the user to the intended state, idempotently: run again
 * (a deployment update, a second attempt after a failure) they change nothing but the password,
 * which they set to the one given. The user needs TLS, and every privilege is revoked before
 * the intended ones are granted, so a privilege added by hand does not survive a deployment.
 */
export function databaseUserStatements(schema: string, user: DatabaseUser): Statement[] {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`schema name ${JSON.stringify(schema)} is not a MySQL identifier`);
  if (!USER_NAME.test(user.username)) {
    throw new Error(
      `database user name ${JSON.stringify(user.username)} must be 1-26 letters, digits or underscores (rotation adds _clone)`,
    );
  }
  if (user.password.length === 0) throw new Error(`database user ${user.username} has an empty password`);
  const account = [user.username];
  return [
    { sql: `CREATE DATABASE IF NOT EXISTS \`${schema}\` DEFAULT CHARACTER SET utf8mb4`, values: [] },
    { sql: "CREATE USER IF NOT EXISTS ?@'%' IDENTIFIED BY ? REQUIRE SSL", values: [user.username, user.password] },
    { sql: "ALTER USER ?@'%' IDENTIFIED BY ? REQUIRE SSL", values: [user.username, user.password] },
    { sql: "REVOKE ALL PRIVILEGES, GRANT OPTION FROM ?@'%'", values: account },
    { sql: `GRANT ${ACCOUNT_PRIVILEGES[user.account].join(', ')} ON \`${schema}\`.* TO ?@'%'`, values: account },
  ];
}
