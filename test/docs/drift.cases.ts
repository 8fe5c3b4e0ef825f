import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDocs } from '../../lib/docs/generate';
import { differingFiles, WRITTEN_FILES } from '../../lib/output-folder';
import { renderRunbooks, RUNBOOKS_FOLDER } from '../../lib/runbooks';
import { ROOT } from '../helpers';
import { describeDocuments } from './documents';
import { GeneratedDocs, generateDefaultDocs } from './generated';

/**
 * docs/generated/anycompany-apparel/ is committed: regenerating it from the current code must give
 * the same bytes. Any change to the stacks, the analysis or the renderers shows up here. The same
 * generation then has each document's content checked (documents.ts): one synthesis for both.
 */

const COMMITTED = join(ROOT, 'docs/generated/anycompany-apparel');
const FIX = 'run npm run docs and commit docs/generated/anycompany-apparel';

let docs: GeneratedDocs;
let runbooks: Record<string, string>;
beforeAll(async () => {
  docs = await generateDefaultDocs();
  runbooks = renderRunbooks({ assemblyDir: docs.assemblyDir, config: docs.config });
});

test('the committed folder of the default config is what npm run docs writes, byte for byte, runbooks and file list included', () => {
  expect(docs.folder).toBe(COMMITTED);
  const everything = {
    ...docs.files,
    ...Object.fromEntries(Object.entries(runbooks).map(([file, text]) => [`${RUNBOOKS_FOLDER}/${file}`, text])),
  };
  const differing = differingFiles(COMMITTED, everything);
  if (differing.length > 0) {
    throw new Error(`docs/generated/anycompany-apparel is out of date (${differing.join(', ')} differ): ${FIX}`);
  }
  expect(readFileSync(join(COMMITTED, WRITTEN_FILES), 'utf8').split('\n')).toEqual(
    expect.arrayContaining(['index.html', `${RUNBOOKS_FOLDER}/README.md`]),
  );
});

test('generating twice from the same assembly gives the same bytes', async () => {
  const again = await generateDocs({
    assemblyDir: docs.assemblyDir,
    config: docs.config,
    costComparison: { label: 'config/examples/lean-compliant.yaml', assemblyDir: docs.comparisonAssemblyDir ?? '' },
  });
  expect(again).toEqual(docs.files);
});

describe('the documents', () => describeDocuments(() => docs));
