import { isObject } from './assembly';
import { describeExpression } from './describe';
import { IndexedResource, ResourceIndex } from './resources';
import { PropertyReader, Source, sourceOf } from './source';

/** A customer managed KMS key. */
export interface KmsKey {
  readonly source: Source;
  readonly description?: string;
  readonly rotation: boolean;
  /**
   * Its policy denies `kms:CreateGrant` to everyone unless an AWS service creates the grant on
   * the caller's behalf (`kms:GrantIsForAWSResource` false is the only condition).
   */
  readonly grantsOnlyForAwsResources: boolean;
  /** `MultiRegion`: a primary key whose replicas other regions can hold. */
  readonly multiRegion: boolean;
}

/** The key a property names: a resource of the assembly, or the expression as `describeExpression` prints it. */
export interface KeyReference {
  /** The key (`stack/logicalId`) of the KMS key, when the assembly declares it. */
  readonly resource?: string;
  readonly expression: string;
  /** Where the template names it, e.g. `KmsKeyId`, `LaunchTemplateData.BlockDeviceMappings[0].Ebs.KmsKeyId`. */
  readonly property: string;
}

export type DataStoreKind =
  'rds-instance' | 'ebs-volume' | 's3-bucket' | 'log-group' | 'sns-topic' | 'secret' | 'backup-vault' | 'trail' | 'cache-cluster';

/**
 * How a data store is encrypted at rest, per what the template says: one element per store (an
 * EBS volume per block device mapping of a launch template or an instance).
 */
export interface EncryptionAtRest {
  readonly source: Source;
  readonly kind: DataStoreKind;
  /** An EBS volume's device name. */
  readonly device?: string;
  /**
   * Whether the template encrypts it: the flag of an RDS instance or an EBS volume, a key for an
   * SNS topic; always for S3, CloudWatch Logs, Secrets Manager, AWS Backup and CloudTrail (each
   * encrypts with its own key at least); never for a Memcached cluster (nothing on disk).
   */
  readonly encrypted: boolean;
  /** A bucket's default algorithm: `AES256` (SSE-S3) unless the template names `aws:kms` or `aws:kms:dsse`. */
  readonly algorithm?: string;
  /** The customer key the template names; undefined: the service's own or AWS managed key. */
  readonly key?: KeyReference;
}

export function kmsKeysOf(index: ResourceIndex): KmsKey[] {
  return index.sortedOfType('AWS::KMS::Key').map((entry) => {
    const key = new PropertyReader(index, entry);
    return {
      source: sourceOf(entry),
      description: key.literal(entry.props.Description),
      rotation: key.flag(entry.props.EnableKeyRotation),
      grantsOnlyForAwsResources: onlyAwsServicesGrant(key.object(entry.props.KeyPolicy)),
      multiRegion: key.flag(entry.props.MultiRegion),
    };
  });
}

function onlyAwsServicesGrant(policy: Record<string, unknown>): boolean {
  const statements = Array.isArray(policy.Statement) ? policy.Statement.filter(isObject) : [];
  return statements.some((statement) => {
    const principal = statement.Principal;
    const everyone = principal === '*' || (isObject(principal) && principal.AWS === '*');
    const actions = [statement.Action].flat();
    const condition = isObject(statement.Condition) && isObject(statement.Condition.Bool) ? statement.Condition.Bool : {};
    return (
      statement.Effect === 'Deny' &&
      everyone &&
      (actions.includes('kms:CreateGrant') || actions.includes('kms:*')) &&
      statement.Resource === '*' &&
      String(condition['kms:GrantIsForAWSResource']) === 'false' &&
      Object.keys(statement.Condition as object).length === 1
    );
  });
}

export function encryptionAtRestOf(index: ResourceIndex): EncryptionAtRest[] {
  const keyOf = (entry: IndexedResource, expression: unknown, property: string): KeyReference | undefined => {
    if (expression === undefined) return undefined;
    const key = index.keyOf(entry.stack, expression);
    return {
      resource: key !== undefined && index.get(key) ? key : undefined,
      expression: describeExpression(index, entry.stack, expression),
      property,
    };
  };
  const each = (type: string, read: (entry: IndexedResource, reader: PropertyReader) => Omit<EncryptionAtRest, 'source'>[]) =>
    index.sortedOfType(type).flatMap((entry) => {
      const source = sourceOf(entry);
      return read(entry, new PropertyReader(index, entry)).map((store) => ({ source, ...store }));
    });
  const volumes = (entry: IndexedResource, reader: PropertyReader, data: Record<string, unknown>, prefix: string) =>
    reader.objects(data.BlockDeviceMappings).flatMap((mapping, position) => {
      if (!isObject(mapping.Ebs)) return [];
      const encrypted = reader.flag(mapping.Ebs.Encrypted);
      return [
        {
          kind: 'ebs-volume' as const,
          device: reader.literal(mapping.DeviceName),
          encrypted,
          key: keyOf(entry, mapping.Ebs.KmsKeyId, `${prefix}BlockDeviceMappings[${position}].Ebs.KmsKeyId`),
        },
      ];
    });
  return [
    ...each('AWS::RDS::DBInstance', (entry, db) => [
      {
        kind: 'rds-instance',
        encrypted: db.flag(entry.props.StorageEncrypted),
        key: keyOf(entry, entry.props.KmsKeyId, 'KmsKeyId'),
      },
    ]),
    ...each('AWS::EC2::LaunchTemplate', (entry, template) =>
      volumes(entry, template, template.object(entry.props.LaunchTemplateData), 'LaunchTemplateData.'),
    ),
    ...each('AWS::EC2::Instance', (entry, instance) => volumes(entry, instance, entry.props, '')),
    ...each('AWS::S3::Bucket', (entry, bucket) => {
      const [rule] = bucket.objects(bucket.object(entry.props.BucketEncryption).ServerSideEncryptionConfiguration);
      const byDefault = bucket.object(rule?.ServerSideEncryptionByDefault);
      const property = 'BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID';
      return [
        {
          kind: 's3-bucket',
          encrypted: true,
          algorithm: bucket.literal(byDefault.SSEAlgorithm) ?? 'AES256',
          key: keyOf(entry, byDefault.KMSMasterKeyID, property),
        },
      ];
    }),
    ...each('AWS::Logs::LogGroup', (entry) => [
      { kind: 'log-group', encrypted: true, key: keyOf(entry, entry.props.KmsKeyId, 'KmsKeyId') },
    ]),
    ...each('AWS::SNS::Topic', (entry) => {
      const key = keyOf(entry, entry.props.KmsMasterKeyId, 'KmsMasterKeyId');
      return [{ kind: 'sns-topic', encrypted: key !== undefined, key }];
    }),
    ...each('AWS::SecretsManager::Secret', (entry) => [
      { kind: 'secret', encrypted: true, key: keyOf(entry, entry.props.KmsKeyId, 'KmsKeyId') },
    ]),
    ...each('AWS::Backup::BackupVault', (entry) => [
      { kind: 'backup-vault', encrypted: true, key: keyOf(entry, entry.props.EncryptionKeyArn, 'EncryptionKeyArn') },
    ]),
    ...each('AWS::CloudTrail::Trail', (entry) => [
      { kind: 'trail', encrypted: true, key: keyOf(entry, entry.props.KMSKeyId, 'KMSKeyId') },
    ]),
    ...each('AWS::ElastiCache::CacheCluster', () => [{ kind: 'cache-cluster', encrypted: false }]),
  ];
}
