import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docsCommand } from '../../scripts/docs';
import { runCommandInProcess } from '../helpers';

/** The command `npm run docs` runs, on input it must refuse before synthesizing. */
const docs = (...args: string[]) => runCommandInProcess(docsCommand, ...args);

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
      `${assembly} holds the stacks Northwind-Network, none of AnyCompany Apparel (AnyCompanyApparel-*)`,
    );
    expect(existsSync(out)).toBe(false);
  });
});
