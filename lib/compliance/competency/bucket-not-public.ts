import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { NagRuleCompliance } from 'cdk-nag';

/** Competency 2.10: every bucket blocks public access with all four Block Public Access settings. */
export function BucketNotPublic(node: CfnResource): NagRuleCompliance {
  if (!(node instanceof CfnBucket)) return NagRuleCompliance.NOT_APPLICABLE;
  const block = Stack.of(node).resolve(node.publicAccessBlockConfiguration) as Record<string, unknown> | undefined;
  const settings = ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'];
  return block && settings.every((setting) => block[setting] === true)
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}
