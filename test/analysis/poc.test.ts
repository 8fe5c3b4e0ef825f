import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDirectory, Analysis } from '../../lib/analysis/analyze';
import { configKnowledge, ConfigKnowledge } from '../../lib/analysis/intended';
import { loadConfigFile } from '../../lib/config/load';
import { describeFlow } from '../../lib/analysis/render';
import { DEFAULT_CONFIG_FILE, ROOT, synthesize } from '../helpers';
import { designFlows } from './fixture';

/**
 * The real thing: each config synthesized once, its assembly analysed, compared with its design
 * table. Every config in config/examples is covered as it is added.
 */

const EXAMPLES = join(ROOT, 'config/examples');
const CONFIGS = [
  DEFAULT_CONFIG_FILE,
  ...readdirSync(EXAMPLES)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => join(EXAMPLES, file)),
];

describe.each(CONFIGS)('the synthesized POC of %s', (file) => {
  let analysis: Analysis;
  let knowledge: ConfigKnowledge;

  beforeAll(() => {
    const config = loadConfigFile(file);
    knowledge = configKnowledge(config);
    analysis = analyzeDirectory(synthesize(config).assembly.directory, knowledge);
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
});
