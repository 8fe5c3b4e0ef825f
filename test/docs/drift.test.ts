import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDocs, writeDocsAtomically } from '../../lib/docs/generate';
import { ROOT } from '../helpers';
import { describeDocuments } from './documents';
import { GeneratedDocs, generateDefaultDocs } from './generated';

/**
 * docs/generated/anycompany-apparel/ is committed: regenerating it from the current code must give
 * the same bytes. Any change to the stacks, the analysis or the renderers shows up here. The same
 * generation then has each document's content checked (documents.ts): one synthesis for both.
 */

const COMMITTED = join(ROOT, 'docs/generated/anycompany-apparel');
const FIX = 'run npm run docs and commit docs/generated';

let docs: GeneratedDocs;
let written: string;
beforeAll(async () => {
  docs = await generateDefaultDocs();
  written = mkdtempSync(join(tmpdir(), 'docs-drift-'));
  writeDocsAtomically(join(written, 'anycompany-apparel'), docs.files);
});
afterAll(() => {
  rmSync(written, { recursive: true, force: true });
});

test('the committed docs of the default config are what the code generates, byte for byte', () => {
  const fresh = join(written, 'anycompany-apparel');
  expect(docs.folder).toBe(COMMITTED);
  const names = [...new Set([...readdirSync(COMMITTED), ...readdirSync(fresh)])].sort();
  const differing = names.filter((name) => {
    const committed = readdirSync(COMMITTED).includes(name) ? readFileSync(join(COMMITTED, name)) : undefined;
    const generated = readdirSync(fresh).includes(name) ? readFileSync(join(fresh, name)) : undefined;
    return !committed || !generated || !committed.equals(generated);
  });
  if (differing.length > 0) {
    throw new Error(`docs/generated/anycompany-apparel is out of date (${differing.join(', ')} differ): ${FIX}`);
  }
  expect(names).toEqual(Object.keys(docs.files).sort());
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
