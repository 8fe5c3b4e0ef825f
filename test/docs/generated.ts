import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { customerSlug } from '../../lib/config/naming';
import { PocConfig } from '../../lib/config/schema';
import { BuiltDocs, generateDocs } from '../../lib/docs/generate';
import { defaultConfig, ROOT } from '../helpers';
import { assemblyDirectory, SYNTHESIZED_CONFIGS } from '../support/assemblies';

/**
 * The default config's documents as `npm run docs -- --from cdk.out` makes them, from the
 * assemblies of the suite's global setup: the default POC (packs and compliance report included)
 * and the lean config that COST.md compares with. A test file calls it once in beforeAll; the assemblies belong to the global setup.
 */
export interface GeneratedDocs extends BuiltDocs {
  readonly config: PocConfig;
}

export async function generateDefaultDocs(): Promise<GeneratedDocs> {
  const config = defaultConfig();
  const assemblyDir = assemblyDirectory('default');
  const costComparison = { label: SYNTHESIZED_CONFIGS.lean, assemblyDir: assemblyDirectory('lean') };
  const files = await generateDocs({ assemblyDir, config, costComparison });
  return {
    files,
    assemblyDir,
    comparisonAssemblyDir: costComparison.assemblyDir,
    folder: join(ROOT, 'docs/generated', customerSlug(config)),
    config,
  };
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
