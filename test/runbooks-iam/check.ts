import { isObject, loadAssembly } from '../../lib/model';
import { PocConfig } from '../../lib/config/schema';
import { OperatorRole, ROLE_TITLES, roleProfile } from '../../lib/runbooks/common';
import { readRunbookFacts } from '../../lib/runbooks/facts-read';
import { OWN_CREDENTIAL_COMMANDS } from './command-actions';
import { roleIdentity, RoleIdentity } from './policies';
import { commonTags, decide } from './simulate';
import { TemplateValues } from './templates';
import { Invocation, walkRunbook } from './walk';

/** Everything the IAM check of one config's runbooks needs, read once from its assembly. */
export interface RunbookIamSetup {
  readonly configFile: string;
  readonly assemblyDir: string;
  readonly values: TemplateValues;
  readonly region: string;
  readonly drRegion?: string;
  readonly stackNames: Readonly<Record<string, string>>;
  /** AWS CLI profile -> the role it assumes. */
  readonly roles: ReadonlyMap<string, { readonly role: OperatorRole; readonly identity: RoleIdentity }>;
  readonly tags: Readonly<Record<string, string>>;
  /** Key ARN -> key policy, for every KMS key of the assembly. */
  readonly keyPolicies: ReadonlyMap<string, unknown>;
}

/**
 * The key policy a KMS request is checked against when the command names no key of the templates
 * (`KEY_ID`, a key listed at run time): the account delegates to IAM, as every key of the POC's
 * templates does (the test checks that).
 */
export function delegatingKeyPolicy(values: TemplateValues): unknown {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:${values.test.partition}:iam::${values.test.account}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  };
}

export interface RunbookIamResult {
  readonly invocations: readonly Invocation[];
  /** One line per denied request, unmapped command or command run without a role that needs one. */
  readonly problems: readonly string[];
  /** Steps that use a variable that no earlier step of their terminal sets. */
  readonly unsetVariables: readonly string[];
}

export function iamSetup(config: PocConfig, configFile: string, assemblyDir: string): RunbookIamSetup {
  const values = new TemplateValues(loadAssembly(assemblyDir));
  const facts = readRunbookFacts({ assemblyDir, config, configFile });
  const stackNames = Object.fromEntries(Object.entries(facts.stacks).map(([role, stack]) => [role, stack?.name ?? '']));
  const operations = stackNames.Operations;
  const roles = new Map<string, { role: OperatorRole; identity: RoleIdentity }>();
  for (const role of Object.keys(ROLE_TITLES) as OperatorRole[]) {
    const output = values.stack(operations)?.template.Outputs?.[facts.operations.roleOutputs[role]];
    const getAtt = isObject(output?.Value) ? output.Value['Fn::GetAtt'] : undefined;
    const logicalId = Array.isArray(getAtt) ? String(getAtt[0]) : undefined;
    if (!logicalId) throw new Error(`${operations}: output ${facts.operations.roleOutputs[role]} is not the ARN of a role`);
    roles.set(roleProfile(config, role), { role, identity: roleIdentity(values, operations, logicalId) });
  }
  return {
    configFile,
    assemblyDir,
    values,
    region: config.environment?.region ?? values.test.region,
    drRegion: config.disasterRecovery.copyToRegion ?? undefined,
    stackNames,
    roles,
    tags: commonTags(values.assembly.stacks.map((stack) => stack.template)),
    keyPolicies: new Map(
      values.assembly.stacks.flatMap((stack) =>
        Object.entries(stack.template.Resources ?? {})
          .filter(([, resource]) => resource.Type === 'AWS::KMS::Key')
          .map(([id, resource]): [string, unknown] => [
            values.arn(stack.name, id),
            values.document(stack.name, resource.Properties?.KeyPolicy),
          ]),
      ),
    ),
  };
}

/** Walks each runbook and evaluates every request of every command against the role that runs it. */
export async function checkRunbooksIam(
  setup: RunbookIamSetup,
  runbooks: Readonly<Record<string, string>>,
): Promise<RunbookIamResult> {
  const invocations: Invocation[] = [];
  const unsetVariables: string[] = [];
  for (const [file, markdown] of Object.entries(runbooks)) {
    const walk = walkRunbook(file, markdown, {
      values: setup.values,
      assemblyDir: setup.assemblyDir,
      configFile: setup.configFile,
      region: setup.region,
      drRegion: setup.drRegion,
      stackNames: setup.stackNames,
    });
    invocations.push(...walk.invocations);
    unsetVariables.push(...walk.unsetVariables);
  }
  const problems: string[] = [];
  const decisions = new Map<string, Promise<{ allowed: boolean; result: string }>>();
  // Per runbook: the stacks an earlier `npx cdk destroy` deleted, and which.
  const destroyed = new Map<string, Map<string, string>>();
  for (const invocation of invocations) {
    const where = `${invocation.file}: \`${invocation.line}\``;
    const gone = destroyed.get(invocation.file) ?? new Map<string, string>();
    destroyed.set(invocation.file, gone);
    const assumedHere = invocation.profile === undefined ? undefined : setup.roles.get(invocation.profile);
    const roleGoneWith = assumedHere && !assumedHere.identity.retained ? gone.get(assumedHere.identity.stack) : undefined;
    if (assumedHere && roleGoneWith) {
      problems.push(
        `${where}: runs as the ${ROLE_TITLES[assumedHere.role]} role, deleted with ${assumedHere.identity.stack} by \`${roleGoneWith}\` before`,
      );
    }
    for (const stack of invocation.destroys ?? []) gone.set(stack, invocation.line);
    if (invocation.unmapped) {
      problems.push(`${where}: ${invocation.unmapped}`);
      continue;
    }
    if (invocation.requests.length === 0) continue;
    if (invocation.profile === undefined) {
      const key = invocation.command.replace(/^aws /, '');
      if (!(key in OWN_CREDENTIAL_COMMANDS)) {
        problems.push(`${where}: ${invocation.command} runs before the runbook assumes a role (no AWS_PROFILE in force)`);
      }
      continue;
    }
    const assumed = setup.roles.get(invocation.profile);
    if (!assumed) {
      problems.push(`${where}: profile ${invocation.profile} is none of the POC's roles (${[...setup.roles.keys()].join(', ')})`);
      continue;
    }
    for (const found of invocation.requests) {
      // KMS decides with the key policy as well as the caller's identity policies.
      const request =
        found.action.startsWith('kms:') && !found.resourcePolicy
          ? { ...found, resourcePolicy: setup.keyPolicies.get(found.resource) ?? delegatingKeyPolicy(setup.values) }
          : found;
      const cacheKey = JSON.stringify([invocation.profile, invocation.region, request]);
      let decision = decisions.get(cacheKey);
      if (!decision) {
        decision = decide(assumed.identity, request, invocation.region, setup.tags, setup.values.test);
        decisions.set(cacheKey, decision);
      }
      const { allowed, result } = await decision;
      if (!allowed) {
        const uncredited = assumed.identity.uncredited.length
          ? ` (AWS managed policies not credited: ${assumed.identity.uncredited.join(', ')})`
          : '';
        problems.push(
          `${where}: ${invocation.command} as the ${ROLE_TITLES[assumed.role]} role: ${request.action} on ${request.resource} is ${result}${uncredited}`,
        );
      }
    }
  }
  return { invocations, problems, unsetVariables };
}
