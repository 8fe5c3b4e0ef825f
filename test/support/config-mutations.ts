import fc from 'fast-check';
import { jsonSchemaOfConfig } from '../../lib/config/json-schema';
import { ConfigError, loadConfigFile, parseConfig } from '../../lib/config/load';
import { PocConfig, PocConfigInput } from '../../lib/config/schema';
import { MAX_CONFIG_TAGS } from '../../lib/config/tags';
import { join } from 'node:path';

/**
 * Mutations of the default config for the property test (test/config-property.test.ts): a value
 * of another type, a value near a bound, a deleted field, an added key, at any depth. The global
 * setup synthesizes a fixed sample of the accepted ones (test/support/variants.ts).
 */

type Json = unknown;
export type Path = readonly (string | number)[];

/** Values that sit near what some field accepts, or are what YAML yields and JSON cannot (NaN, Infinity, -0). */
const NEAR_VALUES: readonly Json[] = [
  ...['eu-west-1', 'eu-west-3', 'eu-central-2', 'us-east-1', 'eu-west-9', 'cn-north-1', 'us-gov-west-1', 'eusc-de-east-1'],
  ...['10.40.0.0/16', '10.40.8.0/24', '10.0.0.0/8', '0.0.0.0/0', '::/0', '198.51.100.0/24', '10.40.1.0/16', '8.8.0.0/16'],
  ...['aws:owner', 'AWS:x', 'Customer', 'ManagedBy', 'é'.repeat(129), 'x'.repeat(257), 'a#b', '', ' ', '__proto__'],
  ...['t4g.small', 'm7g.huge', 'db.m7g.large', 'cache.t4g.small', 'ssm', 'ssh', 'single', 'elasticache-memcached'],
  'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
  'arn:aws:acm:eu-west-3:123456789012:certificate/11111111-2222-3333-4444-555555555555',
  ...[0, -0, 1, 2, 3, 5, 7, 19, 20, 21, 24, 35, 36, 60, 90, 100, 101, 365, 16384, 65535, 0.5, 2.5, -1, 1e21],
  ...[NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 2, true, false, null, [], {}],
  ['eu-west-3a', 'eu-west-3b', 'eu-west-3c'],
  { region: 'eu-west-3' },
  { region: 'eu-west-3', availabilityZones: ['eu-west-3a', 'eu-west-3b'] },
  { copyToRegion: 'us-east-1', allowCrossGeography: true },
];

const anyValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NEAR_VALUES) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
);

/**
 * Valid fragments of the optional parts, grafted in whole so that the checks across fields (the
 * pinned region, the domain's certificates, the desired capacity) run too; later mutations may
 * then break them.
 */
const CERTIFICATE = '123456789012:certificate/11111111-2222-3333-4444-555555555555';
const GRAFTS: readonly { readonly path: Path; readonly value: Json }[] = [
  {
    path: ['environment'],
    value: { account: '111122223333', region: 'eu-west-3', availabilityZones: ['eu-west-3a', 'eu-west-3b'] },
  },
  { path: ['environment'], value: { region: 'us-east-2' } },
  {
    path: ['domain'],
    value: {
      name: 'shop.example.com',
      originHostname: 'origin.shop.example.com',
      cloudFrontCertificateArn: `arn:aws:acm:us-east-1:${CERTIFICATE}`,
      albCertificateArn: `arn:aws:acm:eu-west-3:${CERTIFICATE}`,
    },
  },
  { path: ['web', 'desiredCapacity'], value: 3 },
  { path: ['disasterRecovery', 'allowCrossGeography'], value: true },
  { path: ['management', 'bastionAccess'], value: 'ssm' },
  { path: ['database', 'cache'], value: 'elasticache-memcached' },
  { path: ['tags'], value: { Owner: 'Équipe données', CostCenter: '4410' } },
];

type Mutation =
  | { readonly kind: 'graft'; readonly pick: number }
  | { readonly kind: 'set'; readonly pick: number; readonly value: Json }
  | { readonly kind: 'nudge'; readonly pick: number; readonly delta: number }
  | { readonly kind: 'delete'; readonly pick: number }
  | { readonly kind: 'add'; readonly pick: number; readonly key: string; readonly value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('graft' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: anyValue }),
  fc.record({ kind: fc.constant('nudge' as const), pick: fc.nat(), delta: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('add' as const),
    pick: fc.nat(),
    key: fc.oneof(fc.constantFrom(...schemaKeys()), fc.string({ maxLength: 12 })),
    value: anyValue,
  }),
);

/** Every property name the schema knows: an added key is often a known key in the wrong place. */
function schemaKeys(): string[] {
  return [...new Set(schemaPaths().map((path) => path.split('.').pop() as string))];
}

/** Dotted paths of every property of the JSON Schema (present or not in a config). */
function schemaPaths(): string[] {
  const paths: string[] = [];
  const walk = (schema: Record<string, unknown>, prefix: string) => {
    const variants = [schema, ...((schema.anyOf as Record<string, unknown>[] | undefined) ?? [])];
    for (const variant of variants) {
      for (const [key, child] of Object.entries((variant.properties as Record<string, Record<string, unknown>>) ?? {})) {
        const path = prefix ? `${prefix}.${key}` : key;
        paths.push(path);
        walk(child, path);
      }
    }
  };
  walk(jsonSchemaOfConfig(), '');
  return paths;
}
export const SCHEMA_PATHS = schemaPaths();

export function isContainer(value: unknown): value is Record<string | number, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Every path in `value`, containers and leaves, the root excluded. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (!isContainer(value)) return [];
  return Object.keys(value).flatMap((key) => {
    const step = Array.isArray(value) ? Number(key) : key;
    return [[...prefix, step], ...pathsOf(value[key], [...prefix, step])];
  });
}

function parentOf(root: Record<string, unknown>, path: Path): Record<string | number, unknown> | undefined {
  let current: unknown = root;
  for (const step of path.slice(0, -1)) {
    if (!isContainer(current)) return undefined;
    current = current[step];
  }
  return isContainer(current) ? current : undefined;
}

/** Sets an own property, as YAML and JSON parsers do, even for a key such as __proto__. */
function put(target: Record<string | number, unknown>, key: string | number, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function apply(root: Record<string, unknown>, change: Mutation): void {
  if (change.kind === 'graft') {
    const { path, value } = GRAFTS[change.pick % GRAFTS.length];
    const parent = parentOf(root, path);
    if (parent) put(parent, path[path.length - 1], structuredClone(value));
    return;
  }
  const paths = pathsOf(root);
  if (paths.length === 0) return;
  const path = paths[change.pick % paths.length];
  const parent = parentOf(root, path);
  if (!parent) return;
  const last = path[path.length - 1];
  switch (change.kind) {
    case 'set':
      put(parent, last, change.value);
      break;
    case 'nudge':
      if (typeof parent[last] === 'number') parent[last] = (parent[last] as number) + change.delta;
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
      break;
    case 'add': {
      const target = parent[last];
      if (isContainer(target) && !Array.isArray(target)) put(target, change.key, change.value);
      else if (Array.isArray(target)) target.push(change.value);
      break;
    }
  }
}

/** The default config's YAML object, as a mutable deep copy (a JSON round-trip of the frozen config). */
export const DEFAULT_RAW = JSON.parse(
  JSON.stringify(loadConfigFile(join(__dirname, '..', '..', 'config', 'anycompany-apparel.yaml'))),
) as PocConfigInput;

export const mutatedConfig = fc.array(mutation, { minLength: 1, maxLength: 4 }).map((changes) => {
  const raw = structuredClone(DEFAULT_RAW) as unknown as Record<string, unknown>;
  for (const change of changes) apply(raw, change);
  return raw;
});

export type Outcome = { readonly config: PocConfig } | { readonly problems: readonly string[] };

/** Validation alone: a config, the problems of a ConfigError, or the exception that escaped. */
export function validate(raw: unknown): Outcome {
  try {
    return { config: parseConfig(raw, 'mutated.yaml') };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems };
    throw error;
  }
}

/** The dotted paths where `after` differs from `before`, down to the first difference. */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (!isContainer(before) || !isContainer(after) || Array.isArray(before) !== Array.isArray(after)) return [prefix || '(root)'];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.flatMap((key) => changedPaths(before[key], after[key], prefix ? `${prefix}.${key}` : key));
}

/** A fixed sample (the same on every run) of the accepted mutated configs: the three that change the most. */
export function acceptedSample(): readonly { readonly raw: Record<string, unknown>; readonly changed: readonly string[] }[] {
  return fc
    .sample(mutatedConfig, { seed: 18, numRuns: 400 })
    .filter((raw) => 'config' in validate(raw))
    .map((raw) => ({ raw, changed: changedPaths(DEFAULT_RAW, raw) }))
    .sort((a, b) => b.changed.length - a.changed.length)
    .slice(0, 3);
}

/** The default config with the most tags a config may list. */
export function withMostTags(): PocConfigInput {
  const raw = structuredClone(DEFAULT_RAW);
  raw.tags = Object.fromEntries(Array.from({ length: MAX_CONFIG_TAGS }, (_, index) => [`Tag${index}`, 'x']));
  return raw;
}
