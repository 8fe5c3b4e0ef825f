import { costOutcome } from '../../lib/cost/document';
import { MERMAID_INTRO } from '../../lib/docs/architecture';
import { loadDocsModel } from '../../lib/docs/assembly-model';
import { executiveSummary, ExecutiveSummary } from '../../lib/docs/executive-summary';
import { DOCUMENTS } from '../../lib/docs/generate';
import { recoveryObjectives } from '../../lib/resilience/objectives';
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

test('no tool instruction in the customer text: the summary, every document opening, and every document but COMPLIANCE whole', () => {
  const page = customerText();
  const summaryText = page.slice(page.indexOf('<section class="summary"'), page.indexOf('<section class="document"'));
  expect(summaryText).not.toMatch(TOOL_INSTRUCTION);
  for (const { file } of DOCUMENTS) {
    const id = file.replace(/\.md$/, '').toLowerCase();
    const body = sectionOf(page, id);
    const opening = body.slice(0, body.indexOf('<h2'));
    expect([file, opening.match(TOOL_INSTRUCTION)?.[0]]).toEqual([file, undefined]);
    // COMPLIANCE.md's competency and report-only sections are reworked with its verdicts.
    if (id !== 'compliance') expect([file, body.match(TOOL_INSTRUCTION)?.[0]]).toEqual([file, undefined]);
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
