import { Linter } from 'eslint';
import { ROOT } from '../helpers';

/**
 * Only lib/model reads raw template properties: eslint.config.js forbids it in every reader
 * folder (`npm run lint` fails). These cases prove the rule catches a raw read and lets a typed
 * one through, so a change to the rule cannot silently turn it off.
 */

const RULE = 'no-restricted-syntax';

// The repository's flat config, as `npm run lint` loads it (CommonJS: jest cannot import ESLint's own loader).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CONFIG = require('../../eslint.config.js') as Linter.Config[];

function violations(file: string, source: string): string[] {
  const linter = new Linter({ cwd: ROOT, configType: 'flat' });
  return linter
    .verify(source, CONFIG, { filename: `${ROOT}/${file}` })
    .filter((message) => message.ruleId === RULE)
    .map((message) => message.message);
}

describe('raw template reads outside lib/model are lint errors', () => {
  test.each([
    ['lib/docs/example.ts', 'export const f = (entry: { props: Record<string, unknown> }) => entry.props.KmsKeyId;\n'],
    ['lib/runbooks/example.ts', "export const f = (resource: Record<string, unknown>) => resource['Properties'];\n"],
    ['lib/preflight/example.ts', 'export const f = (stack: { template: unknown }) => stack.template;\n'],
    ['lib/cost/example.ts', 'export const f = (model: { index: unknown }) => model.index;\n'],
    ['lib/resilience/example.ts', "import { IndexedResource } from '../model';\nexport type T = IndexedResource;\n"],
  ])('%s: a raw read fails', (file, source) => {
    expect(violations(file, source)).toEqual([expect.stringMatching(/lib\/model|typed elements/)]);
  });

  test('typed reads, and `index` as a variable or array position, pass', () => {
    const source =
      "import { PocModel } from '../model';\n" +
      'export const f = (model: PocModel, list: string[], index: number) =>\n' +
      '  [model.databases[0]?.kmsKey, list[index], model.encryptionAtRest.length];\n';
    expect(violations('lib/docs/example.ts', source)).toEqual([]);
  });

  test('the model itself may read them', () => {
    expect(violations('lib/model/example.ts', 'export const f = (entry: { props: unknown }) => entry.props;\n')).toEqual([]);
  });
});
