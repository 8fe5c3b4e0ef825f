import { customerSlug } from '../config/naming';
import { PocConfig } from '../config/schema';
import { Component, Failure, recoveryObjectives, RecoveryObjective } from '../resilience/objectives';
import { code, RunbookContext, shell } from './context';
import { AlarmFact, Located, OperationsFact, RunbookError } from './facts';

/** One runbook: its file, how the index presents it, and its body. */
export interface Runbook {
  readonly file: string;
  readonly title: string;
  /** One sentence for the index. */
  readonly summary: string;
  /** The body, after the title and the generated-file notice, before the names table. */
  render(ctx: RunbookContext): string[];
}

export type OperatorRole = keyof OperationsFact['roleOutputs'];

export const ROLE_TITLES: Readonly<Record<OperatorRole, string>> = {
  administrator: 'administrator',
  operator: 'operator',
  databaseAdministrator: 'database administrator',
  auditor: 'auditor',
};

/** The file the "assume a role" steps live in, linked from the other runbooks. */
export const CONNECT_FILE = 'connect-to-instances.md';

/** The region commands run against: pinned by the config, or the one the operator deployed to. */
export function regionSetup(ctx: RunbookContext): string[] {
  const region = ctx.facts.primaryRegion;
  if (region) return shell(`export AWS_REGION=${region}`);
  return [
    'The config pins no region (environment-agnostic stacks): set the one the stacks were deployed to.',
    '',
    ...shell('export AWS_REGION=REGION   # the region the POC was deployed to'),
  ];
}

/** The profile name the runbooks suggest for a role. */
export function profileName(ctx: RunbookContext, role: OperatorRole): string {
  return roleProfile(ctx.facts.config, role);
}

/** The AWS CLI profile of a role of this config's POC: `export AWS_PROFILE=<it>` is how a runbook says which role runs what follows. */
export function roleProfile(config: PocConfig, role: OperatorRole): string {
  return `${customerSlug(config)}-${ROLE_TITLES[role].replace(/ /g, '-')}`;
}

/** Which operator role a runbook needs, and where its ARN comes from. */
export function roleStep(ctx: RunbookContext, role: OperatorRole, why: string): string[] {
  const output = ctx.facts.operations.roleOutputs[role];
  const link = `[${CONNECT_FILE}](${CONNECT_FILE}#assume-a-role)`;
  return [
    `Work as the **${ROLE_TITLES[role]}** role (${why}): its ARN is the output ${code(output)} of ${code(ctx.stack('Operations'))}; ` +
      `${link} shows the profile to set up (the roles require MFA).`,
    '',
    ...shell(ctx.outputVar('ROLE_ARN', 'Operations', output), `export AWS_PROFILE=${profileName(ctx, role)}`),
  ];
}

/**
 * The first lines of a block run in a second terminal, which has none of the first one's settings:
 * the region and the role's profile.
 */
export function terminalSetup(ctx: RunbookContext, role: OperatorRole): string[] {
  const region = ctx.facts.primaryRegion;
  return [
    region ? `export AWS_REGION=${region}` : 'export AWS_REGION=REGION   # the region the POC was deployed to',
    `export AWS_PROFILE=${profileName(ctx, role)}`,
  ];
}

/** Variables every tier-facing runbook starts with: the two Auto Scaling groups. */
export function tierGroupVars(ctx: RunbookContext): string[] {
  return [ctx.idVar('WEB_ASG', ctx.facts.web.group), ctx.idVar('APP_ASG', ctx.facts.app.group)];
}

/** How the docs name an AZ: its name when pinned, otherwise its position in the region's list. */
export function zoneLabel(subnet: { readonly zone?: string; readonly zoneIndex?: number }, position: number): string {
  if (subnet.zone) return subnet.zone;
  const index = subnet.zoneIndex ?? position;
  const ordinal = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'][index] ?? `#${index + 1}`;
  return `the ${ordinal} AZ of the region`;
}

/** The alarms whose metrics name any of `targets`, in name order. */
export function alarmsWatching(ctx: RunbookContext, targets: readonly Located[]): AlarmFact[] {
  const keys = new Set(targets.map((target) => `${target.stack}/${target.logicalId}`));
  return ctx.facts.operations.alarms.filter((alarm) => [...alarm.watches].some((key) => keys.has(key)));
}

/** `aws cloudwatch describe-alarms` for these alarms (all of one stack), showing their state. */
export function alarmNamesCommand(ctx: RunbookContext, alarms: readonly AlarmFact[]): string {
  if (alarms.length === 0) throw new RunbookError('no alarm watches what this runbook tests');
  return (
    `aws cloudwatch describe-alarms${ctx.regionFlag(alarms[0].stack)} --alarm-names ${alarms.map((alarm) => ctx.alarm(alarm)).join(' ')} \\\n` +
    "  --query 'MetricAlarms[].[AlarmName,StateValue,StateUpdatedTimestamp]' --output table"
  );
}

/** A link to the generated RTO/RPO document, from the runbooks/ folder of the same customer's documents. */
export const RESILIENCE_LINK = '[RESILIENCE.md](../RESILIENCE.md)';

/** What the RTO/RPO model (RESILIENCE.md) says of one component for one failure. */
export function objectiveOf(ctx: RunbookContext, component: Component, failure: Failure): RecoveryObjective {
  const found = recoveryObjectives(ctx.facts.model, ctx.facts.config).find(
    (objective) => objective.component === component && objective.failure === failure,
  );
  if (!found) throw new RunbookError(`the RTO/RPO model has no ${component} figure for ${failure}`);
  return found;
}
