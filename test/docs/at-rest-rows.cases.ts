import { loadDocsModel } from '../../lib/docs/assembly-model';
import { AtRestRow, collectEncryptionAtRest, renderAtRest } from '../../lib/docs/security-at-rest';
import { synthesized } from '../helpers';
import { assemblyDirectory } from '../support/assemblies';

/** SECURITY.md's encryption at rest as data: every data store of the default config, how it is encrypted and by which key. */

const STACK = 'AnyCompanyApparel';

describe('SECURITY.md encryption at rest as data (default config)', () => {
  let rows: AtRestRow[];
  const row = (resource: string) => {
    const found = rows.find((candidate) => candidate.resource === resource);
    if (!found) throw new Error(`no at-rest row for ${resource}`);
    return found;
  };
  beforeAll(() => {
    rows = collectEncryptionAtRest(loadDocsModel(assemblyDirectory('default'), synthesized('default').config));
  });

  test('every data store is encrypted, each with a named key', () => {
    expect(rows.length).toBeGreaterThan(20);
    for (const store of rows) {
      expect({ resource: store.resource, encrypted: store.encrypted }).toEqual({ resource: store.resource, encrypted: true });
      expect(store.key).toBeDefined();
    }
  });

  test('the stores holding cardholder-relevant data use customer managed keys, proven by the key property', () => {
    const customer = (resource: string, key: string, property: string) =>
      expect(row(resource)).toMatchObject({ encrypted: true, key: { kind: 'customer-managed', name: key }, property });
    customer(`${STACK}-Data/Database/Instance`, `${STACK}-Data/Database/Key`, 'KmsKeyId');
    customer(`${STACK}-Data/Database/Instance/Secret`, `${STACK}-Data/Database/Key`, 'KmsKeyId');
    customer(`${STACK}-Data/BackupVault/Vault`, `${STACK}-Data/BackupVault/Key`, 'EncryptionKeyArn');
    customer(`${STACK}-DisasterRecovery/CopyVault/Vault`, `${STACK}-DisasterRecovery/CopyVault/Key`, 'EncryptionKeyArn');
    customer(`${STACK}-Operations/AuditTrail/Trail`, `${STACK}-Operations/AuditTrail/Key`, 'KMSKeyId');
    customer(`${STACK}-Operations/Alarms/Topic`, `${STACK}-Operations/Alarms/Key`, 'KmsMasterKeyId');
    expect(row(`${STACK}-Data/Database/Instance`).encryption).toBe('KMS');
    expect(row(`${STACK}-Operations/AuditTrail/Trail`).encryption).toBe('SSE-KMS');
  });

  test('every log group and secret names a customer managed key', () => {
    const stores = rows.filter((store) => store.kind === 'log-group' || store.kind === 'secret');
    expect(stores.length).toBeGreaterThan(10);
    for (const store of stores) {
      expect(store).toMatchObject({ encryption: 'KMS', key: { kind: 'customer-managed' }, property: 'KmsKeyId' });
    }
  });

  test('the log archive bucket is SSE-S3 with S3-managed keys, and no template property is claimed for it', () => {
    expect(row(`${STACK}-Network/LogArchive/Bucket`)).toEqual({
      resource: `${STACK}-Network/LogArchive/Bucket`,
      kind: 's3-bucket',
      what: 'S3 bucket',
      encrypted: true,
      encryption: 'SSE-S3 (AES-256, keys managed by S3)',
      key: { kind: 'service', text: 'S3-managed' },
      property: undefined,
    });
  });

  test('the other buckets are SSE-KMS with their own customer managed key', () => {
    const buckets = rows.filter((store) => store.kind === 's3-bucket' && store.resource !== `${STACK}-Network/LogArchive/Bucket`);
    expect(buckets.map((bucket) => [bucket.resource, bucket.encryption, bucket.key])).toEqual([
      [`${STACK}-Edge/StaticAssets`, 'SSE-KMS (aws:kms)', { kind: 'customer-managed', name: `${STACK}-Edge/StaticAssetsKey` }],
      [
        `${STACK}-Operations/AuditTrail/Archive`,
        'SSE-KMS (aws:kms)',
        { kind: 'customer-managed', name: `${STACK}-Operations/AuditTrail/Key` },
      ],
      [
        `${STACK}-Operations/ConfigRules/History`,
        'SSE-KMS (aws:kms)',
        { kind: 'customer-managed', name: `${STACK}-Operations/ConfigRules/HistoryKey` },
      ],
    ]);
  });

  test('the instances root volumes are encrypted with the AWS managed EBS key, one row per launch template', () => {
    const volumes = rows.filter((store) => store.kind === 'ebs-volume');
    expect(volumes.map((volume) => volume.resource)).toEqual([
      `${STACK}-App/AppTier/LaunchTemplate /dev/xvda`,
      `${STACK}-App/Bastions/LaunchTemplate /dev/xvda`,
      `${STACK}-App/WebTier/LaunchTemplate /dev/xvda`,
    ]);
    for (const volume of volumes)
      expect(volume).toMatchObject({ encryption: 'KMS', key: { kind: 'aws-managed', alias: 'aws/ebs' } });
  });

  test('the renderer prints the rows as they are, and an unencrypted store as **none**', () => {
    const unencrypted: AtRestRow = {
      resource: 'Stack/Topic',
      kind: 'sns-topic',
      what: 'SNS topic',
      encrypted: false,
      encryption: 'none',
    };
    const markdown = renderAtRest([row(`${STACK}-Network/LogArchive/Bucket`), unencrypted]);
    expect(markdown.slice(4, 6)).toEqual([
      `| \`${STACK}-Network/LogArchive/Bucket\` | S3 bucket | SSE-S3 (AES-256, keys managed by S3) | S3-managed |`,
      '| `Stack/Topic` | SNS topic | **none** |  |',
    ]);
  });
});
