import { Duration } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';
import { acknowledgeArchiveLogging, S3_LOG_PREFIX } from './log-archive';
import { customerManagedKey, encryptedLogGroup, secureBucketProps } from './secure-defaults';

/** Trail files stay immutable for the PCI DSS retention year. */
export const AUDIT_LOCK = Duration.days(365);

export interface AuditTrailProps {
  /** Receives the server access logs of the trail's own archive bucket. */
  readonly accessLogs: s3.IBucket;
  /**
   * The POC's buckets whose object-level activity (S3 data events, reads and writes) the trail
   * records. The trail's own archive is never one of them: recording the writes of the trail
   * files would add a data event for every file it delivers.
   */
  readonly dataEventBuckets: readonly s3.IBucket[];
}

/** Name of the advanced event selector that records the S3 data events of the POC's buckets. */
export const S3_DATA_EVENTS_SELECTOR = 'S3 data events of the POC buckets';

/**
 * Multi-region CloudTrail with log file validation, KMS encryption, delivery to CloudWatch Logs
 * and an S3 archive kept more than a year (PCI DSS 10.2, 10.5.1), recording the management events
 * of the account and the S3 data events of the POC's buckets (PCI DSS 10.2.1: who read or wrote an
 * object, the audit logs in the log archive included).
 */
export class AuditTrail extends Construct {
  public readonly trail: cloudtrail.Trail;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const key = customerManagedKey(this, 'Key', 'CloudTrail logs of the POC account', { forLogs: true });
    const bucket = new s3.Bucket(
      this,
      'Archive',
      secureBucketProps({
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: key,
        bucketKeyEnabled: true,
        serverAccessLogsBucket: props.accessLogs,
        serverAccessLogsPrefix: `${S3_LOG_PREFIX}/cloudtrail/`,
        // Governance mode: no one rewrites or deletes a trail file for a year unless granted
        // s3:BypassGovernanceRetention (PCI DSS 10.3.4, 10.5.1); compliance mode would make the POC impossible to tear down.
        objectLockEnabled: true,
        objectLockDefaultRetention: s3.ObjectLockRetention.governance(AUDIT_LOCK),
        lifecycleRules: [
          {
            id: 'pci-10.5.1-retention',
            transitions: [{ storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) }],
            expiration: Duration.days(400),
            noncurrentVersionExpiration: Duration.days(400),
          },
        ],
      }),
    );
    acknowledgeArchiveLogging(bucket);
    acknowledgeRule(
      bucket,
      'PCI.DSS.321-S3BucketReplicationEnabled',
      'Trail files are versioned, integrity-validated by CloudTrail digests and kept 400 days; the regional DR plan (RESILIENCE.md) copies the database, not past trail files, and the trail is multi-region',
    );
    this.trail = new cloudtrail.Trail(this, 'Trail', {
      bucket,
      encryptionKey: key,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: encryptedLogGroup(this, 'Logs', key),
    });
    // Advanced event selectors scope the data events to exactly these buckets; with them, the
    // management events the trail records by default must be selected explicitly, and the basic
    // selectors (which the L2 renders as an empty list) must be absent: a trail takes one kind.
    const cfnTrail = this.trail.node.defaultChild as cloudtrail.CfnTrail;
    cfnTrail.addPropertyDeletionOverride('EventSelectors');
    cfnTrail.advancedEventSelectors = [
      { name: 'Management events', fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }] },
      {
        name: S3_DATA_EVENTS_SELECTOR,
        fieldSelectors: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
          { field: 'resources.ARN', startsWith: props.dataEventBuckets.map((dataBucket) => dataBucket.arnForObjects('')) },
        ],
      },
    ];
    acknowledgeRule(
      this.trail.node.findChild('LogsRole'),
      'PCI.DSS.321-IAMNoInlinePolicy',
      'CDK gives the CloudTrail delivery role write access to exactly this log group through an inline policy',
    );
  }
}
