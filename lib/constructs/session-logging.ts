import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';
import { SESSION_PREFERENCES_DOCUMENT } from '../shared/session-manager';
import { customerManagedKey, encryptedLogGroup } from './secure-defaults';
import { SESSION_USER } from './tier-user-data';

/** PCI DSS 8.2.8: an idle session ends after 15 minutes. */
const SESSION_IDLE_TIMEOUT_MINUTES = 15;

export interface SessionLoggingProps {
  /**
   * Roles of the instances sessions open on. Their SSM agent writes the transcript to the log
   * group and decrypts the session stream, so each gets exactly those rights.
   */
  readonly instanceRoles: readonly iam.IRole[];
}

/**
 * Session Manager preferences of the account and region that record every shell session:
 * what is typed and printed streams to a KMS-encrypted log group kept a year (PCI DSS
 * 10.2.1.2, 10.5.1), and the session stream itself is encrypted with a customer-managed key on
 * top of TLS; shells run as an unprivileged user. Fields as in the AWS "Session document
 * schema"; the instance permissions as in "Create a custom IAM instance profile for Session
 * Manager" (logging and KMS parts).
 */
export class SessionLogging extends Construct {
  /** Encrypts the log group and the session data. */
  public readonly key: kms.Key;
  public readonly logGroup: logs.LogGroup;
  public readonly preferences: ssm.CfnDocument;
  /** What the instance roles need for a logged, encrypted session. */
  public readonly instancePolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: SessionLoggingProps) {
    super(scope, id);
    this.key = customerManagedKey(this, 'Key', 'Session Manager session data and transcripts of the PCI POC', {
      forLogs: true,
    });
    this.logGroup = encryptedLogGroup(this, 'Logs', this.key);
    this.preferences = new ssm.CfnDocument(this, 'Preferences', {
      name: SESSION_PREFERENCES_DOCUMENT,
      documentType: 'Session',
      documentFormat: 'JSON',
      // The name is fixed by Session Manager: a content change must update the document, not replace it.
      updateMethod: 'NewVersion',
      content: {
        schemaVersion: '1.0',
        description: 'Regional Session Manager preferences of the PCI POC: every session logged and encrypted',
        sessionType: 'Standard_Stream',
        inputs: {
          s3BucketName: '',
          s3KeyPrefix: '',
          s3EncryptionEnabled: true,
          cloudWatchLogGroupName: this.logGroup.logGroupName,
          cloudWatchEncryptionEnabled: true,
          cloudWatchStreamingEnabled: true,
          kmsKeyId: this.key.keyId,
          // Shells run as a user without sudo whom the metadata guard keeps from the role credentials;
          // every POC instance creates it at boot (tier-user-data.ts).
          runAsEnabled: true,
          runAsDefaultUser: SESSION_USER,
          idleSessionTimeout: String(SESSION_IDLE_TIMEOUT_MINUTES),
          shellProfile: { windows: '', linux: '' },
        },
      },
    });

    this.instancePolicy = new iam.ManagedPolicy(this, 'InstancePolicy', {
      description: 'Session Manager on the POC instances: stream session transcripts to their log group, decrypt session data',
      roles: [...props.instanceRoles],
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [this.logGroup.logGroupArn],
        }),
        // The agent looks the log group up before a session starts, to check it is KMS-encrypted.
        new iam.PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: ['*'] }),
        new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [this.key.keyArn] }),
      ],
    });
    acknowledgeRule(
      this.instancePolicy,
      'AwsSolutions-IAM5[Resource::*]',
      'logs:DescribeLogGroups has no resource-level permission (it lists the log groups of the account); it is read-only and reveals names and settings, not log events',
    );
  }

  /** What a role that starts sessions needs: a data key of the session key for each session. */
  startSessionStatement(): iam.PolicyStatement {
    return new iam.PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [this.key.keyArn] });
  }
}
