import { isObject } from './assembly';
import { IndexedResource, ResourceIndex } from './resources';

/** Where an element of the model is declared: what evidence names when it cites it. */
export interface Source {
  readonly stack: string;
  readonly logicalId: string;
  /** `stack/logicalId`: the key of the resource in the `ResourceIndex`. */
  readonly key: string;
  readonly type: string;
  /** The construct path CDK records (`aws:cdk:path`); undefined in a template not made by CDK. */
  readonly path?: string;
}

export function sourceOf(entry: IndexedResource): Source {
  const path = entry.resource.Metadata?.['aws:cdk:path'];
  return {
    stack: entry.stack,
    logicalId: entry.logicalId,
    key: entry.key,
    type: entry.resource.Type,
    path: typeof path === 'string' ? path : undefined,
  };
}

/**
 * A template value the model could read as a literal, or the expression it could not (a
 * parameter without a default, a condition, an unresolved intrinsic): readers that need the value
 * say which property of which resource stopped them.
 */
export type Literal<T> =
  | { readonly known: true; readonly value: T }
  | {
      readonly known: false;
      /** The expression as the template writes it, `missing` when the property is absent. */
      readonly expression: string;
    };

const known = <T>(value: T): Literal<T> => ({ known: true, value });
const unknown = <T>(raw: unknown): Literal<T> => ({
  known: false,
  expression: raw === undefined ? 'missing' : (JSON.stringify(raw) ?? String(raw)),
});

/** Reads property values of one resource, following references through the resolver. */
export class PropertyReader {
  readonly props: Readonly<Record<string, unknown>>;

  constructor(
    private readonly index: ResourceIndex,
    readonly entry: IndexedResource,
  ) {
    this.props = entry.props;
  }

  literal(expression: unknown): string | undefined {
    return this.index.literal(this.entry.stack, expression);
  }

  text(expression: unknown): Literal<string> {
    const value = this.literal(expression);
    return value !== undefined && value.length > 0 ? known(value) : unknown(expression);
  }

  integer(expression: unknown): Literal<number> {
    const value = this.literal(expression);
    return value !== undefined && /^\d+$/.test(value) ? known(Number(value)) : unknown(expression);
  }

  /** A boolean property: true only when the template says true. */
  flag(expression: unknown): boolean {
    return this.literal(expression) === 'true';
  }

  /** The key of the resource an expression names (`external:<id>` for a literal id). */
  keyOf(expression: unknown): string | undefined {
    return this.index.keyOf(this.entry.stack, expression);
  }

  keysOf(expression: unknown): string[] {
    return this.index.keysOf(this.entry.stack, expression);
  }

  objects(expression: unknown): Record<string, unknown>[] {
    return Array.isArray(expression) ? expression.filter(isObject) : [];
  }

  object(expression: unknown): Record<string, unknown> {
    return isObject(expression) ? expression : {};
  }
}

export { known, unknown };
