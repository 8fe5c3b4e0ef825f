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

/**
 * Flows the analysis finds that the design table does not list, per config. With a custom
 * domain the public ALB admits 443 from 0.0.0.0/0, and the tiers' egress to 0.0.0.0/0 on 443
 * (meant for the NAT gateways and the bastions' internet gateway) also matches the ALB's private
 * addresses, which the public NACL admits on 443 from the web and app subnets (for the NAT
 * gateways that share those subnets). Reported to the design; empty this entry once fixed.
 */
const KNOWN_DEVIATIONS: Readonly<Record<string, readonly string[]>> = {
  'northwind-3az-domain.yaml': [
    'web -> public ALB tcp 443',
    'app -> public ALB tcp 443',
    'rotation -> public ALB tcp 443',
    'bastion -> public ALB tcp 443',
  ],
};

describe.each(CONFIGS)('the synthesized POC of %s', (file) => {
  let analysis: Analysis;
  let knowledge: ConfigKnowledge;
  const known = KNOWN_DEVIATIONS[file.split('/').pop() ?? ''] ?? [];

  beforeAll(() => {
    const config = loadConfigFile(file);
    knowledge = configKnowledge(config);
    analysis = analyzeDirectory(synthesize(config).assembly.directory, knowledge);
  });

  test('every flow of the design table is allowed', () => {
    expect(analysis.intended.filter((verdict) => !verdict.allowed)).toEqual([]);
  });

  test('the computed matrix equals the design table', () => {
    const flows = analysis.flows.map(describeFlow).filter((flow) => !known.includes(flow));
    expect([...flows].sort()).toEqual(designFlows(knowledge.intended).sort());
    expect(analysis.unexpected.map(describeFlow)).toEqual(known);
  });

  test('the data tier has no route out of the VPC, and every resource is understood', () => {
    expect(analysis.isolation).toEqual([]);
    expect(analysis.notes).toEqual([]);
    expect(analysis.zones.filter((zone) => zone.zone.startsWith('other:'))).toEqual([]);
  });
});
