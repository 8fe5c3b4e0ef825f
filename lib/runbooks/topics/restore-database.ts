import { formatMinutes } from '../../resilience/markdown';
import { disasterRecoveryPlan, DrPlan, primaryRegionOf } from '../../resilience/objectives';
import { backupHoursUtc } from '../../resilience/settings';
import { regionSetup, resilienceLink, roleStep, Runbook } from '../common';
import { code, RunbookContext, shell, table } from '../context';

export const restoreDatabaseRunbook: Runbook = {
  file: 'restore-database.md',
  title: 'Restore the database to a point in time, and from the cross-region copy',
  summary:
    'point-in-time restore next to the running instance (logical corruption), and the regional DR plan: the latest copy ' +
    'restored in the DR region, the POC rebuilt around it.',
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
        `RTO and RPO are **unbounded** (${resilienceLink(ctx)} says the same).`,
      '',
      'To bound them: set `disasterRecovery.copyToRegion` to a second region in the same jurisdiction, bootstrap it, and ' +
        'redeploy. The DisasterRecovery stack then holds a copy of every recovery point, and this part of the runbook gives ' +
        'the restore steps.',
      '',
      ...shell('npx cdk bootstrap aws://ACCOUNT/DR_REGION', `npx cdk deploy --all -c config=${facts.configFile}`),
    ];
  }
  const drConfig = facts.configFile.replace(/\.ya?ml$/, '') + '-dr.yaml';
  const db = facts.database;
  const identifier = ctx.physical(db, 'DBInstanceIdentifier');
  const restored = `${identifier}-restored`;
  const step = (id: DrPlan['steps'][number]['id']) => {
    const index = plan.steps.findIndex((candidate) => candidate.id === id);
    const found = plan.steps[index];
    return `### Step ${index + 1}: ${found.title} (kit estimate ${formatMinutes(found.estimateMinutes)})`;
  };
  return [
    '## Part B: restore from the cross-region copy (regional DR)',
    '',
    `Every recovery point of the backup plan is copied to the vault ${code(ctx.physical(copy, 'BackupVaultName'))} ` +
      `(${code(ctx.resource(copy))} of ${code(ctx.stack('DisasterRecovery'))}, in **${copy.region}**) and kept ` +
      `${facts.config.disasterRecovery.copyRetentionDays} days. If ${plan.primaryRegion} is lost, the POC is rebuilt in ` +
      `${copy.region} from its templates and the latest copy, following the DR plan of ${resilienceLink(ctx)}:`,
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
    `**DR test** (competency 2.5): run steps 1–2 (all four for a full test) in ${copy.region} while the POC keeps running in ` +
      `${plan.primaryRegion}, write down the start and end time of each step, and replace the kit estimates ` +
      '(`DR_STEP_ESTIMATE_MINUTES` in `lib/resilience/objectives.ts`) with the measurements. Then tear the DR copy down with ' +
      `[the tear-down runbook](tear-down.md) and \`-c config=${drConfig}\`.`,
    '',
    '### Step 0: the latest copy',
    '',
    `Every command of part B runs in ${copy.region}: the stacks of the DR config carry the same names as the primary ones, ` +
      'in another region.',
    '',
    ...shell(
      `export AWS_REGION=${copy.region}`,
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
    `A DR copy of the config: \`environment.region: ${copy.region}\` with its AZ names, and \`disasterRecovery.copyToRegion\` ` +
      'set to another region, or null while the primary is lost (the config check refuses the same region).' +
      (facts.config.domain
        ? ` With the custom domain, \`domain.albCertificateArn\` must name a certificate in ${copy.region}: the ALB only takes ` +
          'certificates of its own region.'
        : ''),
    '',
    ...shell(
      `cp ${facts.configFile} ${drConfig}   # then edit environment and disasterRecovery as above`,
      ctx.cdk('deploy', ['Network'], drConfig),
    ),
    '',
    step('database'),
    '',
    `The copy carries neither the option group nor the credentials. Deploying the Data stack of the DR config in ${copy.region} ` +
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
            '"Move an alternate domain name to a different distribution" in the CloudFront guide).',
          '',
        ]
      : []),
    ...shell(
      ctx.cdk('deploy', ['Edge'], drConfig),
      ...(facts.edge.deploysAssets ? [] : staticUpload(ctx)),
      ctx.outputVar('SITE', 'Edge', facts.edge.domainOutput),
    ),
    '',
    facts.config.domain
      ? `Point \`${facts.config.domain.name}\` at the new distribution ($SITE) and \`${facts.config.domain.originHostname}\` ` +
        'at the new public ALB.'
      : 'Without a custom domain the new distribution has a new `*.cloudfront.net` name ($SITE): tell the users, or point the ' +
        'DNS name they use at it.',
    '',
    `Then \`npm run verify -- -c config=${drConfig}\` and write down the time: that is the measured regional RTO.`,
    '',
    `**Failing back** to ${plan.primaryRegion} follows the same steps once the region has returned, restoring from a backup ` +
      `taken in ${copy.region}.`,
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
