import { StackRole } from '../config/naming';
import { SESSION_PREFERENCES_DOCUMENT } from '../shared/session-manager';
import {
  AlarmFact,
  BackupFact,
  BucketFact,
  EdgeFact,
  keyOf,
  located,
  locatedOf,
  OperationsFact,
  RetainedFact,
  RunbookError,
  RunbookFacts,
  SessionLoggingFact,
  SsmParameterFact,
} from './facts';
import type { FactReader } from './facts-read';

/** The facts about what keeps, serves and watches the POC: backup, edge, operations, session logging, what outlives a stack. */

const ROLE_OUTPUTS = {
  administrator: 'AdministratorRoleArn',
  operator: 'OperatorRoleArn',
  databaseAdministrator: 'DatabaseAdministratorRoleArn',
  auditor: 'AuditorRoleArn',
} as const;

type OperationsFacts = Pick<
  RunbookFacts,
  'operations' | 'sessionLogging' | 'edgeAlarms' | 'distributionIdParameter' | 'buckets' | 'retained' | 'logGroupRetentionDays'
>;

export function operationsFacts(reader: FactReader): OperationsFacts {
  const logGroupRetentionDays = Object.fromEntries(
    reader.model.logGroups.flatMap((group) =>
      group.retentionDays === undefined ? [] : [[group.source.key, group.retentionDays]],
    ),
  );
  return {
    operations: operations(reader),
    sessionLogging: sessionLogging(reader, logGroupRetentionDays),
    edgeAlarms: alarms(reader, 'EdgeAlarms'),
    distributionIdParameter: distributionIdParameter(reader),
    buckets: buckets(reader),
    retained: reader.model.retained.map(({ source, deletionPolicy }): RetainedFact => ({
      ...located(source),
      type: source.type,
      policy: deletionPolicy,
    })),
    logGroupRetentionDays,
  };
}

export function backupFact(reader: FactReader): BackupFact {
  const plan = reader.one('Data', reader.model.backupPlans, 'AWS::Backup::BackupPlan', 'the database backup plan');
  const where = plan.source;
  if (plan.rules.length !== 1)
    throw new RunbookError(`${where.stack} ${where.logicalId}: expected one backup rule, found ${plan.rules.length}`);
  const vault = reader.target(where, plan.rules[0].targetVault, 'TargetBackupVault');
  const vaultElement = reader.model.backupVaults.find((candidate) => candidate.source.key === keyOf(vault));
  return {
    vault: { ...vault, name: reader.present(vaultElement?.source ?? where, vaultElement?.name, 'BackupVaultName') },
    plan: {
      ...located(where),
      name: reader.present(where, plan.name, 'BackupPlanName'),
      schedule: reader.present(where, plan.rules[0].schedule, 'ScheduleExpression'),
    },
    copy: reader.stacks.DisasterRecovery ? copyVault(reader) : undefined,
  };
}

function copyVault(reader: FactReader): BackupFact['copy'] {
  const stack = reader.stack('DisasterRecovery');
  const vault = reader.one(
    'DisasterRecovery',
    reader.model.backupVaults,
    'AWS::Backup::BackupVault',
    'the vault of the cross-region copies',
  );
  if (!stack.region) throw new RunbookError(`${stack.name} is not pinned to a region: the DR copies need one`);
  return {
    ...located(vault.source),
    name: reader.present(vault.source, vault.name, 'BackupVaultName'),
    region: stack.region,
    output: reader.outputFor(vault.source, 'BackupVaultArn'),
    key: reader.target(vault.source, vault.kmsKey, 'EncryptionKeyArn'),
  };
}

export function edgeFact(reader: FactReader): EdgeFact {
  const distribution = reader.one(
    'Edge',
    reader.model.distributions,
    'AWS::CloudFront::Distribution',
    'the CloudFront distribution',
  );
  const where = distribution.source;
  const bucketOrigin = distribution.origins.find((origin) => origin.s3 || origin.originAccessControl);
  if (!bucketOrigin) throw new RunbookError(`${where.stack} ${where.logicalId}: no S3 origin for the static assets`);
  const domain = bucketOrigin.domainName;
  if (domain.kind !== 'resource')
    throw new RunbookError(`${where.stack} ${where.logicalId}: the S3 origin is not a resource of the assembly`);
  const bucket = { stack: domain.stack, logicalId: domain.logicalId };
  const staticBehavior = distribution.behaviors.find(
    (behavior) => behavior.where !== 'DefaultCacheBehavior' && behavior.targetOriginId === bucketOrigin.id,
  );
  return {
    distribution: located(where),
    domainOutput: reader.outputFor(where, 'DomainName'),
    bucket,
    bucketOutput: reader.outputFor(bucket),
    staticPathPattern: reader.present(where, staticBehavior?.pathPattern, 'the static-assets path pattern'),
    deploysAssets: reader.model.buckets.some((candidate) => candidate.source.key === keyOf(bucket) && candidate.deployedTo),
  };
}

function distributionIdParameter(reader: FactReader): SsmParameterFact {
  const alarms = reader.stack('EdgeAlarms');
  const read = reader.model.ssmParameterReads.filter((parameter) => parameter.stack === alarms.name && !parameter.bootstrap);
  if (read.length !== 1) {
    throw new RunbookError(`${alarms.name} should read exactly one SSM parameter (the distribution id), found ${read.length}`);
  }
  const { key, name } = read[0];
  const writers = reader.inStack('Edge', reader.model.ssmParameterWrites).filter((write) => write.name === name);
  if (writers.length !== 1) {
    throw new RunbookError(
      `${reader.stack('Edge').name} should write ${name}, which ${alarms.name} reads; found ${writers.length} writers`,
    );
  }
  return { stack: alarms.name, key, name };
}

function alarms(reader: FactReader, role: StackRole): AlarmFact[] {
  return reader
    .inStack(role, reader.model.alarms)
    .map((alarm) => ({
      ...located(alarm.source),
      name: reader.present(alarm.source, alarm.name, 'AlarmName'),
      watches: new Set(alarm.watches),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function operations(reader: FactReader): OperationsFact {
  const { model } = reader;
  const stack = reader.stack('Operations');
  const topicOutput = reader.namedOutput('Operations', 'AlarmTopicArn');
  const topicValue = model.outputs.find((output) => output.stack === stack.name && output.key === topicOutput)?.value;
  if (topicValue?.kind !== 'resource') throw new RunbookError(`${stack.name} output ${topicOutput} does not name the topic`);
  const subscriptions = reader.inStack('Operations', model.topicSubscriptions).filter((entry) => entry.protocol === 'email');
  const dashboards = reader.inStack('Operations', model.dashboards);
  const eventRule = (source: string, what: string) =>
    located(
      reader.one('Operations', model.eventRules, 'AWS::Events::Rule', what, (rule) => rule.eventSources.includes(source)).source,
    );
  const trails = reader.inStack('Operations', model.trails);
  const roleOutputs = Object.fromEntries(
    Object.entries(ROLE_OUTPUTS).map(([role, key]) => [role, reader.namedOutput('Operations', key)]),
  ) as OperationsFact['roleOutputs'];
  return {
    topic: { stack: topicValue.stack, logicalId: topicValue.logicalId },
    topicOutput,
    subscription: subscriptions[0] && {
      ...located(subscriptions[0].source),
      email: reader.present(subscriptions[0].source, subscriptions[0].endpoint, 'the subscription e-mail'),
    },
    dashboard: dashboards[0] && {
      ...located(dashboards[0].source),
      name: reader.present(dashboards[0].source, dashboards[0].name, 'DashboardName'),
    },
    roleOutputs,
    alarms: alarms(reader, 'Operations'),
    scalingEvents: eventRule('aws.autoscaling', 'Auto Scaling events to the alarm topic'),
    complianceEvents: eventRule('aws.config', 'AWS Config NON_COMPLIANT evaluations to the alarm topic'),
    configRules: reader.inStack('Operations', model.configRules).map((rule) => ({
      ...located(rule.source),
      identifier: reader.present(rule.source, rule.identifier, 'SourceIdentifier'),
    })),
    trail: trails[0] && {
      ...located(trails[0].source),
      dataEventBuckets: trails[0].dataEventBuckets.map(locatedOf),
    },
  };
}

/**
 * The regional Session Manager preferences of the POC, if it sets them: they must stream every
 * session to a KMS-encrypted log group with a retention, and encrypt the session with a key.
 */
function sessionLogging(reader: FactReader, retention: Readonly<Record<string, number>>): SessionLoggingFact | undefined {
  const documents = reader.model.sessionDocuments.filter((document) => document.name === SESSION_PREFERENCES_DOCUMENT);
  if (documents.length === 0) return undefined;
  if (documents.length > 1) {
    throw new RunbookError(
      `the assembly holds ${documents.length} ${SESSION_PREFERENCES_DOCUMENT} documents: one per region only`,
    );
  }
  const document = documents[0];
  const { source } = document;
  const where = `${source.stack} ${source.logicalId}`;
  if (document.documentType !== 'Session' || document.sessionType !== 'Standard_Stream') {
    throw new RunbookError(`${where}: Session Manager preferences are a Session document of type Standard_Stream`);
  }
  if (!document.logEncryptionRequired) throw new RunbookError(`${where}: inputs.cloudWatchEncryptionEnabled should be true`);
  if (!document.streaming) throw new RunbookError(`${where}: inputs.cloudWatchStreamingEnabled should be true`);
  const logGroup = reader.target(source, document.logGroup, 'inputs.cloudWatchLogGroupName');
  const days = retention[keyOf(logGroup)];
  if (days === undefined) throw new RunbookError(`${keyOf(logGroup)}: the session log group sets no retention`);
  return {
    document: located(source),
    logGroup,
    logGroupOutput: reader.outputFor(logGroup),
    key: reader.target(source, document.kmsKey, 'inputs.kmsKeyId'),
    retentionDays: days,
    idleTimeoutMinutes: reader.present(source, document.idleTimeoutMinutes, 'inputs.idleSessionTimeout'),
  };
}

function buckets(reader: FactReader): BucketFact[] {
  return reader.model.buckets.map((bucket) => {
    const { source, objectLock } = bucket;
    return {
      ...located(source),
      versioned: bucket.versioned,
      objectLock: objectLock && {
        mode: reader.present(source, objectLock.mode, 'the object lock mode'),
        days: reader.present(source, objectLock.days, 'the object lock days'),
      },
      accessLogs: bucket.accessLogs && { bucket: locatedOf(bucket.accessLogs.bucket), prefix: bucket.accessLogs.prefix },
    };
  });
}
