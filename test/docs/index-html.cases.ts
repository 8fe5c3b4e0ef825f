import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { costOutcome } from '../../lib/cost/document';
import { ICON_FILES } from '../../lib/docs/aws-icons';
import { MERMAID_INTRO } from '../../lib/docs/architecture';
import { loadDocsModel } from '../../lib/docs/assembly-model';
import { executiveSummary, ExecutiveSummary } from '../../lib/docs/executive-summary';
import { DOCUMENTS } from '../../lib/docs/generate';
import { recoveryObjectives } from '../../lib/resilience/objectives';
import { architectureDiagram, toDot } from '../../lib/docs/diagram';
import { renderSvg } from '../../lib/docs/graphviz';
import { exampleConfig } from '../helpers';
import { assemblyDirectory } from '../support/assemblies';
import { GeneratedDocs, generateDefaultDocs, section, tableRows } from './generated';

/**
 * index.html of the default config as the customer reads it: the executive summary first, with
 * the figures of COST.md and RESILIENCE.md verbatim; no tool instruction outside the footer; the
 * diagram as SVG, never as Mermaid source.
 */

let docs: GeneratedDocs;
let summary: ExecutiveSummary;
let html: string;
beforeAll(async () => {
  docs = await generateDefaultDocs();
  html = docs.files['index.html'];
  const model = loadDocsModel(docs.assemblyDir, docs.config);
  summary = executiveSummary({
    model,
    objectives: recoveryObjectives(model.poc, docs.config),
    cost: costOutcome(docs.assemblyDir),
    compliance: [],
  });
});

/** The page without its footer and comments: what the customer reads as the documents' text. */
const customerText = () => html.replace(/<footer>[\s\S]*<\/footer>/, '').replace(/<!--[\s\S]*?-->/g, '');
const sectionOf = (page: string, id: string) => {
  const start = page.indexOf(`<section class="document" id="doc-${id}">`);
  if (start === -1) throw new Error(`no section doc-${id}`);
  return page.slice(start, page.indexOf('</section>', start));
};
const TOOL_INSTRUCTION = /npm run|npx |cdk synth|cdk deploy|do not edit|regenerate/i;

test('the page opens with the executive summary, before every document', () => {
  const summaryAt = html.indexOf('<section class="summary" id="executive-summary">');
  expect(summaryAt).toBeGreaterThan(html.indexOf('<main>'));
  expect(summaryAt).toBeLessThan(html.indexOf('<section class="document"'));
  for (const heading of [
    'What is deployed',
    'Monthly cost',
    'Recovery time and recovery point',
    'Compliance status',
    'Relaxations of the secure defaults in force',
    'What the customer still has to do',
  ]) {
    expect(html.slice(summaryAt, html.indexOf('<section class="document"'))).toContain(`>${heading}</h2>`);
  }
});

test('what is deployed is read from the templates: the fleets, database and CDN of ARCHITECTURE.md', () => {
  const overview = section(docs.files['ARCHITECTURE.md'], '## Overview');
  for (const fleet of summary.deployed.fleets) {
    expect(overview).toContain(`${fleet.instanceType} x ${fleet.min}-${fleet.max}`);
  }
  expect(summary.deployed.fleets.map((fleet) => fleet.role)).toEqual(['web tier', 'app tier', 'bastions']);
  expect(overview).toContain(`database: ${summary.deployed.database}`);
  expect(summary.deployed.database).toContain('Multi-AZ');
  expect(summary.deployed.cdn).toHaveLength(1);
  expect(summary.deployed.azs).toHaveLength(docs.config.network.availabilityZoneCount);
});

test('the monthly cost is the total COST.md prints, verbatim, on the page', () => {
  if (summary.cost.kind !== 'estimate') throw new Error('the default config is priced');
  const total = tableRows(docs.files['COST.md']).find((cells) => cells[0] === '**Total per month**');
  expect(total).toEqual(['**Total per month**', `**${summary.cost.min}**`, `**${summary.cost.max}**`]);
  expect(customerText()).toContain(`<td>Total per month</td>\n<td style="text-align:right">${summary.cost.min}</td>`);
});

test('each RTO and RPO of the summary is the figure RESILIENCE.md prints for the components it names', () => {
  const rows = tableRows(section(docs.files['RESILIENCE.md'], '## Summary'));
  const column = { 'az-loss': { rto: 1, rpo: 2 }, 'region-loss': { rto: 3, rpo: 4 } } as const;
  expect(summary.recovery.map((recovery) => recovery.failure)).toEqual(['az-loss', 'region-loss']);
  for (const recovery of summary.recovery) {
    for (const objective of ['rto', 'rpo'] as const) {
      const figure = recovery[objective];
      expect(figure.components.length).toBeGreaterThan(0);
      for (const component of figure.components) {
        const row = rows.find((cells) => cells[0] === component);
        expect([component, row?.[column[recovery.failure][objective]]]).toEqual([component, figure.text]);
      }
    }
  }
  // The regional RPO of the default config is bounded only by the log archive's lack of a copy: the summary must not hide it.
  expect(summary.recovery[1].rpo.text).toBe('**unbounded**');
  expect(customerText()).toContain('<strong>unbounded</strong> (Log archive (CloudTrail audit trail))');
});

test('every relaxation in force is on the page with its fix', () => {
  const security = tableRows(section(docs.files['SECURITY.md'], '### From the config'));
  expect(summary.relaxations).toHaveLength(security.length);
  const page = customerText();
  for (const relaxation of summary.relaxations) {
    expect(page).toContain(relaxation.remedy.replace(/`([^`]+)`/g, '<code>$1</code>').slice(0, 60));
  }
});

test('no tool instruction in the customer text: the summary and every document, whole', () => {
  const page = customerText();
  const summaryText = page.slice(page.indexOf('<section class="summary"'), page.indexOf('<section class="document"'));
  expect(summaryText).not.toMatch(TOOL_INSTRUCTION);
  for (const { file } of DOCUMENTS) {
    const id = file.replace(/\.md$/, '').toLowerCase();
    const body = sectionOf(page, id);
    const opening = body.slice(0, body.indexOf('<h2'));
    expect([file, opening.match(TOOL_INSTRUCTION)?.[0]]).toEqual([file, undefined]);
    expect([file, body.match(TOOL_INSTRUCTION)?.[0]]).toEqual([file, undefined]);
  }
});

test('what the architect runs is in the footer, one list per document', () => {
  const footer = /<footer>([\s\S]*)<\/footer>/.exec(html)?.[1] ?? '';
  for (const { file } of DOCUMENTS) {
    expect(footer).toContain(`<h3>${file}</h3>`);
    expect(docs.files[file]).toContain('\n## Notes for the architect\n');
  }
  expect(footer.match(/Generated by pci-poc-kit/g)).toHaveLength(DOCUMENTS.length);
  expect(footer).toContain('<code>npm run prices -- --region eu-west-3</code>');
});

test('the diagram is the inline SVG; the Mermaid source stays in ARCHITECTURE.md for Markdown viewers only', () => {
  expect(docs.files['ARCHITECTURE.md']).toContain(`${MERMAID_INTRO}\n\n\`\`\`mermaid\nflowchart TB\n`);
  expect(html).not.toMatch(/mermaid|flowchart TB|-->\|/i);
  expect(html).not.toContain(MERMAID_INTRO);
  expect(sectionOf(html, 'architecture')).toContain('<figure class="diagram">\n<svg ');
});

/** Width of a text in Helvetica, in em: the advance widths of its AFM metrics (the font Graphviz lays the labels out with). */
function textWidth(text: string): number {
  const narrow = ' ,./:ijlft';
  const wide = 'mwMW';
  return [...text].reduce(
    (sum, char) =>
      sum +
      (narrow.includes(char)
        ? 0.278
        : wide.includes(char)
          ? 0.833
          : '()*'.includes(char)
            ? 0.35
            : /[A-Z]/.test(char)
              ? 0.667
              : 0.556),
    0,
  );
}

describe('the architecture diagram', () => {
  const svg = () => docs.files['architecture.svg'];

  test('every box carries an official AWS Architecture Icon, inline: the icon files of the aws-icons package, verbatim', () => {
    const nodes = svg().match(/<g id="node\d+" class="node">[\s\S]*?<\/g>/g) ?? [];
    expect(nodes.length).toBeGreaterThan(10);
    for (const node of nodes)
      expect(node).toMatch(/<use xlink:href="#aws-icon-[A-Za-z0-9]+" x="[-\d.]+" y="[-\d.]+" width="24" height="24"\/>/);
    const used = new Set([...svg().matchAll(/xlink:href="#aws-icon-([A-Za-z0-9]+)"/g)].map((match) => match[1]));
    expect([...used].sort()).toEqual(
      ['alb', 'autoScaling', 'cloudfront', 'corporate', 'internet', 'lambda', 'nat', 'rds', 's3', 'waf'].sort(),
    );
    const iconsDir = join(dirname(require.resolve('aws-icons/package.json')), 'icons');
    for (const icon of used) {
      const file = readFileSync(join(iconsDir, ICON_FILES[icon as keyof typeof ICON_FILES]), 'utf8');
      // The official set names each icon in its title (Icon-Architecture/..., Icon-Resource/...).
      expect(file).toMatch(/<title>Icon-(Architecture|Resource|Architecture-Group)\//);
      const body = file
        .replace(/^<svg[^>]*>/, '')
        .replace(/<\/svg>\s*$/, '')
        .replace(/<title>[\s\S]*?<\/title>/, '');
      expect(svg()).toContain(`<symbol id="aws-icon-${icon}" viewBox="${/viewBox="([^"]+)"/.exec(file)?.[1]}">${body}</symbol>`);
    }
    // Self-contained: no image file, no request.
    expect(svg()).not.toMatch(/<image|href="(?!#)/);
  });

  /** The smallest text of an SVG, in pt, once the SVG is scaled to the 180 mm text width of an A4 page. */
  function smallestTextAtA4(drawing: string): number {
    const viewBoxWidth = Number(/viewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"/.exec(drawing)?.[1]);
    const fontSizes = [...drawing.matchAll(/font-size="([\d.]+)"/g)].map((match) => Number(match[1]));
    expect(fontSizes.length).toBeGreaterThan(50);
    const a4TextWidthPt = (180 / 25.4) * 72;
    return Number((Math.min(...fontSizes) * Math.min(1, a4TextWidthPt / viewBoxWidth)).toFixed(2));
  }

  test('legible at A4 width: scaled to 180 mm, its smallest text is 7 pt or more (the default and the 3-AZ example)', async () => {
    expect(smallestTextAtA4(svg())).toBeGreaterThanOrEqual(7);
    const example = await renderSvg(toDot(architectureDiagram(loadDocsModel(assemblyDirectory('example'), exampleConfig()))));
    expect(smallestTextAtA4(example)).toBeGreaterThanOrEqual(7);
  });

  test('no arrow runs through a label: no point of an edge path lies inside the text of any edge label', () => {
    const edges = svg().match(/<g id="edge\d+" class="edge">[\s\S]*?<\/g>/g) ?? [];
    expect(edges.length).toBeGreaterThan(8);
    const labels = edges.flatMap((edge) =>
      [
        ...edge.matchAll(
          /<text[^>]*text-anchor="(start|middle)" x="([-\d.]+)" y="([-\d.]+)"[^>]*font-size="([\d.]+)">([^<]*)<\/text>/g,
        ),
      ].map(([, anchor, x, y, size, text]) => {
        const width = textWidth(text) * Number(size);
        const left = anchor === 'start' ? Number(x) : Number(x) - width / 2;
        return {
          text,
          left,
          right: left + width,
          top: Number(y) - Number(size),
          bottom: Number(y) + 2,
        };
      }),
    );
    expect(labels.length).toBeGreaterThan(8);
    const crossings: string[] = [];
    for (const edge of edges) {
      const d = /<path [^>]*d="([^"]+)"/.exec(edge)?.[1] ?? '';
      const points = [...d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map(([, x, y]) => [Number(x), Number(y)] as const);
      // Sample the cubic Bézier segments Graphviz writes (M p0 C p1 p2 p3 p4 p5 p6 ...).
      for (let start = 0; start + 3 < points.length; start += 3) {
        const [p0, p1, p2, p3] = points.slice(start, start + 4);
        for (let step = 0; step <= 20; step++) {
          const t = step / 20;
          const at = (i: 0 | 1) =>
            (1 - t) ** 3 * p0[i] + 3 * (1 - t) ** 2 * t * p1[i] + 3 * (1 - t) * t ** 2 * p2[i] + t ** 3 * p3[i];
          const [x, y] = [at(0), at(1)];
          for (const label of labels) {
            if (x > label.left && x < label.right && y > label.top && y < label.bottom) {
              crossings.push(`${/<title>([^<]*)<\/title>/.exec(edge)?.[1]} crosses "${label.text}"`);
            }
          }
        }
      }
    }
    expect([...new Set(crossings)]).toEqual([]);
  });
});
