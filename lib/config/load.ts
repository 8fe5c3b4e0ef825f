import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
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

export function loadConfigFile(file: string): PocConfig {
  if (!existsSync(file)) {
    throw new ConfigError(file, [
      `file not found; pass an existing file with -c config=PATH (default config/anycompany-apparel.yaml)`,
    ]);
  }
  const text = readFileSync(file, 'utf8');
  let raw: unknown;
  try {
    raw = extname(file) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const detail = error instanceof YAMLParseError || error instanceof SyntaxError ? error.message : String(error);
    throw new ConfigError(file, [`cannot be parsed: ${detail}`]);
  }
  return parseConfig(raw, file);
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
  const field = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => (field === '(top level)' ? key : `${field}.${key}`));
    return `${keys.join(', ')}: unknown key${keys.length > 1 ? 's' : ''} (a typo?); see config/schema.json for the allowed keys`;
  }
  const value = valueAt(raw, issue.path);
  if (value === undefined && issue.code === 'invalid_type') {
    return `${field}: is required (${issue.expected}); see config/anycompany-apparel.yaml for an example`;
  }
  return `${field} (${JSON.stringify(value)}): ${issue.message}`;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = raw;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
