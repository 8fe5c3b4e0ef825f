import { runSimulation, typeForContextKey } from '@cloud-copilot/iam-simulate';
import { RoleIdentity } from './policies';
import { Request } from './walk';
import { TestAccount } from './templates';

/**
 * One request of a runbook command, evaluated by @cloud-copilot/iam-simulate against the identity
 * policies of the role that runs it, as a session of that role assumed with MFA (the roles' trust
 * policies require it, so every session has aws:MultiFactorAuthPresent=true). Resources are taken
 * to carry the tags every stack of the POC applies (`tags`): the commands act on the POC's resources.
 */

export interface Decision {
  readonly allowed: boolean;
  /** `Allowed`, `ImplicitlyDenied`, `ExplicitlyDenied`, or the simulator's validation error. */
  readonly result: string;
}

/** Condition keys through which the services read a resource's tags. */
const RESOURCE_TAG_KEYS = [
  'aws:ResourceTag',
  'autoscaling:ResourceTag',
  'ec2:ResourceTag',
  'ssm:resourceTag',
  'rds:db-tag',
  'secretsmanager:ResourceTag',
  'kms:ResourceTag',
  'elasticloadbalancing:ResourceTag',
  'backup:ResourceTag',
];

export async function decide(
  role: RoleIdentity,
  request: Request,
  region: string,
  tags: Readonly<Record<string, string>>,
  test: TestAccount,
): Promise<Decision> {
  const session = `arn:${test.partition}:sts::${test.account}:assumed-role/${role.name}/runbook`;
  const contextVariables: Record<string, string> = {
    'aws:MultiFactorAuthPresent': 'true',
    'aws:MultiFactorAuthAge': '300',
    'aws:SecureTransport': 'true',
    'aws:PrincipalArn': role.arn,
    'aws:PrincipalAccount': test.account,
    'aws:PrincipalType': 'AssumedRole',
    'aws:userid': 'AROAEXAMPLEROLEID:runbook',
    'aws:RequestedRegion': region,
  };
  for (const [key, value] of Object.entries(tags)) {
    for (const prefix of RESOURCE_TAG_KEYS) {
      if (await isContextKey(`${prefix}/${key}`)) contextVariables[`${prefix}/${key}`] = value;
    }
  }
  const result = await runSimulation(
    {
      request: {
        principal: session,
        action: request.action,
        resource: { resource: request.resource, accountId: test.account },
        contextVariables,
      },
      identityPolicies: role.policies.map((policy) => ({ name: policy.name, policy: policy.policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(request.resourcePolicy ? { resourcePolicy: request.resourcePolicy } : {}),
    },
    {},
  );
  if (result.resultType === 'error') return { allowed: false, result: `simulation error: ${result.errors.message}` };
  return { allowed: result.overallResult === 'Allowed', result: result.overallResult };
}

const contextKeys = new Map<string, Promise<boolean>>();

/** Whether the action catalog knows the key (the simulator rejects a request with an unknown one). */
function isContextKey(key: string): Promise<boolean> {
  let known = contextKeys.get(key);
  if (!known) {
    known = typeForContextKey(key).then(
      () => true,
      () => false,
    );
    contextKeys.set(key, known);
  }
  return known;
}

/** The tags every tagged resource of the assembly carries (those Tags.of(stack) applies), as key -> value. */
export function commonTags(
  templates: readonly {
    readonly Resources?: Readonly<Record<string, { readonly Properties?: Readonly<Record<string, unknown>> }>>;
  }[],
): Record<string, string> {
  let common: Map<string, string> | undefined;
  for (const template of templates) {
    for (const resource of Object.values(template.Resources ?? {})) {
      const tags = resource.Properties?.Tags;
      if (!Array.isArray(tags)) continue;
      const here = new Map<string, string>();
      for (const tag of tags) {
        if (tag && typeof tag === 'object' && typeof tag.Key === 'string' && typeof tag.Value === 'string')
          here.set(tag.Key, tag.Value);
      }
      common = common ? new Map([...common].filter(([key, value]) => here.get(key) === value)) : here;
    }
  }
  return Object.fromEntries(common ?? []);
}
