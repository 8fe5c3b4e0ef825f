import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** The process environment without any AWS setting or credential, and no instance metadata to fall back on. */
function environmentWithoutAws(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')));
  const home = mkdtempSync(join(tmpdir(), 'preflight-home-'));
  return {
    ...env,
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REGION: 'eu-west-3',
  };
}

function preflightCli(...args: string[]) {
  return spawnSync(TSX, ['scripts/preflight.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: environmentWithoutAws() });
}

// Bad flags and configs are refused before any AWS call: test/preflight/command.test.ts runs those
// through the same command in this process. Here the script's own wiring, end to end.
describe('npm run preflight, end to end', () => {
  test('without credentials: one line that says so, exit 1, no stack trace', () => {
    const result = preflightCli('-c', 'config=config/anycompany-apparel.yaml');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'cannot identify the caller in eu-west-3 (sts:GetCallerIdentity): no AWS credentials found; set AWS_PROFILE (then aws sso login if it is an SSO profile) or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY\n',
    );
  });
});
