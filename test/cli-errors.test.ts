import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers';

/**
 * Bad input to any command ends in a message naming the input and the fix, a non-zero exit and
 * no stack trace (issue 18, item 2). Each command runs as `npm run` runs it.
 */

const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

function run(script: string, ...args: string[]) {
  return spawnSync(process.execPath, [TSX, join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    // No credentials and no terminal: nothing here may reach AWS.
    env: { ...process.env, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_PROFILE: '' },
  });
}

/** No stack frame, no Node.js internals: only the command's own words. */
function expectNoStackTrace(output: string): void {
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toMatch(/node:internal|node:fs|Node\.js v\d/);
}

const work = mkdtempSync(join(tmpdir(), 'cli-errors-'));
const folder = join(work, 'configs');
mkdirSync(folder);
writeFileSync(join(folder, 'acme.yaml'), readFileSync(join(ROOT, 'config/anycompany-apparel.yaml')));

describe('a folder given as config: one line naming a file in it, non-zero exit', () => {
  test.each(['analyze.ts', 'docs.ts', 'runbooks.ts', 'verify.ts', 'demo-load.ts', 'demo-failover.ts'])('%s', (script) => {
    const result = run(script, '-c', `config=${folder}`);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      `Invalid POC config ${folder}:\n  - is a folder, not a config file; pass a file with -c config=PATH, e.g. -c config=${join(folder, 'acme.yaml')}\n`,
    );
    expectNoStackTrace(result.stderr);
  });
});

describe('a file a flag names that cannot be written is refused before any work, in one line', () => {
  const file = join(work, 'a-file');
  writeFileSync(file, 'not a folder\n');

  test('npm run analyze --json in a folder that does not exist', () => {
    const result = run('analyze.ts', join(work, 'no-assembly'), '--json', join(work, 'missing', 'report.json'));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(`^--json ${join(work, 'missing', 'report.json')}: the folder ${join(work, 'missing')} does not exist`),
    );
    expectNoStackTrace(result.stderr);
  });

  test.each([
    ['docs.ts', '--out'],
    ['runbooks.ts', '--out'],
  ])('%s %s under a file', (script, flag) => {
    const result = run(script, flag, join(file, 'out'));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^${flag} ${join(file, 'out')}: ${file} is a file, not a folder`));
    expectNoStackTrace(result.stderr);
  });
});
