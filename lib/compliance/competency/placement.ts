import { CfnResource } from 'aws-cdk-lib';
import { CfnAutoScalingGroup } from 'aws-cdk-lib/aws-autoscaling';
import {
  CfnLaunchTemplate,
  CfnSecurityGroup,
  CfnSecurityGroupEgress,
  CfnSecurityGroupIngress,
  CfnSubnet,
} from 'aws-cdk-lib/aws-ec2';
import { CfnSubnetGroup } from 'aws-cdk-lib/aws-elasticache';
import { CfnDBSubnetGroup } from 'aws-cdk-lib/aws-rds';
import { IConstruct } from 'constructs';
import { referencedConstructs, securityGroupsIn, subnetsIn } from './references';

/** CDK tags every subnet of a `Vpc` with the name of its subnet configuration: the POC's tier. */
const SUBNET_NAME_TAG = 'aws-cdk:subnet-name';
/** Where an attachment could not be placed in a subnet (it then belongs to no tier). */
export const UNPLACED = '(no subnet)';

const RULE_RESOURCES = [CfnSecurityGroup, CfnSecurityGroupIngress, CfnSecurityGroupEgress];
const SUBNET_GROUPS = [CfnDBSubnetGroup, CfnSubnetGroup];

function tierOf(subnet: CfnSubnet): string {
  const tag = subnet.tags.renderTags()?.find((candidate: { key: string }) => candidate.key === SUBNET_NAME_TAG) as
    { value: string } | undefined;
  return tag?.value ?? UNPLACED;
}

/** Subnets a resource sits in: directly, through a subnet group, or (launch templates) through the groups that launch it. */
function subnetsOf(resource: CfnResource, launchers: ReadonlyMap<CfnLaunchTemplate, CfnAutoScalingGroup[]>): CfnSubnet[] {
  if (resource instanceof CfnLaunchTemplate) {
    return (launchers.get(resource) ?? []).flatMap((group) => subnetsIn(referencedConstructs(group)));
  }
  const targets = [...referencedConstructs(resource)];
  const viaSubnetGroups = targets
    .filter((target): target is CfnResource => SUBNET_GROUPS.some((kind) => target instanceof kind))
    .flatMap((group) => subnetsIn(referencedConstructs(group)));
  return [...subnetsIn(targets), ...viaSubnetGroups];
}

const indexes = new WeakMap<IConstruct, ReadonlyMap<CfnSecurityGroup, ReadonlySet<string>>>();

/**
 * For every security group of the app, the subnet tiers of the resources that wear it (the
 * ENIs it protects), across stacks. Security-group rules only name groups and are not attachments.
 */
export function tiersWearingGroups(root: IConstruct): ReadonlyMap<CfnSecurityGroup, ReadonlySet<string>> {
  const known = indexes.get(root);
  if (known) return known;
  const resources = root.node.findAll().filter((child): child is CfnResource => child instanceof CfnResource);
  const launchers = new Map<CfnLaunchTemplate, CfnAutoScalingGroup[]>();
  for (const group of resources.filter((resource): resource is CfnAutoScalingGroup => resource instanceof CfnAutoScalingGroup)) {
    for (const template of [...referencedConstructs(group)].filter(
      (target): target is CfnLaunchTemplate => target instanceof CfnLaunchTemplate,
    )) {
      launchers.set(template, [...(launchers.get(template) ?? []), group]);
    }
  }
  const index = new Map<CfnSecurityGroup, Set<string>>();
  for (const resource of resources) {
    if (RULE_RESOURCES.some((kind) => resource instanceof kind)) continue;
    const groups = securityGroupsIn(referencedConstructs(resource));
    if (groups.length === 0) continue;
    const subnets = subnetsOf(resource, launchers);
    const tiers = subnets.length === 0 ? [UNPLACED] : subnets.map(tierOf);
    for (const group of groups) {
      const seen = index.get(group) ?? new Set<string>();
      tiers.forEach((tier) => seen.add(tier));
      index.set(group, seen);
    }
  }
  indexes.set(root, index);
  return index;
}
