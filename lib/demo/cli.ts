import { parseArgs } from 'node:util';
import { errorParts, UsageError } from './errors';

export const DEFAULT_CONFIG = 'config/anycompany-apparel.yaml';

/** A whole-number flag with the range it accepts: out of range is refused, never clamped. */
export interface IntegerFlag {
  readonly name: string;
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  /** Absent: the flag is optional and has no value unless given. */
  readonly default?: number;
  readonly help: string;
}

export interface CommandSpec {
  /** `npm run <script>`, for the usage text. */
  readonly script: string;
  readonly summary: string;
  readonly integers: readonly IntegerFlag[];
  /** Whether the command takes `--yes`. */
  readonly confirmation?: string;
}

export interface ParsedArgs {
  readonly help: boolean;
  readonly configFile: string;
  /** Set by --url: test this base URL instead of the one the stack outputs give. */
  readonly url?: string;
  readonly yes: boolean;
  readonly integers: Readonly<Record<string, number | undefined>>;
}

export function usage(spec: CommandSpec): string {
  const lines = [
    `Usage: npm run ${spec.script} -- [-c config=PATH] [flags]`,
    '',
    spec.summary,
    '',
    `  -c, --context config=PATH   POC config, as given to cdk (default ${DEFAULT_CONFIG})`,
    '  --url URL                   target this base URL (http or https) instead of the deployed site',
    ...spec.integers.map((flag) => {
      const range = `${flag.min}-${flag.max} ${flag.unit}`;
      const fallback = flag.default === undefined ? 'optional' : `default ${flag.default}`;
      return `  --${flag.name} N`.padEnd(30) + `${flag.help} (${range}, ${fallback})`;
    }),
    ...(spec.confirmation ? ['  --yes                       ' + spec.confirmation] : []),
    '  -h, --help                  this text',
  ];
  return `${lines.join('\n')}\n`;
}

/** Parses the arguments after `npm run <script> --`, the way `cdk` reads `-c config=PATH`. */
export function parseCommandArgs(argv: readonly string[], spec: CommandSpec): ParsedArgs {
  const integerOptions = Object.fromEntries(spec.integers.map((flag) => [flag.name, { type: 'string' as const }]));
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        context: { type: 'string', short: 'c', multiple: true },
        url: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...(spec.confirmation ? { yes: { type: 'boolean' as const } } : {}),
        ...integerOptions,
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // node:util parseArgs throws TypeErrors whose message names the offending argument.
    throw new UsageError(`${errorParts(error).message}\n\n${usage(spec)}`);
  }

  const integers: Record<string, number | undefined> = {};
  for (const flag of spec.integers) {
    integers[flag.name] = integerFlag(flag, values[flag.name] as string | undefined);
  }
  return {
    help: values.help === true,
    configFile: configFromContext((values.context as string[] | undefined) ?? []),
    url: values.url === undefined ? undefined : baseUrl(values.url as string),
    yes: values.yes === true,
    integers,
  };
}

/** The config file named by `-c config=PATH` entries (the last wins), as cdk reads them. */
export function configFromContext(entries: readonly string[]): string {
  let configFile = DEFAULT_CONFIG;
  for (const entry of entries) {
    const separator = entry.indexOf('=');
    const key = separator === -1 ? entry : entry.slice(0, separator);
    const value = separator === -1 ? '' : entry.slice(separator + 1);
    if (key !== 'config') {
      throw new UsageError(`-c ${entry}: the only context key these commands read is config (write -c config=PATH)`);
    }
    if (value.length === 0) throw new UsageError(`-c ${entry}: give the config file path, as in -c config=${DEFAULT_CONFIG}`);
    configFile = value;
  }
  return configFile;
}

function integerFlag(flag: IntegerFlag, raw: string | undefined): number | undefined {
  if (raw === undefined) return flag.default;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < flag.min || value > flag.max) {
    throw new UsageError(`--${flag.name} must be a whole number of ${flag.unit} from ${flag.min} to ${flag.max} (got "${raw}")`);
  }
  return value;
}

/** "https://shop.example.com/" -> "https://shop.example.com": paths are appended to it. */
export function baseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url must be an absolute http(s) URL such as https://d111111abcdef8.cloudfront.net (got "${raw}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url must use http or https (got "${raw}")`);
  }
  if (url.search !== '' || url.hash !== '') throw new UsageError(`--url must not carry a query or fragment (got "${raw}")`);
  return url.toString().replace(/\/+$/, '');
}
