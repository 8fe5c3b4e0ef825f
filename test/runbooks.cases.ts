import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAssembly, loadModel } from '../lib/model';
import { checkRunbooks, commandNames, namesTable, renderRunbooks, RUNBOOK_INDEX, RUNBOOKS, RunbookError } from '../lib/runbooks';
import { runbooksCommand } from '../scripts/runbooks';
import { configWith, defaultConfig, ROOT, runCommandInProcess, variant } from './helpers';
import { assemblyDirectory } from './support/assemblies';

/**
 * The runbooks are generated from the synthesized templates and may name nothing the templates
 * lack. Read from the global setup's assemblies: the default (whose runbooks are committed under
 * docs/generated/anycompany-apparel/runbooks) and the variant that flips every switch the
 * runbooks follow (Session Manager only, no DR copy, ElastiCache, a pinned region with three AZs).
 */

const DEFAULT_CONFIG_FILE = 'config/anycompany-apparel.yaml';
const temp = mkdtempSync(join(tmpdir(), 'runbooks-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const TOPICS: readonly [string, RegExp][] = [
  ['connect through the bastion or Session Manager', /Session Manager.*bastions/],
  ['load-test and watch scaling', /Load test.*scale/],
  ['force an RDS Multi-AZ failover and measure the downtime', /Multi-AZ failover.*downtime/],
  ['evacuate an AZ and watch the ASGs rebalance', /Evacuate an AZ.*rebalance/],
  ['patch the instances from the newest AMI', /Patch the instances.*newest AMI/],
  ['restore to a point in time and from the cross-region copy', /point in time.*cross-region copy/],
  ['rotate the database secret', /Rotate the database secret/],
  ['respond to an S3-public alert', /S3-public alert/],
  ['tear down', /Tear the POC down/],
];

const defaultPoc = (() => {
  const config = defaultConfig();
  let directory = '';
  let runbooks: Record<string, string> = {};
  beforeAll(() => {
    directory = assemblyDirectory('default');
    runbooks = renderRunbooks({ assemblyDir: directory, config, configFile: DEFAULT_CONFIG_FILE });
  });
  return { config, directory: () => directory, runbooks: () => runbooks };
})();

describe('runbooks of the default config', () => {
  test('one runbook per topic of the issue, each linked from the index', () => {
    const runbooks = defaultPoc.runbooks();
    expect(Object.keys(runbooks).sort()).toEqual([RUNBOOK_INDEX, ...RUNBOOKS.map((runbook) => runbook.file)].sort());
    expect(RUNBOOKS).toHaveLength(TOPICS.length);
    for (const [topic, title] of TOPICS) {
      const matching = RUNBOOKS.filter((runbook) => title.test(runbook.title));
      expect({ topic, runbooks: matching.length }).toEqual({ topic, runbooks: 1 });
      expect(runbooks[RUNBOOK_INDEX]).toContain(`](${matching[0].file})`);
      expect(runbooks[matching[0].file].split('\n')[0]).toBe(`# Runbook: ${matching[0].title}`);
    }
  });

  test('every name the runbooks use exists in the synthesized templates', () => {
    const runbooks = defaultPoc.runbooks();
    expect(checkRunbooks(runbooks, loadModel(defaultPoc.directory()))).toEqual([]);
    // The check is not vacuous: every runbook names template resources in its commands and its table.
    for (const runbook of RUNBOOKS) {
      const markdown = runbooks[runbook.file];
      const used = commandNames(markdown);
      expect({ file: runbook.file, resources: used.some((name) => name.kind === 'resource' || name.kind === 'output') }).toEqual({
        file: runbook.file,
        resources: true,
      });
      expect(namesTable(markdown).malformed).toEqual([]);
      expect(namesTable(markdown).rows.length).toBeGreaterThanOrEqual(4);
    }
    const logicalIds = new Set(
      Object.values(runbooks).flatMap((markdown) =>
        namesTable(markdown)
          .rows.filter((row) => row.kind === 'resource')
          .map((row) => row.name),
      ),
    );
    expect(logicalIds.size).toBeGreaterThan(40);
  });

  test('commands read the outputs and resources the issue names, from the right stack and region', () => {
    const runbooks = defaultPoc.runbooks();
    const uses = (file: string, kind: string, name: string, stack?: string) =>
      commandNames(runbooks[file]).some((used) => used.kind === kind && used.name === name && (!stack || used.stack === stack));
    expect(uses('rds-multi-az-failover.md', 'output', 'DatabaseInstanceIdentifier', 'AnyCompanyApparel-Data')).toBe(true);
    expect(uses('rotate-database-secret.md', 'output', 'DatabaseSecretArn', 'AnyCompanyApparel-Data')).toBe(true);
    expect(uses('connect-to-instances.md', 'output', 'BastionGroupName', 'AnyCompanyApparel-App')).toBe(true);
    expect(uses('patch-instances.md', 'output', 'BastionGroupName', 'AnyCompanyApparel-App')).toBe(true);
    expect(uses('patch-instances.md', 'resource', 'AppTierGroupASGD7584512', 'AnyCompanyApparel-App')).toBe(true);
    expect(uses('load-test-and-scaling.md', 'resource', 'WebTierGroupASG8CB43775', 'AnyCompanyApparel-App')).toBe(true);
    expect(uses('respond-to-s3-public-alert.md', 'output', 'AdministratorRoleArn', 'AnyCompanyApparel-Operations')).toBe(true);
    expect(uses('evacuate-an-az.md', 'alarm', 'AnyCompanyApparel-WebTier-InServiceBelowMinimum-Critical')).toBe(true);
    expect(uses('load-test-and-scaling.md', 'alarm', 'AnyCompanyApparel-CloudFront-OriginLatency-Critical')).toBe(true);
    // CloudFront alarms exist only in us-east-1: the command must ask that region.
    expect(runbooks['load-test-and-scaling.md']).toContain(
      'aws cloudwatch describe-alarms --region us-east-1 --alarm-names AnyCompanyApparel-CloudFront-Fault-Rate-Critical',
    );
    const drVault = commandNames(runbooks['restore-database.md']).find(
      (used) => used.kind === 'stack' && used.name === 'AnyCompanyApparel-DisasterRecovery' && !used.viaCdk,
    );
    expect(drVault?.region).toBe('eu-west-1');
    expect(runbooks['restore-database.md']).toContain('--backup-vault-name anycompany-apparel-dr-copies');
  });

  test('the restore runbook follows the DR plan, step by step', () => {
    const restore = defaultPoc.runbooks()['restore-database.md'];
    const headings = restore.split('\n').filter((line) => line.startsWith('### Step '));
    expect(headings).toEqual([
      '### Step 0: the latest copy',
      '### Step 1: Network in the DR region (kit estimate 15 min)',
      '### Step 2: Data stack, then the database from the latest copy (kit estimate 60 min)',
      '### Step 3: App tier, web tier and load balancers (kit estimate 20 min)',
      '### Step 4: CloudFront and static assets (kit estimate 20 min)',
      '### Step 5: Monitoring and detective controls, then the cut-over (kit estimate 15 min)',
    ]);
  });

  test('the DR plan deploys the Operations and EdgeAlarms stacks with the DR config before the cut-over', () => {
    const restore = defaultPoc.runbooks()['restore-database.md'];
    const [beforeStep5, step5] = restore.split('### Step 5: ');
    const deploys = (text: string) =>
      commandNames(text)
        .filter((used) => used.viaCdk && /npx cdk deploy .* -c config=config\/anycompany-apparel-dr\.yaml/.test(used.line))
        .map((used) => used.name);
    const stacks = (...roles: string[]) => roles.map((role) => `AnyCompanyApparel-${role}`);
    expect(deploys(beforeStep5)).toEqual(stacks('Network', 'Data', 'App', 'Edge'));
    // The DR copy's own CloudFront alarms: its config names them after the DR region, so a pattern selects them.
    expect(deploys(step5.split('### Tear the DR test down')[0])).toEqual([
      ...stacks('Operations'),
      'AnyCompanyApparel-EdgeAlarms*',
    ]);
    expect(step5).toContain('PCI DSS Requirement 10');
    expect(step5.indexOf('npx cdk deploy AnyCompanyApparel-Operations')).toBeLessThan(step5.indexOf('**The cut-over**'));
    expect(beforeStep5.split('### Step 4: ')[1]).not.toMatch(/Point .*at the new distribution/);
  });

  test('the DR test tear-down destroys only the stacks of the test, each by name with --exclusively', () => {
    const restore = defaultPoc.runbooks()['restore-database.md'];
    const tearDown = restore.split('### Tear the DR test down')[1].split('## Names in this runbook')[0];
    const destroyLines = restore.split('\n').filter((line) => line.includes('npx cdk destroy'));
    // The most dependent first: the DR copy's own CloudFront alarms (selected by pattern in the DR config's app, where
    // they carry the DR region), never the primary's EdgeAlarms nor DisasterRecovery (the primary's copies).
    expect(destroyLines).toEqual([
      "npx cdk destroy 'AnyCompanyApparel-EdgeAlarms*' --exclusively -c config=config/anycompany-apparel-dr.yaml",
      ...['Operations', 'Edge', 'App', 'Data', 'Network'].map(
        (role) => `npx cdk destroy AnyCompanyApparel-${role} --exclusively -c config=config/anycompany-apparel-dr.yaml`,
      ),
    ]);
    // Nothing of the primary's parameter in us-east-1 is read or written: the DR copy has its own.
    expect(restore).not.toMatch(/aws ssm (get|put|delete)-parameter/);
    // What stays is deleted in the DR region only, never the vault of the primary's copies; then the copy's alarm key in us-east-1.
    const [inDrRegion, alarmKey] = tearDown.split('And in us-east-1, the KMS key of the DR copy');
    for (const line of inDrRegion.split('\n').filter((candidate) => /^aws (s3api|backup|rds|logs|kms) /.test(candidate))) {
      expect(line).toContain('--region eu-west-1');
      expect(line).not.toContain('anycompany-apparel-dr-copies');
    }
    const alarmKeyCommands = alarmKey.split('\n').filter((candidate) => /^\s*aws /.test(candidate));
    expect(alarmKeyCommands.length).toBeGreaterThan(0);
    for (const line of alarmKeyCommands) expect(line).toMatch(/^\s*aws kms \S+ --region us-east-1 /);
    expect(tearDown).not.toContain('AnyCompanyApparel-DisasterRecovery.');
    expect(tearDown).not.toMatch(/\| `AnyCompanyApparel-(EdgeAlarms|DisasterRecovery)` \|/);
  });

  test('every cdk command of every runbook names its stacks with --exclusively', () => {
    const lines = Object.values(defaultPoc.runbooks())
      .flatMap((markdown) => markdown.split('\n'))
      .filter((line) => /npx cdk (deploy|destroy) /.test(line) && !line.includes('--all'));
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(line).toContain(' --exclusively ');
    // The full tear-down names the CloudFront alarms stack itself instead of reaching it through its dependency.
    expect(defaultPoc.runbooks()['tear-down.md']).toContain(
      'npx cdk destroy AnyCompanyApparel-Operations AnyCompanyApparel-EdgeAlarms AnyCompanyApparel-Edge AnyCompanyApparel-App --exclusively',
    );
  });

  test('the tear-down runbook lifts the deletion protection of every load balancer before it destroys their stack', () => {
    const assembly = loadAssembly(defaultPoc.directory());
    const balancers = assembly.stacks.flatMap((stack) =>
      Object.entries(stack.template.Resources ?? {})
        .filter(([, resource]) => resource.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer')
        .map(([logicalId]) => ({ stack: stack.name, logicalId })),
    );
    expect(balancers).toHaveLength(2);
    for (const [file, destroy] of [
      ['tear-down.md', 'npx cdk destroy AnyCompanyApparel-Operations AnyCompanyApparel-EdgeAlarms'],
      ['restore-database.md', 'npx cdk destroy AnyCompanyApparel-App --exclusively'],
    ]) {
      const runbook = defaultPoc.runbooks()[file];
      const destroyAt = runbook.lastIndexOf(destroy);
      expect(destroyAt).toBeGreaterThan(0);
      for (const { stack, logicalId } of balancers) {
        const lift =
          `ALB=$(aws cloudformation describe-stack-resource --stack-name ${stack} \\\n` +
          `  --logical-resource-id ${logicalId} --query StackResourceDetail.PhysicalResourceId --output text)\n` +
          'aws elbv2 modify-load-balancer-attributes --load-balancer-arn "$ALB" --attributes Key=deletion_protection.enabled,Value=false';
        const liftAt = runbook.indexOf(lift);
        expect({ file, logicalId, lifted: liftAt >= 0 && liftAt < destroyAt }).toEqual({ file, logicalId, lifted: true });
      }
    }
    // The role the tear-down names can lift it: the administrator role.
    expect(defaultPoc.runbooks()['tear-down.md']).toMatch(/Work as the \*\*administrator\*\* role/);
  });

  test('the tear-down runbook lists every resource the templates retain', () => {
    const assembly = loadAssembly(defaultPoc.directory());
    const retained = assembly.stacks.flatMap((stack) =>
      Object.entries(stack.template.Resources ?? {})
        .filter(([, resource]) => ['Retain', 'Snapshot'].includes((resource as { DeletionPolicy?: string }).DeletionPolicy ?? ''))
        // With the region the deletion commands must name: a bare key id or log group name is found only there.
        .map(([logicalId]) => `| \`${stack.name}\` | ${stack.region ?? 'the POC region'} | \`${logicalId}\` |`),
    );
    expect(retained.length).toBeGreaterThan(20);
    const tearDown = defaultPoc.runbooks()['tear-down.md'];
    expect(retained.filter((row) => !tearDown.includes(row))).toEqual([]);
    expect(tearDown).toContain('aws kms schedule-key-deletion --region us-east-1 --key-id KEY_ID');
  });

  test('the operator and database administrator roles may read the POC stacks the runbooks query', () => {
    const operations = loadAssembly(defaultPoc.directory()).stacks.find((stack) => stack.name === 'AnyCompanyApparel-Operations');
    const policies = Object.entries(operations?.template.Resources ?? {}).filter(
      ([, resource]) => resource.Type === 'AWS::IAM::ManagedPolicy',
    );
    for (const role of ['RolesOperator', 'RolesDatabaseAdministrator']) {
      const policy = policies.find(([id]) => id.startsWith(`${role}Policy`));
      const statements = (policy?.[1].Properties?.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] })
        .Statement;
      const read = statements.find((statement) =>
        JSON.stringify(statement.Action).includes('cloudformation:DescribeStackResource'),
      );
      expect({ role, resource: JSON.stringify(read?.Resource) }).toEqual({
        role,
        resource: expect.stringContaining(':cloudformation:*:",{"Ref":"AWS::AccountId"},":stack/AnyCompanyApparel-*/*"'),
      });
    }
  });

  test('the database secret is rotated as the database administrator; no origin secret is left to rotate', () => {
    const rotate = defaultPoc.runbooks()['rotate-database-secret.md'];
    const profiles = [...rotate.matchAll(/^export AWS_PROFILE=(\S+)$/gm)].map((match) => match[1]);
    expect(profiles).toEqual(['anycompany-apparel-database-administrator']);
    expect(rotate).toContain("OutputKey=='DatabaseAdministratorRoleArn'");
    expect(rotate).not.toMatch(/lacks|administrator role instead/);
    expect(rotate).not.toMatch(/origin secret|X-Origin-Verify/);
  });

  test('the patch runbook refreshes every group as the operator, whose policy allows each call it makes', () => {
    const runbook = defaultPoc.runbooks()['patch-instances.md'];
    expect([...runbook.matchAll(/^export AWS_PROFILE=(\S+)$/gm)].map((match) => match[1])).toEqual([
      'anycompany-apparel-operator',
    ]);
    expect(runbook).toContain(
      'for group in "$WEB_ASG" "$APP_ASG" "$BASTION_ASG"; do\n  aws autoscaling start-instance-refresh --auto-scaling-group-name "$group"\ndone',
    );
    expect(runbook).toContain('aws ssm get-parameters --names /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64 ');
    expect(runbook).toContain('at most 7 days after AWS publishes that AMI');
    expect(runbook).not.toMatch(/dnf (-y )?upgrade --security/);

    const operations = loadAssembly(defaultPoc.directory()).stacks.find((stack) => stack.name === 'AnyCompanyApparel-Operations');
    const [, policy] =
      Object.entries(operations?.template.Resources ?? {}).find(
        ([id, resource]) => resource.Type === 'AWS::IAM::ManagedPolicy' && id.startsWith('RolesOperatorPolicy'),
      ) ?? [];
    const statements = (policy?.Properties?.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement;
    const allowing = (action: string) => statements.filter((statement) => [statement.Action].flat().includes(action));
    for (const action of [
      'autoscaling:StartInstanceRefresh',
      'autoscaling:DescribeInstanceRefreshes',
      'autoscaling:DescribeAutoScalingGroups',
      'ec2:DescribeInstances',
    ]) {
      expect({ action, allowed: allowing(action).length }).toEqual({ action, allowed: 1 });
    }
    expect(JSON.stringify(allowing('ssm:GetParameters')[0].Resource)).toContain(
      ':parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64',
    );
  });

  test('one runbook says the IAM password policy is out of scope for the stacks, and how to set it', () => {
    const alert = defaultPoc.runbooks()['respond-to-s3-public-alert.md'];
    expect(alert).toContain('**IAM account password policy**: out of scope for the POC stacks');
    expect(alert).toContain('aws iam update-account-password-policy --minimum-password-length 12');
  });

  test('the check fails when a template lacks a name the runbooks use', () => {
    const mutated = join(temp, 'mutated');
    cpSync(defaultPoc.directory(), mutated, { recursive: true });
    const edit = (stack: string, change: (template: Record<string, Record<string, Record<string, unknown>>>) => void) => {
      const file = join(mutated, `${stack}.template.json`);
      const template = JSON.parse(readFileSync(file, 'utf8'));
      change(template);
      writeFileSync(file, JSON.stringify(template));
    };
    edit('AnyCompanyApparel-Data', (template) => delete template.Outputs.DatabaseInstanceIdentifier);
    edit('AnyCompanyApparel-App', (template) => delete template.Resources.WebTierGroupASG8CB43775);
    edit('AnyCompanyApparel-Operations', (template) => {
      const alarm = Object.values(template.Resources).find(
        (resource) =>
          (resource.Properties as { AlarmName?: string } | undefined)?.AlarmName ===
          'AnyCompanyApparel-Database-CPU-Usage-Critical',
      );
      (alarm?.Properties as { AlarmName: string }).AlarmName = 'renamed';
    });
    const problems = checkRunbooks(defaultPoc.runbooks(), loadModel(mutated));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^rds-multi-az-failover\.md: output DatabaseInstanceIdentifier is not declared by AnyCompanyApparel-Data/,
        ),
        expect.stringMatching(/^tear-down\.md: names table: output DatabaseInstanceIdentifier of AnyCompanyApparel-Data/),
        expect.stringMatching(/^load-test-and-scaling\.md: resource WebTierGroupASG8CB43775 is not in AnyCompanyApparel-App/),
        expect.stringMatching(/^evacuate-an-az\.md: names table: resource WebTierGroupASG8CB43775 .*no such resource/),
        expect.stringMatching(
          /^rds-multi-az-failover\.md: alarm AnyCompanyApparel-Database-CPU-Usage-Critical is not in the assembly/,
        ),
      ]),
    );
    // Nothing else broke: every problem names one of the three removed names.
    expect(
      problems.filter((problem) => !/DatabaseInstanceIdentifier|WebTierGroupASG8CB43775|Database-CPU-Usage/.test(problem)),
    ).toEqual([]);
  });

  test('the check fails when a command uses a name missing from the names table, a row is wrong, or a region is missing', () => {
    const runbooks = defaultPoc.runbooks();
    const assembly = loadModel(defaultPoc.directory());
    const failover = runbooks['rds-multi-az-failover.md'];
    const withoutRow = failover.replace(/^\| output \| `DatabaseInstanceIdentifier` .*\n/m, '');
    const wrongType = failover.replace('(AWS::RDS::DBInstance)', '(AWS::RDS::DBCluster)');
    const noRegion = runbooks['restore-database.md'].replace(
      'describe-stacks --region eu-west-1 --stack-name AnyCompanyApparel-DisasterRecovery',
      'describe-stacks --stack-name AnyCompanyApparel-DisasterRecovery',
    );
    const strayId = failover.replace('## After', 'See `SecurityGroupsWebAE39F2C2`.\n\n## After');
    const withParameterCommand = (name: string) =>
      runbooks['restore-database.md'].replace(
        '## Part B',
        `\`\`\`bash\naws ssm get-parameter --region us-east-1 --name ${name} --query Parameter.Value\n\`\`\`\n\n## Part B`,
      );
    const strayParameter = withParameterCommand('/pci-poc-kit/other/cloudfront-distribution-id');
    expect(
      checkRunbooks({ 'ok.md': withParameterCommand('/pci-poc-kit/anycompany-apparel/cloudfront-distribution-id') }, assembly),
    ).toEqual([]);
    expect(strayParameter).not.toBe(runbooks['restore-database.md']);
    expect(withoutRow).not.toBe(failover);
    expect(wrongType).not.toBe(failover);
    expect(noRegion).not.toBe(runbooks['restore-database.md']);
    expect(checkRunbooks({ 'a.md': withoutRow }, assembly)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^a\.md: output DatabaseInstanceIdentifier is used in .* but missing from the names table/),
      ]),
    );
    expect(checkRunbooks({ 'b.md': wrongType }, assembly)).toEqual([
      'b.md: names table: resource DatabaseInstanceAA8A5FDE of AnyCompanyApparel-Data: it is a AWS::RDS::DBInstance, not a AWS::RDS::DBCluster',
    ]);
    expect(checkRunbooks({ 'c.md': noRegion }, assembly)).toEqual([
      expect.stringMatching(
        /^c\.md: stack AnyCompanyApparel-DisasterRecovery lives in eu-west-1: the command needs --region eu-west-1/,
      ),
    ]);
    expect(checkRunbooks({ 'd.md': strayId }, assembly)).toEqual([
      'd.md: `SecurityGroupsWebAE39F2C2` in the text is not in the names table',
    ]);
    expect(checkRunbooks({ 'e.md': strayParameter }, assembly)).toEqual([
      expect.stringMatching(/^e\.md: no stack reads the SSM parameter \/pci-poc-kit\/other\/cloudfront-distribution-id in /),
      expect.stringMatching(
        /^e\.md: ssm parameter \/pci-poc-kit\/other\/cloudfront-distribution-id is used in .* but missing from the names table/,
      ),
    ]);
  });

  test('the folder of the default config holds exactly its runbooks (run npm run docs and commit)', () => {
    const runbooks = defaultPoc.runbooks();
    const folder = join(ROOT, 'docs/generated/anycompany-apparel/runbooks');
    const committed = readdirSync(folder).sort();
    const stale = Object.entries(runbooks)
      .filter(([file, markdown]) => !existsSync(join(folder, file)) || readFileSync(join(folder, file), 'utf8') !== markdown)
      .map(([file]) => `${folder}/${file} differs from the generated one: run npm run docs and commit`);
    expect({ files: committed, stale }).toEqual({ files: Object.keys(runbooks).sort(), stale: [] });
  });

  test('deterministic: the same templates give the same bytes at any time, with no timestamp or asset hash', () => {
    jest.useFakeTimers({ now: new Date('2031-07-14T12:00:00Z') });
    try {
      const again = renderRunbooks({
        assemblyDir: defaultPoc.directory(),
        config: defaultPoc.config,
        configFile: DEFAULT_CONFIG_FILE,
      });
      expect(again).toEqual(defaultPoc.runbooks());
    } finally {
      jest.useRealTimers();
    }
    const all = Object.values(defaultPoc.runbooks()).join('\n');
    expect(all).not.toMatch(/[0-9a-f]{64}/);
    expect(all).not.toContain('2031');
  });

  test('an assembly of another config is refused, naming the missing stack', () => {
    const other = configWith((raw) => (raw.customer.name = 'Wingtip Toys'));
    expect(() => renderRunbooks({ assemblyDir: defaultPoc.directory(), config: other })).toThrow(RunbookError);
    expect(() => renderRunbooks({ assemblyDir: defaultPoc.directory(), config: other })).toThrow(
      /has no stack WingtipToys-Network: it was synthesized from another config; synthesize config\/wingtip-toys\.yaml into it first/,
    );
  });
});

describe('runbooks follow the config', () => {
  const switches = variant('runbook-switches');
  let directory = '';
  let runbooks: Record<string, string> = {};
  beforeAll(() => {
    directory = switches.assembly.directory;
    runbooks = renderRunbooks({ assemblyDir: directory, config: switches.config, configFile: 'config/variant.yaml' });
  });

  test('their names exist in the variant templates too', () => {
    expect(checkRunbooks(runbooks, loadModel(directory))).toEqual([]);
  });

  test('ssh mode documents SSH through the bastions; ssm mode says the bastions admit nothing', () => {
    const ssh = defaultPoc.runbooks()['connect-to-instances.md'];
    const ssm = runbooks['connect-to-instances.md'];
    expect(ssh).toContain('accept SSH on port 22 from `198.51.100.0/24` only');
    expect(ssh).toContain('aws ec2-instance-connect send-ssh-public-key');
    expect(ssm).toContain('**Access mode of this config: `management.bastionAccess: ssm`.**');
    expect(ssm).toContain('admits nothing');
    expect(ssm).toContain('without a public address: they reach Session Manager through the NAT gateways');
    expect(ssm).not.toContain('send-ssh-public-key');
    expect(ssm).not.toContain('198.51.100.0/24');
  });

  test('the POC preferences: where transcripts go, their key and retention; otherwise the account preferences decide', () => {
    const own = defaultPoc.runbooks()['connect-to-instances.md'];
    const account = runbooks['connect-to-instances.md'];
    const recorded = (markdown: string) => markdown.slice(markdown.indexOf('## What a session records'));
    expect(recorded(own)).toMatch(
      /the document `SSM-SessionManagerRunShell` \(`SessionLoggingPreferences[0-9A-F]{8}` of `AnyCompanyApparel-Operations`\)/,
    );
    expect(recorded(own)).toMatch(
      /log group of output `SessionLogGroupName` \(`SessionLoggingLogs[0-9A-F]{8}`\), encrypted with the KMS key `SessionLoggingKey[0-9A-F]{8}` and kept 365 days/,
    );
    expect(own).toContain("OutputKey=='SessionLogGroupName'");
    expect(own).toContain('A session left idle for 15 minutes ends');
    expect(recorded(own)).toContain('Not recorded: what goes through a port forward (the database tunnel below)');
    expect(recorded(own)).toContain('nor what is typed over SSH (next section), which does not go through Session Manager');
    expect(recorded(account)).toContain('(`accountBaseline.hasSessionManagerPreferences: true`)');
    expect(recorded(account)).toContain('aws ssm get-document --name SSM-SessionManagerRunShell');
    expect(account).not.toMatch(/SessionLogging|SessionLogGroupName/);
    expect(recorded(account)).not.toContain('typed over SSH');
    expect(defaultPoc.runbooks()['tear-down.md']).toContain(
      'the Session Manager preferences (sessions are then no longer recorded)',
    );
    expect(runbooks['tear-down.md']).not.toContain('Session Manager preferences');
  });

  test('a config that disagrees with the templates about the preferences is refused', () => {
    const flipped = configWith((raw) => (raw.accountBaseline = { ...raw.accountBaseline, hasSessionManagerPreferences: true }));
    expect(() =>
      renderRunbooks({ assemblyDir: defaultPoc.directory(), config: flipped, configFile: DEFAULT_CONFIG_FILE }),
    ).toThrow(
      new RunbookError(
        'accountBaseline.hasSessionManagerPreferences is true but the templates set the Session Manager preferences',
      ),
    );
  });

  test('without a DR copy the cross-region restore says there is none and the regional RPO is unbounded', () => {
    const off = runbooks['restore-database.md'];
    expect(off).toContain('**There is no cross-region copy in this config**');
    expect(off).toContain('RTO and RPO are **unbounded**');
    expect(off).not.toContain('### Step 1');
    expect(off).not.toContain('AnyCompanyApparel-DisasterRecovery');
    expect(off).not.toContain('list-recovery-points-by-backup-vault');
    expect(runbooks['tear-down.md']).not.toContain('AnyCompanyApparel-DisasterRecovery');
    expect(defaultPoc.runbooks()['tear-down.md']).toContain('## 4. The DR vault');
  });

  test('the cache choice, the pinned region and the AZ names reach the runbooks', () => {
    expect(runbooks['rds-multi-az-failover.md']).toContain('With ElastiCache for Memcached the cache does not fail over');
    expect(defaultPoc.runbooks()['rds-multi-az-failover.md']).toContain('With the RDS MEMCACHED option the cache runs on');
    expect(runbooks['connect-to-instances.md']).toContain('export AWS_REGION=eu-west-3');
    expect(defaultPoc.runbooks()['connect-to-instances.md']).toContain('export AWS_REGION=REGION');
    const evacuate = runbooks['evacuate-an-az.md'];
    expect(evacuate).toContain('AZ=eu-west-3a');
    expect(evacuate).toContain('--vpc-zone-identifier "$WEB_SUBNET_2,$WEB_SUBNET_3"');
    expect(evacuate).toContain('--vpc-zone-identifier "$APP_SUBNET_1,$APP_SUBNET_2,$APP_SUBNET_3"');
    expect(runbooks[RUNBOOK_INDEX]).toContain('- Cache: `elasticache-memcached`.');
    expect(runbooks[RUNBOOK_INDEX]).toContain('- Region: eu-west-3.');
  });
});

describe('npm run runbooks, on bad input', () => {
  const run = (...args: string[]) => runCommandInProcess(runbooksCommand, ...args);

  test('an unknown flag: exit 2 with the usage, nothing written', async () => {
    const out = join(temp, 'cli-flag');
    const result = await run('--bogus', '--out', out);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option '--bogus'");
    expect(result.stderr).toContain('Usage: npm run runbooks');
    expect(existsSync(out)).toBe(false);
  });

  test('a missing config: exit 1 naming the file, nothing written', async () => {
    const out = join(temp, 'cli-config');
    const result = await run('-c', 'config=config/missing.yaml', '--out', out);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid POC config config/missing.yaml');
    expect(result.stderr).toContain('file not found');
    expect(existsSync(out)).toBe(false);
  });

  test('an --out folder holding files the kit did not write: exit 2 before the synthesis, every file kept', async () => {
    const out = join(temp, 'cli-foreign');
    mkdirSync(out);
    writeFileSync(join(out, 'playbook.md'), 'mine');
    const result = await run('--out', out);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`--out ${out}: holds files the kit did not write (playbook.md)`);
    expect(readdirSync(out)).toEqual(['playbook.md']);
  });

  test('a context key other than config: exit 2 naming it', async () => {
    const result = await run('-c', 'region=eu-west-1');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('-c region=eu-west-1: the only context key read here is config');
  });
});
