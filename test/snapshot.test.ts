import { defaultConfig, synthesize } from './helpers';

// For change review only: every security property is asserted explicitly in the other tests.
describe('snapshots of the default POC', () => {
  const { templates } = synthesize(defaultConfig());
  test.each(Object.keys(templates) as (keyof typeof templates)[])('%s stack', (name) => {
    expect(templates[name].toJSON()).toMatchSnapshot();
  });
});
