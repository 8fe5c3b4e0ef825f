import { Assembly, CfnResource, isObject, StackTemplate } from './assembly';

/** What a template expression stands for once references across stacks are followed. */
export type Resolved =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'resource'; readonly stack: string; readonly logicalId: string; readonly attribute?: string }
  | { readonly kind: 'unresolved'; readonly expression: string };

export type ParameterValues = Readonly<Record<string, Readonly<Record<string, string>>>>;

const MAX_DEPTH = 32;
/** A private-use character that no template string contains: marks where a reference sits in joined text. */
const MARK = '\uE000';
const MARKED_REFERENCE = new RegExp(`^${MARK}(\\d+)${MARK}$`);

/**
 * Follows Ref, Fn::GetAtt, Fn::GetStackOutput, Fn::ImportValue (Export names), stack
 * Parameters (values given by the caller, bound by a parent stack, or defaults), and the
 * string functions whose arguments are all known (Fn::Join, Fn::Sub, Fn::Select, Fn::Split,
 * Fn::FindInMap). Anything else (conditions, AZ lookups, pseudo parameters other than the stack
 * name) stays unresolved: the model then says what it could not place.
 */
export class Resolver {
  private readonly byName = new Map<string, StackTemplate>();
  private exportsCache?: Map<string, { stack: string; key: string; value: unknown }>;

  constructor(
    readonly assembly: Assembly,
    private readonly parameterValues: ParameterValues = {},
  ) {
    for (const stack of assembly.stacks) this.byName.set(stack.name, stack);
  }

  stack(name: string): StackTemplate | undefined {
    return this.byName.get(name);
  }

  resource(stack: string, logicalId: string): CfnResource | undefined {
    return this.byName.get(stack)?.template.Resources?.[logicalId];
  }

  value(stack: string, expression: unknown, depth = 0): Resolved {
    if (depth > MAX_DEPTH) return unresolved(expression);
    if (typeof expression === 'string' || typeof expression === 'number' || typeof expression === 'boolean') {
      return { kind: 'literal', value: String(expression) };
    }
    if (!isObject(expression)) return unresolved(expression);
    const [fn, args] = singleKey(expression);
    switch (fn) {
      case 'Ref':
        return this.ref(stack, args, depth);
      case 'Fn::GetAtt':
        return this.getAtt(stack, args, depth);
      case 'Fn::GetStackOutput':
        return this.stackOutput(stack, args, depth, (target, value) => this.value(target, value, depth + 1));
      case 'Fn::ImportValue':
        return this.importValue(stack, args, depth, (target, value) => this.value(target, value, depth + 1));
      case 'Fn::Join': {
        if (!Array.isArray(args) || args.length !== 2) return unresolved(expression);
        const delimiter = this.value(stack, args[0], depth + 1);
        const parts = this.joinParts(stack, args[1], depth);
        if (delimiter.kind !== 'literal' || parts.some((part) => part.kind !== 'literal')) return unresolved(expression);
        return { kind: 'literal', value: parts.map((part) => (part as { value: string }).value).join(delimiter.value) };
      }
      case 'Fn::Sub':
        return this.sub(stack, args, depth);
      case 'Fn::Select': {
        if (!Array.isArray(args) || args.length !== 2) return unresolved(expression);
        const index = this.value(stack, args[0], depth + 1);
        const items = this.list(stack, args[1], depth + 1);
        const item = index.kind === 'literal' ? items[Number(index.value)] : undefined;
        return item ?? unresolved(expression);
      }
      case 'Fn::FindInMap': {
        if (!Array.isArray(args) || args.length < 3) return unresolved(expression);
        const keys = args.slice(0, 3).map((arg) => this.value(stack, arg, depth + 1));
        if (keys.some((key) => key.kind !== 'literal')) return unresolved(expression);
        const [map, first, second] = keys.map((key) => (key as { value: string }).value);
        const found = this.byName.get(stack)?.template.Mappings?.[map]?.[first]?.[second];
        return found === undefined ? unresolved(expression) : this.value(stack, found, depth + 1);
      }
      default:
        return unresolved(expression);
    }
  }

  /** A list-valued expression: arrays, comma-joined references, comma-delimited parameters, Fn::Split. */
  list(stack: string, expression: unknown, depth = 0): Resolved[] {
    if (depth > MAX_DEPTH) return [unresolved(expression)];
    if (expression === undefined || expression === null) return [];
    if (Array.isArray(expression)) return expression.flatMap((item) => this.listItem(stack, item, depth + 1));
    if (typeof expression === 'string') return splitLiteral(expression);
    if (!isObject(expression)) return [this.value(stack, expression, depth + 1)];
    const [fn, args] = singleKey(expression);
    switch (fn) {
      case 'Fn::Join':
        return this.joinedList(stack, args, depth) ?? [unresolved(expression)];
      case 'Fn::Split': {
        if (!Array.isArray(args) || args.length !== 2) return [unresolved(expression)];
        const delimiter = this.value(stack, args[0], depth + 1);
        const source = this.value(stack, args[1], depth + 1);
        if (delimiter.kind !== 'literal' || source.kind !== 'literal') return [unresolved(expression)];
        return source.value.split(delimiter.value).map((value) => ({ kind: 'literal', value }));
      }
      case 'Fn::GetStackOutput':
        return this.listVia(this.stackOutput(stack, args, depth, (target, value) => this.list(target, value, depth + 1)));
      case 'Fn::ImportValue':
        return this.listVia(this.importValue(stack, args, depth, (target, value) => this.list(target, value, depth + 1)));
      case 'Ref': {
        const parameter = typeof args === 'string' ? this.parameterExpression(stack, args) : undefined;
        if (parameter) return this.list(parameter.stack, parameter.expression, depth + 1);
        return this.listItem(stack, expression, depth + 1);
      }
      default:
        return this.listItem(stack, expression, depth + 1);
    }
  }

  /**
   * A comma-separated list built with Fn::Join, e.g. `{"Fn::Join": ["", [ref1, ",", ref2]]}` or
   * `{"Fn::Join": [",", [ref1, ref2]]}`: each comma-separated piece that is exactly one reference
   * stays that reference.
   */
  private joinedList(stack: string, args: unknown, depth: number): Resolved[] | undefined {
    if (!Array.isArray(args) || args.length !== 2) return undefined;
    const delimiter = this.value(stack, args[0], depth + 1);
    if (delimiter.kind !== 'literal') return undefined;
    const parts = this.joinParts(stack, args[1], depth);
    const references: Resolved[] = [];
    // Stand-ins for references, so the joined text can be split on commas.
    const text = parts
      .map((part) => {
        if (part.kind === 'literal') return part.value;
        references.push(part);
        return `${MARK}${references.length - 1}${MARK}`;
      })
      .join(delimiter.value);
    return text
      .split(',')
      .map((piece) => piece.trim())
      .filter((piece) => piece.length > 0)
      .map((piece): Resolved => {
        const reference = MARKED_REFERENCE.exec(piece);
        if (reference) return references[Number(reference[1])];
        return piece.includes(MARK)
          ? { kind: 'unresolved', expression: JSON.stringify({ 'Fn::Join': args }) }
          : { kind: 'literal', value: piece };
      });
  }

  /** The parts of an Fn::Join: each array item as one value (a literal "," stays a part), or a list expression. */
  private joinParts(stack: string, parts: unknown, depth: number): Resolved[] {
    return Array.isArray(parts) ? parts.map((part) => this.value(stack, part, depth + 1)) : this.list(stack, parts, depth + 1);
  }

  private listItem(stack: string, expression: unknown, depth: number): Resolved[] {
    const value = this.value(stack, expression, depth);
    return value.kind === 'literal' ? splitLiteral(value.value) : [value];
  }

  private listVia(result: Resolved | Resolved[]): Resolved[] {
    return Array.isArray(result) ? result : [result];
  }

  private ref(stack: string, name: unknown, depth: number): Resolved {
    if (typeof name !== 'string') return unresolved({ Ref: name });
    if (name === 'AWS::StackName') return { kind: 'literal', value: stack };
    if (this.byName.get(stack)?.template.Resources?.[name]) return { kind: 'resource', stack, logicalId: name };
    const parameter = this.parameterExpression(stack, name);
    if (parameter) return this.value(parameter.stack, parameter.expression, depth + 1);
    return unresolved({ Ref: name });
  }

  /** Where a parameter's value comes from: the caller, the parent stack's binding, or its default. */
  private parameterExpression(stack: string, name: string): { stack: string; expression: unknown } | undefined {
    const template = this.byName.get(stack);
    const declared = template?.template.Parameters?.[name];
    if (!template || !declared) return undefined;
    const given = this.parameterValues[stack]?.[name];
    if (given !== undefined) return { stack, expression: given };
    if (template.parent) {
      const binding = this.resource(template.parent.stack, template.parent.logicalId)?.Properties?.Parameters;
      if (isObject(binding) && name in binding) return { stack: template.parent.stack, expression: binding[name] };
    }
    if (declared.Default !== undefined) return { stack, expression: declared.Default };
    return undefined;
  }

  private getAtt(stack: string, args: unknown, depth: number): Resolved {
    const [logicalId, attribute] = typeof args === 'string' ? splitOnce(args, '.') : Array.isArray(args) ? args : [];
    if (typeof logicalId !== 'string') return unresolved({ 'Fn::GetAtt': args });
    const attributeName = this.value(stack, attribute, depth + 1);
    if (attributeName.kind !== 'literal') return unresolved({ 'Fn::GetAtt': args });
    const resource = this.resource(stack, logicalId);
    if (!resource) return unresolved({ 'Fn::GetAtt': args });
    if (resource.Type === 'AWS::CloudFormation::Stack' && attributeName.value.startsWith('Outputs.')) {
      const nestedName = `${stack}/${logicalId}`;
      const output = this.byName.get(nestedName)?.template.Outputs?.[attributeName.value.slice('Outputs.'.length)];
      if (output) return this.value(nestedName, output.Value, depth + 1);
    }
    return { kind: 'resource', stack, logicalId, attribute: attributeName.value };
  }

  private stackOutput<T>(
    stack: string,
    args: unknown,
    depth: number,
    follow: (stack: string, value: unknown) => T,
  ): T | Resolved {
    if (!isObject(args)) return unresolved({ 'Fn::GetStackOutput': args });
    const stackName = this.value(stack, args.StackName, depth + 1);
    const outputName = this.value(stack, args.OutputName, depth + 1);
    if (stackName.kind !== 'literal' || outputName.kind !== 'literal') return unresolved({ 'Fn::GetStackOutput': args });
    const output = this.byName.get(stackName.value)?.template.Outputs?.[outputName.value];
    return output ? follow(stackName.value, output.Value) : unresolved({ 'Fn::GetStackOutput': args });
  }

  private importValue<T>(
    stack: string,
    args: unknown,
    depth: number,
    follow: (stack: string, value: unknown) => T,
  ): T | Resolved {
    const name = this.value(stack, args, depth + 1);
    const exported = name.kind === 'literal' ? this.exports().get(name.value) : undefined;
    return exported ? follow(exported.stack, exported.value) : unresolved({ 'Fn::ImportValue': args });
  }

  /** The output that exports `name` (what an Fn::ImportValue of that name reads): its stack and key. */
  exportedOutput(name: string): { readonly stack: string; readonly key: string } | undefined {
    const exported = this.exports().get(name);
    return exported && { stack: exported.stack, key: exported.key };
  }

  private exports(): Map<string, { stack: string; key: string; value: unknown }> {
    if (!this.exportsCache) {
      this.exportsCache = new Map();
      for (const stack of this.assembly.stacks) {
        for (const [key, output] of Object.entries(stack.template.Outputs ?? {})) {
          if (output.Export?.Name === undefined) continue;
          const name = this.value(stack.name, output.Export.Name);
          if (name.kind === 'literal') this.exportsCache.set(name.value, { stack: stack.name, key, value: output.Value });
        }
      }
    }
    return this.exportsCache;
  }

  private sub(stack: string, args: unknown, depth: number): Resolved {
    const [text, variables] = typeof args === 'string' ? [args, {}] : Array.isArray(args) ? args : [undefined, {}];
    if (typeof text !== 'string' || !isObject(variables)) return unresolved({ 'Fn::Sub': args });
    let failed = false;
    const value = text.replace(/\$\{([^}!]+)\}/g, (_match, name: string) => {
      const resolved =
        name in variables
          ? this.value(stack, variables[name], depth + 1)
          : name.includes('.')
            ? this.getAtt(stack, name, depth + 1)
            : this.ref(stack, name, depth + 1);
      if (resolved.kind !== 'literal') failed = true;
      return resolved.kind === 'literal' ? resolved.value : '';
    });
    return failed ? unresolved({ 'Fn::Sub': args }) : { kind: 'literal', value };
  }
}

function unresolved(expression: unknown): Resolved {
  return { kind: 'unresolved', expression: JSON.stringify(expression) ?? String(expression) };
}

function splitLiteral(value: string): Resolved[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0)
    .map((item) => ({ kind: 'literal', value: item }));
}

function splitOnce(text: string, separator: string): [string, string] {
  const index = text.indexOf(separator);
  return index === -1 ? [text, ''] : [text.slice(0, index), text.slice(index + 1)];
}

function singleKey(value: Record<string, unknown>): [string, unknown] {
  const keys = Object.keys(value);
  return keys.length === 1 ? [keys[0], value[keys[0]]] : ['', undefined];
}
