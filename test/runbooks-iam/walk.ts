import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isObject } from '../../lib/model';
import { AWS_CLI_COMMANDS, CommandEntry, NPM_SCRIPTS } from './command-actions';
import { bashBlocks, literal, parseLine, SimpleCommand, Word } from './shell';
import { GROUP_ID, STACK_ID, TemplateValues } from './templates';

/**
 * Reads a runbook as an operator runs it, top to bottom: which role runs each command (the last
 * `export AWS_PROFILE=` before it, or an `AWS_PROFILE=` prefix; none before the first), in which
 * region (`--region`, else the last `export AWS_REGION=`), and on which resources (variables set from
 * stack outputs and logical ids are resolved from the templates). A block introduced as "in a second
 * (another, a new) terminal" starts with nothing set: no variable, no profile, no region.
 */

export interface Request {
  readonly action: string;
  readonly resource: string;
  /** The resource's own policy, when the request's decision depends on it (the trust policy of a role to assume). */
  readonly resourcePolicy?: unknown;
}

export interface Invocation {
  readonly file: string;
  /** The logical shell line, as written. */
  readonly line: string;
  /** `aws <service> <operation>`, `npx cdk <verb>` or `npm run <script>`. */
  readonly command: string;
  /** The AWS CLI profile in force; undefined for the signed-in principal's own credentials. */
  readonly profile?: string;
  readonly region: string;
  readonly requests: readonly Request[];
  /** Why the command could not be mapped to requests, if it could not. */
  readonly unmapped?: string;
  /** The stacks an `npx cdk destroy` deletes. */
  readonly destroys?: readonly string[];
}

/** The profile that stands for the signed-in principal's own credentials (the `source_profile` of the role profiles). */
export const OWN_PROFILE = 'default';

export interface Walk {
  readonly invocations: Invocation[];
  /** Steps that use a variable no earlier step of the same terminal sets. */
  readonly unsetVariables: string[];
}

export interface WalkContext {
  readonly values: TemplateValues;
  readonly assemblyDir: string;
  /** The config file the runbooks were rendered for (`-c config=` of its commands). */
  readonly configFile: string;
  /** The POC's region: the config's, else the test account's. */
  readonly region: string;
  /** The DR copy's region, for `npx cdk` commands with another config file. */
  readonly drRegion?: string;
  /** Stack name of each stack role. */
  readonly stackNames: Readonly<Record<string, string>>;
}

/** Variables an operator's shell has without a runbook setting them. */
const ENVIRONMENT = new Set(['HOME', 'USER', 'PWD', 'PATH']);
const NEW_TERMINAL = /\b(second|another|new) terminal\b/i;
const SHELL_KEYWORDS = new Set(['do', 'then', 'else', 'done', 'fi', 'while', 'if', '!', 'time']);
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

interface State {
  profile?: string;
  region: string;
  vars: Map<string, string[]>;
}

export function walkRunbook(file: string, markdown: string, context: WalkContext): Walk {
  const invocations: Invocation[] = [];
  const unsetVariables: string[] = [];
  const fresh = (): State => ({ region: context.region, vars: new Map() });
  let state = fresh();

  for (const block of bashBlocks(markdown)) {
    // A second terminal starts empty, and the first one goes on as it was after the block.
    const first = state;
    if (NEW_TERMINAL.test(block.before)) state = fresh();
    for (const line of block.lines) {
      for (const command of parseLine(line)) run(command, line);
    }
    state = first;
  }
  return { invocations, unsetVariables };

  /** Runs one simple command; returns the value it prints when a later step can know it (stack outputs, logical ids). */
  function run(command: SimpleCommand, line: string, assignedTo?: string): string[] {
    let words = [...command.words];
    while (words.length > 0 && SHELL_KEYWORDS.has(literal(words[0]) ?? '')) words = words.slice(1);
    if (words.length === 0) return [];
    const prefix = new Map<string, string[]>();
    while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(firstText(words[0]))) {
      const [name, value] = assignment(words[0], line, assignedTo);
      prefix.set(name, value ?? []);
      words = words.slice(1);
    }
    if (words.length === 0) {
      for (const [name, value] of prefix) bind(name, value);
      return [];
    }
    const head = literal(words[0]);
    if (head === 'export') {
      for (const word of words.slice(1)) {
        const [name, value] = assignment(word, line);
        bind(name, value);
      }
      return [];
    }
    if (head === 'unset') {
      for (const word of words.slice(1)) bind(literal(word) ?? '', undefined);
      return [];
    }
    if (head === 'for') {
      const variable = literal(words[1]) ?? '';
      bind(
        variable,
        words.slice(3).flatMap((word) => expand(word, line)),
      );
      return [];
    }
    if (head === 'read') {
      for (const word of words.slice(1))
        if (!(literal(word) ?? '').startsWith('-')) bind(literal(word) ?? '', [`UNKNOWN_${literal(word)}`]);
      return [];
    }
    const expanded = words.map((word) => expand(word, line));
    const profile = prefix.has('AWS_PROFILE') ? prefix.get('AWS_PROFILE')?.[0] : state.profile;
    const regionPrefix = prefix.get('AWS_REGION')?.[0];
    const region = regionPrefix ? regionOf(regionPrefix) : state.region;
    const texts = expanded.map((alternatives) => alternatives[0] ?? '');
    if (head === 'aws') return aws(expanded, line, profile, region, assignedTo);
    if (head === 'npx' && texts[1] === 'cdk') {
      const planned = cdk(texts.slice(2));
      record(
        line,
        `npx cdk ${texts[2]}`,
        profile,
        region,
        planned?.requests,
        texts[2] === 'destroy' ? planned?.stacks : undefined,
      );
      return [];
    }
    if (head === 'npm' && texts[1] === 'run') {
      const entry = NPM_SCRIPTS[texts[2]];
      record(line, `npm run ${texts[2]}`, profile, region, entry ? requestsOf(entry, new Options([]), region) : undefined);
      return [];
    }
    return [];
  }

  function aws(
    words: string[][],
    line: string,
    profile: string | undefined,
    commandRegion: string,
    assignedTo?: string,
  ): string[] {
    const service = words[1]?.[0] ?? '';
    const operation = words[2]?.[0] ?? '';
    const waiter = operation === 'wait' ? ` ${words[3]?.[0] ?? ''}` : '';
    const key = `${service} ${operation}${waiter}`;
    const options = new Options(words.slice(waiter ? 4 : 3));
    const region = options.first('--region') ?? commandRegion;
    const entry = AWS_CLI_COMMANDS[key];
    record(line, `aws ${key}`, profile, region, entry ? requestsOf(entry, options, region) : undefined);
    return produced(key, options, assignedTo);
  }

  /** What a command prints that the templates determine. */
  function produced(key: string, options: Options, assignedTo?: string): string[] {
    const stack = options.first('--stack-name');
    const unknown = [`UNKNOWN_${assignedTo ?? 'VALUE'}`];
    if (key === 'cloudformation describe-stacks' && stack) {
      const output = /OutputKey=='([^']+)'/.exec(options.first('--query') ?? '')?.[1];
      const value = output ? context.values.output(stack, output) : undefined;
      return value !== undefined ? [value] : unknown;
    }
    if (key === 'cloudformation describe-stack-resource' && stack) {
      const logicalId = options.first('--logical-resource-id');
      if (logicalId && context.values.resource(stack, logicalId)) return [context.values.physicalId(stack, logicalId)];
    }
    if (key === 'sts get-caller-identity') return [context.values.test.account];
    return unknown;
  }

  function requestsOf(entry: CommandEntry, options: Options, region: string): Request[] {
    const requests: Request[] = [];
    for (const request of entry.actions) {
      if (request.when && !options.has(request.when)) continue;
      for (const resource of render(request.resource, options, region)) requests.push({ action: request.action, resource });
    }
    return requests;
  }

  function render(template: string, options: Options, region: string): string[] {
    const test = context.values.test;
    let results = [
      template
        .replace(/\$\{Partition\}/g, test.partition)
        .replace(/\$\{Account\}/g, test.account)
        .replace(/\$\{Region\}/g, region)
        .replace(/\$\{StackId\}/g, STACK_ID)
        .replace(/\$\{GroupId\}/g, GROUP_ID),
    ];
    for (const [placeholder, spec] of template.matchAll(/\{([^}]+)\}/g)) {
      const values = placeholderValues(spec, options);
      results = results.flatMap((result) => values.map((value) => result.replace(placeholder, value)));
    }
    return results;
  }

  function placeholderValues(spec: string, options: Options): string[] {
    const [source, transform] = spec.split('|');
    let values: string[];
    if (source.startsWith('--')) values = options.all(source);
    else if (/^\d+$/.test(source)) values = [options.positional[Number(source) - 1]].filter((value) => value !== undefined);
    else if (source.startsWith('stack:')) values = [context.stackNames[source.slice('stack:'.length)] ?? `NO-STACK-${source}`];
    else if (source.startsWith('output:')) {
      const [, role, key] = source.split(':');
      const stack = context.stackNames[role];
      values = [(stack && context.values.output(stack, key)) ?? `NO-OUTPUT-${role}-${key}`];
    } else values = [`UNKNOWN-PLACEHOLDER-${spec}`];
    if (values.length === 0) values = ['ANY'];
    return values.map((value) => transformed(value, transform));
  }

  /** `npx cdk deploy|destroy ...`: sts:AssumeRole on the bootstrap roles of each stack it names. */
  function cdk(args: string[]): { requests: Request[]; stacks: string[] } | undefined {
    const verb = args[0];
    if (verb !== 'deploy' && verb !== 'destroy') return undefined;
    const selectors: string[] = [];
    let configFile = context.configFile;
    for (let index = 1; index < args.length; index += 1) {
      const arg = args[index];
      if (/^(-c|--context|-o|--output|--app)$/.test(arg)) {
        const value = args[index + 1] ?? '';
        if (value.startsWith('config=')) configFile = value.slice('config='.length);
        index += 1;
      } else if (arg === '--all') selectors.push('*');
      else if (!arg.startsWith('-')) selectors.push(arg);
    }
    const manifest = readManifest(context.assemblyDir);
    const stacks = Object.entries(manifest).filter(([name]) =>
      selectors.some((selector) => (selector.endsWith('*') ? name.startsWith(selector.slice(0, -1)) : name === selector)),
    );
    if (stacks.length === 0) return { requests: [], stacks: [] };
    const otherConfig = configFile !== context.configFile;
    const requests: Request[] = [];
    for (const [name, artifact] of stacks) {
      const region = artifact.region ?? (otherConfig && context.drRegion ? context.drRegion : context.region);
      const roles = [artifact.deployRole, ...(verb === 'deploy' ? artifact.publishingRoles : [])];
      for (const role of new Set(roles)) {
        const resource = role
          .replace(/\$\{AWS::Partition\}/g, context.values.test.partition)
          .replace(/\$\{AWS::AccountId\}/g, context.values.test.account)
          .replace(/\$\{AWS::Region\}/g, region);
        requests.push({ action: 'sts:AssumeRole', resource, resourcePolicy: bootstrapTrust(context.values) });
      }
      if (!artifact.deployRole) throw new Error(`${name} names no deploy role in manifest.json`);
    }
    return { requests, stacks: otherConfig ? [] : stacks.map(([name]) => name) };
  }

  function record(
    line: string,
    command: string,
    profile: string | undefined,
    region: string,
    requests: Request[] | undefined,
    destroys?: string[],
  ) {
    invocations.push({
      file,
      line,
      command,
      profile: profile === OWN_PROFILE || profile === '' ? undefined : profile,
      region,
      requests: requests ?? [],
      ...(requests === undefined ? { unmapped: `${command} is not in test/runbooks-iam/command-actions.ts` } : {}),
      ...(destroys ? { destroys } : {}),
    });
  }

  function assignment(word: Word, line: string, assignedTo?: string): [string, string[] | undefined] {
    const first = word.parts[0];
    if (first?.kind !== 'text') return ['', undefined];
    const equals = first.value.indexOf('=');
    const name = first.value.slice(0, equals);
    const rest: Word = {
      parts: [{ ...first, value: first.value.slice(equals + 1) }, ...word.parts.slice(1)].filter(
        (part) => part.kind !== 'text' || part.value.length > 0,
      ),
    };
    return [name, rest.parts.length === 0 ? [''] : expand(rest, line, assignedTo ?? name)];
  }

  function bind(name: string, value: string[] | undefined): void {
    if (name === 'AWS_PROFILE') state.profile = value?.[0];
    if (name === 'AWS_REGION') state.region = value?.[0] ? regionOf(value[0]) : context.region;
    if (value === undefined) state.vars.delete(name);
    else state.vars.set(name, value);
  }

  /** A word's values: one per alternative of the loop variables it uses. */
  function expand(word: Word, line: string, assignedTo?: string): string[] {
    let results = [''];
    for (const part of word.parts) {
      let values: string[];
      if (part.kind === 'substitution') {
        values = [];
        part.commands.forEach((command, index) => {
          const printed = run(command, line, assignedTo);
          if (index === 0) values = printed.length > 0 ? printed : [`UNKNOWN_${assignedTo ?? 'VALUE'}`];
        });
      } else if (!part.expand) {
        values = [part.value];
      } else {
        values = substitute(part.value, line);
      }
      results = results.flatMap((result) => values.map((value) => result + value));
    }
    return results.map((value) => value.replace(/^(arn:[^:]*:[^:]*:[^:]*:)ACCOUNT:/, `$1${context.values.test.account}:`));
  }

  function substitute(text: string, line: string): string[] {
    let results = [''];
    let rest = text;
    for (
      let match = /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/.exec(rest);
      match;
      match = /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/.exec(rest)
    ) {
      const name = match[1];
      const before = rest.slice(0, match.index);
      let values = state.vars.get(name);
      if (!values) {
        if (!ENVIRONMENT.has(name)) unsetVariables.push(`${file}: $${name} in \`${line}\``);
        values = [ENVIRONMENT.has(name) ? name.toLowerCase() : `UNSET_${name}`];
      }
      const current = values;
      results = results.flatMap((result) => current.map((value) => result + before + value));
      rest = rest.slice(match.index + match[0].length);
    }
    return results.map((result) => result + rest);
  }

  function regionOf(value: string): string {
    return REGION.test(value) ? value : context.region;
  }
}

/** The options of an AWS CLI command: `--name value...`, and the positional arguments before the first option. */
class Options {
  readonly positional: string[] = [];
  private readonly values = new Map<string, string[]>();

  constructor(words: readonly (readonly string[])[]) {
    let current: string | undefined;
    for (const alternatives of words) {
      const text = alternatives[0] ?? '';
      if (text.startsWith('--')) {
        current = text;
        this.values.set(current, this.values.get(current) ?? []);
      } else if (current) this.values.get(current)?.push(...alternatives);
      else this.positional.push(...alternatives);
    }
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  first(name: string): string | undefined {
    return this.values.get(name)?.[0];
  }

  all(name: string): string[] {
    return this.values.get(name) ?? [];
  }
}

/** `id`: the last segment of an ARN; `bucket` and `object`: the parts of an `s3://bucket/prefix` URL. */
function transformed(value: string, transform: string | undefined): string {
  if (transform === 'id') return value.startsWith('arn:') ? (value.split(/[:/]/).pop() ?? value) : value;
  const url = /^s3:\/\/([^/]+)\/?(.*)$/.exec(value);
  if (transform === 'bucket') return url ? url[1] : value;
  if (transform === 'object') return url ? `${url[1]}/${url[2]}OBJECT` : value;
  return value;
}

function firstText(word: Word): string {
  const first = word.parts[0];
  return first?.kind === 'text' ? first.value : '';
}

interface StackArtifact {
  readonly region?: string;
  readonly deployRole: string;
  readonly publishingRoles: string[];
}

const manifests = new Map<string, Record<string, StackArtifact>>();

/** The bootstrap roles each stack of the assembly is deployed through (manifest.json and its asset manifests). */
function readManifest(directory: string): Record<string, StackArtifact> {
  const cached = manifests.get(directory);
  if (cached) return cached;
  const manifest = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; environment?: string; properties?: Record<string, unknown> }>;
  };
  const stacks: Record<string, StackArtifact> = {};
  for (const [id, artifact] of Object.entries(manifest.artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const name = String(artifact.properties?.stackName ?? id);
    const region = artifact.environment?.split('/')[3];
    const assets = join(directory, `${id}.assets.json`);
    const publishingRoles: string[] = [];
    if (existsSync(assets)) {
      const content = JSON.parse(readFileSync(assets, 'utf8')) as Record<string, unknown>;
      for (const kind of ['files', 'dockerImages']) {
        const entries = content[kind];
        if (!isObject(entries)) continue;
        for (const asset of Object.values(entries)) {
          const destinations = isObject(asset) && isObject(asset.destinations) ? Object.values(asset.destinations) : [];
          for (const destination of destinations) {
            if (isObject(destination) && typeof destination.assumeRoleArn === 'string')
              publishingRoles.push(destination.assumeRoleArn);
          }
        }
      }
    }
    stacks[name] = {
      region: region && region !== 'unknown-region' ? region : undefined,
      deployRole: String(artifact.properties?.assumeRoleArn ?? ''),
      publishingRoles,
    };
  }
  manifests.set(directory, stacks);
  return stacks;
}

/** The trust policy of the CDK bootstrap roles (bootstrap template): the account's root principal, which defers to identity policies. */
function bootstrapTrust(values: TemplateValues): unknown {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:${values.test.partition}:iam::${values.test.account}:root` },
        Action: 'sts:AssumeRole',
      },
    ],
  };
}
