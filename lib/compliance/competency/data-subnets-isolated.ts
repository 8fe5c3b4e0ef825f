import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnRoute, CfnSubnet, CfnSubnetRouteTableAssociation } from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';

/** CDK tags every subnet with its type; isolated subnets are the data tier of the POC. */
const SUBNET_TYPE_TAG = 'aws-cdk:subnet-type';
const ISOLATED = 'Isolated';

const logicalIdOf = (stack: Stack, value: unknown): string | undefined => {
  const resolved = stack.resolve(value) as { Ref?: string } | undefined;
  return resolved?.Ref;
};

/**
 * Competency 2.12: no route from a data (isolated) subnet leads to the internet, through an
 * internet gateway, a NAT gateway or an egress-only gateway.
 */
export function DataSubnetsIsolated(node: CfnResource): NagRuleCompliance {
  if (!(node instanceof CfnRoute)) return NagRuleCompliance.NOT_APPLICABLE;
  const stack = Stack.of(node);
  const leavesVpc = [node.gatewayId, node.natGatewayId, node.egressOnlyInternetGatewayId].some((target) => target !== undefined);
  if (!leavesVpc) return NagRuleCompliance.COMPLIANT;
  const table = logicalIdOf(stack, node.routeTableId);
  const isolatedSubnets = new Set(
    stack.node
      .findAll()
      .filter((child): child is CfnSubnet => child instanceof CfnSubnet)
      .filter((subnet) =>
        subnet.tags
          .renderTags()
          ?.some((tag: { key: string; value: string }) => tag.key === SUBNET_TYPE_TAG && tag.value === ISOLATED),
      )
      .map((subnet) => stack.getLogicalId(subnet)),
  );
  const servesIsolatedSubnet = stack.node
    .findAll()
    .filter((child): child is CfnSubnetRouteTableAssociation => child instanceof CfnSubnetRouteTableAssociation)
    .some(
      (association) =>
        logicalIdOf(stack, association.routeTableId) === table &&
        isolatedSubnets.has(logicalIdOf(stack, association.subnetId) ?? ''),
    );
  return servesIsolatedSubnet ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}
