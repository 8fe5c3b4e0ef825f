import { defaultConfig, synthesize } from './helpers';

// For change review only: every security property is asserted explicitly in the other tests.
describe('snapshots of the default POC', () => {
  const { templates } = synthesize(defaultConfig());
  test.each(Object.entries(templates))('%s stack', (_, template) => {
    expect(template.toJSON()).toMatchSnapshot();
  });
});
