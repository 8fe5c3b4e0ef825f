import { isObject } from '../../lib/model';
import { TemplateValues } from './templates';

/**
 * The identity policies of a role of the assembly: its inline policies, the customer managed
 * policies and AWS::IAM::Policy resources of any stack attached to it, and the AWS managed
 * policies it names.
 *
 * AWS managed policies are credited by their documented content only where this file holds it.
 * Only AdministratorAccess is held (one statement, Allow * on *, unchanged since its version v1).
 * Any other AWS managed policy (SecurityAudit on the auditor role) is credited with nothing: a
 * command that only it would allow fails the test, which names the policy, rather than passing on
 * an assumption about a document of hundreds of actions that AWS changes over time.
 */
export const AWS_MANAGED_POLICIES: Readonly<Record<string, { readonly document: unknown; readonly source: string }>> = {
  AdministratorAccess: {
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
    source: 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html',
  },
};

export interface IdentityPolicy {
  readonly name: string;
  readonly policy: unknown;
}

export interface RoleIdentity {
  readonly stack: string;
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly policies: readonly IdentityPolicy[];
  /** Whether the role outlives its stack (DeletionPolicy Retain). */
  readonly retained: boolean;
  /** AWS managed policies attached but not credited (see AWS_MANAGED_POLICIES). */
  readonly uncredited: readonly string[];
}

const AWS_MANAGED = /^arn:[^:]+:iam::aws:policy\/(.+)$/;

export function roleIdentity(values: TemplateValues, stack: string, logicalId: string): RoleIdentity {
  const role = values.resource(stack, logicalId);
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${stack} ${logicalId} is not an AWS::IAM::Role`);
  const name = values.name(stack, logicalId);
  const policies: IdentityPolicy[] = [];
  const uncredited: string[] = [];
  const inline = role.Properties?.Policies;
  if (Array.isArray(inline)) {
    for (const entry of inline) {
      if (isObject(entry)) {
        policies.push({
          name: `${logicalId} inline ${values.value(stack, entry.PolicyName)}`,
          policy: values.document(stack, entry.PolicyDocument),
        });
      }
    }
  }
  const managedArns = Array.isArray(role.Properties?.ManagedPolicyArns) ? role.Properties.ManagedPolicyArns : [];
  const attachedCustomer = new Set<string>();
  for (const expression of managedArns) {
    const policyArn = values.value(stack, expression);
    const awsManaged = AWS_MANAGED.exec(policyArn)?.[1];
    if (awsManaged) {
      const known = AWS_MANAGED_POLICIES[awsManaged];
      if (known) policies.push({ name: `AWS managed ${awsManaged}`, policy: known.document });
      else uncredited.push(awsManaged);
    } else {
      attachedCustomer.add(policyArn);
    }
  }
  for (const candidate of values.assembly.stacks) {
    for (const [id, resource] of Object.entries(candidate.template.Resources ?? {})) {
      const type = resource.Type;
      if (type !== 'AWS::IAM::ManagedPolicy' && type !== 'AWS::IAM::Policy') continue;
      const roles = Array.isArray(resource.Properties?.Roles) ? resource.Properties.Roles : [];
      const attachedHere = roles.some((entry) => values.value(candidate.name, entry) === name);
      const attachedByArn = type === 'AWS::IAM::ManagedPolicy' && attachedCustomer.has(values.physicalId(candidate.name, id));
      if (attachedHere || attachedByArn) {
        policies.push({
          name: `${candidate.name} ${id}`,
          policy: values.document(candidate.name, resource.Properties?.PolicyDocument),
        });
      }
    }
  }
  const retained = (role as { DeletionPolicy?: string }).DeletionPolicy === 'Retain';
  return { stack, logicalId, name, arn: values.arn(stack, logicalId), policies, uncredited, retained };
}
