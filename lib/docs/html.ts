import MarkdownIt from 'markdown-it';
import { DIAGRAM_FILE, MERMAID_INTRO } from './architecture';
import { ARCHITECT_NOTES_HEADING } from './markdown';

/**
 * index.html: every generated document on one self-contained page (inline CSS, the diagram as
 * inline SVG, no script, no external request), the Markdown rendered with markdown-it.
 */

export interface HtmlDocument {
  /** File name, e.g. ARCHITECTURE.md: the section id is derived from it. */
  readonly file: string;
  readonly markdown: string;
}

const STYLE = `
:root { color-scheme: light; }
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; color: #1f2328; line-height: 1.45; }
header { background: #232f3e; color: #fff; padding: 1rem 2rem; }
header h1 { margin: 0 0 .5rem; font-size: 1.4rem; }
header nav a { color: #ffd591; margin-right: 1.2rem; text-decoration: none; }
main { padding: 0 2rem 3rem; max-width: 90rem; }
section.summary { border-bottom: 2px solid #d0d7de; padding-bottom: 1rem; }
section.document { border-bottom: 2px solid #d0d7de; padding-bottom: 2rem; }
h1 { font-size: 1.6rem; margin-top: 2rem; } h2 { font-size: 1.3rem; margin-top: 1.8rem; } h3 { font-size: 1.1rem; }
table { border-collapse: collapse; margin: .8rem 0; display: block; overflow-x: auto; font-size: .85rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; vertical-align: top; text-align: left; }
th { background: #f6f8fa; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85em; background: #f6f8fa; padding: 0 .2em; border-radius: 3px; }
pre { background: #f6f8fa; padding: .8rem; overflow-x: auto; font-size: .8rem; }
pre code { background: none; padding: 0; }
blockquote { border-left: 4px solid #d0d7de; margin: .8rem 0; padding: 0 1rem; color: #57606a; }
figure.diagram { margin: 1rem 0; overflow-x: auto; }
figure.diagram svg { max-width: 100%; height: auto; }
footer { background: #f6f8fa; color: #57606a; padding: 1rem 2rem 2rem; font-size: .85rem; }
footer h2 { font-size: 1.1rem; } footer h3 { font-size: .95rem; margin-bottom: .2rem; }
`;

export function sectionId(file: string): string {
  return `doc-${file.replace(/\.md$/, '').toLowerCase()}`;
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/<[^>]+>/g, '')
      .replace(/[^a-z0-9\s-]/g, '')
      .trim()
      .replace(/\s+/g, '-') || 'section'
  );
}

const LINE_BREAK = /^<br\s*\/?>$/i;

/** markdown-it with an id on every heading, unique across the page, so in-document links (#price-sources) work. */
function markdownRenderer(usedIds: Set<string>): MarkdownIt.MarkdownIt {
  // html: the generated tables break lines in cells with <br>. Any other tag-like text is prose
  // (`com.amazonaws.<region>.s3`): escaped, so a browser shows it instead of swallowing it.
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
  md.renderer.rules.html_inline = (tokens, index) =>
    LINE_BREAK.test(tokens[index].content) ? '<br>' : md.utils.escapeHtml(tokens[index].content);
  md.renderer.rules.html_block = (tokens, index) => `<p>${md.utils.escapeHtml(tokens[index].content.trimEnd())}</p>\n`;
  // The page shows the diagram as SVG: the Mermaid source of ARCHITECTURE.md, and the sentence that introduces it, are
  // for Markdown viewers only.
  md.core.ruler.push('drop_mermaid', (state) => {
    state.tokens = state.tokens.filter((token, position, tokens) => {
      if (token.type === 'fence') return token.info.trim() !== 'mermaid';
      const paragraph = [tokens[position - 1], token, tokens[position + 1]].findIndex(
        (candidate) => candidate?.type === 'inline' && candidate.content === MERMAID_INTRO,
      );
      return paragraph === -1 || !['paragraph_open', 'inline', 'paragraph_close'].includes(token.type);
    });
  });
  md.core.ruler.push('heading_ids', (state) => {
    state.tokens.forEach((token, position) => {
      if (token.type !== 'heading_open') return;
      const base = slug(state.tokens[position + 1]?.content ?? '');
      let id = base;
      for (let suffix = 2; usedIds.has(id); suffix++) id = `${base}-${suffix}`;
      usedIds.add(id);
      token.attrSet('id', id);
    });
  });
  return md;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const SUMMARY_ID = 'executive-summary';

/** A document's text for the customer, and its notes for the architect (the section that ends it), if any. */
function splitNotes(markdown: string): { body: string; notes?: string } {
  const start = markdown.indexOf(`\n${ARCHITECT_NOTES_HEADING}\n`);
  if (start === -1) return { body: markdown };
  return { body: markdown.slice(0, start + 1), notes: markdown.slice(start + ARCHITECT_NOTES_HEADING.length + 2) };
}

export function renderIndexHtml(input: {
  title: string;
  /** The executive summary (Markdown) that opens the page. */
  summary: string;
  documents: readonly HtmlDocument[];
  diagramSvg: string;
  /** Further SVG files by name (recovery.svg, monitoring.svg): inlined where a document shows one as an image. */
  figures?: Readonly<Record<string, string>>;
}): string {
  const usedIds = new Set<string>([
    SUMMARY_ID,
    'notes-for-the-architect',
    ...input.documents.map((document) => sectionId(document.file)),
  ]);
  const md = markdownRenderer(usedIds);
  const summary = `<section class="summary" id="${SUMMARY_ID}">\n${md.render(input.summary)}</section>`;
  const imageOf = (file: string) => new RegExp(`<p><img src="${file.replace('.', '\\.')}"[^>]*></p>`);
  const diagram = imageOf(DIAGRAM_FILE);
  const parts = input.documents.map((document) => ({ file: document.file, ...splitNotes(document.markdown) }));
  const sections = parts.map((part) => {
    const body = Object.entries(input.figures ?? {}).reduce(
      (html, [file, svg]) => html.replace(imageOf(file), () => `<figure class="diagram">\n${svg.trim()}\n</figure>`),
      md.render(part.body).replace(diagram, () => `<figure class="diagram">\n${input.diagramSvg.trim()}\n</figure>`),
    );
    return `<section class="document" id="${sectionId(part.file)}">\n${body}</section>`;
  });
  const notes = parts
    .filter((part) => part.notes !== undefined)
    .map((part) => `<h3>${escapeHtml(part.file)}</h3>\n${md.render(part.notes ?? '')}`);
  const footer =
    notes.length === 0
      ? ''
      : `<footer>\n<h2 id="notes-for-the-architect">${escapeHtml(ARCHITECT_NOTES_HEADING.replace(/^#+ /, ''))}</h2>\n${notes.join('')}</footer>\n`;
  const nav = [
    `<a href="#${SUMMARY_ID}">Summary</a>`,
    ...input.documents.map(
      (document) => `<a href="#${sectionId(document.file)}">${escapeHtml(document.file.replace(/\.md$/, ''))}</a>`,
    ),
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(input.title)}</h1>
<nav>
${nav}
</nav>
</header>
<main>
${summary}
${sections.join('\n')}
</main>
${footer}</body>
</html>
`;
}
