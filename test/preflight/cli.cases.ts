import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preflightScriptCommand } from '../../scripts/preflight';
import { runCommandInProcess } from '../helpers';

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

const savedEnv = process.env;
afterEach(() => {
  process.env = savedEnv;
});

// Bad flags and configs are refused before any AWS call: test/preflight/command.cases.ts runs those
// through the same command with mocked clients. Here the script's own clients and the SDK's real
// credential chain, with nothing to find (test/cli-errors.test.ts checks the script's entry line).
describe('npm run preflight, with the real AWS clients', () => {
  test('without credentials: one line that says so, exit 1, no stack trace', async () => {
    process.env = environmentWithoutAws();
    const result = await runCommandInProcess(preflightScriptCommand, '-c', 'config=config/anycompany-apparel.yaml');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'cannot identify the caller in eu-west-3 (sts:GetCallerIdentity): no AWS credentials found; set AWS_PROFILE (then aws sso login if it is an SSO profile) or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY\n',
    );
  });
});
