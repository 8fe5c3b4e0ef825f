import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRunbooks, RunbookError } from '../lib/runbooks';
import { fillTemplate, slotsOf, templateLines, templateNames, TEMPLATES_FOLDER } from '../lib/runbooks/templates';
import { ROOT, synthesized } from './helpers';
import { assemblyDirectory } from './support/assemblies';

/** Runbook prose in Markdown templates: every slot filled, no slot invented, no template orphaned. */

const TOPICS = join(ROOT, 'lib/runbooks/topics');

describe('runbook templates', () => {
  test('a slot the template names and the topic leaves out, or one the topic invents, is an error naming both', () => {
    const slots = slotsOf('restore-database-no-copy');
    expect(slots).toEqual(['primaryRegion', 'vault', 'resilienceLink', 'commands']);
    const filled = { primaryRegion: 'eu-central-1', vault: 'v', resilienceLink: 'RESILIENCE.md', commands: [] };
    const withoutVault = Object.fromEntries(Object.entries(filled).filter(([slot]) => slot !== 'vault'));
    expect(() => fillTemplate('restore-database-no-copy', withoutVault)).toThrow(
      new RunbookError('runbook template restore-database-no-copy.md: slots not filled: vault'),
    );
    expect(() => fillTemplate('restore-database-no-copy', { ...filled, region: 'x' })).toThrow(
      new RunbookError('runbook template restore-database-no-copy.md: slots it does not name: region'),
    );
    expect(() => fillTemplate('restore-database-no-copy', { ...filled, vault: ['two', 'lines'] })).toThrow(
      /slot vault sits inside a line and takes text, not lines/,
    );
    expect(() => fillTemplate('no-such-template', {})).toThrow(/no-such-template\.md: no such runbook template/);
  });

  test('a whole-line slot takes lines, none removing the line; text slots are replaced where they sit', () => {
    const filled = fillTemplate('restore-database-no-copy', {
      primaryRegion: 'eu-central-1',
      vault: 'the-vault',
      resilienceLink: '[RESILIENCE.md](../RESILIENCE.md)',
      commands: [],
    });
    const lines = templateLines('restore-database-no-copy');
    expect(filled).toHaveLength(lines.length - 1);
    expect(filled.join('\n')).toContain('leaves eu-central-1. The AWS Backup recovery points (vault `the-vault`)');
    expect(filled.join('\n')).not.toMatch(/\{\{/);
    const withCommands = fillTemplate('restore-database-no-copy', {
      primaryRegion: 'r',
      vault: 'v',
      resilienceLink: 'l',
      commands: ['```bash', 'npx cdk deploy', '```'],
    });
    expect(withCommands.slice(-3)).toEqual(['```bash', 'npx cdk deploy', '```']);
  });

  test('every template of the folder is filled by a topic, and every template a topic names exists', () => {
    const sources = readdirSync(TOPICS).map((file) => readFileSync(join(TOPICS, file), 'utf8'));
    const named = new Set(sources.flatMap((source) => [...source.matchAll(/fillTemplate\('([^']+)'/g)].map((match) => match[1])));
    expect([...named].sort()).toEqual(templateNames());
    expect(TEMPLATES_FOLDER).toBe(join(ROOT, 'lib/runbooks/templates'));
  });

  test.each(['default', 'example', 'lean'] as const)('the %s config renders every runbook with no slot left in it', (name) => {
    const { config } = synthesized(name);
    const runbooks = renderRunbooks({ assemblyDir: assemblyDirectory(name), config });
    const restore = runbooks['restore-database.md'];
    expect(restore).toContain('## Part A: restore to a point in time (in the region)');
    expect(restore).toContain(
      config.disasterRecovery.copyToRegion === null
        ? '**There is no cross-region copy in this config**'
        : '### Tear the DR test down',
    );
    expect(Object.entries(runbooks).filter(([, markdown]) => /\{\{[A-Za-z0-9]+\}\}/.test(markdown))).toEqual([]);
  });
});
