import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnConfigRule } from 'aws-cdk-lib/aws-config';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { CfnTopic } from 'aws-cdk-lib/aws-sns';
import { NagRuleCompliance } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { referencesIn } from './references';

/** The AWS Config managed rules that report a bucket turning public. */
export const PUBLIC_BUCKET_CONFIG_RULES = [
  'S3_BUCKET_PUBLIC_READ_PROHIBITED',
  'S3_BUCKET_PUBLIC_WRITE_PROHIBITED',
  'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED',
] as const;

interface ConfigEventPattern {
  readonly source?: readonly string[];
  readonly detail?: { readonly newEvaluationResult?: { readonly complianceType?: readonly string[] } };
}

/** Whether `rule` sends NON_COMPLIANT evaluations of every public-bucket Config rule to an SNS topic. */
function routesPublicBucketAlerts(rule: CfnRule, configRules: ReadonlyMap<string, CfnConfigRule>): boolean {
  const pattern = Stack.of(rule).resolve(rule.eventPattern) as ConfigEventPattern | undefined;
  const fromConfig = pattern?.source?.includes('aws.config') === true;
  const nonCompliant = pattern?.detail?.newEvaluationResult?.complianceType?.includes('NON_COMPLIANT') === true;
  const watched = referencesIn(rule, rule.eventPattern);
  const watchesAll = PUBLIC_BUCKET_CONFIG_RULES.every((identifier) => {
    const configRule = configRules.get(identifier);
    return configRule !== undefined && watched.has(configRule);
  });
  const toTopic = [...referencesIn(rule, rule.targets)].some((target) => target instanceof CfnTopic);
  return fromConfig && nonCompliant && watchesAll && toTopic;
}

const verdicts = new WeakMap<IConstruct, boolean>();

/**
 * Competency 2.10: a bucket made public after deployment is reported within minutes. The app
 * must hold the three public-bucket AWS Config rules and an EventBridge rule that sends their
 * NON_COMPLIANT evaluations to an SNS topic.
 */
export function PublicBucketAlert(node: CfnResource): NagRuleCompliance {
  if (!(node instanceof CfnBucket)) return NagRuleCompliance.NOT_APPLICABLE;
  const root = node.node.root;
  let alerted = verdicts.get(root);
  if (alerted === undefined) {
    const resources = root.node.findAll();
    const configRules = new Map<string, CfnConfigRule>();
    for (const rule of resources.filter((child): child is CfnConfigRule => child instanceof CfnConfigRule)) {
      // Resolved L1 properties keep their camelCase names (PascalCase appears only in the template).
      const source = Stack.of(rule).resolve(rule.source) as { sourceIdentifier?: string; owner?: string };
      if (source.owner === 'AWS' && source.sourceIdentifier) configRules.set(source.sourceIdentifier, rule);
    }
    alerted = resources
      .filter((child): child is CfnRule => child instanceof CfnRule)
      .some((rule) => routesPublicBucketAlerts(rule, configRules));
    verdicts.set(root, alerted);
  }
  return alerted ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
