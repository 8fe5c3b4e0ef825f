import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDirectory, Analysis } from '../../lib/analysis/analyze';
import { configKnowledge, ConfigKnowledge } from '../../lib/analysis/intended';
import { loadConfigFile } from '../../lib/config/load';
import { describeFlow } from '../../lib/analysis/render';
import { ROOT } from '../helpers';
import { assemblyDirectory, SYNTHESIZED_CONFIGS, SynthesizedConfigName } from '../support/assemblies';
import { designFlows } from './fixture';

/**
 * The real thing: each config synthesized once, its assembly analysed, compared with its design
 * table. Every config in config/examples is covered as it is added.
 */

test('the suite synthesizes every example config (test/support/assemblies.ts lists each)', () => {
  const examples = readdirSync(join(ROOT, 'config/examples'))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => `config/examples/${file}`);
  expect(Object.values(SYNTHESIZED_CONFIGS)).toEqual(expect.arrayContaining(examples));
});

describe.each(Object.keys(SYNTHESIZED_CONFIGS) as SynthesizedConfigName[])('the synthesized POC of the %s config', (name) => {
  let analysis: Analysis;
  let knowledge: ConfigKnowledge;

  beforeAll(() => {
    knowledge = configKnowledge(loadConfigFile(join(ROOT, SYNTHESIZED_CONFIGS[name])));
    analysis = analyzeDirectory(assemblyDirectory(name), knowledge);
  });

  test('every flow of the design table is allowed', () => {
    expect(analysis.intended.filter((verdict) => !verdict.allowed)).toEqual([]);
  });

  test('the computed matrix equals the design table', () => {
    expect(analysis.flows.map(describeFlow).sort()).toEqual(designFlows(knowledge.intended).sort());
    expect(analysis.unexpected).toEqual([]);
  });

  test('the data tier has no route out of the VPC, and every resource is understood', () => {
    expect(analysis.isolation).toEqual([]);
    expect(analysis.notes).toEqual([]);
    expect(analysis.zones.filter((zone) => zone.zone.startsWith('other:'))).toEqual([]);
  });

  test('every zone has the resources the config implies, in its subnets, and every rule is checked', () => {
    expect(analysis.inventory).toEqual([]);
    expect(analysis.unchecked).toEqual([]);
    expect(analysis.ok).toBe(true);
  });
});
