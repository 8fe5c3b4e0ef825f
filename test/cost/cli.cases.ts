import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateCost } from '../../lib/cost/estimate';
import { renderCostMarkdown } from '../../lib/cost/render';
import { costCommand } from '../../scripts/cost';
import { runCommandInProcess } from '../helpers';
import { pocResources, writeAssembly } from './fixtures';

/** The command `npm run cost` runs. */
const cost = (...args: string[]) => runCommandInProcess(costCommand, ...args);

describe('npm run cost', () => {
  test('prints the same Markdown as renderCostMarkdown, comparison included', async () => {
    const base = writeAssembly(pocResources({ natGateways: 2 }));
    const lean = writeAssembly(pocResources({ natGateways: 1, engineVersion: '8.4.10' }));
    const result = await cost(base, '--region', 'eu-west-1', '--compare', lean, '--compare-label', 'lean.yaml');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const options = { region: 'eu-west-1' };
    expect(result.stdout).toBe(
      renderCostMarkdown(estimateCost(base, options), { label: 'lean.yaml', estimate: estimateCost(lean, options) }),
    );
  });

  test('without a synthesized assembly: a clear message, exit 1, nothing on stdout', async () => {
    const result = await cost(join(mkdtempSync(join(tmpdir(), 'poc-cost-empty-')), 'cdk.out'));
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/cdk\.out: no cloud assembly folder there; run `npx cdk synth` first/);
  });
});
