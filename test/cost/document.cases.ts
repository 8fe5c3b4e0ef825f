import { costDocument } from '../../lib/cost/document';
import { estimateCost } from '../../lib/cost/estimate';
import { renderCostMarkdown } from '../../lib/cost/render';
import { pocResources, writeAssembly } from './fixtures';

/** COST.md for the generated documents: never the reason the other documents are not written. */
describe('costDocument', () => {
  test('is the rendered estimate, compared in the same region', () => {
    const base = writeAssembly(pocResources({ natGateways: 2 }), 'eu-west-1');
    const lean = writeAssembly(pocResources({ natGateways: 1 }));
    expect(costDocument(base, { label: 'lean.yaml', assemblyDir: lean })).toBe(
      renderCostMarkdown(estimateCost(base), { label: 'lean.yaml', estimate: estimateCost(lean, { region: 'eu-west-1' }) }),
    );
  });

  test('an estimate that cannot be made gives a COST.md saying why and how to fix it, instead of an error', () => {
    const resources = pocResources();
    (resources.AppTemplate.Properties as { LaunchTemplateData: Record<string, unknown> }).LaunchTemplateData.InstanceType = {
      Ref: 'TypeParam',
    };
    const markdown = costDocument(writeAssembly(resources, 'eu-west-3'));
    expect(markdown).toContain('The estimate could not be made from these templates and the price table:');
    expect(markdown).toContain(
      '- Fixture/AppGroup: InstanceType of launch template AppTemplate is {"Ref":"TypeParam"}, not a literal string',
    );
  });

  test('an unreadable assembly is still an error: it is not a cost problem', () => {
    expect(() => costDocument('/nonexistent/cdk.out')).toThrow(/no cloud assembly folder there/);
  });
});
