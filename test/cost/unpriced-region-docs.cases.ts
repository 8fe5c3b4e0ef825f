import { DOCUMENTS, generateDocs, INDEX_FILE } from '../../lib/docs/generate';
import { loadPriceTable } from '../../lib/cost/price-table';
import { variant } from '../helpers';
import { assemblyDirectory, SYNTHESIZED_CONFIGS, variantDirectory } from '../support/assemblies';

/**
 * A POC pinned to a region the bundled price table does not cover (eu-central-2) still gets all
 * its documents: COST.md prices nothing it cannot, lists what is missing and the one command that
 * fills it, and `npm run docs` does not fail because of it.
 */
describe('documents of a POC in a region the price table does not cover', () => {
  const region = 'eu-central-2';
  let files: Record<string, string>;

  beforeAll(async () => {
    expect(Object.keys(loadPriceTable().regions)).not.toContain(region);
    // Synthesized with the packs, as npm run docs does: the documents read the compliance report too.
    const { config } = variant('pinned-eu-central-2');
    files = await generateDocs({
      assemblyDir: variantDirectory('pinned-eu-central-2'),
      config,
      costComparison: { label: SYNTHESIZED_CONFIGS.lean, assemblyDir: assemblyDirectory('lean') },
    });
  });

  test('every document is generated', () => {
    for (const file of [...DOCUMENTS.map((document) => document.file), INDEX_FILE])
      expect([file, files[file]?.length ?? 0]).toEqual([file, expect.any(Number)]);
    for (const { file } of DOCUMENTS) expect(files[file].length).toBeGreaterThan(200);
  });

  test('COST.md names each missing price by its key and the one command that fills them', () => {
    const cost = files['COST.md'];
    expect(cost).toContain('## Missing prices');
    expect(cost).toContain(`Fill them from the AWS\nPrice List with \`npm run prices -- --region ${region}\` (AWS credentials)`);
    for (const key of ['rates.natGatewayHour', 'rates.albHour', 'rdsMysql.prices.db.m7g.large', 'ec2.prices.t4g.small']) {
      expect(cost).toContain(`\`regions.${region}.${key}\``);
    }
    expect(cost).toContain(`**No line could be priced:** the price table has no prices for \`${region}\``);
    expect(cost).toContain('Not compared with `config/examples/lean-compliant.yaml`: prices are missing');
    expect(cost).not.toMatch(/\$\d/);
  });
});
