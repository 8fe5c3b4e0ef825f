import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docsCommand } from '../../scripts/docs';
import { ROOT, runCommandInProcess } from '../helpers';
import { assemblyDirectory, SYNTHESIZED_CONFIGS } from '../support/assemblies';

/** The command `npm run docs` runs, on input it must refuse before synthesizing. */
const docs = (...args: string[]) => runCommandInProcess(docsCommand, ...args);

/** Every file under `dir` with its content, by path relative to `dir`. */
function filesUnder(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return [path.slice(dir.length + 1), readFileSync(path, 'utf8')];
      }),
  );
}

describe('npm run docs refuses bad input with a message naming the fix, exit 2, nothing written', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'docs-cli-')), 'generated');

  test('an unknown flag', async () => {
    const result = await docs('--bogus', '--out', out);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--bogus'[\s\S]*Usage: npm run docs -- \[-c config=PATH\]/);
  });

  test('a context other than config=PATH, and a config file that does not exist', async () => {
    const context = await docs('-c', 'customer=x', '--out', out);
    expect(context.status).toBe(2);
    expect(context.stderr).toContain('-c customer=x: only config=PATH is understood');
    const missing = await docs('-c', 'config=config/nope.yaml', '--out', out);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('Invalid POC config config/nope.yaml:\n  - file not found');
  });

  test('an assembly folder of another POC', async () => {
    const assembly = mkdtempSync(join(tmpdir(), 'docs-cli-assembly-'));
    mkdirSync(assembly, { recursive: true });
    writeFileSync(join(assembly, 'Northwind-Network.template.json'), JSON.stringify({ Resources: {} }));
    const result = await docs('--from', assembly, '--out', out);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `${assembly}: holds the stacks Northwind-Network, none of AnyCompany Apparel (AnyCompanyApparel-*)`,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('npm run docs writes one folder per customer and deletes nothing it did not write', () => {
  test('a customer folder holding a file the kit did not write is refused before any work: exit 2, the file kept', async () => {
    const out = mkdtempSync(join(tmpdir(), 'docs-cli-foreign-'));
    mkdirSync(join(out, 'anycompany-apparel'));
    writeFileSync(join(out, 'anycompany-apparel', 'meeting-notes.md'), 'mine');
    const result = await docs('--out', out, '--from', join(out, 'no-assembly-needed'));
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `--out ${join(out, 'anycompany-apparel')}: holds files the kit did not write (meeting-notes.md), which replacing it would delete; give a new or empty folder, or move them away first\n`,
    );
    expect(readFileSync(join(out, 'anycompany-apparel', 'meeting-notes.md'), 'utf8')).toBe('mine');
  });

  // The other customer's folder is the committed default's, as `npm run docs` wrote it (its own list of
  // written files included): generating it again here would only repeat what docs/drift.cases.ts checks.
  test("two customers in one folder: a run writes its own customer's folder, runbooks included, and nothing else", async () => {
    const out = mkdtempSync(join(tmpdir(), 'docs-cli-customers-'));
    writeFileSync(join(out, 'README.md'), 'the architect’s own notes');
    cpSync(join(ROOT, 'docs', 'generated', 'anycompany-apparel'), join(out, 'anycompany-apparel'), { recursive: true });
    const before = filesUnder(join(out, 'anycompany-apparel'));
    const lean = await docs('-c', `config=${SYNTHESIZED_CONFIGS.lean}`, '--from', assemblyDirectory('lean'), '--out', out);
    expect(lean).toMatchObject({ status: 0, stderr: '' });
    expect(readdirSync(out).sort()).toEqual(['README.md', 'anycompany-apparel', 'lean-compliant']);
    expect(filesUnder(join(out, 'anycompany-apparel'))).toEqual(before);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toBe('the architect’s own notes');
    expect(readdirSync(join(out, 'lean-compliant', 'runbooks'))).toContain('tear-down.md');
    const check = await docs(
      '-c',
      `config=${SYNTHESIZED_CONFIGS.lean}`,
      '--from',
      assemblyDirectory('lean'),
      '--out',
      out,
      '--check',
    );
    expect(check).toMatchObject({ status: 0, stderr: '' });
    expect(check.stdout).toMatch(/lean-compliant is up to date \(20 files\)\n$/);
  });
});
