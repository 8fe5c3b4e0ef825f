import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnAutoScalingGroup } from 'aws-cdk-lib/aws-autoscaling';
import { CfnCacheCluster } from 'aws-cdk-lib/aws-elasticache';
import { CfnDBInstance } from 'aws-cdk-lib/aws-rds';
import { NagRuleCompliance } from 'cdk-nag';

/** Competency 2.4: every Auto Scaling group, the database and the cache span at least two AZs. */
export function MultiAz(node: CfnResource): NagRuleCompliance {
  const stack = Stack.of(node);
  if (node instanceof CfnAutoScalingGroup) {
    const subnets: unknown = stack.resolve(node.vpcZoneIdentifier);
    return Array.isArray(subnets) && subnets.length >= 2 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  }
  if (node instanceof CfnDBInstance) {
    return stack.resolve(node.multiAz) === true ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  }
  if (node instanceof CfnCacheCluster) {
    const spread = stack.resolve(node.azMode) === 'cross-az' && Number(stack.resolve(node.numCacheNodes)) >= 2;
    return spread ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  }
  return NagRuleCompliance.NOT_APPLICABLE;
}
