import { synthesized } from './helpers';

/** Path metadata (on in `cdk synth`) names construct paths the logical ids already carry. */
function withoutPathMetadata(template: Record<string, unknown>): Record<string, unknown> {
  const resources = template.Resources as Record<string, { Metadata?: Record<string, unknown> }>;
  return {
    ...template,
    Resources: Object.fromEntries(
      Object.entries(resources).map(([id, resource]) => {
        const { Metadata, ...rest } = resource;
        const otherMetadata = Object.fromEntries(Object.entries(Metadata ?? {}).filter(([key]) => key !== 'aws:cdk:path'));
        return [id, Object.keys(otherMetadata).length > 0 ? { ...rest, Metadata: otherMetadata } : rest];
      }),
    ),
  };
}

// For change review only: every security property is asserted explicitly in the other tests.
describe('snapshots of the default POC', () => {
  const { templates } = synthesized('default');
  test.each(Object.entries(templates))('%s stack', (_, template) => {
    expect(withoutPathMetadata(template.toJSON())).toMatchSnapshot();
  });
});
