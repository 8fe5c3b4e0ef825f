import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTALL_HINT, requireServers } from './harness';

describe('integration test harness', () => {
  test('without the servers it fails, naming what is missing and the install command (CI must not skip)', () => {
    const empty = mkdtempSync(join(tmpdir(), 'poc-no-servers-'));
    expect(() => requireServers([empty])).toThrow(
      `The sample app integration tests need real MariaDB and memcached servers; mariadbd, mariadb-install-db, memcached, openssl not found. Install them: ${INSTALL_HINT}`,
    );
    expect(INSTALL_HINT).toBe('apt-get install -y mariadb-server memcached');
  });
});
