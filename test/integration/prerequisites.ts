/**
 * The software the integration tests run, and the one command that installs it on this
 * platform: a missing server fails the suite with that command, never skips it.
 */
type Software = 'servers' | 'chromium';

const INSTALL_COMMANDS: Readonly<Record<'debian' | 'macos', Readonly<Record<Software, string>>>> = {
  debian: {
    servers: 'sudo apt-get install -y mariadb-server memcached openssl',
    chromium: 'sudo apt-get install -y chromium',
  },
  macos: {
    servers: 'brew install mariadb memcached openssl',
    chromium: 'brew install --cask chromium',
  },
};

export function installCommand(software: Software, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return INSTALL_COMMANDS.macos[software];
  if (platform === 'linux') return INSTALL_COMMANDS.debian[software];
  return `${INSTALL_COMMANDS.debian[software]} (Debian or Ubuntu) or ${INSTALL_COMMANDS.macos[software]} (macOS)`;
}
