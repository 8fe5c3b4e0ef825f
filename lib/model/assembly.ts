import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { customerStackPrefix } from '../config/naming';
import { PocConfig } from '../config/schema';

/**
 * Reading a synthesized cloud assembly: the stack templates (from manifest.json, or every
 * `*.template.json` when there is no manifest), nested stacks, and the references between them.
 */

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly Metadata?: Readonly<Record<string, unknown>>;
}

export interface CfnTemplate {
  readonly Resources?: Readonly<Record<string, CfnResource>>;
  readonly Outputs?: Readonly<Record<string, { readonly Value?: unknown; readonly Export?: { readonly Name?: unknown } }>>;
  readonly Parameters?: Readonly<Record<string, { readonly Type?: string; readonly Default?: unknown }>>;
  readonly Description?: string;
  readonly Mappings?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
}

export interface StackTemplate {
  /** The CloudFormation stack name (what Fn::GetStackOutput names); `<parent>/<logical id>` for a nested stack. */
  readonly name: string;
  readonly template: CfnTemplate;
  /** For a nested stack: the AWS::CloudFormation::Stack resource that binds its parameters. */
  readonly parent?: { readonly stack: string; readonly logicalId: string };
  /** The region the manifest pins the stack to; undefined for an environment-agnostic stack. */
  readonly region?: string;
  /** Whether the manifest asks CloudFormation to protect the stack from deletion. */
  readonly terminationProtection?: boolean;
}

export interface Assembly {
  readonly stacks: readonly StackTemplate[];
}

const SYNTH_HINT = 'run `npx cdk synth` first, or pass the cloud assembly directory (default cdk.out)';
const RESYNTH_HINT = 'run `npx cdk synth` again';

/**
 * A cloud assembly that cannot be read, or that is not the kit's POC of the config at hand. Every
 * message has one format, `<path>: <what is wrong>; <what to do>`, so the CLIs print it as is.
 */
export class AssemblyError extends Error {
  constructor(
    readonly path: string,
    problem: string,
    fix: string = SYNTH_HINT,
  ) {
    super(`${path}: ${problem}; ${fix}`);
    this.name = 'AssemblyError';
  }
}

interface ManifestArtifact {
  readonly type?: string;
  readonly displayName?: string;
  /** `aws://<account>/<region>`; CDK writes unknown-account / unknown-region for agnostic stacks. */
  readonly environment?: string;
  readonly properties?: {
    readonly templateFile?: string;
    readonly stackName?: string;
    readonly directoryName?: string;
    readonly terminationProtection?: boolean;
  };
}

export function loadAssembly(directory: string): Assembly {
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new AssemblyError(directory, 'no cloud assembly folder there');
  }
  const stacks = readStacks(directory);
  if (stacks.length === 0) throw new AssemblyError(directory, 'holds no CloudFormation templates');
  return { stacks };
}

/**
 * Refuses an assembly synthesized from another config: a reader given one (`--from`) would
 * describe another customer's POC.
 */
export function checkAssemblyOfConfig(directory: string, config: PocConfig): Assembly {
  const assembly = loadAssembly(directory);
  const prefix = `${customerStackPrefix(config)}-`;
  const stacks = assembly.stacks.map((stack) => stack.name);
  if (!stacks.some((stack) => stack.startsWith(prefix))) {
    throw new AssemblyError(
      directory,
      `holds the stacks ${stacks.join(', ')}, none of ${config.customer.name} (${prefix}*)`,
      'synthesize this config into it (npx cdk synth -c config=...) or pass the config it was synthesized from with -c config=PATH',
    );
  }
  return assembly;
}

function readStacks(directory: string): StackTemplate[] {
  const manifestFile = join(directory, 'manifest.json');
  const tops: { name: string; file: string; region?: string; terminationProtection?: boolean }[] = [];
  const stacks: StackTemplate[] = [];
  if (existsSync(manifestFile)) {
    const manifest = readJson(manifestFile) as { artifacts?: Record<string, ManifestArtifact> };
    for (const [id, artifact] of Object.entries(manifest.artifacts ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      if (artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile) {
        tops.push({
          name: artifact.properties.stackName ?? id,
          file: join(directory, artifact.properties.templateFile),
          region: regionOf(artifact.environment),
          terminationProtection: artifact.properties.terminationProtection,
        });
      } else if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
        // A CDK Stage: its stacks live in a nested assembly.
        stacks.push(...readStacks(join(directory, artifact.properties.directoryName)));
      }
    }
  } else {
    for (const file of readdirSync(directory).sort()) {
      if (file.endsWith('.template.json') && !file.endsWith('.nested.template.json')) {
        tops.push({ name: basename(file, '.template.json'), file: join(directory, file) });
      }
    }
  }
  for (const top of tops) {
    const template = readJson(top.file) as CfnTemplate;
    const { region, terminationProtection } = top;
    stacks.push({ name: top.name, template, region, terminationProtection }, ...nestedStacks(directory, top.name, template));
  }
  return stacks;
}

function regionOf(environment: string | undefined): string | undefined {
  const region = environment?.split('/')[3];
  return region && region !== 'unknown-region' ? region : undefined;
}

/** Nested stacks synthesize as `*.nested.template.json` assets that the parent's resource names in its metadata. */
function nestedStacks(directory: string, parentName: string, template: CfnTemplate): StackTemplate[] {
  const result: StackTemplate[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    const assetPath = resource.Metadata?.['aws:asset:path'];
    if (resource.Type !== 'AWS::CloudFormation::Stack' || typeof assetPath !== 'string') continue;
    const file = join(directory, assetPath);
    if (!existsSync(file)) continue;
    const nested = readJson(file) as CfnTemplate;
    const name = `${parentName}/${logicalId}`;
    result.push({ name, template: nested, parent: { stack: parentName, logicalId } }, ...nestedStacks(directory, name, nested));
  }
  return result;
}

export function readJson(file: string): unknown {
  if (!existsSync(file)) throw new AssemblyError(file, 'listed in the manifest but missing', RESYNTH_HINT);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AssemblyError(file, `not valid JSON (${(error as Error).message})`, RESYNTH_HINT);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
