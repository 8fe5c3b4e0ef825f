import { DataStoreKind, EncryptionAtRest, KeyReference } from '../model';
import { DocsModel, nameOf, nameOfKey } from './assembly-model';
import { cell, code } from './markdown';

/** SECURITY.md's encryption at rest: one row per data store, collected as data, then rendered. */

/** The key that encrypts a store. */
export type AtRestKey =
  /** A KMS key the template names: the key's construct path, or the expression when the assembly does not declare it. */
  | { readonly kind: 'customer-managed'; readonly name: string }
  /** The AWS managed key of the service (e.g. `aws/rds`): the template names no key. */
  | { readonly kind: 'aws-managed'; readonly alias: string }
  /** Keys the service holds itself, never in KMS (e.g. S3-managed). */
  | { readonly kind: 'service'; readonly text: string };

export interface AtRestRow {
  /** The store by construct path; an EBS volume adds its device name. */
  readonly resource: string;
  readonly kind: DataStoreKind;
  /** What is encrypted, e.g. `RDS DB instance (storage, snapshots, backups)`. */
  readonly what: string;
  readonly encrypted: boolean;
  /** How, in words: `KMS`, `SSE-S3 (AES-256, keys managed by S3)`, `none`. */
  readonly encryption: string;
  /** Undefined when nothing is encrypted. */
  readonly key?: AtRestKey;
  /** The template property that proves it, e.g. `KmsKeyId`; undefined when the service encrypts without one. */
  readonly property?: string;
}

/** The inventory's order: by kind, launch templates' volumes before instances', each by name. */
const STORE_ORDER: readonly string[] = [
  'rds-instance',
  'ebs-volume:AWS::EC2::LaunchTemplate',
  'ebs-volume:AWS::EC2::Instance',
  's3-bucket',
  'log-group',
  'sns-topic',
  'secret',
  'backup-vault',
  'trail',
  'cache-cluster',
];

/** Every data store of the assembly and how it is encrypted at rest, in the inventory's order. */
export function collectEncryptionAtRest(model: DocsModel): AtRestRow[] {
  const group = (store: EncryptionAtRest) =>
    STORE_ORDER.indexOf(store.kind === 'ebs-volume' ? `${store.kind}:${store.source.type}` : store.kind);
  const stores = [...model.poc.encryptionAtRest].sort(
    (a, b) => group(a) - group(b) || nameOf(a.source).localeCompare(nameOf(b.source)),
  );
  return stores.map((store) => atRestRow(model, store));
}

function customerKey(model: DocsModel, key: KeyReference): AtRestKey {
  return { kind: 'customer-managed', name: key.resource ? nameOfKey(model, key.resource) : key.expression };
}

function keyOr(model: DocsModel, key: KeyReference | undefined, fallback: AtRestKey): AtRestKey {
  return key === undefined ? fallback : customerKey(model, key);
}

const awsManaged = (alias: string): AtRestKey => ({ kind: 'aws-managed', alias });
const byService = (text: string): AtRestKey => ({ kind: 'service', text });

function atRestRow(model: DocsModel, store: EncryptionAtRest): AtRestRow {
  const { source, key, encrypted, kind } = store;
  const common = { resource: nameOf(source), kind, encrypted, property: key?.property };
  switch (store.kind) {
    case 'rds-instance':
      return {
        ...common,
        what: 'RDS DB instance (storage, snapshots, backups)',
        encryption: encrypted ? 'KMS' : 'none',
        key: encrypted ? keyOr(model, key, awsManaged('aws/rds')) : undefined,
        property: key?.property ?? (encrypted ? 'StorageEncrypted' : undefined),
      };
    case 'ebs-volume':
      return {
        ...common,
        resource: `${common.resource} ${store.device ?? ''}`.trim(),
        what: `EBS volume (${source.type === 'AWS::EC2::LaunchTemplate' ? 'launch template' : 'instance'})`,
        encryption: encrypted ? 'KMS' : 'none (unless the account enables EBS encryption by default)',
        key: encrypted ? keyOr(model, key, awsManaged('aws/ebs')) : undefined,
      };
    case 's3-bucket': {
      const algorithm = store.algorithm ?? 'AES256';
      const sseKms = algorithm.startsWith('aws:kms');
      return {
        ...common,
        what: 'S3 bucket',
        encryption: sseKms ? `SSE-KMS (${algorithm})` : 'SSE-S3 (AES-256, keys managed by S3)',
        key: sseKms ? keyOr(model, key, awsManaged('aws/s3')) : byService('S3-managed'),
      };
    }
    case 'log-group': {
      const days = model.poc.logGroups.find((candidate) => candidate.source.key === source.key)?.retentionDays;
      return {
        ...common,
        what: `CloudWatch Logs log group (${days ?? 'never expires'} days)`,
        encryption: key ? 'KMS' : 'CloudWatch Logs service-managed encryption',
        key: key ? customerKey(model, key) : byService('service-managed'),
      };
    }
    case 'sns-topic':
      return {
        ...common,
        what: 'SNS topic',
        encryption: key ? 'KMS' : 'none',
        key: key ? customerKey(model, key) : undefined,
      };
    case 'secret':
      return {
        ...common,
        what: 'Secrets Manager secret',
        encryption: 'KMS',
        key: keyOr(model, key, awsManaged('aws/secretsmanager')),
      };
    case 'backup-vault':
      return {
        ...common,
        what: `AWS Backup vault (${model.stacks.find((stack) => stack.name === source.stack)?.region ?? 'deployment region'})`,
        encryption: 'KMS',
        key: keyOr(model, key, byService('AWS Backup default key')),
      };
    case 'trail':
      return {
        ...common,
        what: 'CloudTrail trail (log files)',
        encryption: key ? 'SSE-KMS' : 'SSE-S3 (the bucket default)',
        key: key ? customerKey(model, key) : byService('S3-managed'),
      };
    case 'cache-cluster': {
      const engine = model.poc.caches.find((candidate) => candidate.source.key === source.key)?.engine;
      return {
        ...common,
        what: `ElastiCache ${engine?.known ? engine.value : ''} cluster (in memory)`.trim(),
        encryption: 'in memory only: node-based Memcached clusters keep nothing on disk',
      };
    }
  }
}

function keyCell(key: AtRestKey | undefined): string {
  switch (key?.kind) {
    case undefined:
      return '';
    case 'customer-managed':
      return code(key.name);
    case 'aws-managed':
      return `AWS managed key ${code(key.alias)}`;
    case 'service':
      return key.text;
  }
}

/** A store left unencrypted reads `**none**`, so it stands out in the table. */
function encryptionCell(row: AtRestRow): string {
  return row.encrypted ? row.encryption : row.encryption.replace(/^none\b/, '**none**');
}

/** The section's Markdown: formatting only, every fact is in the rows. */
export function renderAtRest(rows: readonly AtRestRow[]): string[] {
  return [
    '## Encryption at rest',
    '',
    '| data store | kind | encryption | key |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${code(row.resource)} | ${cell(row.what)} | ${encryptionCell(row)} | ${keyCell(row.key)} |`),
    '',
  ];
}

export function atRestSection(model: DocsModel): string[] {
  return renderAtRest(collectEncryptionAtRest(model));
}
