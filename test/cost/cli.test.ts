import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateCost } from '../../lib/cost/estimate';
import { renderCostMarkdown } from '../../lib/cost/render';
import { ROOT } from '../helpers';
import { pocResources, writeAssembly } from './fixtures';

/** `npm run cost` is `tsx scripts/cost.ts`: run it the same way. */
function cost(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/cost.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
}

describe('npm run cost', () => {
  test('prints the same Markdown as renderCostMarkdown, comparison included', () => {
    const base = writeAssembly(pocResources({ natGateways: 2 }));
    const lean = writeAssembly(pocResources({ natGateways: 1, engineVersion: '8.4.10' }));
    const result = cost(base, '--region', 'eu-west-1', '--compare', lean, '--compare-label', 'lean.yaml');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const options = { region: 'eu-west-1' };
    expect(result.stdout).toBe(
      renderCostMarkdown(estimateCost(base, options), { label: 'lean.yaml', estimate: estimateCost(lean, options) }),
    );
  });

  test('without a synthesized assembly: a clear message, exit 1, nothing on stdout', () => {
    const result = cost(join(mkdtempSync(join(tmpdir(), 'poc-cost-empty-')), 'cdk.out'));
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/cdk\.out: no cloud assembly folder there; run `npx cdk synth` first/);
  });
});
