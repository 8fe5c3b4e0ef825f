import { STACK_ROLES } from '../../config/naming';
import { DETECTIVE_CONTROLS_FIRST, disasterRecoveryPlan, DrStepId, primaryRegionOf } from '../../resilience/objectives';
import { backupHoursUtc } from '../../shared/resilience-settings';
import { formatMinutes } from '../../resilience/units';
import { regionSetup, RESILIENCE_LINK, roleStep, Runbook } from '../common';
import { code, RunbookContext, shell, table } from '../context';
import { RunbookError } from '../facts';
import { loadBalancerProtection, saveNamesCommands, whatStays } from './tear-down';

export const restoreDatabaseRunbook: Runbook = {
  file: 'restore-database.md',
  title: 'Restore the database to a point in time, and from the cross-region copy',
  summary:
    'point-in-time restore next to the running instance (logical corruption), and the regional DR plan: the latest copy ' +
    'restored in the DR region, the POC rebuilt around it with its detective controls, and a DR test torn down without ' +
    'touching the primary.',
  render(ctx) {
    const { facts } = ctx;
    const db = facts.database;
    return [
      'What this shows the customer: the data can be brought back. Inside the region, to any second of the last ' +
        `${db.backupRetentionDays} days (RDS automated backups, point-in-time restore); after the loss of the region, from the ` +
        'copy of the last backup in a second region.',
      '',
      "Who: the solutions architect or the customer's database administrator. Role: **administrator** (the database " +
        'administrator role may snapshot and fail over, not restore).',
      '',
      '## Before',
      '',
      ...regionSetup(ctx),
      '',
      ...roleStep(ctx, 'administrator', 'restores create instances, modify them and delete test copies'),
      '',
      ...pointInTime(ctx),
      '',
      ...crossRegion(ctx),
    ];
  },
};

function pointInTime(ctx: RunbookContext): string[] {
  const { facts } = ctx;
  const db = facts.database;
  const identifier = ctx.physical(db, 'DBInstanceIdentifier');
  const target = `${identifier}-pitr`;
  const hours = backupHoursUtc(facts.config.disasterRecovery.backupHourUtc, facts.config.disasterRecovery.backupIntervalHours)
    .map((hour) => `${String(hour).padStart(2, '0')}:00`)
    .join(', ');
  return [
    '## Part A: restore to a point in time (in the region)',
    '',
    `For data damaged by a mistake or an attack (Multi-AZ replicates those too). RDS keeps automated backups of ` +
      `${code(ctx.resource(db))} (${code(identifier)}) for ${db.backupRetentionDays} days (backup window ${db.backupWindow} UTC) and ` +
      'restores them, with the transaction logs, to any second up to the latest restorable time, typically less than five ' +
      'minutes ago. The restore is a new instance next to the running one; the stacks keep using theirs.',
    '',
    `A second source in the region: the AWS Backup plan ${code(ctx.physical(facts.backup.plan, 'BackupPlan', 'BackupPlanName'))} ` +
      `snapshots the instance at ${hours} UTC into the vault ${code(ctx.physical(facts.backup.vault, 'BackupVaultName'))}; ` +
      'restore one of those as in part B, in this region.',
    '',
    '1. The restorable window, and the settings the copy must share with the original: subnet group, parameter group ' +
      '(TLS required), option group and security group, all read from the stacks.',
    '',
    ...shell(
      ctx.outputVar('DB', 'Data', db.output),
      'aws rds describe-db-instances --db-instance-identifier "$DB" \\\n' +
        "  --query 'DBInstances[0].[LatestRestorableTime,BackupRetentionPeriod]' --output text",
      ctx.idVar('SUBNET_GROUP', db.subnetGroup),
      ctx.idVar('PARAMETERS', db.parameterGroup),
      ...(db.optionGroup ? [ctx.idVar('OPTIONS', db.optionGroup)] : []),
      ctx.idVar('DB_GROUP', db.securityGroup),
    ),
    '',
    '2. Restore, to the second before the damage (UTC), as a Multi-AZ instance in the data subnets. Time it: the restore ' +
      'time is part of the RTO.',
    '',
    ...shell(
      'RESTORE_TIME=2026-01-31T09:30:00Z   # replace: the second before the damage, UTC',
      'date -u +%T   # start',
      `aws rds restore-db-instance-to-point-in-time --source-db-instance-identifier "$DB" \\\n` +
        `  --target-db-instance-identifier ${target} --restore-time "$RESTORE_TIME" \\\n` +
        `  --db-subnet-group-name "$SUBNET_GROUP" --vpc-security-group-ids "$DB_GROUP" \\\n` +
        `  --db-parameter-group-name "$PARAMETERS"${db.optionGroup ? ' --option-group-name "$OPTIONS"' : ''} \\\n` +
        `  --multi-az --no-publicly-accessible --copy-tags-to-snapshot --no-deletion-protection \\\n` +
        `  --tags Key=Customer,Value="${facts.config.customer.name}" Key=Purpose,Value=point-in-time-restore`,
      `aws rds wait db-instance-available --db-instance-identifier ${target}   # run again if it times out (30 min)`,
      'date -u +%T   # restored',
    ),
    '',
    '   `--use-latest-restorable-time` instead of `--restore-time` restores the latest state (to test the mechanism). The copy ' +
      "is encrypted with the original's KMS key and keeps the same master user and password as at the restore time. Its log " +
      'exports stay off: they would create log groups outside the kit, unencrypted.',
    '',
    '3. Look at the data through a tunnel to the copy: the steps of [Reach the database](connect-to-instances.md#reach-the-database) ' +
      `with \`DB_HOST\` set to the copy's endpoint.`,
    '',
    ...shell(
      `DB_HOST=$(aws rds describe-db-instances --db-instance-identifier ${target} --query 'DBInstances[0].Endpoint.Address' --output text)`,
    ),
    '',
    '4. Bring back what was lost: export the damaged rows or tables from the copy (`mysqldump --single-transaction ' +
      '--where=...` through the tunnel) and load them into the original. Do not swap the instances: CloudFormation knows ' +
      `the original by its identifier ${code(identifier)}, and its alarms, backups, secret and event subscription name it.`,
    '',
    '5. Delete the copy when done (it costs as much as the original):',
    '',
    ...shell(
      `aws rds delete-db-instance --db-instance-identifier ${target} --skip-final-snapshot   # or --final-db-snapshot-identifier ${target}-final`,
    ),
  ];
}

function crossRegion(ctx: RunbookContext): string[] {
  const { facts } = ctx;
  const plan = disasterRecoveryPlan(facts.config);
  const primary = primaryRegionOf(facts.config);
  const copy = facts.backup.copy;
  if (!plan || !copy) {
    return [
      '## Part B: restore from the cross-region copy',
      '',
      `**There is no cross-region copy in this config**: \`disasterRecovery.copyToRegion\` is null, so nothing of the database ` +
        `leaves ${primary}. The AWS Backup recovery points (vault ${code(ctx.physical(facts.backup.vault, 'BackupVaultName'))}) ` +
        `and the automated backups live in ${primary} too: if the region is lost, the database is lost with it, and the regional ` +
        `RTO and RPO are **unbounded** (${RESILIENCE_LINK} says the same).`,
      '',
      'To bound them: set `disasterRecovery.copyToRegion` to a second region in the same jurisdiction, bootstrap it, and ' +
        'redeploy. The DisasterRecovery stack then holds a copy of every recovery point, and this part of the runbook gives ' +
        'the restore steps.',
      '',
      ...shell('npx cdk bootstrap aws://ACCOUNT/DR_REGION', `npx cdk deploy --all -c config=${facts.configFile}`),
    ];
  }
  const drConfig = facts.configFile.replace(/\.ya?ml$/, '') + '-dr.yaml';
  const drRegion = copy.region;
  const db = facts.database;
  const identifier = ctx.physical(db, 'DBInstanceIdentifier');
  const restored = `${identifier}-restored`;
  const step = (id: DrStepId) => {
    const index = plan.steps.findIndex((candidate) => candidate.id === id);
    const found = plan.steps[index];
    return `### Step ${index + 1}: ${found.title} (kit estimate ${formatMinutes(found.estimateMinutes)})`;
  };
  const stepNumber = (id: DrStepId) => plan.steps.findIndex((candidate) => candidate.id === id) + 1;
  const alarmsRegion = ctx.region('EdgeAlarms');
  if (!alarmsRegion)
    throw new RunbookError(`${ctx.stack('EdgeAlarms')} is not pinned to a region: the CloudFront alarms need us-east-1`);
  return [
    '## Part B: restore from the cross-region copy (regional DR)',
    '',
    `Every recovery point of the backup plan is copied to the vault ${code(ctx.physical(copy, 'BackupVaultName'))} ` +
      `(${code(ctx.resource(copy))} of ${code(ctx.stack('DisasterRecovery'))}, in **${drRegion}**) and kept ` +
      `${facts.config.disasterRecovery.copyRetentionDays} days. If ${plan.primaryRegion} is lost, the POC is rebuilt in ` +
      `${drRegion} from its templates and the latest copy, following the DR plan of ${RESILIENCE_LINK}:`,
    '',
    ...table(
      ['#', 'Step', 'What is restored where', 'Kit estimate', 'Done after'],
      plan.steps.map((entry, index) => [
        String(index + 1),
        entry.title,
        entry.action,
        formatMinutes(entry.estimateMinutes),
        formatMinutes(entry.doneAfterMinutes),
      ]),
    ),
    '',
    `**DR test** (competency 2.5): run steps 1–2 (all ${plan.steps.length} for a full test, without the cut-over) in ` +
      `${drRegion} while the POC keeps running in ${plan.primaryRegion}, write down the start and end time of each step, and ` +
      'replace the kit estimates (`DR_STEP_ESTIMATE_MINUTES` in `lib/resilience/objectives.ts`) with the measurements. A DR ' +
      'test must leave the primary untouched: the steps say what a test skips, and [Tear the DR test down](#tear-the-dr-test-down) ' +
      'removes exactly what it created, never with the [tear-down runbook](tear-down.md), which would reach the primary.',
    '',
    '### Step 0: the latest copy',
    '',
    `Every command of part B runs in ${drRegion}: the stacks of the DR config carry the same names as the primary ones, ` +
      'in another region.',
    '',
    ...shell(
      `export AWS_REGION=${drRegion}`,
      ctx.outputVar('COPY_VAULT_ARN', 'DisasterRecovery', copy.output),
      'echo "$COPY_VAULT_ARN"   # the vault the DR stack declares',
      `RECOVERY_POINT=$(aws backup list-recovery-points-by-backup-vault --backup-vault-name ${copy.name} \\\n` +
        "  --query 'sort_by(RecoveryPoints[?Status==`COMPLETED`], &CreationDate)[-1].RecoveryPointArn' --output text)",
      `aws backup describe-recovery-point --backup-vault-name ${copy.name} --recovery-point-arn "$RECOVERY_POINT" \\\n` +
        "  --query '[CreationDate,Status,ResourceArn]' --output text",
    ),
    '',
    'Its creation date is the point the data comes back to: everything written after it is lost (the regional RPO).',
    '',
    step('network'),
    '',
    `A DR copy of the config: \`environment.region: ${drRegion}\` with its AZ names (pinned, the region also goes into the ` +
      "copy's account-wide names, its dashboard and CloudFront origin access control, which then differ from the primary's), " +
      'and `disasterRecovery.copyToRegion` ' +
      'set to another region, or null while the primary is lost (the config check refuses the same region); for a DR test, ' +
      'null: the test then creates no DisasterRecovery stack of its own, and its tear-down counts on that. `accountBaseline` ' +
      `must say what the account already has in ${drRegion} (a Config recorder, an organization trail, GuardDuty, Security ` +
      `Hub, Inspector are one per account and region: step ${stepNumber('operations')} fails on a second one).` +
      (facts.config.domain
        ? ` With the custom domain, \`domain.albCertificateArn\` must name a certificate in ${drRegion}: the ALB only takes ` +
          'certificates of its own region.'
        : ''),
    '',
    ...shell(
      `cp ${facts.configFile} ${drConfig}   # then edit environment, disasterRecovery and accountBaseline as above`,
      ctx.cdk('deploy', ['Network'], drConfig),
    ),
    '',
    step('database'),
    '',
    `The copy carries neither the option group nor the credentials. Deploying the Data stack of the DR config in ${drRegion} ` +
      'creates both (the option group with ' +
      (facts.cache.kind === 'rds-memcached-option' ? 'MEMCACHED and the audit plugin' : 'the audit plugin') +
      ', a new secret), with the subnet group, the parameter group and the instance the other stacks are wired to, which ' +
      `starts empty. The copy is restored next to it, then takes its identifier ${code(identifier)}: CloudFormation, the ` +
      'endpoint in the secret, the alarms and the backups all find the instance by that identifier.',
    '',
    ...shell(
      ctx.cdk('deploy', ['Data'], drConfig),
      ctx.idVar('SUBNET_GROUP', db.subnetGroup),
      ctx.idVar('PARAMETERS', db.parameterGroup),
      ...(db.optionGroup ? [ctx.idVar('OPTIONS', db.optionGroup)] : []),
      ctx.idVar('DB_GROUP', db.securityGroup),
      ctx.outputVar('SECRET', 'Data', facts.secret.output),
    ),
    '',
    'Restore with AWS Backup into those groups. The restore role is the AWS Backup default service role ' +
      '(`AWSBackupDefaultServiceRole`, created the first time the AWS Backup console restores; otherwise create a role ' +
      'trusted by `backup.amazonaws.com` with the AWS managed policy `AWSBackupServiceRolePolicyForRestores`).',
    '',
    ...shell(
      `aws backup get-recovery-point-restore-metadata --backup-vault-name ${copy.name} \\\n` +
        '  --recovery-point-arn "$RECOVERY_POINT" --query RestoreMetadata > restore-metadata.json',
      `jq --arg id ${restored} --arg subnets "$SUBNET_GROUP" --arg group "$DB_GROUP" --arg parameters "$PARAMETERS"` +
        (db.optionGroup ? ' --arg options "$OPTIONS"' : '') +
        ' \\\n' +
        "  '.DBInstanceIdentifier = $id | .DBSubnetGroupName = $subnets | .VpcSecurityGroupIds = ([$group] | tojson)" +
        ' | .DBParameterGroupName = $parameters' +
        (db.optionGroup ? ' | .OptionGroupName = $options' : '') +
        ' | .MultiAZ = "true" | .PubliclyAccessible = "false"\' \\\n' +
        '  restore-metadata.json > restore.json',
      'date -u +%T   # start',
      `JOB=$(aws backup start-restore-job --recovery-point-arn "$RECOVERY_POINT" --resource-type RDS \\\n` +
        '  --iam-role-arn "arn:aws:iam::ACCOUNT:role/service-role/AWSBackupDefaultServiceRole" \\\n' +
        '  --metadata file://restore.json --query RestoreJobId --output text)',
      `aws backup describe-restore-job --restore-job-id "$JOB" --query '[Status,PercentDone,StatusMessage]' --output text`,
      `aws rds wait db-instance-available --db-instance-identifier ${restored}`,
    ),
    '',
    `The restored instance is encrypted with the DR vault's key (${code(ctx.resource(copy.key))}). Now swap the identifiers, ` +
      "and give the restored instance the new secret's password and the settings a restore does not carry:",
    '',
    ...shell(
      `aws rds modify-db-instance --db-instance-identifier ${identifier} \\\n` +
        `  --new-db-instance-identifier ${identifier}-empty --apply-immediately`,
      `sleep 60; aws rds wait db-instance-available --db-instance-identifier ${identifier}-empty   # the new name takes a minute`,
      `PASSWORD=$(aws secretsmanager get-secret-value --secret-id "$SECRET" --query SecretString --output text | jq -r .password)`,
      `aws rds modify-db-instance --db-instance-identifier ${restored} \\\n` +
        `  --new-db-instance-identifier ${identifier} --master-user-password "$PASSWORD" \\\n` +
        `  --backup-retention-period ${db.backupRetentionDays} --deletion-protection \\\n` +
        `  --cloudwatch-logs-export-configuration '${JSON.stringify({ EnableLogTypes: db.logExports })}' --apply-immediately`,
      `sleep 60; aws rds wait db-instance-available --db-instance-identifier ${identifier}`,
      'date -u +%T   # database restored',
    ),
    '',
    "The restored instance holds the primary's app and migration users with the primary's passwords, which the DR " +
      "Data stack's new secrets do not know. Rotate the app user's secret: its rotation logs in as the master user (whose " +
      'password was just set) and gives the other of its two users a new password and the same grants. The migration ' +
      "user's secret (`DatabaseUsers/MigrationSecret` of the Data stack, read by the deployment alone) is brought back the " +
      'same way before the next deployment that runs migrations.',
    '',
    ...shell(
      ctx.outputVar('APP_SECRET', 'Data', facts.appSecret.output),
      'aws secretsmanager rotate-secret --secret-id "$APP_SECRET"',
    ),
    '',
    `Delete the empty instance (\`modify-db-instance --db-instance-identifier ${identifier}-empty --no-deletion-protection ` +
      `--apply-immediately\`, then \`delete-db-instance --skip-final-snapshot\`). The master user is ` +
      `${code(ctx.physical(db, 'MasterUsername'))}, as in the copy.` +
      (facts.cache.kind === 'elasticache-memcached'
        ? ' The Data stack created an empty ElastiCache cluster: it fills from the database.'
        : ''),
    '',
    step('app'),
    '',
    ...shell(
      ctx.cdk('deploy', ['App'], drConfig),
      ctx.idVar('WEB_TARGETS', facts.web.targetGroup),
      `aws elbv2 describe-target-health --target-group-arn "$WEB_TARGETS" --query 'TargetHealthDescriptions[].TargetHealth.State' --output text`,
    ),
    '',
    'Wait until both target groups report healthy targets (the web group above, the app group likewise).',
    '',
    step('edge'),
    '',
    ...(facts.config.domain
      ? [
          `CloudFront is global: the primary distribution survives the region and keeps \`${facts.config.domain.name}\` as ` +
            'alternate domain name, and only one distribution may hold a name, so this Edge deployment fails with ' +
            'CNAMEAlreadyExists until the name is released. Remove it from the primary distribution first (or move it: ' +
            '"Move an alternate domain name to a different distribution" in the CloudFront guide). In a DR test the primary ' +
            'keeps its name: give the DR config a test name in `domain.name`, with its certificates.',
          '',
        ]
      : []),
    `The Edge stack hands its distribution id to the CloudFront alarms through an SSM parameter in ${alarmsRegion}. A config ` +
      `pinned to a region names what it puts in ${alarmsRegion} after that region (the parameter, the alarms stack, the alarm ` +
      `names), so the DR copy writes its own parameter and the primary's ${code(ctx.ssmParameter(facts.distributionIdParameter))} is never touched.`,
    '',
    ...shell(
      ctx.cdk('deploy', ['Edge'], drConfig),
      ...(facts.edge.deploysAssets ? [] : staticUpload(ctx)),
      ctx.outputVar('SITE', 'Edge', facts.edge.domainOutput),
    ),
    '',
    `The shop's DNS name stays where it is until step ${stepNumber('operations')}.`,
    '',
    step('operations'),
    '',
    ...monitoringStep(ctx, { drConfig, drRegion, alarmsRegion }),
    '',
    `Then \`npm run verify -- -c config=${drConfig}\` and write down the time: that is the measured regional RTO.`,
    '',
    `**Failing back** to ${plan.primaryRegion} follows the same steps once the region has returned, restoring from a backup ` +
      `taken in ${drRegion}.`,
    '',
    ...drTestTearDown(ctx, { drConfig, drRegion, alarmsRegion }, ctx.physical(copy, 'BackupVaultName')),
  ];
}

/** Where the DR copy goes, and where its CloudFront alarms live. */
interface DrCopy {
  readonly drConfig: string;
  readonly drRegion: string;
  readonly alarmsRegion: string;
}

/** The last step: the controls PCI DSS Requirement 10 asks of the recovered environment, then the cut-over. */
function monitoringStep(ctx: RunbookContext, { drConfig, drRegion, alarmsRegion }: DrCopy): string[] {
  const { facts } = ctx;
  const operations = facts.operations;
  const edgeAlarms = ctx.stack('EdgeAlarms');
  return [
    `${code(ctx.stack('Operations'))} brings what PCI DSS Requirement 10 asks of an environment that holds cardholder data: ` +
      'the audit trail (CloudTrail, with AWS Config recording every change and its rules judging it), GuardDuty, the alarms ' +
      `that page the operator (${operations.alarms.length} here, and the ${facts.edgeAlarms.length} CloudFront alarms of ` +
      `${code(edgeAlarms)}), and the operator roles these runbooks work as. ${DETECTIVE_CONTROLS_FIRST} Until this step, API ` +
      `calls in ${drRegion} are only in that region's 90-day CloudTrail event history; the new trail records from its ` +
      'creation on.',
    '',
    ...shell(
      ctx.cdk('deploy', ['Operations'], drConfig),
      ctx.outputVar('TOPIC', 'Operations', operations.topicOutput),
      'aws sns list-subscriptions-by-topic --topic-arn "$TOPIC" --query \'Subscriptions[].[Endpoint,SubscriptionArn]\' --output text   # PendingConfirmation until the e-mail is confirmed',
      ...(operations.trail
        ? [
            ctx.idVar('TRAIL', operations.trail),
            'aws cloudtrail get-trail-status --name "$TRAIL" --query IsLogging --output text   # True',
          ]
        : []),
    ),
    '',
    `The alarm topic is new: its subscriber confirms the e-mail AWS sends, or no alarm reaches anyone.` +
      (operations.trail
        ? ''
        : ' This config has no trail of its own (`accountBaseline.hasOrganizationTrail: true`): check that the organization trail covers ' +
          `${drRegion}.`),
    '',
    `The CloudFront alarms of the new distribution live in ${alarmsRegion}, where CloudFront publishes its metrics, in a ` +
      `stack of their own: the DR config names it after ${drRegion} (the primary's is ${code(edgeAlarms)}), so a DR test ` +
      "deploys it too and the primary's alarms keep watching the primary. Its topic is new as well: confirm its e-mail.",
    '',
    ...shell(ctx.cdkByPattern('deploy', 'EdgeAlarms', drConfig)),
    '',
    '**The cut-over** (after a real loss of the region only; a DR test keeps the shop on the primary): ' +
      (facts.config.domain
        ? `point \`${facts.config.domain.name}\` at the new distribution ($SITE) and \`${facts.config.domain.originHostname}\` ` +
          'at the new web load balancer (its `WebAlbDnsName` output).'
        : 'without a custom domain the new distribution has a new `*.cloudfront.net` name ($SITE): tell the users, or point the ' +
          'DNS name they use at it.'),
  ];
}

/**
 * Removes what a DR test created and nothing of the primary: the DR config names most stacks like
 * the primary's, so each command names exactly one stack of the DR copy (`--exclusively`), and the
 * primary's DisasterRecovery stack is never named.
 */
function drTestTearDown(ctx: RunbookContext, { drConfig, drRegion, alarmsRegion }: DrCopy, copyVault: string): string[] {
  const { facts } = ctx;
  const roles = STACK_ROLES.filter((role) => role !== 'EdgeAlarms' && role !== 'DisasterRecovery');
  const stacks = new Set(roles.map((role) => ctx.stack(role)));
  const options = { fileSuffix: '.dr-test.resources.txt', ownRegions: false, region: drRegion };
  const regionCheck = `test "$AWS_REGION" = ${drRegion} &&`;
  const stateless = roles.filter((role) => role !== 'Network' && role !== 'Data').reverse();
  const dataProtected = facts.stacks.Data?.terminationProtection === true;
  return [
    '### Tear the DR test down',
    '',
    `Everything the test created in ${drRegion}, and nothing of the primary. \`cdk destroy\` also destroys every stack that ` +
      'depends on a named one unless `--exclusively` is given, and the DR config names its stacks like the primary, but ' +
      `for its CloudFront alarms in ${alarmsRegion} (named after ${drRegion}); ${code(ctx.stack('DisasterRecovery'))} in ` +
      `${drRegion} holds the primary's copies. So each command below names one stack of the test, with \`--exclusively\`, ` +
      'the most dependent first, and that one is never named. CloudFormation commands act on the exported ' +
      `\`AWS_REGION\`, ${drRegion}; the others name their region.`,
    '',
    '1. Save the physical names of what will stay (a deleted stack can no longer be asked):',
    '',
    ...shell(`export AWS_REGION=${drRegion}`, ...saveNamesCommands(ctx, roles, options)),
    '',
    `2. The stacks without state, from the DR config: its CloudFront alarms in ${alarmsRegion} first (they depend on the ` +
      'Edge stack), then the others. Destroying the Edge stack deletes its own distribution-id parameter.',
    '',
    ...loadBalancerProtection(ctx),
    ...shell(
      ctx.cdkByPattern('destroy', 'EdgeAlarms', drConfig),
      ...stateless.map((role) => ctx.cdk('destroy', [role], drConfig)),
    ),
    '',
    `3. The database and the network. The restored instance has deletion protection` +
      (dataProtected ? ` and ${code(ctx.stack('Data'))} termination protection` : '') +
      `; lift ${dataProtected ? 'both' : 'it'} on the copy only, in ${drRegion}:`,
    '',
    ...shell(
      `aws rds modify-db-instance --region ${drRegion} --db-instance-identifier ${ctx.physical(facts.database, 'DBInstanceIdentifier')} \\\n` +
        '  --no-deletion-protection --apply-immediately',
      ...(dataProtected
        ? [
            `${regionCheck} aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name ${ctx.stack('Data')}`,
          ]
        : []),
      ctx.cdk('destroy', ['Data'], drConfig),
      ctx.cdk('destroy', ['Network'], drConfig),
    ),
    '',
    `4. What stays of the test, all in ${drRegion}. Never the vault ${code(copyVault)} of the same region: it holds the ` +
      "primary's copies.",
    '',
    ...whatStays(
      ctx,
      facts.retained.filter((resource) => stacks.has(resource.stack)),
      options,
    ),
    '',
    `And in ${alarmsRegion}, the KMS key of the DR copy's CloudFront alarm topic. Its description names its stack, the ` +
      `one the DR config named after ${drRegion}: pick that key, never the primary's, whose description names ` +
      `${code(ctx.stack('EdgeAlarms'))}.`,
    '',
    ...shell(
      `aws kms list-keys --region ${alarmsRegion} --query 'Keys[].KeyId' --output text | tr '\\t' '\\n' | while read -r key; do\n` +
        `  aws kms describe-key --region ${alarmsRegion} --key-id "$key" --query 'KeyMetadata.[KeyId,KeyState,Description]' --output text\n` +
        'done | grep -F "Alarm topic of the PCI POC"',
      `aws kms schedule-key-deletion --region ${alarmsRegion} --key-id KEY_ID --pending-window-in-days 30`,
    ),
  ];
}

/** The static build into the new bucket, where the Edge stack does not deploy it itself. */
function staticUpload(ctx: RunbookContext): string[] {
  const prefix = ctx.facts.edge.staticPathPattern.replace(/^\//, '').replace(/\*$/, '');
  return [
    ctx.outputVar('ASSETS_BUCKET', 'Edge', ctx.facts.edge.bucketOutput),
    `aws s3 sync STATIC_BUILD_DIR "s3://$ASSETS_BUCKET/${prefix}"   # the build served under ${ctx.facts.edge.staticPathPattern}`,
  ];
}
