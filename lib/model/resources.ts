import { CfnResource } from './assembly';
import { Resolved, Resolver } from './resolver';

export const keyOf = (stack: string, logicalId: string): string => `${stack}/${logicalId}`;

/** Every resource of the assembly, by type. */
export interface IndexedResource {
  readonly stack: string;
  readonly logicalId: string;
  readonly key: string;
  readonly resource: CfnResource;
  readonly props: Readonly<Record<string, unknown>>;
}

export class ResourceIndex {
  private readonly byType = new Map<string, IndexedResource[]>();
  private readonly byKey = new Map<string, IndexedResource>();

  constructor(readonly resolver: Resolver) {
    for (const stack of resolver.assembly.stacks) {
      for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
        const entry = {
          stack: stack.name,
          logicalId,
          key: keyOf(stack.name, logicalId),
          resource,
          props: resource.Properties ?? {},
        };
        this.byKey.set(entry.key, entry);
        const list = this.byType.get(resource.Type) ?? [];
        list.push(entry);
        this.byType.set(resource.Type, list);
      }
    }
  }

  ofType(type: string): readonly IndexedResource[] {
    return this.byType.get(type) ?? [];
  }

  /** Every resource of a type in stack order, then logical-id order: the order the model's element lists keep. */
  sortedOfType(type: string): readonly IndexedResource[] {
    const order = new Map(this.resolver.assembly.stacks.map((stack, position) => [stack.name, position]));
    return [...this.ofType(type)].sort(
      (a, b) =>
        (order.get(a.stack) ?? 0) - (order.get(b.stack) ?? 0) ||
        (a.logicalId < b.logicalId ? -1 : a.logicalId > b.logicalId ? 1 : 0),
    );
  }

  get(key: string): IndexedResource | undefined {
    return this.byKey.get(key);
  }

  /** The key of the resource an expression names, or `external:<id>` for a literal physical id. */
  keyOf(stack: string, expression: unknown): string | undefined {
    return keyOfResolved(this.resolver.value(stack, expression));
  }

  keysOf(stack: string, expression: unknown): string[] {
    return this.resolver
      .list(stack, expression)
      .map(keyOfResolved)
      .filter((key): key is string => key !== undefined);
  }

  literal(stack: string, expression: unknown): string | undefined {
    if (expression === undefined) return undefined;
    const value = this.resolver.value(stack, expression);
    return value.kind === 'literal' ? value.value : undefined;
  }

  /** The construct path CDK records, for names; the stack-qualified logical id otherwise. */
  nameOf(entry: IndexedResource): string {
    const path = entry.resource.Metadata?.['aws:cdk:path'];
    return typeof path === 'string' ? path : entry.key;
  }
}

function keyOfResolved(value: Resolved): string | undefined {
  if (value.kind === 'resource') return keyOf(value.stack, value.logicalId);
  if (value.kind === 'literal') return `external:${value.value}`;
  return undefined;
}
