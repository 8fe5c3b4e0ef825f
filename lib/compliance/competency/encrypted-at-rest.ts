import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnInstance, CfnLaunchTemplate } from 'aws-cdk-lib/aws-ec2';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnDBInstance } from 'aws-cdk-lib/aws-rds';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { CfnTopic } from 'aws-cdk-lib/aws-sns';
import { NagRuleCompliance } from 'cdk-nag';

type BlockDevices = { ebs?: { encrypted?: unknown } }[] | undefined;

const verdict = (compliant: boolean) => (compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT);
const allEncrypted = (devices: BlockDevices) => (devices ?? []).every((device) => !device.ebs || device.ebs.encrypted === true);

/** Competency 2.11: data at rest is encrypted: database, EBS volumes, buckets, log groups (KMS), topics (KMS). */
export function EncryptedAtRest(node: CfnResource): NagRuleCompliance {
  const stack = Stack.of(node);
  if (node instanceof CfnDBInstance) return verdict(stack.resolve(node.storageEncrypted) === true);
  if (node instanceof CfnBucket) return verdict(stack.resolve(node.bucketEncryption) !== undefined);
  if (node instanceof CfnLogGroup) return verdict(stack.resolve(node.kmsKeyId) !== undefined);
  if (node instanceof CfnTopic) return verdict(stack.resolve(node.kmsMasterKeyId) !== undefined);
  if (node instanceof CfnInstance) return verdict(allEncrypted(stack.resolve(node.blockDeviceMappings) as BlockDevices));
  if (node instanceof CfnLaunchTemplate) {
    const data = stack.resolve(node.launchTemplateData) as { blockDeviceMappings?: BlockDevices } | undefined;
    return verdict(allEncrypted(data?.blockDeviceMappings));
  }
  return NagRuleCompliance.NOT_APPLICABLE;
}
