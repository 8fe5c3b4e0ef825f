import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { PCI_DSS_401_MAPPINGS } from './pci-dss-401/mapping';

/** Packs whose rule ids end in the rule function's name, as the PCI DSS v4.0.1 pack's do. */
const MIRRORED_PACKS = ['PCI.DSS.321', 'Competency'];
const PCI_DSS_401_RULES = new Set(PCI_DSS_401_MAPPINGS.map(({ rule }) => rule.name));

/**
 * Acknowledges one cdk-nag rule (or one finding of it, e.g. `AwsSolutions-IAM5[Resource::*]`)
 * on one construct. The full `<pack>::<rule>` id is what makes cdk-nag record the
 * acknowledgement, with its reason, under `suppressedViolations` in the validation report:
 * the audit trail the compliance docs are built from.
 */
export function acknowledgeRule(scope: IConstruct, rules: string | readonly string[], reason: string): void {
  for (const rule of typeof rules === 'string' ? [rules] : rules) {
    const separator = rule.indexOf('-');
    const pack = rule.slice(0, separator);
    Validations.of(scope).acknowledge({ id: `${pack}::${rule}`, reason });
    // The v4.0.1 pack runs the same rule function: the same finding on the same resource, for the same reason.
    const ruleName = rule.slice(separator + 1);
    if (MIRRORED_PACKS.includes(pack) && PCI_DSS_401_RULES.has(ruleName)) {
      Validations.of(scope).acknowledge({ id: `PCI.DSS.401::PCI.DSS.401-${ruleName}`, reason });
    }
  }
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
