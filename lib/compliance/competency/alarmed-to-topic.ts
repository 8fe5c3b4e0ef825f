import { CfnResource } from 'aws-cdk-lib';
import { CfnAutoScalingGroup } from 'aws-cdk-lib/aws-autoscaling';
import { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { CfnLoadBalancer } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CfnDBInstance } from 'aws-cdk-lib/aws-rds';
import { CfnTopic } from 'aws-cdk-lib/aws-sns';
import { NagRuleCompliance } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { referencesIn } from './references';

const WATCHED = [CfnAutoScalingGroup, CfnLoadBalancer, CfnDBInstance];

const alarmedIndexes = new WeakMap<IConstruct, ReadonlySet<IConstruct>>();

/** Every construct that an alarm paging an SNS topic measures (through its dimensions or metric math). */
function alarmedResources(root: IConstruct): ReadonlySet<IConstruct> {
  const known = alarmedIndexes.get(root);
  if (known) return known;
  const alarmed = new Set<IConstruct>();
  for (const alarm of root.node.findAll().filter((child): child is CfnAlarm => child instanceof CfnAlarm)) {
    const pages = [...referencesIn(alarm, alarm.alarmActions)].some((target) => target instanceof CfnTopic);
    if (!pages) continue;
    for (const measured of referencesIn(alarm, [alarm.dimensions, alarm.metrics])) alarmed.add(measured);
  }
  alarmedIndexes.set(root, alarmed);
  return alarmed;
}

/**
 * Competency 2.7: every tier's Auto Scaling group, every load balancer and the database is
 * measured by at least one alarm whose action notifies an SNS topic.
 */
export function AlarmedToTopic(node: CfnResource): NagRuleCompliance {
  if (!WATCHED.some((kind) => node instanceof kind)) return NagRuleCompliance.NOT_APPLICABLE;
  return alarmedResources(node.node.root).has(node) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
