import { DocsModel } from './assembly-model';
import { wrapLine } from './diagram';

/**
 * A process diagram: how data moves between the POC's resources rather than where they sit in the
 * network (recovery.svg, monitoring.svg). Plain boxes, top to bottom, in DOT for the same Graphviz
 * rendering as architecture.svg; no AWS icon, so the SVGs inlined beside architecture.svg in
 * index.html define no symbol twice.
 */

/** store: holds data (a database, a vault, a bucket); process: acts on it; notify: where people are told; restore: a recovery target. */
export type ProcessKind = 'store' | 'process' | 'notify' | 'restore';

export interface ProcessNode {
  readonly id: string;
  /** The first line is the title (bold). */
  readonly lines: readonly string[];
  readonly kind: ProcessKind;
}

export interface ProcessEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** data: what runs all the time; recovery: what an operator starts (a restore). */
  readonly style: 'data' | 'recovery';
}

export interface ProcessDiagram {
  /** Prefixes the ids of the SVG's elements, so that two diagrams inlined in one page share none. */
  readonly id: string;
  readonly title: string;
  readonly nodes: readonly ProcessNode[];
  readonly edges: readonly ProcessEdge[];
}

/** What a process diagram reads: the POC model and the config, not the segmentation analysis nor the compliance report. */
export type DiagramModel = Pick<DocsModel, 'config' | 'poc' | 'stacks'>;

/** A DOT node id from a resource key or any text. */
export const nodeId = (prefix: string, text: string) => `${prefix}_${text.replace(/[^A-Za-z0-9]/g, '_')}`;

/** The region a stack deploys to; environment-agnostic stacks deploy where the credentials point. */
export function stackRegion(model: DiagramModel, stack: string): string {
  return model.stacks.find((candidate) => candidate.name === stack)?.region ?? 'deployment region';
}

/** The last two segments of a construct path, without a trailing `/Resource`: enough to tell the box apart. */
export function shortPath(name: string): string {
  return name
    .replace(/\/Resource$/, '')
    .split('/')
    .slice(-2)
    .join('/');
}

export const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

const FILL: Readonly<Record<ProcessKind, string>> = {
  store: '#e5f3e0',
  process: '#e3eef9',
  notify: '#fdf0de',
  restore: '#f2f2f2',
};

const escapeDot = (text: string) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Graphviz DOT, sized for A4 as architecture.svg is: 11 pt text, lines wrapped at wrapLine's width,
 * so the drawing scaled to 180 mm keeps its text at 7 pt or more (test/docs/process-diagrams.cases.ts).
 */
export function toProcessDot(diagram: ProcessDiagram): string {
  const lines = [
    'digraph process {',
    `  graph [id="${diagram.id}", label="${escapeDot(diagram.title)}", labelloc=t, fontname="Helvetica", fontsize=16, rankdir=TB, nodesep=0.25, ranksep=0.35];`,
    '  node [shape=box, style="rounded,filled", color="#888888", fontname="Helvetica", fontsize=11, margin="0.1,0.05"];',
    '  edge [fontname="Helvetica", fontsize=11, color="#555555"];',
  ];
  for (const node of diagram.nodes) {
    const [title, ...rest] = node.lines.flatMap((line) => wrapLine(line));
    const text = [`<b>${escapeHtml(title)}</b>`, ...rest.map(escapeHtml)].join('<br/>');
    lines.push(`  ${node.id} [label=<${text}>, fillcolor="${FILL[node.kind]}"];`);
  }
  for (const edge of diagram.edges) {
    // A padded HTML table, as in architecture.svg: Graphviz sets it beside its line, the padding keeps the line clear of the text.
    const label = `<table border="0" cellpadding="4"><tr><td>${wrapLine(edge.label).map(escapeHtml).join('<br/>')}</td></tr></table>`;
    const style = edge.style === 'recovery' ? ', style=dashed, color="#2e6da4"' : '';
    lines.push(`  ${edge.from} -> ${edge.to} [label=<${label}>${style}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
