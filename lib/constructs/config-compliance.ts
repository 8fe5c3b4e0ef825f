import { Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';
import { acknowledgeArchiveLogging, S3_LOG_PREFIX } from './log-archive';
import { customerManagedKey, secureBucketProps } from './secure-defaults';
import { CONFIG_RULES } from '../shared/config-rules';

export interface ConfigComplianceProps {
  /** Create the recorder and delivery channel: only when the account has none (one per region). */
  readonly createRecorder: boolean;
  /** Where every NON_COMPLIANT evaluation of the rules is sent. */
  readonly alarmTopic: sns.ITopic;
  /** Receives the server access logs of the recorder's delivery bucket, when one is created. */
  readonly accessLogs: s3.IBucket;
}

/**
 * Detective controls of AWS Config: the managed rules above and an EventBridge route that sends
 * every NON_COMPLIANT evaluation to the alarm topic within minutes (a bucket made public is
 * reported as soon as Config re-evaluates it, competency 2.10).
 */
export class ConfigCompliance extends Construct {
  public readonly rules: config.ManagedRule[];
  public readonly alertRule: events.Rule;
  /** The bucket the recorder delivers the configuration history to; absent when the account has its own recorder. */
  public readonly historyBucket?: s3.Bucket;

  constructor(scope: Construct, id: string, props: ConfigComplianceProps) {
    super(scope, id);
    const recorder = props.createRecorder ? this.createRecorder(props.accessLogs) : undefined;
    this.historyBucket = recorder?.bucket;
    const recorderParts = recorder?.parts ?? [];

    this.rules = Object.entries(CONFIG_RULES).map(([identifier, description]) => {
      const rule = new config.ManagedRule(this, identifier, { identifier, description });
      recorderParts.forEach((part) => rule.node.addDependency(part));
      return rule;
    });

    this.alertRule = new events.Rule(this, 'NonCompliant', {
      description: 'AWS Config NON_COMPLIANT evaluations of the POC rules, to the alarm topic',
      eventPattern: {
        source: ['aws.config'],
        detailType: ['Config Rules Compliance Change'],
        detail: {
          configRuleName: this.rules.map((rule) => rule.configRuleName),
          newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
        },
      },
      targets: [new targets.SnsTopic(props.alarmTopic)],
    });
  }

  private createRecorder(accessLogs: s3.IBucket): { readonly bucket: s3.Bucket; readonly parts: Construct[] } {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'RecorderRole', {
      assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
      description: 'AWS Config recorder of the POC account',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
    });
    acknowledgeRule(
      role,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole]',
      'AWS_ConfigRole is the AWS-maintained read-only policy the Config recorder needs to describe every resource type it records',
    );
    const key = customerManagedKey(this, 'HistoryKey', 'AWS Config history of the POC account');
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('config.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    const bucket = new s3.Bucket(
      this,
      'History',
      secureBucketProps({
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: key,
        bucketKeyEnabled: true,
        serverAccessLogsBucket: accessLogs,
        serverAccessLogsPrefix: `${S3_LOG_PREFIX}/config-history/`,
      }),
    );
    acknowledgeArchiveLogging(bucket);
    acknowledgeRule(
      bucket,
      'PCI.DSS.401-S3BucketDefaultLockEnabled',
      'Configuration history is evidence AWS Config can rebuild (it re-delivers snapshots on demand); the bucket is versioned and KMS-encrypted, and the CloudTrail archive is the locked audit record',
    );
    acknowledgeRule(
      bucket,
      'PCI.DSS.321-S3BucketReplicationEnabled',
      'Configuration history is versioned and kept with the bucket (retained on stack deletion); AWS Config can re-deliver snapshots at any time',
    );
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('config.amazonaws.com')],
        actions: ['s3:GetBucketAcl', 's3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('config.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects(`AWSLogs/${stack.account}/Config/*`)],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }),
    );
    const recorder = new config.CfnConfigurationRecorder(this, 'Recorder', {
      roleArn: role.roleArn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
    });
    const channel = new config.CfnDeliveryChannel(this, 'Delivery', { s3BucketName: bucket.bucketName, s3KmsKeyArn: key.keyArn });
    channel.node.addDependency(bucket);
    return { bucket, parts: [recorder, channel] };
  }
}
