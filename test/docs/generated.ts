import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PocConfig } from '../../lib/config/schema';
import { buildDocs, BuiltDocs } from '../../lib/docs/build';
import { defaultConfig } from '../helpers';

/**
 * The default config's documents as `npm run docs` makes them: one synthesis of the default POC
 * (packs and compliance report included) and one of the lean config's templates. A test file
 * calls it once in beforeAll and `cleanup` in afterAll.
 */
export interface GeneratedDocs extends BuiltDocs {
  readonly config: PocConfig;
  cleanup(): void;
}

export async function generateDefaultDocs(): Promise<GeneratedDocs> {
  const workDir = mkdtempSync(join(tmpdir(), 'docs-test-'));
  const config = defaultConfig();
  const built = await buildDocs({ config, workDir });
  return { ...built, config, cleanup: () => rmSync(workDir, { recursive: true, force: true }) };
}

type Template = {
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }>;
};

/** The stack templates of an assembly, read straight from its manifest: what the tests compare the documents with. */
export function templatesOf(assemblyDir: string): Record<string, Template> {
  const manifest = JSON.parse(readFileSync(join(assemblyDir, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
  };
  const result: Record<string, Template> = {};
  for (const [name, artifact] of Object.entries(manifest.artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) continue;
    result[name] = JSON.parse(readFileSync(join(assemblyDir, artifact.properties.templateFile), 'utf8')) as Template;
  }
  return result;
}

export interface TemplateResource {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly props: Record<string, unknown>;
  /** aws:cdk:path without the trailing /Resource. */
  readonly path: string;
}

export function resourcesOf(assemblyDir: string, type: string): TemplateResource[] {
  return Object.entries(templatesOf(assemblyDir)).flatMap(([stack, template]) =>
    Object.entries(template.Resources ?? {})
      .filter(([, resource]) => resource.Type === type)
      .map(([logicalId, resource]) => ({
        stack,
        logicalId,
        type: resource.Type,
        props: resource.Properties ?? {},
        path: String(resource.Metadata?.['aws:cdk:path'] ?? `${stack}/${logicalId}`).replace(/\/Resource$/, ''),
      })),
  );
}

/** The lines of the section that starts with `heading` (up to the next heading of the same or a higher level). */
export function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line === heading);
  if (start === -1) throw new Error(`no heading "${heading}"`);
  const level = heading.indexOf(' ');
  const end = lines.findIndex((line, index) => index > start && /^#+ /.test(line) && line.indexOf(' ') <= level);
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
}

/** Rows of the Markdown tables in `text`, as arrays of trimmed cells (header and separator rows excluded). */
export function tableRows(text: string): string[][] {
  const rows: string[][] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (!line.startsWith('|')) return;
    const next = lines[index + 1] ?? '';
    const isHeader = /^\|[\s:|-]+\|$/.test(next) && next.includes('---');
    if (isHeader || /^\|[\s:|-]+\|$/.test(line)) return;
    rows.push(
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
  });
  return rows;
}
