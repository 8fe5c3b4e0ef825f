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
  readonly accessLogs: s3.IBucket;
}

/**
 * Multi-region CloudTrail with log file validation, KMS encryption, delivery to CloudWatch Logs
 * and an S3 archive kept more than a year (PCI DSS 10.2, 10.5.1).
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
    acknowledgeRule(
      this.trail.node.findChild('LogsRole'),
      'PCI.DSS.321-IAMNoInlinePolicy',
      'CDK gives the CloudTrail delivery role write access to exactly this log group through an inline policy',
    );
  }
}
