import { isObject } from './assembly';
import { ResourceIndex } from './resources';

/**
 * The keys of every resource of the assembly that an expression refers to (Ref, Fn::GetAtt,
 * Fn::GetStackOutput, Fn::ImportValue, `${...}` in Fn::Sub), wherever it sits in the properties.
 */
export function referencedKeys(index: ResourceIndex, stack: string, value: unknown): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!isObject(node)) return;
    const keys = Object.keys(node);
    if (keys.length === 1 && ['Ref', 'Fn::GetAtt', 'Fn::GetStackOutput', 'Fn::ImportValue'].includes(keys[0])) {
      const resolved = index.resolver.value(stack, node);
      if (resolved.kind === 'resource') found.add(`${resolved.stack}/${resolved.logicalId}`);
      return;
    }
    if (keys.length === 1 && keys[0] === 'Fn::Sub') {
      const args = node['Fn::Sub'];
      const [text, variables] = typeof args === 'string' ? [args, undefined] : Array.isArray(args) ? args : [undefined];
      if (typeof text === 'string') {
        for (const match of text.matchAll(/\$\{([^}!.]+)(\.[^}]+)?\}/g)) {
          if (index.resolver.resource(stack, match[1])) found.add(`${stack}/${match[1]}`);
        }
      }
      visit(variables);
      return;
    }
    Object.values(node).forEach(visit);
  };
  visit(value);
  return [...found].sort();
}

export function referrerMap(index: ResourceIndex): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const stack of index.resolver.assembly.stacks) {
    for (const logicalId of Object.keys(stack.template.Resources ?? {})) {
      const entry = index.get(`${stack.name}/${logicalId}`);
      if (!entry) continue;
      for (const key of referencedKeys(index, entry.stack, entry.props)) {
        if (key !== entry.key) result.set(key, [...(result.get(key) ?? []), entry.key]);
      }
    }
  }
  return result;
}
