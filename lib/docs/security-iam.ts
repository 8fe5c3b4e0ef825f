import { RolePolicy, Source } from '../model';
import { DocsModel, nameOf, nameOfKey, referrersOf, resourcesOfType } from './assembly-model';
import { cell, code } from './markdown';

export const IAM_TYPES = ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role'];

// IAM.

/** Resources that use a role: directly (Lambda, RDS monitoring, ...) or through an instance profile. */
function usersOfRole(model: DocsModel, role: Source): string[] {
  const direct = referrersOf(model, role.key).filter((entry) => !IAM_TYPES.includes(entry.type));
  const users = direct.flatMap((entry) =>
    entry.type === 'AWS::IAM::InstanceProfile'
      ? referrersOf(model, entry.key).flatMap((user) =>
          user.type === 'AWS::EC2::LaunchTemplate'
            ? [user, ...referrersOf(model, user.key, ['AWS::AutoScaling::AutoScalingGroup'])]
            : [user],
        )
      : [entry],
  );
  return [...new Set(users.map((entry) => nameOf(entry)))].sort();
}

export function iamSection(model: DocsModel): string[] {
  const lines = [
    '## IAM roles',
    '',
    'Every `AWS::IAM::Role` of the templates: who may assume it, what uses it, and each statement of its policies (actions',
    'grouped by service). AWS managed policies are named, not expanded: AWS maintains their content.',
    '',
  ];
  const name = (source: Source) => nameOfKey(model, source.key);
  const policyOrder = (policy: RolePolicy) => ['inline', 'policy', 'customer managed'].indexOf(policy.kind);
  for (const role of [...model.poc.roles].sort((a, b) => name(a.source).localeCompare(name(b.source)))) {
    const managed = role.managedPolicyArns.map((text) => {
      const aws = /:iam::aws:policy\/(.+)$/.exec(text);
      return aws ? `AWS managed ${code(aws[1])}` : code(text);
    });
    // Inline policies in template order, then attached ones by kind and name.
    const policies = [...role.policies].sort(
      (a, b) => policyOrder(a) - policyOrder(b) || (a.source && b.source ? name(a.source).localeCompare(name(b.source)) : 0),
    );
    const session = role.maxSessionSeconds;
    const trust = role.trust.map((principal) => {
      const who = /^arn:\$\{AWS::Partition\}:iam::\$\{AWS::AccountId\}:root$/.test(principal.value)
        ? 'principals of this account'
        : `${principal.kind} ${principal.value}`;
      return `${who}${principal.conditions.length > 0 ? ` (${principal.conditions.join('; ')})` : ''}`;
    });
    lines.push(
      `### ${code(name(role.source))}`,
      '',
      ...(role.description ? [role.description, ''] : []),
      `- Assumed by: ${trust.join('; ') || '?'}${session ? `; sessions of at most ${session / 3600} h` : ''}.`,
      `- Used by: ${usersOfRole(model, role.source).map(code).join(', ') || 'no resource of the assembly (assumed by people or services)'}.`,
      `- AWS managed and other policy ARNs: ${managed.join(', ') || 'none'}.`,
      '',
    );
    if (policies.length > 0) {
      lines.push('| policy | effect | actions | resources | conditions |', '| --- | --- | --- | --- | --- |');
      for (const policy of policies) {
        const title =
          policy.kind === 'inline'
            ? `inline ${code(policy.name ?? '?')}`
            : `${policy.kind} ${code(policy.source ? name(policy.source) : '?')}`;
        for (const statement of policy.statements) {
          const byService = new Map<string, string[]>();
          for (const action of statement.actions) {
            const [service, actionName] = action.includes(':') ? action.split(':') : ['*', action];
            byService.set(service, [...(byService.get(service) ?? []), actionName]);
          }
          const actions = [...byService.entries()].map(([service, names]) => `${service}: ${names.join(', ')}`).join('\n');
          lines.push(
            `| ${title} | ${statement.effect}${statement.notAction ? ' (NotAction)' : ''} | ${cell(actions)} | ${cell(codeLines(statement.resources.join('\n')))} | ${cell(statement.conditions.join('\n'))} |`,
          );
        }
      }
      lines.push('');
    }
  }
  const applications = resourcesOfType(model, 'AWS::Serverless::Application');
  if (applications.length > 0) {
    lines.push(
      'Not in the templates: the roles of the AWS Serverless Application Repository applications',
      `${applications.map((application) => code(nameOf(application))).join(', ')} (the secret rotation function), which`,
      'their published application template defines.',
      '',
    );
  }
  return lines;
}

function codeLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map(code)
    .join('\n');
}
