import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A CloudFormation resource as synthesized: only what the estimate reads is typed. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly Metadata?: Readonly<Record<string, unknown>>;
}

export interface StackTemplate {
  readonly stackName: string;
  /** The stack's region when the assembly pins it, undefined for environment-agnostic stacks. */
  readonly region?: string;
  readonly resources: Readonly<Record<string, TemplateResource>>;
}

/** The cloud assembly cannot be read: no folder, no templates, or a broken template. */
export class AssemblyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssemblyError';
  }
}

interface ManifestArtifact {
  readonly type?: string;
  readonly environment?: string;
  readonly properties?: { readonly templateFile?: string };
}

/**
 * Reads the stack templates of a cloud assembly (cdk.out). The manifest says which files are
 * stack templates and in which environment; without a manifest every `*.template.json` is read.
 * Stacks come back sorted by name so the estimate does not depend on directory order.
 */
export function readAssembly(assemblyDir: string): StackTemplate[] {
  if (!existsSync(assemblyDir) || !statSync(assemblyDir).isDirectory()) {
    throw new AssemblyError(`${assemblyDir}: no cloud assembly folder there; run npx cdk synth first (it writes cdk.out/)`);
  }
  const stacks = fromManifest(assemblyDir) ?? fromTemplateFiles(assemblyDir);
  if (stacks.length === 0) {
    throw new AssemblyError(`${assemblyDir}: no *.template.json in the cloud assembly; run npx cdk synth first`);
  }
  return stacks.sort((a, b) => a.stackName.localeCompare(b.stackName));
}

function fromManifest(assemblyDir: string): StackTemplate[] | undefined {
  const manifestFile = join(assemblyDir, 'manifest.json');
  if (!existsSync(manifestFile)) return undefined;
  const manifest = parseJson(manifestFile) as { artifacts?: Record<string, ManifestArtifact> };
  return Object.entries(manifest.artifacts ?? {})
    .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile)
    .map(([stackName, artifact]) => ({
      stackName,
      region: regionOfEnvironment(artifact.environment),
      resources: resourcesOf(join(assemblyDir, artifact.properties?.templateFile ?? '')),
    }));
}

function fromTemplateFiles(assemblyDir: string): StackTemplate[] {
  return readdirSync(assemblyDir)
    .filter((file) => file.endsWith('.template.json'))
    .map((file) => ({ stackName: file.replace(/\.template\.json$/, ''), resources: resourcesOf(join(assemblyDir, file)) }));
}

/** "aws://123456789012/eu-west-3" -> "eu-west-3"; CDK writes unknown-region for agnostic stacks. */
function regionOfEnvironment(environment: string | undefined): string | undefined {
  const region = environment?.split('/')[3];
  return region && region !== 'unknown-region' ? region : undefined;
}

function resourcesOf(templateFile: string): Record<string, TemplateResource> {
  if (!existsSync(templateFile))
    throw new AssemblyError(`${templateFile}: listed in the manifest but missing; run npx cdk synth again`);
  const template = parseJson(templateFile) as { Resources?: Record<string, TemplateResource> };
  return template.Resources ?? {};
}

function parseJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AssemblyError(
      `${file}: not valid JSON (${error instanceof Error ? error.message : String(error)}); run npx cdk synth again`,
    );
  }
}
