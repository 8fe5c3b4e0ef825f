import { CfnResource, isObject } from './assembly';
import { ResourceIndex } from './resources';
import { Source, sourceOf } from './source';

const RETAINING_POLICIES = new Set(['Retain', 'RetainExceptOnCreate', 'Snapshot']);

/** A resource of a top-level stack that outlives the stack: its deletion policy keeps it (or a snapshot of it). */
export interface RetainedResource {
  readonly source: Source;
  /** `Retain`, `RetainExceptOnCreate` or `Snapshot`. */
  readonly deletionPolicy: string;
}

export function retainedResourcesOf(index: ResourceIndex): RetainedResource[] {
  return index.resolver.assembly.stacks
    .filter((stack) => !stack.parent)
    .flatMap((stack) =>
      Object.entries(stack.template.Resources ?? {})
        .filter(([, resource]) => RETAINING_POLICIES.has(deletionPolicy(resource)))
        .flatMap(([logicalId, resource]) => {
          const entry = index.get(`${stack.name}/${logicalId}`);
          return entry ? [{ source: sourceOf(entry), deletionPolicy: deletionPolicy(resource) }] : [];
        }),
    );
}

function deletionPolicy(resource: CfnResource): string {
  const policy = (resource as { DeletionPolicy?: unknown }).DeletionPolicy;
  return typeof policy === 'string' ? policy : 'Delete';
}

/**
 * The string a resource's template writes at a property path (`['BackupVaultName']`), as written:
 * no reference followed. What names a resource by its physical name must find it there.
 */
export function declaredString(index: ResourceIndex, key: string, path: readonly string[]): string | undefined {
  let value: unknown = index.get(key)?.props;
  for (const step of path) value = isObject(value) ? value[step] : undefined;
  return typeof value === 'string' ? value : undefined;
}
