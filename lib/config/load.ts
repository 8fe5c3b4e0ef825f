import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { deepFreeze } from '../shared/deep-freeze';
import { pocConfigSchema, PocConfig } from './schema';

/** Every problem found in a config file, each naming the field, the bad value and the fix. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid POC config ${file}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const CONFIG_EXTENSIONS = ['.yaml', '.yml', '.json'];
const EXAMPLE = 'config/anycompany-apparel.yaml';

export function loadConfigFile(file: string): PocConfig {
  const text = readConfigText(file);
  let raw: unknown;
  try {
    raw = extname(file) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const detail = error instanceof YAMLParseError || error instanceof SyntaxError ? error.message : String(error);
    // The YAML parser adds the offending line under its message: the first line already names line and column.
    throw new ConfigError(file, [`cannot be parsed: ${detail.split('\n')[0]}`]);
  }
  if (raw === null || raw === undefined) throw new ConfigError(file, [`is empty; copy ${EXAMPLE} and edit it`]);
  return parseConfig(raw, file);
}

/** The file's text, or a ConfigError saying why there is none to read. */
function readConfigText(file: string): string {
  const fix = 'pass a file with -c config=PATH';
  try {
    if (statSync(file).isDirectory()) {
      const candidates = readdirSync(file).filter((entry) => CONFIG_EXTENSIONS.includes(extname(entry)));
      const example = candidates.length > 0 ? join(file, candidates.sort()[0]) : EXAMPLE;
      throw new ConfigError(file, [`is a folder, not a config file; ${fix}, e.g. -c config=${example}`]);
    }
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ConfigError(file, [`file not found; pass an existing file with -c config=PATH (default ${EXAMPLE})`]);
    }
    throw new ConfigError(file, [`cannot be read (${code ?? String(error)}); check its permissions, or ${fix}`]);
  }
}

export function parseConfig(raw: unknown, source = '<inline>'): PocConfig {
  const result = pocConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      source,
      result.error.issues.map((issue) => describeIssue(issue, raw)),
    );
  }
  return deepFreeze(result.data);
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => (field === '(top level)' ? key : `${field}.${key}`));
    return `${keys.join(', ')}: unknown key${keys.length > 1 ? 's' : ''} (a typo?); see config/schema.json for the allowed keys`;
  }
  const value = valueAt(raw, issue.path);
  if (value === undefined && issue.code === 'invalid_type') {
    return `${field}: is required (${issue.expected}); see ${EXAMPLE} for an example`;
  }
  return `${field}${shown(value)}: ${messageOf(issue, value)}`;
}

/** The value as the problem line shows it: scalars always, lists and mappings only when short. */
function shown(value: unknown): string {
  if (typeof value === 'number') return ` (${String(value)})`;
  const text = JSON.stringify(value);
  if (text === undefined) return '';
  return typeof value !== 'object' || value === null || text.length <= 60 ? ` (${text})` : '';
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

/** zod's own messages ("Invalid input: expected number, received string") rewritten to name the fix. */
function messageOf(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'invalid_type' && issue.path.length === 0) {
    return `must be a mapping of the config sections (customer, network, management, ...), not ${kindOf(value)}; see ${EXAMPLE}`;
  }
  if (issue.code === 'invalid_type' && issue.expected === 'int' && typeof value === 'number') return 'must be a whole number';
  if (issue.code === 'invalid_type' && issue.expected === 'string' && ['number', 'boolean'].includes(typeof value)) {
    return `must be a string, not ${kindOf(value)}: quote it in YAML ('${String(value)}')`;
  }
  if (issue.code === 'invalid_type' && EXPECTED[issue.expected]) {
    return `must be ${EXPECTED[issue.expected]}, not ${kindOf(value)}`;
  }
  if (issue.code === 'invalid_value' && issue.message.startsWith('Invalid ')) {
    return `must be one of ${issue.values.map((option) => JSON.stringify(option)).join(', ')}`;
  }
  return issue.message;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = raw;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
