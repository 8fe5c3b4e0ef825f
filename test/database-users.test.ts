import { ACCOUNT_PRIVILEGES, databaseUserStatements } from '../app/service/src/database-users';

/** The statements' text; what they do against a real server is test/integration/database-users.test.ts. */
describe('database user statements', () => {
  const app = { account: 'app', username: 'poc_app', password: 'secret-1' } as const;

  test('the app account changes rows only; the migration account also changes tables; neither may grant', () => {
    expect(ACCOUNT_PRIVILEGES.app).toEqual(['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
    expect(ACCOUNT_PRIVILEGES.migration).toEqual([
      'SELECT',
      'INSERT',
      'UPDATE',
      'DELETE',
      'CREATE',
      'ALTER',
      'DROP',
      'INDEX',
      'REFERENCES',
    ]);
    for (const privileges of Object.values(ACCOUNT_PRIVILEGES))
      expect(privileges.join(' ')).not.toMatch(/GRANT|ALL|SUPER|FILE|PROCESS/);
  });

  test('require TLS, revoke before granting, and carry names and passwords as values, never in the SQL text', () => {
    const statements = databaseUserStatements('poc', app);
    expect(statements.map((statement) => statement.sql)).toEqual([
      'CREATE DATABASE IF NOT EXISTS `poc` DEFAULT CHARACTER SET utf8mb4',
      "CREATE USER IF NOT EXISTS ?@'%' IDENTIFIED BY ? REQUIRE SSL",
      "ALTER USER ?@'%' IDENTIFIED BY ? REQUIRE SSL",
      "REVOKE ALL PRIVILEGES, GRANT OPTION FROM ?@'%'",
      "GRANT SELECT, INSERT, UPDATE, DELETE ON `poc`.* TO ?@'%'",
    ]);
    for (const statement of statements) expect(statement.sql).not.toContain('secret-1');
  });

  test.each([
    ['a schema name that is not an identifier', 'poc`; DROP DATABASE mysql; --', app, /schema name .* is not a MySQL identifier/],
    ['a user name rotation could not clone', 'poc', { ...app, username: 'a'.repeat(27) }, /must be 1-26 letters.*_clone/],
    ['a user name with a quote', 'poc', { ...app, username: "x'" }, /must be 1-26 letters/],
    ['an empty password', 'poc', { ...app, password: '' }, /empty password/],
  ])('refuse %s', (_, schema, user, message) => {
    expect(() => databaseUserStatements(schema, user)).toThrow(message);
  });
});
