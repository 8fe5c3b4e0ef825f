import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag rule (or one finding of it, e.g. `AwsSolutions-IAM5[Resource::*]`)
 * on one construct. The full `<pack>::<rule>` id is what makes cdk-nag record the
 * acknowledgement, with its reason, under `suppressedViolations` in the validation report:
 * the audit trail the compliance docs are built from.
 */
export function acknowledgeRule(scope: IConstruct, rule: string, reason: string): void {
  const pack = rule.slice(0, rule.indexOf('-'));
  Validations.of(scope).acknowledge({ id: `${pack}::${rule}`, reason });
}

/**
 * The `Resource::...` finding id cdk-nag gives a wildcard resource ARN: tokens render as
 * `<AWS::Region>`-style placeholders in an environment-agnostic stack and as literals in a
 * pinned one, and IAM policy variables `${x}` as `<x>`.
 */
export function wildcardResourceFinding(rule: string, scope: IConstruct, arn: string): string {
  const resolved: unknown = Stack.of(scope).resolve(arn);
  const render = (part: unknown): string => {
    if (typeof part === 'string') return part;
    if (part && typeof part === 'object' && 'Ref' in part) return `<${String((part as { Ref: unknown }).Ref)}>`;
    throw new Error(`cannot render ${JSON.stringify(part)} as a cdk-nag finding id`);
  };
  const flat =
    resolved && typeof resolved === 'object' && 'Fn::Join' in resolved
      ? (resolved as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1].map(render).join('')
      : render(resolved);
  return `${rule}[Resource::${flat.replace(/\$\{([^}]+)\}/g, '<$1>')}]`;
}
