import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnSecurityGroup, CfnSecurityGroupIngress } from 'aws-cdk-lib/aws-ec2';
import { CfnCacheCluster } from 'aws-cdk-lib/aws-elasticache';
import { CfnDBInstance, CfnOptionGroup } from 'aws-cdk-lib/aws-rds';
import { NagRuleCompliance } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { TOPOLOGY } from '../../shared/topology';
import { tiersWearingGroups } from './placement';
import { referencedConstructs, referencesIn, securityGroupsIn } from './references';

/** Name of the subnets of the tier that calls the database (lib/shared/topology.ts: the app tier's). */
export const APP_TIER = databaseCallerSubnet();

function databaseCallerSubnet(): string {
  const callers = TOPOLOGY.filter((tier) => tier.calls.some((call) => call.zone === 'database'));
  if (callers.length !== 1) throw new Error(`the rule expects one tier to call the database, the topology has ${callers.length}`);
  return callers[0].subnet.name;
}

interface IngressSource {
  readonly address?: string;
  readonly group?: CfnSecurityGroup;
}

function ingressSources(group: CfnSecurityGroup, root: IConstruct): IngressSource[] {
  const stack = Stack.of(group);
  const inline = (stack.resolve(group.securityGroupIngress) ?? []) as Array<Record<string, unknown>>;
  const inlineSources: IngressSource[] = [...inline.keys()].map((position) => {
    const rule = inline[position];
    const address = [rule.cidrIp, rule.cidrIpv6, rule.sourcePrefixListId].find((value) => value !== undefined);
    if (address !== undefined) return { address: JSON.stringify(address) };
    const raw = (group.securityGroupIngress as unknown[])[position];
    return { group: securityGroupsIn(referencesIn(group, raw))[0] };
  });
  const separate = root.node
    .findAll()
    .filter((child): child is CfnSecurityGroupIngress => child instanceof CfnSecurityGroupIngress)
    .filter((rule) => referencesIn(rule, rule.groupId).has(group))
    .map((rule): IngressSource => {
      const address = rule.cidrIp ?? rule.cidrIpv6 ?? rule.sourcePrefixListId;
      if (address !== undefined) return { address };
      return { group: securityGroupsIn(referencesIn(rule, rule.sourceSecurityGroupId))[0] };
    });
  return [...inlineSources, ...separate];
}

/**
 * Competency 2.12: the database (and its memcached interface) accepts traffic only from
 * security groups worn exclusively by resources in the app tier's subnets: no address range,
 * no prefix list, no group that also sits in another tier.
 */
export function DatabaseOnlyFromAppTier(node: CfnResource): NagRuleCompliance {
  if (![CfnDBInstance, CfnOptionGroup, CfnCacheCluster].some((kind) => node instanceof kind))
    return NagRuleCompliance.NOT_APPLICABLE;
  const protectedGroups = securityGroupsIn(referencedConstructs(node));
  if (protectedGroups.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const tiers = tiersWearingGroups(node.node.root);
  const onlyAppTier = protectedGroups
    .flatMap((group) => ingressSources(group, node.node.root))
    .every((source) => {
      if (!source.group) return false;
      const wornIn = tiers.get(source.group);
      return wornIn !== undefined && wornIn.size > 0 && [...wornIn].every((tier) => tier === APP_TIER);
    });
  return onlyAppTier ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
