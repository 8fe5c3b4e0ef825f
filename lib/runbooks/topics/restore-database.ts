import { STACK_ROLES } from '../../config/naming';
import { DETECTIVE_CONTROLS_FIRST, disasterRecoveryPlan, DrStepId, primaryRegionOf } from '../../resilience/objectives';
import { backupHoursUtc } from '../../shared/resilience-settings';
import { formatMinutes } from '../../resilience/units';
import { regionSetup, RESILIENCE_LINK, roleStep, Runbook } from '../common';
import { RunbookContext, shell, table } from '../context';
import { RunbookError } from '../facts';
import { fillTemplate } from '../templates';
import { loadBalancerProtection, saveNamesCommands, whatStays } from './tear-down';

export const restoreDatabaseRunbook: Runbook = {
  file: 'restore-database.md',
  title: 'Restore the database to a point in time, and from the cross-region copy',
  summary:
    'point-in-time restore next to the running instance (logical corruption), and the regional DR plan: the latest copy ' +
    'restored in the DR region, the POC rebuilt around it with its detective controls, and a DR test torn down without ' +
    'touching the primary.',
  render(ctx) {
    return fillTemplate('restore-database', {
      retentionDays: String(ctx.facts.database.backupRetentionDays),
      regionSetup: regionSetup(ctx),
      roleStep: roleStep(ctx, 'administrator', 'restores create instances, modify them and delete test copies'),
      pointInTime: pointInTime(ctx),
      crossRegion: crossRegion(ctx),
    });
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
  return fillTemplate('restore-database-point-in-time', {
    database: ctx.resource(db),
    identifier,
    retentionDays: String(db.backupRetentionDays),
    backupWindow: db.backupWindow,
    plan: ctx.physical(facts.backup.plan, 'BackupPlan', 'BackupPlanName'),
    hours,
    vault: ctx.physical(facts.backup.vault, 'BackupVaultName'),
    settingsCommands: shell(
      ctx.outputVar('DB', 'Data', db.output),
      'aws rds describe-db-instances --db-instance-identifier "$DB" \\\n' +
        "  --query 'DBInstances[0].[LatestRestorableTime,BackupRetentionPeriod]' --output text",
      ctx.idVar('SUBNET_GROUP', db.subnetGroup),
      ctx.idVar('PARAMETERS', db.parameterGroup),
      ...(db.optionGroup ? [ctx.idVar('OPTIONS', db.optionGroup)] : []),
      ctx.idVar('DB_GROUP', db.securityGroup),
    ),
    restoreCommands: shell(
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
    endpointCommand: shell(
      `DB_HOST=$(aws rds describe-db-instances --db-instance-identifier ${target} --query 'DBInstances[0].Endpoint.Address' --output text)`,
    ),
    deleteCommand: shell(
      `aws rds delete-db-instance --db-instance-identifier ${target} --skip-final-snapshot   # or --final-db-snapshot-identifier ${target}-final`,
    ),
  });
}

function crossRegion(ctx: RunbookContext): string[] {
  const { facts } = ctx;
  const plan = disasterRecoveryPlan(facts.config);
  const primary = primaryRegionOf(facts.config);
  const copy = facts.backup.copy;
  if (!plan || !copy) {
    return fillTemplate('restore-database-no-copy', {
      primaryRegion: primary,
      vault: ctx.physical(facts.backup.vault, 'BackupVaultName'),
      resilienceLink: RESILIENCE_LINK,
      commands: shell('npx cdk bootstrap aws://ACCOUNT/DR_REGION', `npx cdk deploy --all -c config=${facts.configFile}`),
    });
  }
  const drConfig = facts.configFile.replace(/\.ya?ml$/, '') + '-dr.yaml';
  const drRegion = copy.region;
  const db = facts.database;
  const { domain } = facts.config;
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
  const copyVault = ctx.physical(copy, 'BackupVaultName');
  return fillTemplate('restore-database-cross-region', {
    copyVault,
    copyVaultResource: ctx.resource(copy),
    drStack: ctx.stack('DisasterRecovery'),
    drRegion,
    copyRetentionDays: String(facts.config.disasterRecovery.copyRetentionDays),
    primaryRegion: plan.primaryRegion,
    resilienceLink: RESILIENCE_LINK,
    stepsTable: table(
      ['#', 'Step', 'What is restored where', 'Kit estimate', 'Done after'],
      plan.steps.map((entry, index) => [
        String(index + 1),
        entry.title,
        entry.action,
        formatMinutes(entry.estimateMinutes),
        formatMinutes(entry.doneAfterMinutes),
      ]),
    ),
    stepCount: String(plan.steps.length),
    latestCopyCommands: shell(
      `export AWS_REGION=${drRegion}`,
      ctx.outputVar('COPY_VAULT_ARN', 'DisasterRecovery', copy.output),
      'echo "$COPY_VAULT_ARN"   # the vault the DR stack declares',
      `RECOVERY_POINT=$(aws backup list-recovery-points-by-backup-vault --backup-vault-name ${copy.name} \\\n` +
        "  --query 'sort_by(RecoveryPoints[?Status==`COMPLETED`], &CreationDate)[-1].RecoveryPointArn' --output text)",
      `aws backup describe-recovery-point --backup-vault-name ${copy.name} --recovery-point-arn "$RECOVERY_POINT" \\\n` +
        "  --query '[CreationDate,Status,ResourceArn]' --output text",
    ),
    stepNetwork: step('network'),
    operationsStep: String(stepNumber('operations')),
    domainCertificateNote: domain
      ? ` With the custom domain, \`domain.albCertificateArn\` must name a certificate in ${drRegion}: the ALB only takes ` +
        'certificates of its own region.'
      : '',
    networkCommands: shell(
      `cp ${facts.configFile} ${drConfig}   # then edit environment, disasterRecovery and accountBaseline as above`,
      ctx.cdk('deploy', ['Network'], drConfig),
    ),
    stepDatabase: step('database'),
    options: facts.cache.kind === 'rds-memcached-option' ? 'MEMCACHED and the audit plugin' : 'the audit plugin',
    identifier,
    dataCommands: shell(
      ctx.cdk('deploy', ['Data'], drConfig),
      ctx.idVar('SUBNET_GROUP', db.subnetGroup),
      ctx.idVar('PARAMETERS', db.parameterGroup),
      ...(db.optionGroup ? [ctx.idVar('OPTIONS', db.optionGroup)] : []),
      ctx.idVar('DB_GROUP', db.securityGroup),
      ctx.outputVar('SECRET', 'Data', facts.secret.output),
    ),
    restoreCommands: shell(
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
    drKey: ctx.resource(copy.key),
    swapCommands: shell(
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
    rotateCommands: shell(
      ctx.outputVar('APP_SECRET', 'Data', facts.appSecret.output),
      'aws secretsmanager rotate-secret --secret-id "$APP_SECRET"',
    ),
    masterUser: ctx.physical(db, 'MasterUsername'),
    cacheNote:
      facts.cache.kind === 'elasticache-memcached'
        ? ' The Data stack created an empty ElastiCache cluster: it fills from the database.'
        : '',
    stepApp: step('app'),
    appCommands: shell(
      ctx.cdk('deploy', ['App'], drConfig),
      ctx.idVar('WEB_TARGETS', facts.web.targetGroup),
      `aws elbv2 describe-target-health --target-group-arn "$WEB_TARGETS" --query 'TargetHealthDescriptions[].TargetHealth.State' --output text`,
    ),
    stepEdge: step('edge'),
    domainNote: domain
      ? [
          `CloudFront is global: the primary distribution survives the region and keeps \`${domain.name}\` as ` +
            'alternate domain name, and only one distribution may hold a name, so this Edge deployment fails with ' +
            'CNAMEAlreadyExists until the name is released. Remove it from the primary distribution first (or move it: ' +
            '"Move an alternate domain name to a different distribution" in the CloudFront guide). In a DR test the primary ' +
            'keeps its name: give the DR config a test name in `domain.name`, with its certificates.',
          '',
        ]
      : [],
    alarmsRegion,
    distributionIdParameter: ctx.ssmParameter(facts.distributionIdParameter),
    edgeCommands: shell(
      ctx.cdk('deploy', ['Edge'], drConfig),
      ...(facts.edge.deploysAssets ? [] : staticUpload(ctx)),
      ctx.outputVar('SITE', 'Edge', facts.edge.domainOutput),
    ),
    stepOperations: step('operations'),
    monitoring: monitoringStep(ctx, { drConfig, drRegion, alarmsRegion }),
    drConfig,
    tearDown: drTestTearDown(ctx, { drConfig, drRegion, alarmsRegion }, copyVault),
  });
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
  const { operations } = facts;
  const { domain } = facts.config;
  return fillTemplate('restore-database-monitoring', {
    operationsStack: ctx.stack('Operations'),
    alarmCount: String(operations.alarms.length),
    edgeAlarmCount: String(facts.edgeAlarms.length),
    edgeAlarmsStack: ctx.stack('EdgeAlarms'),
    detectiveControlsFirst: DETECTIVE_CONTROLS_FIRST,
    drRegion,
    operationsCommands: shell(
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
    trailNote: operations.trail
      ? ''
      : ' This config has no trail of its own (`accountBaseline.hasOrganizationTrail: true`): check that the organization trail covers ' +
        `${drRegion}.`,
    alarmsRegion,
    edgeAlarmsCommands: shell(ctx.cdkByPattern('deploy', 'EdgeAlarms', drConfig)),
    cutOver: domain
      ? `point \`${domain.name}\` at the new distribution ($SITE) and \`${domain.originHostname}\` ` +
        'at the new web load balancer (its `WebAlbDnsName` output).'
      : 'without a custom domain the new distribution has a new `*.cloudfront.net` name ($SITE): tell the users, or point the ' +
        'DNS name they use at it.',
  });
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
  return fillTemplate('restore-database-dr-test-tear-down', {
    drRegion,
    alarmsRegion,
    drStack: ctx.stack('DisasterRecovery'),
    saveCommands: shell(`export AWS_REGION=${drRegion}`, ...saveNamesCommands(ctx, roles, options)),
    loadBalancerProtection: loadBalancerProtection(ctx),
    statelessCommands: shell(
      ctx.cdkByPattern('destroy', 'EdgeAlarms', drConfig),
      ...stateless.map((role) => ctx.cdk('destroy', [role], drConfig)),
    ),
    stackProtection: dataProtected ? ` and \`${ctx.stack('Data')}\` termination protection` : '',
    liftWhat: dataProtected ? 'both' : 'it',
    dataCommands: shell(
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
    copyVault,
    whatStays: whatStays(
      ctx,
      facts.retained.filter((resource) => stacks.has(resource.stack)),
      options,
    ),
    edgeAlarmsStack: ctx.stack('EdgeAlarms'),
    keyCommands: shell(
      `aws kms list-keys --region ${alarmsRegion} --query 'Keys[].KeyId' --output text | tr '\\t' '\\n' | while read -r key; do\n` +
        `  aws kms describe-key --region ${alarmsRegion} --key-id "$key" --query 'KeyMetadata.[KeyId,KeyState,Description]' --output text\n` +
        'done | grep -F "Alarm topic of the PCI POC"',
      `aws kms schedule-key-deletion --region ${alarmsRegion} --key-id KEY_ID --pending-window-in-days 30`,
    ),
  });
}

/** The static build into the new bucket, where the Edge stack does not deploy it itself. */
function staticUpload(ctx: RunbookContext): string[] {
  const prefix = ctx.facts.edge.staticPathPattern.replace(/^\//, '').replace(/\*$/, '');
  return [
    ctx.outputVar('ASSETS_BUCKET', 'Edge', ctx.facts.edge.bucketOutput),
    `aws s3 sync STATIC_BUILD_DIR "s3://$ASSETS_BUCKET/${prefix}"   # the build served under ${ctx.facts.edge.staticPathPattern}`,
  ];
}
