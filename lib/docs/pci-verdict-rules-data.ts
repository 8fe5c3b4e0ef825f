import { EXTERNAL_ZONES } from '../segmentation';
import {
  customer,
  evidenceOf,
  inPlace,
  nameOf,
  notApplicable,
  notInPlace,
  relaxationsOf,
  acknowledgedFindings,
  causeAndFix,
  withAcknowledged,
  VerdictRule,
} from './pci-verdict-rules';
import { hopEvidence, hopText } from './pci-verdict-rules-network';
import { AtRestRow } from './security-at-rest';
import { TransitRow } from './security-encryption';
import { TemplateEvidence } from './verdict';

/** PCI DSS v4.0.1 requirements 3 and 4: read from SECURITY.md's inventories (at rest, in transit) and the KMS keys. */

const SAD_APPLICATION =
  'Only the application shows it: the templates cannot tell what it writes to the database, the cache, the logs or the buckets.';

/** An in-memory cache keeps nothing on disk: the inventory lists it, but no storage holds its data at rest. */
const inMemoryOnly = (row: AtRestRow): boolean => row.kind === 'cache-cluster';

/** The property that proves a store's encryption when the template names no key (the service's own default or flag). */
const ENCRYPTION_FLAG: Partial<Record<AtRestRow['kind'], string>> = {
  'ebs-volume': 'BlockDeviceMappings[].Ebs.Encrypted',
  's3-bucket': 'BucketEncryption',
  'rds-instance': 'StorageEncrypted',
};

function keyText(row: AtRestRow): string {
  switch (row.key?.kind) {
    case 'customer-managed':
      return `, key ${row.key.name}`;
    case 'aws-managed':
      return `, AWS managed key ${row.key.alias}`;
    default:
      return '';
  }
}

const atRestEvidence = (row: AtRestRow): TemplateEvidence =>
  evidenceOf(
    row.resource,
    row.property ?? ENCRYPTION_FLAG[row.kind] ?? 'default encryption of the service',
    `${row.encryption}${keyText(row)}`,
  );

/** 3.5.1: in place iff every store of SECURITY.md's inventory is encrypted (an in-memory cache stores nothing at rest). */
const r351: VerdictRule = ({ atRest }) => {
  const clear = atRest.filter((row) => !row.encrypted && !inMemoryOnly(row));
  const evidence = atRest.map(atRestEvidence);
  if (clear.length > 0) {
    return notInPlace(
      'A data store of the inventory (SECURITY.md, Encryption at rest) is not encrypted.',
      clear.map((row) => `${row.resource}: ${row.encryption}`).join('; '),
      'Encrypt each store with a KMS key (the kit encrypts every store it creates: check what changed the template).',
      evidence,
    );
  }
  const caches = atRest.filter(inMemoryOnly).map((row) => row.resource);
  return customer(
    `Every data store of the inventory (SECURITY.md, Encryption at rest) is encrypted at rest with a KMS key${
      caches.length > 0 ? `; ${caches.join(', ')} keeps its data in memory only` : ''
    }. That is storage-level encryption, which the templates can show; it does not by itself render PAN unreadable ` +
      '(3.5.1.2 accepts disk-level encryption of non-removable media only beside another mechanism).',
    'How the application renders stored PAN unreadable (one-way keyed hashes, truncation, tokens or field-level ' +
      'encryption: 3.5.1.1-3.5.1.3), or that it stores no PAN.',
    evidence,
  );
};

const r374: VerdictRule = ({ model }) => {
  const keys = model.poc.kmsKeys;
  const evidence = keys.map((key) => evidenceOf(nameOf(key.source), 'EnableKeyRotation', String(key.rotation)));
  const fixed = keys.filter((key) => !key.rotation);
  if (fixed.length > 0) {
    return notInPlace(
      'A KMS key of the POC is never rotated.',
      fixed.map((key) => `${nameOf(key.source)} EnableKeyRotation false`).join('; '),
      'Enable automatic rotation on each key (`EnableKeyRotation: true`).',
      evidence,
    );
  }
  return inPlace(
    `KMS rotates the key material of each of the ${keys.length} customer managed keys every year (the default rotation period); the customer's cryptoperiod for these keys must be a year or longer, or the rotation period set to it.`,
    evidence,
  );
};

const untrusted = (zone: string): boolean => (EXTERNAL_ZONES as readonly string[]).includes(zone);

/**
 * The hops over open, public networks whose protection the templates set: viewers to CloudFront,
 * CloudFront to its origins (outside the VPC), and ingress from the internet or the corporate
 * ranges. Egress to the internet is excluded: the software on the instances chooses its protocol.
 */
const publicHops = (rows: readonly TransitRow[]): TransitRow[] =>
  rows.filter((row) => untrusted(row.from) && row.to !== 'internet');

/** 4.2.1, from SECURITY.md's in-transit rows: every public hop encrypted with TLS 1.2 or later (or SSH), or only redirected. */
const r421: VerdictRule = (facts) => {
  const hops = publicHops(facts.inTransit);
  const failing = hops.filter((row) => row.strength === 'plain' || row.strength === 'weak');
  const unproven = hops.filter((row) => row.strength === 'encrypted' || row.strength === 'application');
  const evidence = hopEvidence(facts, hops);
  const egress =
    'Egress to the internet (patching, AWS APIs, a payment processor) uses the protocol the software on the instances chooses.';
  if (failing.length > 0) {
    const causes = relaxationsOf(facts, 'domain');
    const reason = `Over a public network, ${failing.map((row) => `${hopText(row)} is ${row.strength === 'plain' ? 'not encrypted' : 'open to TLS below 1.2'}`).join(', and ')} (SECURITY.md, Encryption in transit).`;
    const acknowledged = acknowledgedFindings(
      facts,
      '4.2.1',
      failing.flatMap((row) => row.evidence),
    );
    const { cause, fix } =
      causes.length > 0
        ? causeAndFix(causes)
        : {
            cause: failing.map((row) => `${hopText(row)}: ${row.protection}`).join('; '),
            fix: 'Require TLS 1.2 or later on each of these hops (viewer certificate and security policy, origin protocol policy https-only with TLSv1.2).',
          };
    return notInPlace(reason, withAcknowledged(cause, acknowledged), fix, evidence);
  }
  if (unproven.length > 0) {
    return customer(
      `Every public hop is encrypted, but the templates do not set the minimum TLS version of ${unproven.map(hopText).join(', ')}. ${egress}`,
      'The TLS versions and cipher suites each of these endpoints accepts (a TLS scan), and the application’s protocols to the internet.',
      evidence,
    );
  }
  return inPlace(
    `Every hop over a public network uses TLS 1.2 or later or SSH, or only redirects to HTTPS (SECURITY.md, Encryption in transit). ${egress}`,
    evidence,
  );
};

const r4211: VerdictRule = ({ model }) =>
  customer(
    'The POC uses ACM certificates (with `domain`) or CloudFront’s default certificate, and the KMS keys SECURITY.md lists.',
    'The inventory of the trusted keys and certificates that protect PAN in transit, kept up to date.',
    model.poc.distributions.map((distribution) =>
      evidenceOf(
        nameOf(distribution.source),
        'DistributionConfig.ViewerCertificate',
        distribution.acmCertificate ? 'ACM certificate' : 'CloudFront default certificate',
      ),
    ),
  );

const storedSad =
  (what: string): VerdictRule =>
  () =>
    customer(
      `${SAD_APPLICATION}`,
      `That the application does not retain ${what} after authorization, in any store, log or trace, shown by the data flows and a search of the stores.`,
    );

const r321: VerdictRule = ({ model }) =>
  customer(
    'Retention of account data is a policy the application and its operators apply; the templates set how long logs and backups are kept.',
    'The data retention and disposal policy, and that data beyond it is deleted at least every quarter.',
    [
      ...model.poc.databases.map((db) =>
        evidenceOf(
          nameOf(db.source),
          'BackupRetentionPeriod',
          db.backupRetentionDays.known ? String(db.backupRetentionDays.value) : db.backupRetentionDays.expression,
        ),
      ),
    ],
  );

const r332: VerdictRule = ({ atRest }) =>
  customer(
    `${SAD_APPLICATION} Every store of the inventory is encrypted at rest (3.5.1).`,
    'That sensitive authentication data held before authorization is encrypted with strong cryptography, and only where the business needs it.',
    atRest.filter((row) => row.kind === 'rds-instance').map(atRestEvidence),
  );

export const DATA_VERDICT_RULES: Readonly<Record<string, VerdictRule>> = {
  '3.2.1': r321,
  '3.3.1.1': storedSad('full track data'),
  '3.3.1.3': storedSad('PINs or PIN blocks'),
  '3.3.2': r332,
  '3.3.3': () =>
    notApplicable(
      'Applies only to issuers and companies that support issuing services; it applies if the customer issues payment cards or supports issuing.',
    ),
  '3.5.1': r351,
  '3.7.4': r374,
  '4.2.1': r421,
  '4.2.1.1': r4211,
};
