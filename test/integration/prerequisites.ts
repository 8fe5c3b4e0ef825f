/**
 * The software the integration tests run, and the one command that installs it on this
 * platform: a missing server fails the suite with that command, never skips it.
 */
type Software = 'servers' | 'chromium' | 'systemd';

const INSTALL_COMMANDS: Readonly<Record<'debian' | 'macos', Readonly<Record<Software, string>>>> = {
  debian: {
    servers: 'sudo apt-get install -y mariadb-server memcached openssl',
    chromium: 'sudo apt-get install -y chromium',
    systemd: 'sudo apt-get install -y systemd',
  },
  macos: {
    servers: 'brew install mariadb memcached openssl',
    chromium: 'brew install --cask chromium',
    // systemd is Linux only: no package brings systemd-analyze to macOS.
    systemd: 'not available on macOS (systemd is Linux only): run npm run test:integration on Linux, e.g. in a Debian container',
  },
};

export function installCommand(software: Software, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return INSTALL_COMMANDS.macos[software];
  if (platform === 'linux') return INSTALL_COMMANDS.debian[software];
  return `${INSTALL_COMMANDS.debian[software]} (Debian or Ubuntu) or ${INSTALL_COMMANDS.macos[software]} (macOS)`;
}
