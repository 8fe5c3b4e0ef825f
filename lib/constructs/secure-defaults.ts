import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * The kit's secure defaults, one place per resource kind (the aws-solutions-constructs
 * pattern). A construct takes these and overrides only what its resource needs.
 */

/** PCI DSS 10.5.1: keep audit logs at least 12 months. */
export const LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/**
 * The key policy statement that lets only AWS services create grants on a key: CreateGrant is
 * denied to every principal unless an AWS service integrated with KMS makes the call on its behalf
 * (`kms:GrantIsForAWSResource`, AWS KMS condition keys; Control Tower control CT.KMS.PV.1). Every
 * service that creates grants on the POC's keys does so on a principal's behalf: RDS for its
 * storage and snapshot copies, Secrets Manager, AWS Backup for its copies (the "EBS/ASG" case,
 * where the Auto Scaling service-linked role creates the grant, does not arise: volumes use the
 * AWS managed aws/ebs key). A person or a function cannot hand out a standing grant on a key.
 */
export const GRANTS_ONLY_FOR_AWS_RESOURCES_SID = 'GrantsOnlyForAwsResources';

/**
 * Customer-managed key with yearly rotation, kept when its stack is deleted, on which only AWS
 * services create grants. `forLogs` lets CloudWatch Logs of this region encrypt log groups with it.
 */
export function customerManagedKey(
  scope: Construct,
  id: string,
  description: string,
  options: { readonly forLogs?: boolean } = {},
): kms.Key {
  const key = new kms.Key(scope, id, {
    description,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
    pendingWindow: Duration.days(30),
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: GRANTS_ONLY_FOR_AWS_RESOURCES_SID,
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'false' } },
    }),
  );
  if (options.forLogs) {
    key.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${Stack.of(scope).region}.amazonaws.com`));
  }
  return key;
}

/** Private, encrypted, versioned, TLS-only bucket that outlives its stack. */
export function secureBucketProps(overrides: s3.BucketProps = {}): s3.BucketProps {
  return {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
    ...overrides,
  };
}

/** Log group encrypted with a customer-managed key and kept a year. */
export function encryptedLogGroup(scope: Construct, id: string, encryptionKey: kms.IKey, logGroupName?: string): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    logGroupName,
    encryptionKey,
    retention: LOG_RETENTION,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/** Root volume for every instance: gp3, encrypted (aws/ebs KMS key), deleted with the instance. */
export function encryptedRootVolume(sizeGiB = 20): ec2.BlockDevice {
  return {
    deviceName: '/dev/xvda',
    volume: ec2.BlockDeviceVolume.ebs(sizeGiB, {
      encrypted: true,
      volumeType: ec2.EbsDeviceVolumeType.GP3,
      deleteOnTermination: true,
    }),
  };
}

/**
 * A security group owned by another stack, imported so that nothing here can add rules to
 * it: every segmentation rule lives in the Network stack, where it is reviewed as one table.
 */
export function lockedSecurityGroup(scope: Construct, id: string, group: ec2.ISecurityGroup): ec2.ISecurityGroup {
  return ec2.SecurityGroup.fromSecurityGroupId(scope, id, group.securityGroupId, {
    mutable: false,
    allowAllOutbound: false,
  });
}
