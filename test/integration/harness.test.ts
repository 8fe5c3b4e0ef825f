import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireServers } from './harness';
import { installCommand } from './prerequisites';

describe('integration test harness', () => {
  test('without the servers it fails, naming what is missing and the install command (CI must not skip)', () => {
    const empty = mkdtempSync(join(tmpdir(), 'poc-no-servers-'));
    expect(() => requireServers([empty])).toThrow(
      `The sample app integration tests need real MariaDB and memcached servers; mariadbd, mariadb-install-db, memcached, openssl not found. Install them: ${installCommand('servers')}`,
    );
  });

  test("the install command is the platform's own", () => {
    expect(installCommand('servers', 'linux')).toBe('sudo apt-get install -y mariadb-server memcached openssl');
    expect(installCommand('servers', 'darwin')).toBe('brew install mariadb memcached openssl');
    expect(installCommand('chromium', 'darwin')).toBe('brew install --cask chromium');
    expect(installCommand('chromium', 'win32')).toMatch(/apt-get install -y chromium .*brew install --cask chromium/);
    expect(installCommand('systemd', 'linux')).toBe('sudo apt-get install -y systemd');
    expect(installCommand('systemd', 'darwin')).toMatch(/^not available on macOS \(systemd is Linux only\)/);
  });
});
