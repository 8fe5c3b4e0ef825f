import { isObject } from './assembly';
import { ResourceIndex } from './resources';

/** A resource's construct path without the trailing `/Resource` of L1s (the name the compliance report uses), or its key. */
export function resourceName(index: ResourceIndex, key: string): string {
  const entry = index.get(key);
  return entry ? index.nameOf(entry).replace(/\/Resource$/, '') : key.replace(/^external:/, '');
}

/**
 * A template expression as a reader can print it: literals as they are, pseudo parameters as
 * `${AWS::Region}`, a resource as `<its name>`, joins and substitutions part by part, anything
 * else as its JSON.
 */
export function describeExpression(index: ResourceIndex, stack: string, expression: unknown): string {
  if (typeof expression === 'string' || typeof expression === 'number' || typeof expression === 'boolean') {
    return String(expression);
  }
  if (Array.isArray(expression)) return expression.map((item) => describeExpression(index, stack, item)).join(', ');
  if (!isObject(expression)) return String(expression);
  const [fn] = Object.keys(expression);
  const args = expression[fn];
  if (fn === 'Ref' && typeof args === 'string' && args.startsWith('AWS::')) return `\${${args}}`;
  if (fn === 'Fn::Join' && Array.isArray(args) && Array.isArray(args[1])) {
    return args[1].map((part) => describeExpression(index, stack, part)).join(String(args[0]));
  }
  if (fn === 'Fn::Sub' && (typeof args === 'string' || Array.isArray(args))) {
    const text = typeof args === 'string' ? args : String(args[0]);
    return text.replace(/\$\{([^}]+)\}/g, (match, name: string) => {
      if (name.startsWith('AWS::')) return match;
      const [logicalId, attribute] = name.split('.');
      return describeExpression(index, stack, attribute ? { 'Fn::GetAtt': [logicalId, attribute] } : { Ref: logicalId });
    });
  }
  const resolved = index.resolver.value(stack, expression);
  if (resolved.kind === 'literal') return resolved.value;
  if (resolved.kind === 'resource') return `<${resourceName(index, `${resolved.stack}/${resolved.logicalId}`)}>`;
  return JSON.stringify(expression);
}
