import { isObject } from './assembly';
import { describeExpression } from './describe';
import { referencedKeys } from './references';
import { IndexedResource, ResourceIndex } from './resources';
import { Source, sourceOf } from './source';

/**
 * The IAM roles of the templates with their trust and every statement of their policies (inline,
 * attached `AWS::IAM::Policy`, customer managed), each value described as `describeExpression`
 * prints it. AWS managed policies are named by ARN, not expanded: AWS maintains their content.
 */
export interface Role {
  readonly source: Source;
  readonly description?: string;
  readonly maxSessionSeconds?: number;
  /** Who may assume it, one entry per principal of the trust policy. */
  readonly trust: readonly Principal[];
  /** The managed policy ARNs, described. */
  readonly managedPolicyArns: readonly string[];
  readonly policies: readonly RolePolicy[];
}

export interface Principal {
  /** `Service`, `AWS`, `Federated`, ... */
  readonly kind: string;
  readonly value: string;
  /** `operator key = value` per condition test of the statement. */
  readonly conditions: readonly string[];
}

export interface RolePolicy {
  readonly kind: 'inline' | 'policy' | 'customer managed';
  /** The inline policy's name; undefined for a policy resource (its `source` names it). */
  readonly name?: string;
  readonly source?: Source;
  readonly statements: readonly PolicyStatement[];
}

export interface PolicyStatement {
  readonly effect: string;
  readonly notAction: boolean;
  /** Action or NotAction entries. */
  readonly actions: readonly string[];
  /** Resource or NotResource entries. */
  readonly resources: readonly string[];
  readonly conditions: readonly string[];
}

export function rolesOf(index: ResourceIndex): Role[] {
  const policies = [...index.sortedOfType('AWS::IAM::Policy'), ...index.sortedOfType('AWS::IAM::ManagedPolicy')];
  return index.sortedOfType('AWS::IAM::Role').map((role) => {
    const literal = (value: unknown) => index.literal(role.stack, value);
    const session = literal(role.props.MaxSessionDuration);
    const attached = policies.filter((policy) => referencedKeys(index, policy.stack, policy.props.Roles).includes(role.key));
    return {
      source: sourceOf(role),
      description: literal(role.props.Description) || undefined,
      maxSessionSeconds: session ? Number(session) : undefined,
      trust: principalsOf(index, role.stack, role.props.AssumeRolePolicyDocument),
      managedPolicyArns: ([] as unknown[])
        .concat(role.props.ManagedPolicyArns ?? [])
        .map((arn) => describeExpression(index, role.stack, arn)),
      policies: [
        ...(Array.isArray(role.props.Policies) ? role.props.Policies.filter(isObject) : []).map((policy) => ({
          kind: 'inline' as const,
          name: literal(policy.PolicyName) ?? '?',
          statements: statementsOf(index, role.stack, policy.PolicyDocument),
        })),
        ...attached.map((policy: IndexedResource) => ({
          kind: policy.resource.Type === 'AWS::IAM::ManagedPolicy' ? ('customer managed' as const) : ('policy' as const),
          source: sourceOf(policy),
          statements: statementsOf(index, policy.stack, policy.props.PolicyDocument),
        })),
      ],
    };
  });
}

function statementsOf(index: ResourceIndex, stack: string, document: unknown): PolicyStatement[] {
  const describe = (value: unknown) => describeExpression(index, stack, value);
  const statements = isObject(document) && Array.isArray(document.Statement) ? document.Statement.filter(isObject) : [];
  return statements.map((statement) => ({
    effect: describe(statement.Effect),
    notAction: statement.NotAction !== undefined,
    actions: ([] as unknown[]).concat(statement.Action ?? statement.NotAction ?? []).map(describe),
    resources: ([] as unknown[]).concat(statement.Resource ?? statement.NotResource ?? []).map(describe),
    conditions: conditionsOf(index, stack, statement.Condition),
  }));
}

function conditionsOf(index: ResourceIndex, stack: string, condition: unknown): string[] {
  if (!isObject(condition)) return [];
  const parts: string[] = [];
  for (const [operator, tests] of Object.entries(condition)) {
    if (!isObject(tests)) continue;
    for (const [key, value] of Object.entries(tests)) {
      parts.push(`${operator} ${key} = ${describeExpression(index, stack, value)}`);
    }
  }
  return parts;
}

function principalsOf(index: ResourceIndex, stack: string, document: unknown): Principal[] {
  const statements = isObject(document) && Array.isArray(document.Statement) ? document.Statement.filter(isObject) : [];
  return statements.flatMap((statement) => {
    const principal = isObject(statement.Principal) ? statement.Principal : {};
    const conditions = conditionsOf(index, stack, statement.Condition);
    return Object.entries(principal).flatMap(([kind, value]) =>
      ([] as unknown[]).concat(value).map((item) => ({ kind, value: describeExpression(index, stack, item), conditions })),
    );
  });
}
