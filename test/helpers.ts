import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { Template } from 'aws-cdk-lib/assertions';
import type { PocStacks } from '../lib/app';
import { Command } from '../lib/cli-output';
import { ConfigError, loadConfigFile, parseConfig } from '../lib/config/load';
import { stackName, StackRole } from '../lib/config/naming';
import { PocConfig, PocConfigInput } from '../lib/config/schema';
import { deepFreeze } from '../lib/shared/deep-freeze';
import { assemblyDirectory, configFileOf, SynthesizedConfigName, variantDirectory } from './support/assemblies';
import type { VariantName } from './support/variants';

export { cdkJsonContext, SOURCES, withoutBuiltInValidation } from './support/synthesis-context';

export const ROOT = join(__dirname, '..');
export const DEFAULT_CONFIG_FILE = join(ROOT, 'config/anycompany-apparel.yaml');
export const EXAMPLE_CONFIG_FILE = join(ROOT, 'config/examples/northwind-3az-domain.yaml');
export function defaultConfig(): PocConfig {
  return loadConfigFile(DEFAULT_CONFIG_FILE);
}

export function exampleConfig(): PocConfig {
  return loadConfigFile(EXAMPLE_CONFIG_FILE);
}

/** A copy of the default config's raw YAML object with `patch` applied, for negative tests. */
export function rawDefaultConfig(): PocConfigInput {
  // Round-trip through JSON: a mutable deep copy of the frozen config.
  return JSON.parse(JSON.stringify(defaultConfig())) as PocConfigInput;
}

export function configWith(mutate: (raw: PocConfigInput) => void): PocConfig {
  const raw = rawDefaultConfig();
  mutate(raw);
  return parseConfig(raw, 'test');
}

type StackTemplates = { readonly [K in keyof PocStacks]: Template };

/** What template assertions read: the templates of every stack and the assembly they come from. */
export interface SynthesizedTemplates {
  /** The cloud assembly the templates come from (synthesized once). */
  readonly assembly: CloudAssembly;
  readonly templates: StackTemplates;
  /** The CloudFormation stack name of each stack that exists. */
  readonly stackNames: { readonly [K in keyof PocStacks]: string };
}

/** A config's assembly as the global setup synthesized it (as `cdk synth` does): templates, no constructs. */
export interface SynthesizedAssembly extends SynthesizedTemplates {
  readonly config: PocConfig;
}

const STACK_KEYS: Readonly<Record<keyof PocStacks, StackRole>> = {
  network: 'Network',
  data: 'Data',
  app: 'App',
  edge: 'Edge',
  operations: 'Operations',
  edgeAlarms: 'EdgeAlarms',
  disasterRecovery: 'DisasterRecovery',
};

const loadedAssemblies = new Map<string, SynthesizedAssembly>();

function loadSynthesized(directory: string, configName: string): SynthesizedAssembly {
  const cached = loadedAssemblies.get(directory);
  if (cached) return cached;
  if (!existsSync(join(directory, 'manifest.json'))) {
    throw new Error(`no assembly in ${directory}: run the tests with npm test (its global setup synthesizes the configs)`);
  }
  const poc = deepFreeze(JSON.parse(readFileSync(configFileOf(configName), 'utf8')) as PocConfig);
  const assembly = new CloudAssembly(directory);
  const present = Object.entries(STACK_KEYS).flatMap(([key, role]) => {
    const stack = assembly.stacks.find((candidate) => candidate.stackName === stackName(poc, role));
    return stack ? [{ key, stack }] : [];
  });
  // Keyed by the PocStacks names: only the optional DR stack may be absent, as in PocStacks.
  const templates = Object.fromEntries(
    present.map(({ key, stack }) => [key, Template.fromJSON(stack.template as Record<string, unknown>)]),
  ) as unknown as StackTemplates;
  const stackNames = Object.fromEntries(
    present.map(({ key, stack }) => [key, stack.stackName]),
  ) as unknown as SynthesizedTemplates['stackNames'];
  const loaded = { config: poc, assembly, templates, stackNames };
  loadedAssemblies.set(directory, loaded);
  return loaded;
}

/**
 * The assembly of one of the suite's configs, synthesized once per run by the global setup
 * (test/global-setup.ts) as `cdk synth` does. Read-only.
 */
export function synthesized(name: SynthesizedConfigName): SynthesizedAssembly {
  return loadSynthesized(assemblyDirectory(name), name);
}

/**
 * The assembly of a test variant (test/support/variants.ts), synthesized once per run by the
 * global setup as `synthesize()` would. Read-only: a test that needs another config adds a
 * variant, or synthesizes it itself when it needs the constructs.
 */
export function variant(name: VariantName): SynthesizedAssembly {
  return loadSynthesized(variantDirectory(name), name);
}

/** The default and the example POC, as the global setup synthesized them. */
export function synthesizeDefaultAndExample(): { readonly poc: SynthesizedAssembly; readonly example: SynthesizedAssembly } {
  return { poc: synthesized('default'), example: synthesized('example') };
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; [key: string]: unknown }>;

export function resourcesOfType(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/**
 * The logical id of the resource that a construct path ends with (`WebTier/Group/ASG`, or a
 * construct whose default child is `<path>/Resource`), read from the template's path metadata.
 */
export function logicalIdAt(template: Template, pathSuffix: string): string {
  const resources = template.toJSON().Resources as Record<string, { Metadata?: Record<string, unknown> }>;
  const ids = Object.entries(resources)
    .filter(([, resource]) => {
      const path = String(resource.Metadata?.['aws:cdk:path'] ?? '');
      return path.endsWith(`/${pathSuffix}`) || path.endsWith(`/${pathSuffix}/Resource`);
    })
    .map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected one resource at .../${pathSuffix}, found ${ids.length}: ${ids.join(', ')}`);
  return ids[0];
}

/** What an `Fn::ImportValue` stands for: the value of the one output of `producer` that exports that name. */
export function importedValue(producer: Template, reference: unknown): unknown {
  const name = (reference as { 'Fn::ImportValue': string })['Fn::ImportValue'];
  const outputs = producer.toJSON().Outputs as Record<string, { Value: unknown; Export?: { Name: unknown } }>;
  const exported = Object.values(outputs).filter((output) => output.Export?.Name === name);
  if (exported.length !== 1) throw new Error(`expected one output exporting ${String(name)}, found ${exported.length}`);
  return exported[0].Value;
}

/** The logical id of the one resource of `type` whose properties match `predicate`. */
export function logicalIdOf(
  template: Template,
  type: string,
  predicate: (props: Record<string, unknown>) => boolean = () => true,
): string {
  const ids = Object.entries(resourcesOfType(template, type))
    .filter(([, resource]) => predicate(resource.Properties ?? {}))
    .map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}: ${ids.join(', ')}`);
  return ids[0];
}

/** Info-level messages that synthesis recorded for a stack (what `cdk synth` prints as INFO). */
export function infoMessagesOf(synth: { readonly assembly: CloudAssembly }, name: string): string[] {
  return synth.assembly
    .getStackByName(name)
    .messages.filter((message) => message.level === 'info')
    .map((message) => String(message.entry.data));
}

/** User data as the instance would see it, CloudFormation references printed as JSON. */
export function renderUserData(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(renderUserData).join(join[0]);
  return JSON.stringify(value);
}

/** The user data of a tier's launch template in the App stack, rendered. */
export function tierUserData(synth: SynthesizedTemplates, tier: 'WebTier' | 'AppTier'): string {
  const found = Object.entries(resourcesOfType(synth.templates.app, 'AWS::EC2::LaunchTemplate')).find(([id]) =>
    id.startsWith(tier),
  );
  if (!found) throw new Error(`no ${tier} launch template`);
  const data = found[1].Properties?.LaunchTemplateData as { UserData: { 'Fn::Base64': unknown } };
  return renderUserData(data.UserData['Fn::Base64']);
}

/** The problems config validation reports for the default config changed by `mutate`; fails when it is accepted. */
export function configProblems(mutate: (raw: PocConfigInput & Record<string, unknown>) => void): string[] {
  const raw = rawDefaultConfig() as PocConfigInput & Record<string, unknown>;
  mutate(raw);
  try {
    parseConfig(raw, 'test.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('the config was accepted');
}

/** What a command of scripts/ printed and returned, as `spawnSync` reports a process. */
export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command of scripts/ in this process: the same function its script runs on
 * `process.argv`, without the seconds a new Node.js process takes to load the kit.
 */
export async function runCommandInProcess(command: Command, ...args: string[]): Promise<CommandResult> {
  let stdout = '';
  let stderr = '';
  const status = await command(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { status, stdout, stderr };
}
