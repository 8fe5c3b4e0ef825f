import { isObject } from './assembly';
import { referencedKeys } from './references';
import { ResourceIndex } from './resources';
import { known, Literal, PropertyReader, Source, sourceOf } from './source';

export interface Database {
  readonly source: Source;
  readonly instanceClass: Literal<string>;
  readonly engine: Literal<string>;
  readonly engineVersion: Literal<string>;
  /** Absent: RDS's default (extended support after the end of standard support). */
  readonly lifecycleSupport?: Literal<string>;
  readonly multiAz: boolean;
  readonly allocatedGiB: Literal<number>;
  /** The storage autoscaling ceiling; the allocated storage when the template sets none. */
  readonly maxAllocatedGiB: Literal<number>;
  /** `gp2` when the template leaves it out. */
  readonly storageType: Literal<string>;
  readonly encrypted: boolean;
  /** 1 day when the template leaves it out (the CloudFormation default). */
  readonly backupRetentionDays: Literal<number>;
  /** The listener port, when the template sets one (the engine's default otherwise). */
  readonly port?: string;
  /** `DBInstanceIdentifier`; undefined: CloudFormation names it. */
  readonly identifier?: string;
  readonly masterUsername?: string;
  readonly backupWindow?: string;
  /** The logs it publishes to CloudWatch Logs (`EnableCloudwatchLogsExports`), literal entries only. */
  readonly logExports: readonly string[];
  /** Keys (`external:<id>` for a literal id) of what it names; undefined when the template names none or it cannot be resolved. */
  readonly subnetGroup?: string;
  readonly parameterGroup?: string;
  readonly optionGroup?: string;
  /** Whether the template sets an option group at all (RDS's default one otherwise). */
  readonly hasOptionGroup: boolean;
  /** The KMS key of its storage; undefined with `StorageEncrypted` alone: the AWS managed key `aws/rds`. */
  readonly kmsKey?: string;
  readonly hasKmsKey: boolean;
  /** The role Enhanced Monitoring publishes with; undefined: no Enhanced Monitoring. */
  readonly monitoringRole?: string;
  readonly hasMonitoringRole: boolean;
  /** `PubliclyAccessible` as written; undefined when the template leaves it to RDS's default. */
  readonly publiclyAccessible?: boolean;
  /** `AutoMinorVersionUpgrade` as written; undefined when left to the default (true). */
  readonly autoMinorVersionUpgrade?: boolean;
}

/** A DB parameter group and the parameters it sets as literals. */
export interface DatabaseParameterGroup {
  readonly source: Source;
  readonly parameters: Readonly<Record<string, string>>;
}

export interface CacheCluster {
  readonly source: Source;
  readonly engine: Literal<string>;
  readonly nodeType: Literal<string>;
  readonly nodes: Literal<number>;
  readonly transitEncryption: boolean;
}

export interface BackupPlan {
  readonly source: Source;
  readonly name?: string;
  readonly rules: readonly {
    readonly schedule?: string;
    /** The key of the vault it stores recovery points in. */
    readonly targetVault?: string;
    /** How many copy actions (other vaults, usually other regions) the rule has. */
    readonly copyActions: number;
    /** Minutes after the scheduled time within which a job must start (`StartWindowMinutes`). */
    readonly startWindowMinutes?: number;
    /** Minutes within which a started job must complete (`CompletionWindowMinutes`). */
    readonly completionWindowMinutes?: number;
    /** Days a recovery point is kept (`Lifecycle.DeleteAfterDays`); undefined: kept until deleted. */
    readonly deleteAfterDays?: number;
    /** The copy actions: the destination vault's region and name as the ARN writes them, and the copy's retention. */
    readonly copies: readonly BackupCopy[];
  }[];
  /** Keys of the resources its backup selections name (`BackupSelection.Resources`), sorted. */
  readonly selected: readonly string[];
}

export interface BackupCopy {
  readonly region?: string;
  readonly vaultName?: string;
  readonly deleteAfterDays?: number;
}

export function databasesOf(index: ResourceIndex): Database[] {
  return index.sortedOfType('AWS::RDS::DBInstance').map((entry) => {
    const db = new PropertyReader(index, entry);
    const { props } = entry;
    const allocatedGiB = db.integer(props.AllocatedStorage);
    return {
      source: sourceOf(entry),
      instanceClass: db.text(props.DBInstanceClass),
      engine: db.text(props.Engine),
      engineVersion: db.text(props.EngineVersion),
      lifecycleSupport: props.EngineLifecycleSupport === undefined ? undefined : db.text(props.EngineLifecycleSupport),
      multiAz: db.flag(props.MultiAZ),
      allocatedGiB,
      maxAllocatedGiB: props.MaxAllocatedStorage === undefined ? allocatedGiB : db.integer(props.MaxAllocatedStorage),
      storageType: props.StorageType === undefined ? known('gp2') : db.text(props.StorageType),
      encrypted: db.flag(props.StorageEncrypted),
      backupRetentionDays: props.BackupRetentionPeriod === undefined ? known(1) : db.integer(props.BackupRetentionPeriod),
      port: db.literal(props.Port),
      identifier: db.literal(props.DBInstanceIdentifier),
      masterUsername: db.literal(props.MasterUsername),
      backupWindow: db.literal(props.PreferredBackupWindow),
      logExports: index.resolver
        .list(entry.stack, props.EnableCloudwatchLogsExports)
        .flatMap((value) => (value.kind === 'literal' ? [value.value] : [])),
      subnetGroup: db.keyOf(props.DBSubnetGroupName),
      parameterGroup: db.keyOf(props.DBParameterGroupName),
      optionGroup: props.OptionGroupName === undefined ? undefined : db.keyOf(props.OptionGroupName),
      hasOptionGroup: props.OptionGroupName !== undefined,
      kmsKey: props.KmsKeyId === undefined ? undefined : db.keyOf(props.KmsKeyId),
      hasKmsKey: props.KmsKeyId !== undefined,
      monitoringRole: props.MonitoringRoleArn === undefined ? undefined : db.keyOf(props.MonitoringRoleArn),
      hasMonitoringRole: props.MonitoringRoleArn !== undefined,
      publiclyAccessible: props.PubliclyAccessible === undefined ? undefined : db.flag(props.PubliclyAccessible),
      autoMinorVersionUpgrade: props.AutoMinorVersionUpgrade === undefined ? undefined : db.flag(props.AutoMinorVersionUpgrade),
    };
  });
}

export function cacheClustersOf(index: ResourceIndex): CacheCluster[] {
  return index.sortedOfType('AWS::ElastiCache::CacheCluster').map((entry) => {
    const cache = new PropertyReader(index, entry);
    return {
      source: sourceOf(entry),
      engine: cache.text(entry.props.Engine),
      nodeType: cache.text(entry.props.CacheNodeType),
      nodes: cache.integer(entry.props.NumCacheNodes),
      transitEncryption: cache.flag(entry.props.TransitEncryptionEnabled),
    };
  });
}

export function backupPlansOf(index: ResourceIndex): BackupPlan[] {
  return index.sortedOfType('AWS::Backup::BackupPlan').map((entry) => {
    const plan = new PropertyReader(index, entry);
    const body = plan.object(entry.props.BackupPlan);
    return {
      source: sourceOf(entry),
      name: plan.literal(body.BackupPlanName),
      rules: plan.objects(body.BackupPlanRule).map((rule) => {
        const days = (lifecycle: unknown) => plan.integer(plan.object(lifecycle).DeleteAfterDays);
        const valueOf = (value: Literal<number>) => (value.known ? value.value : undefined);
        return {
          schedule: plan.literal(rule.ScheduleExpression),
          targetVault: plan.keyOf(rule.TargetBackupVault),
          copyActions: Array.isArray(rule.CopyActions) ? rule.CopyActions.length : 0,
          startWindowMinutes: valueOf(plan.integer(rule.StartWindowMinutes)),
          completionWindowMinutes: valueOf(plan.integer(rule.CompletionWindowMinutes)),
          deleteAfterDays: valueOf(days(rule.Lifecycle)),
          copies: plan.objects(rule.CopyActions).map((copy) => {
            // The destination is an ARN joined around the partition and account: its literal parts name the region and vault.
            const arn = JSON.stringify(copy.DestinationBackupVaultArn) ?? '';
            return {
              region: /:backup:([a-z0-9-]+):/.exec(arn)?.[1],
              vaultName: /:backup-vault:([A-Za-z0-9_.-]+)/.exec(arn)?.[1],
              deleteAfterDays: valueOf(days(copy.Lifecycle)),
            };
          }),
        };
      }),
      selected: [
        ...new Set(
          index
            .ofType('AWS::Backup::BackupSelection')
            .filter((selection) => index.keyOf(selection.stack, selection.props.BackupPlanId) === entry.key)
            .flatMap((selection) => {
              const body = isObject(selection.props.BackupSelection) ? selection.props.BackupSelection : {};
              return referencedKeys(index, selection.stack, body.Resources);
            }),
        ),
      ].sort(),
    };
  });
}

export interface Bucket {
  readonly source: Source;
  readonly versioned: boolean;
  /** All four Block Public Access settings on. */
  readonly publicAccessBlocked: boolean;
  /** The default retention of its object lock, when it sets one. */
  readonly objectLock?: { readonly mode?: string; readonly days?: number };
  /** Where its server access logs go, when to a bucket of the assembly. */
  readonly accessLogs?: { readonly bucket: string; readonly prefix: string };
  /** A stack uploads objects into it (a CDK BucketDeployment). */
  readonly deployedTo: boolean;
  /** It replicates its objects to another bucket (`ReplicationConfiguration`). */
  readonly replicated: boolean;
  /** The enabled lifecycle rules' expirations (current objects), in days, literal ones only. */
  readonly expirationDays: readonly number[];
  /** The enabled lifecycle rules' transitions to other storage classes. */
  readonly transitions: readonly { readonly storageClass?: string; readonly days?: number }[];
}

export interface BackupVault {
  readonly source: Source;
  readonly name?: string;
  /** The key of the KMS key that encrypts its recovery points; undefined: AWS Backup's default key. */
  readonly kmsKey?: string;
  readonly hasKmsKey: boolean;
}

export function backupVaultsOf(index: ResourceIndex): BackupVault[] {
  return index.sortedOfType('AWS::Backup::BackupVault').map((entry) => {
    const vault = new PropertyReader(index, entry);
    return {
      source: sourceOf(entry),
      name: vault.literal(entry.props.BackupVaultName),
      kmsKey: entry.props.EncryptionKeyArn === undefined ? undefined : vault.keyOf(entry.props.EncryptionKeyArn),
      hasKmsKey: entry.props.EncryptionKeyArn !== undefined,
    };
  });
}

/** An RDS option group: the engine it is for and the options it adds (MEMCACHED, ...). */
export interface DatabaseOptionGroup {
  readonly source: Source;
  readonly engineName?: string;
  readonly majorEngineVersion?: string;
  /** Option names, `undefined` for one that is not a literal. */
  readonly options: readonly (string | undefined)[];
}

export function databaseOptionGroupsOf(index: ResourceIndex): DatabaseOptionGroup[] {
  return index.sortedOfType('AWS::RDS::OptionGroup').map((entry) => {
    const group = new PropertyReader(index, entry);
    return {
      source: sourceOf(entry),
      engineName: group.literal(entry.props.EngineName),
      majorEngineVersion: group.literal(entry.props.MajorEngineVersion),
      options: group.objects(entry.props.OptionConfigurations).map((option) => group.literal(option.OptionName)),
    };
  });
}

export function databaseParameterGroupsOf(index: ResourceIndex): DatabaseParameterGroup[] {
  return index.sortedOfType('AWS::RDS::DBParameterGroup').map((entry) => {
    const group = new PropertyReader(index, entry);
    const parameters = Object.entries(group.object(entry.props.Parameters)).flatMap(([name, value]) => {
      const literal = group.literal(value);
      return literal === undefined ? [] : [[name, literal] as const];
    });
    return { source: sourceOf(entry), parameters: Object.fromEntries(parameters) };
  });
}

export function bucketsOf(index: ResourceIndex): Bucket[] {
  const deployed = new Set(
    index.ofType('Custom::CDKBucketDeployment').map((entry) => index.keyOf(entry.stack, entry.props.DestinationBucketName)),
  );
  return index.sortedOfType('AWS::S3::Bucket').map((entry) => {
    const bucket = new PropertyReader(index, entry);
    const block = bucket.object(entry.props.PublicAccessBlockConfiguration);
    const retention = bucket.object(bucket.object(bucket.object(entry.props.ObjectLockConfiguration).Rule).DefaultRetention);
    const logging = bucket.object(entry.props.LoggingConfiguration);
    const destination = logging.DestinationBucketName === undefined ? undefined : bucket.keyOf(logging.DestinationBucketName);
    const days = bucket.integer(retention.Days);
    const lifecycleRules = bucket
      .objects(bucket.object(entry.props.LifecycleConfiguration).Rules)
      .filter((rule) => bucket.literal(rule.Status) === 'Enabled');
    return {
      source: sourceOf(entry),
      versioned: bucket.literal(bucket.object(entry.props.VersioningConfiguration).Status) === 'Enabled',
      publicAccessBlocked: ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'].every((field) =>
        bucket.flag(block[field]),
      ),
      objectLock:
        Object.keys(retention).length === 0
          ? undefined
          : { mode: bucket.literal(retention.Mode), days: days.known ? days.value : undefined },
      accessLogs:
        destination && !destination.startsWith('external:')
          ? { bucket: destination, prefix: bucket.literal(logging.LogFilePrefix) ?? '' }
          : undefined,
      deployedTo: deployed.has(entry.key),
      replicated: entry.props.ReplicationConfiguration !== undefined,
      expirationDays: lifecycleRules.flatMap((rule) => {
        const expiration = bucket.integer(rule.ExpirationInDays);
        return rule.ExpirationInDays !== undefined && expiration.known ? [expiration.value] : [];
      }),
      transitions: lifecycleRules.flatMap((rule) =>
        bucket.objects(rule.Transitions).map((transition) => {
          const after = bucket.integer(transition.TransitionInDays);
          return { storageClass: bucket.literal(transition.StorageClass), days: after.known ? after.value : undefined };
        }),
      ),
    };
  });
}
