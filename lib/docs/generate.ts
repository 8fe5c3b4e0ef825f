import { PocConfig } from '../config/schema';
import { CostOutcome, costMarkdown, costOutcome } from '../cost/document';
import { renderResilienceMarkdown } from '../resilience/markdown';
import { RecoveryObjective, recoveryObjectives } from '../resilience/objectives';
import { DIAGRAM_FILE, renderArchitectureMarkdown } from './architecture';
import { DocsModel, loadDocsModel } from './assembly-model';
import { renderComplianceMarkdown } from './compliance-doc';
import { architectureDiagram, toDot, toMermaid } from './diagram';
import { executiveSummary } from './executive-summary';
import { complianceVerdicts } from './standard-verdicts';
import { renderExecutiveSummaryMarkdown } from './executive-summary-markdown';
import { renderSvg } from './graphviz';
import { renderIndexHtml } from './html';
import { MONITORING_DIAGRAM_FILE, monitoringDiagram } from './monitoring-diagram';
import { renderNetworkMarkdown } from './network';
import { toProcessDot } from './process-graph';
import { RECOVERY_DIAGRAM_FILE, recoveryDiagram } from './recovery-diagram';
import { renderSecurityMarkdown } from './security';
import { StandardVerdicts } from './verdict';

/** The documents of one config, and where they come from and belong. */
export interface BuiltDocs {
  readonly files: Record<string, string>;
  /** Where the documents read the POC from. */
  readonly assemblyDir: string;
  /** The lean config's templates COST.md compares with; undefined when `config` is the lean one. */
  readonly comparisonAssemblyDir?: string;
  /** `docs/generated/<customer>`: the folder the files belong in. */
  readonly folder: string;
}

/** What a document is built from: the model of the assembly, and what more than one document shares. */
export interface DocumentInput {
  readonly model: DocsModel;
  readonly config: PocConfig;
  /** The architecture diagram, as Mermaid. */
  readonly mermaid: string;
  /** The synthesized cloud assembly the model was read from (COST.md prices it). */
  readonly assemblyDir: string;
  /** The recovery objectives RESILIENCE.md and the executive summary print. */
  readonly objectives: readonly RecoveryObjective[];
  /** The estimate (against the cheaper configuration, when there is one) COST.md and the executive summary print. */
  readonly cost: CostOutcome;
  /** The verdicts per standard COMPLIANCE.md concludes and the executive summary counts. */
  readonly verdicts: readonly StandardVerdicts[];
}

/** One generated Markdown document: its file and how it is built. */
export interface DocumentEntry {
  readonly file: string;
  build(input: DocumentInput): string;
}

/** The Markdown documents, in the order index.html presents them. Adding a document is one entry here. */
export const DOCUMENTS: readonly DocumentEntry[] = [
  { file: 'ARCHITECTURE.md', build: ({ model, mermaid }) => renderArchitectureMarkdown(model, mermaid) },
  { file: 'NETWORK.md', build: ({ model }) => renderNetworkMarkdown(model) },
  { file: 'SECURITY.md', build: ({ model }) => renderSecurityMarkdown(model) },
  {
    file: 'COMPLIANCE.md',
    build: ({ model, config, verdicts }) =>
      renderComplianceMarkdown({ report: model.compliance, config, poc: model.poc, verdicts }),
  },
  {
    file: 'RESILIENCE.md',
    build: ({ objectives, config }) => renderResilienceMarkdown(objectives, config),
  },
  // Never throws for a cost problem: COST.md then says what is missing and how to fill it.
  { file: 'COST.md', build: ({ cost }) => costMarkdown(cost) },
];
export const INDEX_FILE = 'index.html';

export interface GenerateInput {
  /** The synthesized cloud assembly of `config` (templates, manifest, compliance-report.json). */
  readonly assemblyDir: string;
  readonly config: PocConfig;
  /** The cheaper configuration COST.md compares against, synthesized; omitted when `config` is that one. */
  readonly costComparison?: { readonly label: string; readonly assemblyDir: string };
}

/** File name -> content of every generated file: the documents, the diagrams and index.html. Same input, same bytes. */
export async function generateDocs(input: GenerateInput): Promise<Record<string, string>> {
  const model = loadDocsModel(input.assemblyDir, input.config);
  const diagram = architectureDiagram(model);
  const svg = await renderSvg(toDot(diagram));
  const figures = {
    [RECOVERY_DIAGRAM_FILE]: await renderSvg(toProcessDot(recoveryDiagram(model))),
    [MONITORING_DIAGRAM_FILE]: await renderSvg(toProcessDot(monitoringDiagram(model))),
  };
  const shared: DocumentInput = {
    model,
    config: input.config,
    mermaid: toMermaid(diagram),
    assemblyDir: input.assemblyDir,
    objectives: recoveryObjectives(model.poc, input.config),
    cost: costOutcome(input.assemblyDir, input.costComparison),
    verdicts: complianceVerdicts(model),
  };
  const documents = DOCUMENTS.map(({ file, build }) => ({ file, markdown: build(shared) }));
  const summary = executiveSummary({
    model,
    objectives: shared.objectives,
    cost: shared.cost,
    compliance: shared.verdicts,
  });
  const html = renderIndexHtml({
    title: `${input.config.customer.name} POC: architecture, network, security, compliance, resilience and cost`,
    summary: renderExecutiveSummaryMarkdown(summary),
    documents,
    diagramSvg: svg,
    figures,
  });
  return {
    ...Object.fromEntries(documents.map(({ file, markdown }) => [file, markdown])),
    [DIAGRAM_FILE]: svg,
    ...figures,
    [INDEX_FILE]: html,
  };
}
