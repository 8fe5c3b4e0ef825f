import { PocModel, StackInfo } from '../model';
import { NAME_KINDS, NAMES_HEADING, NameKind, NameRow } from './context';

/**
 * Checks a runbook's Markdown against a cloud assembly, independently of how it was written:
 * every name its shell commands use (stacks after `--stack-name` and in `npx cdk deploy|destroy`,
 * outputs in `OutputKey=='...'`, logical ids after `--logical-resource-id` or in
 * `LogicalResourceId=='...'`, alarms after `--alarm-names`, SSM parameters after `aws ssm ... --name`), every backticked logical id or
 * stack name in its text, and every row of its "Names in this runbook" table must exist in the
 * templates, and each name the commands or text use must be listed in that table.
 */

export interface CommandName {
  readonly kind: 'stack' | 'output' | 'resource' | 'alarm' | 'ssm parameter';
  readonly name: string;
  readonly stack?: string;
  /** The `--region` the command passes, if any. */
  readonly region?: string;
  /** Named by `npx cdk`, which finds each stack's region in the assembly itself. */
  readonly viaCdk?: boolean;
  readonly line: string;
}

/** Names the shell blocks of a runbook use. */
export function commandNames(markdown: string): CommandName[] {
  const names: CommandName[] = [];
  for (const line of shellLines(markdown)) {
    const stack = /--stack-name\s+([^\s)"']+)/.exec(line)?.[1];
    const region = /--region\s+([^\s)"']+)/.exec(line)?.[1];
    if (stack) names.push({ kind: 'stack', name: stack, region, line });
    for (const [, output] of line.matchAll(/OutputKey=='([^']+)'/g)) names.push({ kind: 'output', name: output, stack, line });
    for (const [, id] of line.matchAll(/--logical-resource-id\s+([^\s)"']+)/g))
      names.push({ kind: 'resource', name: id, stack, line });
    for (const [, id] of line.matchAll(/LogicalResourceId=='([^']+)'/g)) names.push({ kind: 'resource', name: id, stack, line });
    const alarms = /--alarm-names\s+(.*)$/.exec(line)?.[1];
    if (alarms) {
      for (const token of alarms.split(/\s+/)) {
        if (token.startsWith('-') || token === '\\') break;
        names.push({ kind: 'alarm', name: token, line });
      }
    }
    const parameter = /\baws ssm (?:get|put|delete)-parameter\b.*--name\s+([^\s)"']+)/.exec(line)?.[1];
    if (parameter) names.push({ kind: 'ssm parameter', name: parameter, line });
    // Up to a shell comment: its words are not stacks.
    const cdk = /npx cdk (?:deploy|destroy)\s+([^#]*)/.exec(line)?.[1];
    if (cdk) {
      const tokens = cdk.trim().split(/\s+/);
      tokens.forEach((token, position) => {
        const afterOption = position > 0 && /^-(c|-context|o|-output|-app)$/.test(tokens[position - 1]);
        if (token.startsWith('-') || afterOption) return;
        if (/^[A-Za-z][A-Za-z0-9-]*$/.test(token)) names.push({ kind: 'stack', name: token, viaCdk: true, line });
        // A quoted pattern selects a stack of another config's app (the DR copy): it must match a stack of this role here.
        const pattern = /^'([A-Za-z][A-Za-z0-9-]*)\*'$/.exec(token)?.[1];
        if (pattern) names.push({ kind: 'stack', name: `${pattern}*`, viaCdk: true, line });
      });
    }
  }
  return names;
}

/** The rows of the runbook's names table, and the lines of it that do not parse. */
export function namesTable(markdown: string): { readonly rows: NameRow[]; readonly malformed: string[] } {
  const lines = markdown.split('\n');
  const start = lines.indexOf(NAMES_HEADING);
  const rows: NameRow[] = [];
  const malformed: string[] = [];
  if (start === -1) return { rows, malformed };
  const kinds = NAME_KINDS.join('|');
  const row = new RegExp(`^\\| (${kinds}) \\| \`([^\`]+)\` \\| (?:\`([^\`]+)\`|–) \\| \`([^\`]+)\` \\|$`);
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    if (!line.startsWith('|') || /^\| Kind \|/.test(line) || /^\|---/.test(line)) continue;
    const match = row.exec(line);
    if (match) rows.push({ kind: match[1] as NameKind, name: match[2], stack: match[3], entry: match[4] });
    else malformed.push(line);
  }
  return { rows, malformed };
}

/** Every problem of one runbook, each prefixed with its file name; empty when all names check out. */
export function checkRunbook(file: string, markdown: string, model: PocModel): string[] {
  const problems: string[] = [];
  const stacks = new Map(model.stacks.map((stack) => [stack.name, stack]));
  const primaryRegion = mostCommon(model.stacks.filter((stack) => !stack.parent).map((stack) => stack.region));
  const hasOutput = (stack: string, key: string) => model.outputs.some((output) => output.stack === stack && output.key === key);
  const alarmNames = new Set(model.alarms.flatMap((alarm) => (alarm.name === undefined ? [] : [alarm.name])));
  const ssmParameterNames = new Set(model.ssmParameterReads.map((parameter) => parameter.name));
  const { rows, malformed } = namesTable(markdown);
  const listed = new Set(rows.map((row) => `${row.kind}\u0000${row.stack ?? ''}\u0000${row.name}`));
  const listedNames = new Set(rows.map((row) => row.name));
  const problem = (text: string) => problems.push(`${file}: ${text}`);

  for (const line of malformed) problem(`names table row does not parse: ${line}`);
  for (const row of rows) {
    const failure = rowProblem(row, stacks, model);
    if (failure) problem(`names table: ${row.kind} ${row.name}${row.stack ? ` of ${row.stack}` : ''}: ${failure}`);
  }

  // A pattern (`Prefix-Role*`) stands for the stack of this assembly that it matches.
  const matchedStack = (pattern: string) => [...stacks.values()].find((stack) => stack.name.startsWith(pattern.slice(0, -1)));
  const names = commandNames(markdown).map((name) =>
    name.kind === 'stack' && name.name.endsWith('*') ? { ...name, name: matchedStack(name.name)?.name ?? name.name } : name,
  );
  for (const name of names) {
    const stack = name.stack === undefined ? undefined : stacks.get(name.stack);
    const where = `in \`${name.line.trim()}\``;
    if (name.kind === 'stack') {
      const named = stacks.get(name.name);
      if (!named)
        problem(`stack ${name.name} ${name.name.endsWith('*') ? 'matches no stack of' : 'is not in'} the assembly ${where}`);
      else if (name.viaCdk) {
        // npx cdk reads each stack's environment from the assembly: no region to check.
      } else if (name.region !== undefined && name.region !== named.region) {
        problem(
          `stack ${name.name} is ${named.region ? `in ${named.region}` : 'environment-agnostic'}, not in ${name.region} ${where}`,
        );
      } else if (name.region === undefined && named.region !== primaryRegion) {
        problem(`stack ${name.name} lives in ${named.region}: the command needs --region ${named.region} ${where}`);
      }
    } else if (name.kind === 'alarm') {
      if (!alarmNames.has(name.name)) problem(`alarm ${name.name} is not in the assembly ${where}`);
    } else if (name.kind === 'ssm parameter') {
      if (!ssmParameterNames.has(name.name)) problem(`no stack reads the SSM parameter ${name.name} ${where}`);
    } else if (!name.stack) {
      problem(`${name.kind} ${name.name} is used without --stack-name ${where}`);
    } else if (!stack) {
      continue;
    } else if (name.kind === 'output' && !hasOutput(stack.name, name.name)) {
      problem(`output ${name.name} is not declared by ${name.stack} ${where}`);
    } else if (name.kind === 'resource' && !model.resource(`${stack.name}/${name.name}`)) {
      problem(`resource ${name.name} is not in ${name.stack} ${where}`);
    }
    const stackOfRow = name.kind === 'stack' ? undefined : name.stack;
    // A command names an alarm or a parameter alone; the table row says which stack declares it.
    const listedWithItsStack =
      (name.kind === 'alarm' || name.kind === 'ssm parameter') &&
      rows.some((row) => row.kind === name.kind && row.name === name.name);
    if (!listedWithItsStack && !listed.has(`${name.kind}\u0000${stackOfRow ?? ''}\u0000${name.name}`)) {
      problem(`${name.kind} ${name.name} is used ${where} but missing from the names table`);
    }
  }

  for (const token of proseTokens(markdown)) {
    const looksLikeStack = /^[A-Z][A-Za-z0-9]*-(Network|Data|App|Edge|Operations|DisasterRecovery)$/.test(token);
    const looksLikeLogicalId = /^[A-Za-z][A-Za-z0-9]*[0-9A-F]{8}$/.test(token) && /[a-z]/.test(token);
    if ((looksLikeStack || looksLikeLogicalId) && !listedNames.has(token)) {
      problem(`\`${token}\` in the text is not in the names table`);
    }
  }
  if (names.length > 0 && rows.length === 0) problem(`the commands use template names but there is no "${NAMES_HEADING}" table`);
  return problems;
}

export function checkRunbooks(runbooks: Readonly<Record<string, string>>, model: PocModel): string[] {
  return Object.entries(runbooks).flatMap(([file, markdown]) => checkRunbook(file, markdown, model));
}

function rowProblem(row: NameRow, stacks: ReadonlyMap<string, StackInfo>, model: PocModel): string | undefined {
  if (row.kind === 'stack') return stacks.has(row.name) ? undefined : 'no such stack in the assembly';
  const stack = row.stack === undefined ? undefined : stacks.get(row.stack);
  if (!stack) return `stack ${row.stack ?? '(none)'} is not in the assembly`;
  if (row.kind === 'output') {
    if (row.entry !== `Outputs.${row.name}`) return `entry ${row.entry} should be Outputs.${row.name}`;
    return model.outputs.some((output) => output.stack === stack.name && output.key === row.name)
      ? undefined
      : 'the template declares no such output';
  }
  if (row.kind === 'resource') {
    const match = /^Resources\.([A-Za-z0-9]+) \((.+)\)$/.exec(row.entry);
    if (!match || match[1] !== row.name) return `entry ${row.entry} should be Resources.${row.name} (<type>)`;
    const resource = model.resource(`${stack.name}/${row.name}`);
    if (!resource) return 'the template has no such resource';
    return resource.type === match[2] ? undefined : `it is a ${resource.type}, not a ${match[2]}`;
  }
  if (row.kind === 'ssm parameter') {
    const key = /^Parameters\.([A-Za-z0-9]+)\.Default$/.exec(row.entry)?.[1];
    if (!key) return `entry ${row.entry} should be Parameters.<key>.Default`;
    const declared = model.ssmParameterReads.find((parameter) => parameter.stack === stack.name && parameter.key === key);
    return declared?.name === row.name ? undefined : `Parameters.${key}.Default is ${JSON.stringify(declared?.name) ?? 'absent'}`;
  }
  const match = /^Resources\.([A-Za-z0-9]+)\.Properties\.(.+)$/.exec(row.entry);
  if (!match) return `entry ${row.entry} should be Resources.<id>.Properties.<path>`;
  const key = `${stack.name}/${match[1]}`;
  const resource = model.resource(key);
  if (!resource) return `the template has no resource ${match[1]}`;
  if (row.kind === 'alarm' && resource.type !== 'AWS::CloudWatch::Alarm')
    return `${match[1]} is a ${resource.type}, not an alarm`;
  const value = model.declaredString(key, match[2].split('.'));
  return value === row.name ? undefined : `${match[1]}.Properties.${match[2]} is ${JSON.stringify(value) ?? 'absent'}`;
}

/** The logical lines of every fenced block (backslash continuations joined). */
function shellLines(markdown: string): string[] {
  const lines: string[] = [];
  let inside = false;
  let pending = '';
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) {
      inside = !inside;
      pending = '';
      continue;
    }
    if (!inside) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trimEnd()} `;
      continue;
    }
    lines.push(pending + line.trimStart());
    pending = '';
  }
  return lines;
}

/** Backticked tokens outside fenced blocks and outside the names table. */
function proseTokens(markdown: string): string[] {
  const tokens: string[] = [];
  let inside = false;
  for (const line of markdown.split('\n')) {
    if (line === NAMES_HEADING) break;
    if (line.startsWith('```')) inside = !inside;
    else if (!inside) for (const [, token] of line.matchAll(/`([^`\s]+)`/g)) tokens.push(token);
  }
  return tokens;
}

function mostCommon<T>(values: readonly T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}
