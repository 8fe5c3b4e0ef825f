import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../helpers';
import { installCommand } from './prerequisites';

/**
 * index.html as a browser shows it: Debian's Chromium, headless, dumps the DOM it parsed from the
 * committed page (which drift.test.ts keeps equal to what the code generates).
 */

const PAGE = join(ROOT, 'docs/generated/anycompany-apparel/index.html');

const MACOS_CHROMIUM = '/Applications/Chromium.app/Contents/MacOS/Chromium';

function chromium(): string {
  const found = [
    ...['chromium', 'chromium-browser'].flatMap((name) =>
      (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name)),
    ),
    MACOS_CHROMIUM,
  ].find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(
      `Chromium is missing: the index.html test renders the page in it. Install it with: ${installCommand('chromium')}`,
    );
  }
  return found;
}

let dom: string;
beforeAll(() => {
  const profile = mkdtempSync(join(tmpdir(), 'docs-chromium-'));
  try {
    const result = spawnSync(
      chromium(),
      ['--headless', '--disable-gpu', '--no-sandbox', `--user-data-dir=${profile}`, '--dump-dom', pathToFileURL(PAGE).href],
      { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
    );
    if (result.status !== 0) throw new Error(`chromium exited with ${result.status}: ${result.stderr}`);
    dom = result.stdout;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});

/** The rendered DOM of one generated document's section. */
function sectionOf(id: string): string {
  const match = new RegExp(`<section class="document" id="doc-${id}">([\\s\\S]*?)</section>`).exec(dom);
  if (!match) throw new Error(`no section doc-${id} in the rendered page`);
  return match[1];
}

/** The header cells of every table of a section, one string per table. */
function tableHeaders(html: string): string[] {
  return [...html.matchAll(/<table>\s*<thead>\s*<tr>([\s\S]*?)<\/tr>/g)].map((match) =>
    [...match[1].matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((cell) => cell[1].replace(/<[^>]+>/g, '')).join(' | '),
  );
}

test('the architecture diagram is an inline SVG with the tiers and zones', () => {
  const architecture = sectionOf('architecture');
  const svg = /<figure class="diagram">\s*(<svg[\s\S]*?<\/svg>)\s*<\/figure>/.exec(architecture)?.[1] ?? '';
  expect(svg).toContain('class="graph"');
  for (const text of [
    'VPC 10.40.0.0/16',
    'public subnets',
    'ingress subnets',
    'data subnets',
    'web load balancer',
    'database',
    'Amazon CloudFront',
  ]) {
    expect(svg).toContain(`>${text}</text>`);
  }
  expect(tableHeaders(architecture)).toContain(
    'component | kind | instance type | min | max | AZs | public IP | inbound (allowed by the analysis)',
  );
});

test('the segmentation matrix is a table with a row per zone', () => {
  const network = sectionOf('network');
  const matrix = /<table>\s*<thead>\s*<tr>\s*<th>from \\ to<\/th>[\s\S]*?<\/table>/.exec(network)?.[0] ?? '';
  const rows = [...matrix.matchAll(/<tr>\s*<td><strong>([^<]+)<\/strong><\/td>/g)].map((match) => match[1]);
  expect(rows).toEqual([
    'internet',
    'corporate CIDRs',
    'CloudFront',
    'web load balancer',
    'web',
    'internal ALB',
    'app',
    'rotation',
    'database',
    'cache',
    'bastion',
  ]);
});

test('the RTO/RPO table and the cost tables are rendered', () => {
  expect(tableHeaders(sectionOf('resilience'))).toContain(
    'Component | Loss of one AZ: RTO | RPO | Loss of the region: RTO | RPO',
  );
  const cost = sectionOf('cost');
  expect(tableHeaders(cost)).toContain(
    'service | item | unit price | price source | quantity (min) | USD / month (min) | quantity (max) | USD / month (max)',
  );
  expect(cost).toMatch(/<td><strong>Total per month<\/strong><\/td>\s*<td[^>]*><strong>\$[\d,]+\.\d\d<\/strong><\/td>/);
});

test('every document is on the page, reachable from the navigation', () => {
  for (const id of ['architecture', 'network', 'security', 'compliance', 'resilience', 'cost']) {
    expect(dom).toContain(`<a href="#doc-${id}">`);
    expect(sectionOf(id)).toContain('<h1 id=');
  }
});

test('the page opens with the executive summary, its tables rendered, before every document', () => {
  const summary = /<section class="summary" id="executive-summary">([\s\S]*?)<\/section>/.exec(dom)?.[1] ?? '';
  expect(dom.indexOf('id="executive-summary"')).toBeLessThan(dom.indexOf('id="doc-architecture"'));
  expect(dom).toContain('<a href="#executive-summary">Summary</a>');
  expect(tableHeaders(summary)).toEqual([
    ' | minimum scale | maximum scale',
    'Failure | RTO (longest component) | RPO (longest component)',
    'Standard | in place | not in place | customer responsibility | not applicable',
    'Setting | What it relaxes | Fix',
  ]);
});

test('the notes for the architect close the page; the diagram draws its AWS icons from inline symbols', () => {
  const footer = /<footer>([\s\S]*?)<\/footer>/.exec(dom)?.[1] ?? '';
  expect(footer).toContain('<h2 id="notes-for-the-architect">Notes for the architect</h2>');
  expect(dom.indexOf('<footer>')).toBeGreaterThan(dom.lastIndexOf('</section>'));
  const svg = sectionOf('architecture');
  expect(svg).toMatch(/<symbol id="aws-icon-cloudfront" viewBox="0 0 64 64">/);
  expect(svg).toMatch(/<use xlink:href="#aws-icon-cloudfront"/);
});
