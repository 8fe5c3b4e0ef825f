import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, Analysis, configKnowledge } from '../analysis';
import {
  AssemblyError,
  Distribution,
  Endpoint,
  loadModel,
  NetworkModel,
  Placements,
  PocModel,
  Source,
  StackInfo,
  Subnet,
} from '../model';
import { COMPLIANCE_REPORT_FILE, ComplianceReport } from '../compliance/report';
import { PocConfig } from '../config/schema';

/**
 * Everything the documents read, taken from one cloud assembly: the templates (through the
 * segmentation analysis' loader, resolver and network model, so references across stacks are
 * followed the same way), the stacks' regions from the manifest, the segmentation analysis
 * itself and the compliance report written beside the templates. Never the constructs.
 */
export interface DocsModel {
  readonly config: PocConfig;
  /** The POC model (lib/model): what the documents read; `network` and `placements` are its own. */
  readonly poc: PocModel;
  readonly network: NetworkModel;
  readonly placements: Placements;
  readonly analysis: Analysis;
  readonly compliance: ComplianceReport;
  readonly stacks: readonly StackInfo[];
  /** Resource key -> the keys of the resources whose properties refer to it. */
  readonly referrers: ReadonlyMap<string, readonly string[]>;
}

export function loadDocsModel(assemblyDir: string, config: PocConfig): DocsModel {
  const knowledge = configKnowledge(config);
  const poc = loadModel(assemblyDir, { originHosts: knowledge.originHosts });
  const { network, placements } = poc;
  return {
    config,
    poc,
    network,
    placements,
    analysis: analyze(poc.assembly, knowledge),
    compliance: readComplianceReport(assemblyDir),
    stacks: poc.stacks,
    referrers: poc.referrers,
  };
}

export function readComplianceReport(assemblyDir: string): ComplianceReport {
  const file = join(assemblyDir, COMPLIANCE_REPORT_FILE);
  if (!existsSync(file)) {
    throw new AssemblyError(
      file,
      'missing',
      "synthesize with the kit's app (npx cdk synth, or npm run docs without --from), which writes it beside the templates",
    );
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ComplianceReport;
  } catch (error) {
    throw new AssemblyError(file, `not valid JSON (${(error as Error).message})`, 'run `npx cdk synth` again');
  }
}

// Names.

/** A resource's construct path without the trailing `/Resource` of L1s (the name the compliance report also uses), or its key. */
export function nameOf(source: Source): string {
  return (source.path ?? source.key).replace(/\/Resource$/, '');
}

/** The name of a resource by its key (`stack/logicalId`), or the key itself for a resource outside the assembly. */
export function nameOfKey(model: DocsModel, key: string): string {
  return model.poc.nameOf(key);
}

/** The distributions of the POC model, sorted by name. */
export function distributionsByName(model: DocsModel): Distribution[] {
  return [...model.poc.distributions].sort((a, b) =>
    nameOfKey(model, a.source.key).localeCompare(nameOfKey(model, b.source.key)),
  );
}

/** The construct path of a compliance-report resource, as nameOf prints it. */
export function reportPathName(path: string): string {
  return path.replace(/\/Resource$/, '');
}

// Subnets.

/** The subnet tier CDK tags each subnet with (`aws-cdk:subnet-name`): public, web, app, data. */
export function subnetTier(subnet: Subnet): string {
  return subnet.group ?? 'untiered';
}

/** The AZ of a subnet (`Subnet.az`). */
export function subnetAz(subnet: Subnet): string {
  return subnet.az;
}

export const TIER_ORDER = ['public', 'ingress', 'web', 'app', 'data'];

export function compareTiers(a: string, b: string): number {
  const rank = (tier: string) => (TIER_ORDER.includes(tier) ? TIER_ORDER.indexOf(tier) : TIER_ORDER.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}

/** Subnets sorted by tier, then AZ, then CIDR. */
export function sortedSubnets(model: DocsModel): Subnet[] {
  return [...model.network.subnets.values()].sort(
    (a, b) => compareTiers(subnetTier(a), subnetTier(b)) || subnetAz(a).localeCompare(subnetAz(b)) || a.cidr.from - b.cidr.from,
  );
}

export function endpointsOfZone(model: DocsModel, zone: string): Endpoint[] {
  return model.placements.endpoints.filter((endpoint) => endpoint.zone === zone);
}

// References.

/** The resources whose properties refer to the resource `key`, optionally of some types only. */
export function referrersOf(model: DocsModel, key: string, types?: readonly string[]): Source[] {
  return (model.referrers.get(key) ?? [])
    .map((referrer) => model.poc.resource(referrer))
    .filter((source): source is Source => source !== undefined && (!types || types.includes(source.type)));
}

/** Every resource of a type, sorted by name. */
export function resourcesOfType(model: DocsModel, type: string): Source[] {
  return [...model.poc.resourcesOfType(type)].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
}

/** The elements of a model list, sorted by name. */
export function byName<T extends { readonly source: Source }>(elements: readonly T[]): T[] {
  return [...elements].sort((a, b) => nameOf(a.source).localeCompare(nameOf(b.source)));
}
