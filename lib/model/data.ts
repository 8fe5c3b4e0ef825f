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
}

export interface CacheCluster {
  readonly source: Source;
  readonly engine: Literal<string>;
  readonly nodeType: Literal<string>;
  readonly nodes: Literal<number>;
}

export interface BackupPlan {
  readonly source: Source;
  readonly rules: readonly {
    readonly schedule?: string;
    /** How many copy actions (other vaults, usually other regions) the rule has. */
    readonly copyActions: number;
  }[];
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
    };
  });
}

export function backupPlansOf(index: ResourceIndex): BackupPlan[] {
  return index.sortedOfType('AWS::Backup::BackupPlan').map((entry) => {
    const plan = new PropertyReader(index, entry);
    return {
      source: sourceOf(entry),
      rules: plan.objects(plan.object(entry.props.BackupPlan).BackupPlanRule).map((rule) => ({
        schedule: plan.literal(rule.ScheduleExpression),
        copyActions: Array.isArray(rule.CopyActions) ? rule.CopyActions.length : 0,
      })),
    };
  });
}

export interface Bucket {
  readonly source: Source;
  readonly versioned: boolean;
  /** All four Block Public Access settings on. */
  readonly publicAccessBlocked: boolean;
}

export function bucketsOf(index: ResourceIndex): Bucket[] {
  return index.sortedOfType('AWS::S3::Bucket').map((entry) => {
    const bucket = new PropertyReader(index, entry);
    const block = bucket.object(entry.props.PublicAccessBlockConfiguration);
    return {
      source: sourceOf(entry),
      versioned: bucket.literal(bucket.object(entry.props.VersioningConfiguration).Status) === 'Enabled',
      publicAccessBlocked: ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'].every((field) =>
        bucket.flag(block[field]),
      ),
    };
  });
}
