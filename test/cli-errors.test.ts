import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from '../lib/cli-output';
import { CommandDeps, failoverCommand, loadCommand, verifyCommand } from '../lib/demo/commands';
import { systemClock } from '../lib/demo/failover';
import { analyzeCommand } from '../scripts/analyze';
import { docsCommand } from '../scripts/docs';
import { runbooksCommand } from '../scripts/runbooks';
import { ROOT, runCommandInProcess } from './helpers';

/**
 * Bad input to any command ends in a message naming the input and the fix, a non-zero exit and
 * no stack trace (issue 18, item 2). The commands run in this process, as the functions their
 * scripts run; one of them also runs as `npm run` runs it, through the shared entry point.
 */

/** A demo command with every AWS and network call refused: bad input must stop before any. */
function withoutAws(command: (argv: readonly string[], deps: CommandDeps) => Promise<number>): Command {
  const refuse = (): never => {
    throw new Error('no AWS or network call is expected on bad input');
  };
  return (argv, io) =>
    command(argv, {
      ...io,
      interactive: false,
      ask: refuse,
      cloudFormation: refuse,
      rds: refuse,
      fetch: refuse,
      clock: systemClock,
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
const folderProblem = `Invalid POC config ${folder}:\n  - is a folder, not a config file; pass a file with -c config=PATH, e.g. -c config=${join(folder, 'acme.yaml')}\n`;

describe('a folder given as config: one line naming a file in it, non-zero exit', () => {
  test.each<[string, Command]>([
    ['analyze', analyzeCommand],
    ['docs', docsCommand],
    ['runbooks', runbooksCommand],
    ['verify', withoutAws(verifyCommand)],
    ['demo:load', withoutAws(loadCommand)],
    ['demo:failover', withoutAws(failoverCommand)],
  ])('npm run %s', async (_script, command) => {
    const result = await runCommandInProcess(command, '-c', `config=${folder}`);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(folderProblem);
    expectNoStackTrace(result.stderr);
  });

  test('as npm runs it: the same line, exit 2, through the scripts entry point', () => {
    const result = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/analyze.ts'), '-c', `config=${folder}`],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(folderProblem);
  });
});

describe('every script runs its command through the shared entry point (one line, exit code, no stack trace)', () => {
  const scripts = readdirSync(join(ROOT, 'scripts')).filter((file) =>
    /^(analyze|compliance|cost|demo-failover|demo-load|docs|preflight|runbooks|verify)\.ts$/.test(file),
  );
  test.each(scripts)('scripts/%s', (file) => {
    const source = readFileSync(join(ROOT, 'scripts', file), 'utf8');
    const exported = /export async function (\w+Command)\(argv: readonly string\[\], io: CommandIo\)/.exec(source)?.[1];
    expect(exported).toBeDefined();
    expect(source.trimEnd().endsWith(`if (require.main === module) runCommand(${exported});`)).toBe(true);
  });
});

describe('a file a flag names that cannot be written is refused before any work, in one line', () => {
  const file = join(work, 'a-file');
  writeFileSync(file, 'not a folder\n');

  test('npm run analyze --json in a folder that does not exist', async () => {
    const result = await runCommandInProcess(
      analyzeCommand,
      join(work, 'no-assembly'),
      '--json',
      join(work, 'missing', 'report.json'),
    );
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(`^--json ${join(work, 'missing', 'report.json')}: the folder ${join(work, 'missing')} does not exist`),
    );
    expectNoStackTrace(result.stderr);
  });

  test.each<[string, Command]>([
    ['docs', docsCommand],
    ['runbooks', runbooksCommand],
  ])('npm run %s --out under a file', async (_script, command) => {
    const result = await runCommandInProcess(command, '--out', join(file, 'out'));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^--out ${join(file, 'out')}: ${file} is a file, not a folder`));
    expectNoStackTrace(result.stderr);
  });
});
