/**
 * The segmentation analysis: who can reach whom, computed from a synthesized cloud assembly
 * alone, compared with the design table. `analyzeDirectory(dir, configKnowledge(config))`,
 * then `renderMarkdown` or `renderJson`.
 */
export { analyze, analyzeDirectory, ZONE_ORDER } from './analyze';
export type {
  Analysis,
  AnalysisOptions,
  Flow,
  IntendedVerdict,
  InventoryFinding,
  IsolationFinding,
  ZoneSummary,
} from './analyze';
export { AssemblyError, loadAssembly } from '../model';
export type { Assembly, ParameterValues, StackTemplate } from '../model';
export { configKnowledge, intendedTable } from './intended';
export type { ConfigKnowledge, ExpectedInventory, IntendedFlow, IntendedTable } from './intended';
export { formatRule } from '../model';
export type { PrefixListDescriptions, Protocol, RuleKind, RuleRef, UncheckedRule } from '../model';
export type { ZoneId } from '../model';
export { describeFlow, renderJson, renderMarkdown, zoneLabel } from './render';
