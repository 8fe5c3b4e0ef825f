import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnAutoScalingGroup } from 'aws-cdk-lib/aws-autoscaling';
import { CfnInstance, CfnLaunchTemplate } from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';
import { referencesIn } from '../competency/references';

/** The image id of a launch template that EC2 reads from an SSM parameter at each launch. */
const AT_LAUNCH = /^resolve:ssm:/;

/**
 * PCI DSS 6.3.3: instances take their patches from the newest AMI. An Auto Scaling group passes
 * when it replaces every instance after a maximum lifetime and its launch template names the
 * image through an SSM parameter resolved at launch (so a replacement starts from the AMI
 * published last, not the one of the last deployment). A standalone instance fails: nothing
 * bounds its age, and its image is fixed when it is created.
 */
export function InstancesReplacedFromLatestAmi(node: CfnResource): NagRuleCompliance {
  if (node instanceof CfnInstance) return NagRuleCompliance.NON_COMPLIANT;
  if (!(node instanceof CfnAutoScalingGroup)) return NagRuleCompliance.NOT_APPLICABLE;
  const stack = Stack.of(node);
  const lifetime: unknown = stack.resolve(node.maxInstanceLifetime);
  if (typeof lifetime !== 'number' || lifetime <= 0) return NagRuleCompliance.NON_COMPLIANT;
  const templates = [...referencesIn(node, node.launchTemplate)].filter(
    (target): target is CfnLaunchTemplate => target instanceof CfnLaunchTemplate,
  );
  if (templates.length !== 1) return NagRuleCompliance.NON_COMPLIANT;
  const data = stack.resolve(templates[0].launchTemplateData) as { imageId?: unknown } | undefined;
  return typeof data?.imageId === 'string' && AT_LAUNCH.test(data.imageId)
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}
