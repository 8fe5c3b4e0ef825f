import { isObject } from './assembly';
import { Resolved } from './resolver';
import { ResourceIndex } from './resources';
import { Source, sourceOf } from './source';

/** An output of a stack, what it resolves to, and whether another stack reads it. */
export interface StackOutput {
  readonly stack: string;
  readonly key: string;
  readonly value: Resolved;
  /** Another stack reads it (Fn::ImportValue of its export, Fn::GetStackOutput): plumbing, not for people. */
  readonly consumed: boolean;
}

/** A template parameter that CloudFormation resolves from SSM Parameter Store at deploy time. */
export interface SsmParameterRead {
  readonly stack: string;
  /** The template parameter's key. */
  readonly key: string;
  /** The SSM parameter it reads (its Default). */
  readonly name: string;
  /** CDK's own bootstrap version parameter, which every stack reads. */
  readonly bootstrap: boolean;
}

/** An AWS SDK custom resource (`Custom::AWS`) that writes an SSM parameter when it is created. */
export interface SsmParameterWrite {
  readonly source: Source;
  readonly name: string;
}

export function outputsOf(index: ResourceIndex): StackOutput[] {
  const { resolver } = index;
  const consumed = new Set<string>();
  for (const stack of resolver.assembly.stacks) {
    walk(stack.template.Resources, (node) => {
      const reference = node['Fn::GetStackOutput'];
      if (isObject(reference) && typeof reference.StackName === 'string' && typeof reference.OutputName === 'string') {
        consumed.add(`${reference.StackName}/${reference.OutputName}`);
      }
      if ('Fn::ImportValue' in node) {
        const name = resolver.value(stack.name, node['Fn::ImportValue']);
        const exported = name.kind === 'literal' ? resolver.exportedOutput(name.value) : undefined;
        if (exported) consumed.add(`${exported.stack}/${exported.key}`);
      }
    });
  }
  return resolver.assembly.stacks.flatMap((stack) =>
    Object.entries(stack.template.Outputs ?? {}).map(([key, output]) => ({
      stack: stack.name,
      key,
      value: resolver.value(stack.name, output.Value),
      consumed: consumed.has(`${stack.name}/${key}`),
    })),
  );
}

export function ssmParameterReadsOf(index: ResourceIndex): SsmParameterRead[] {
  return index.resolver.assembly.stacks.flatMap((stack) =>
    Object.entries(stack.template.Parameters ?? {}).flatMap(([key, parameter]) =>
      parameter.Type?.startsWith('AWS::SSM::Parameter::Value<') && typeof parameter.Default === 'string'
        ? [{ stack: stack.name, key, name: parameter.Default, bootstrap: parameter.Default.startsWith('/cdk-bootstrap/') }]
        : [],
    ),
  );
}

/**
 * The SSM parameters `Custom::AWS` resources put on create. The call is JSON text that CDK joins
 * with references (the value), so the name is read from the text, not parsed.
 */
export function ssmParameterWritesOf(index: ResourceIndex): SsmParameterWrite[] {
  return index.sortedOfType('Custom::AWS').flatMap((entry) => {
    const call = JSON.stringify(entry.props.Create ?? null);
    if (!/\\"action\\":\\"putParameter\\"/.test(call)) return [];
    const name = /\\"Name\\":\\"([^\\"]+)\\"/.exec(call)?.[1];
    return name === undefined ? [] : [{ source: sourceOf(entry), name }];
  });
}

export function walk(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) value.forEach((item) => walk(item, visit));
  else if (isObject(value)) {
    visit(value);
    Object.values(value).forEach((item) => walk(item, visit));
  }
}
