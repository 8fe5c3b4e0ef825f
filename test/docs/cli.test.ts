import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers';

/** `npm run docs` is `tsx scripts/docs.ts`: run it the same way, on input it must refuse before synthesizing. */
function docs(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/docs.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
}

describe('npm run docs refuses bad input with a message naming the fix, exit 2, nothing written', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'docs-cli-')), 'generated');

  test('an unknown flag', () => {
    const result = docs('--bogus', '--out', out);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--bogus'[\s\S]*Usage: npm run docs -- \[-c config=PATH\]/);
  });

  test('a context other than config=PATH, and a config file that does not exist', () => {
    const context = docs('-c', 'customer=x', '--out', out);
    expect(context.status).toBe(2);
    expect(context.stderr).toContain('-c customer=x: only config=PATH is understood');
    const missing = docs('-c', 'config=config/nope.yaml', '--out', out);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('Invalid POC config config/nope.yaml:\n  - file not found');
  });

  test('an assembly folder of another POC', () => {
    const assembly = mkdtempSync(join(tmpdir(), 'docs-cli-assembly-'));
    mkdirSync(assembly, { recursive: true });
    writeFileSync(join(assembly, 'Northwind-Network.template.json'), JSON.stringify({ Resources: {} }));
    const result = docs('--from', assembly, '--out', out);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `${assembly}: holds the stacks Northwind-Network, none of AnyCompany Apparel (AnyCompanyApparel-*)`,
    );
    expect(existsSync(out)).toBe(false);
  });
});
