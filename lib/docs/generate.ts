import { PocConfig } from '../config/schema';
import { estimateCost } from '../cost/estimate';
import { renderCostMarkdown } from '../cost/render';
import { renderResilienceMarkdown } from '../resilience/markdown';
import { recoveryObjectives } from '../resilience/objectives';
import { DIAGRAM_FILE, renderArchitectureMarkdown } from './architecture';
import { loadDocsModel } from './assembly-model';
import { renderComplianceMarkdown } from './compliance-doc';
import { architectureDiagram, toDot, toMermaid } from './diagram';
import { renderSvg } from './graphviz';
import { renderIndexHtml } from './html';
import { renderNetworkMarkdown } from './network';
import { renderSecurityMarkdown } from './security';

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

/** The Markdown documents, in the order index.html presents them. */
export const DOCUMENTS = ['ARCHITECTURE.md', 'NETWORK.md', 'SECURITY.md', 'COMPLIANCE.md', 'RESILIENCE.md', 'COST.md'] as const;
export const INDEX_FILE = 'index.html';

export interface GenerateInput {
  /** The synthesized cloud assembly of `config` (templates, manifest, compliance-report.json). */
  readonly assemblyDir: string;
  readonly config: PocConfig;
  /** The cheaper configuration COST.md compares against, synthesized; omitted when `config` is that one. */
  readonly costComparison?: { readonly label: string; readonly assemblyDir: string };
}

/** File name -> content of every generated file: the documents, the diagram and index.html. Same input, same bytes. */
export async function generateDocs(input: GenerateInput): Promise<Record<string, string>> {
  const model = loadDocsModel(input.assemblyDir, input.config);
  const diagram = architectureDiagram(model);
  const svg = await renderSvg(toDot(diagram));
  const estimate = estimateCost(input.assemblyDir);
  const comparison = input.costComparison
    ? {
        label: input.costComparison.label,
        // Priced where this configuration is, so the difference is the configuration's alone.
        estimate: estimateCost(input.costComparison.assemblyDir, { region: estimate.region }),
      }
    : undefined;
  const documents: Record<(typeof DOCUMENTS)[number], string> = {
    'ARCHITECTURE.md': renderArchitectureMarkdown(model, toMermaid(diagram)),
    'NETWORK.md': renderNetworkMarkdown(model),
    'SECURITY.md': renderSecurityMarkdown(model),
    'COMPLIANCE.md': renderComplianceMarkdown({ report: model.compliance, config: input.config }),
    'RESILIENCE.md': renderResilienceMarkdown(recoveryObjectives(model.poc, input.config), input.config),
    'COST.md': renderCostMarkdown(estimate, comparison),
  };
  const html = renderIndexHtml({
    title: `${input.config.customer.name} POC: architecture, network, security, compliance, resilience and cost`,
    documents: DOCUMENTS.map((file) => ({ file, markdown: documents[file] })),
    diagramSvg: svg,
  });
  return { ...documents, [DIAGRAM_FILE]: svg, [INDEX_FILE]: html };
}
