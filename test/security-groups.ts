import { complementOfIpv4Cidr } from '../lib/config/cidr';
import { Template } from 'aws-cdk-lib/assertions';
import { GROUP_ZONES, GroupZone } from '../lib/segmentation';
import { logicalIdAt, resourcesOfType } from './helpers';

type Props = Record<string, unknown>;

/**
 * Reads every rule of the segmentation groups from a synthesized template (inline rules and
 * separate SecurityGroupIngress/Egress resources) and names each peer by its zone, so tests
 * can compare the result with the intended table as plain strings like "app:3306" (CloudFront's
 * prefix list: "pl:cloudfront").
 */
export function effectiveRules(
  template: Template,
  zones: readonly GroupZone[] = GROUP_ZONES,
): Record<GroupZone, { ingress: string[]; egress: string[] }> {
  // SegmentationGroups names each group after its zone (SecurityGroups/<Zone>).
  const zoneOfLogicalId = new Map<string, GroupZone>(
    zones.map((zone) => [logicalIdAt(template, `SecurityGroups/${zone[0].toUpperCase()}${zone.slice(1)}`), zone]),
  );
  const peerName = (rule: Props, key: 'SourceSecurityGroupId' | 'DestinationSecurityGroupId'): string => {
    const groupRef = rule[key] as { 'Fn::GetAtt'?: [string, string] } | undefined;
    if (groupRef?.['Fn::GetAtt']) return zoneOfLogicalId.get(groupRef['Fn::GetAtt'][0]) ?? groupRef['Fn::GetAtt'][0];
    if (rule.CidrIp) return String(rule.CidrIp);
    if (rule.CidrIpv6) return String(rule.CidrIpv6);
    const prefixList = rule.SourcePrefixListId ?? rule.DestinationPrefixListId;
    if (prefixList) {
      // CloudFront's origin-facing list, whose id the Network stack looks up at deploy time.
      const lookup = (prefixList as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt']?.[0];
      return `pl:${lookup?.startsWith('CloudFrontOriginFacingLookup') ? 'cloudfront' : JSON.stringify(prefixList)}`;
    }
    throw new Error(`unrecognised rule peer ${JSON.stringify(rule)}`);
  };
  const describe = (rule: Props, key: 'SourceSecurityGroupId' | 'DestinationSecurityGroupId') =>
    `${peerName(rule, key)}:${rule.IpProtocol}/${rule.FromPort}${rule.ToPort === rule.FromPort ? '' : `-${rule.ToPort}`}`;

  const result = Object.fromEntries(zones.map((zone) => [zone, { ingress: [] as string[], egress: [] as string[] }])) as Record<
    GroupZone,
    { ingress: string[]; egress: string[] }
  >;
  for (const [id, group] of Object.entries(resourcesOfType(template, 'AWS::EC2::SecurityGroup'))) {
    const zone = zoneOfLogicalId.get(id);
    if (!zone) continue;
    const props = group.Properties ?? {};
    for (const rule of (props.SecurityGroupIngress as Props[] | undefined) ?? [])
      result[zone].ingress.push(describe(rule, 'SourceSecurityGroupId'));
    for (const rule of (props.SecurityGroupEgress as Props[] | undefined) ?? []) {
      if (rule.Description === 'Disallow all traffic') continue;
      result[zone].egress.push(describe(rule, 'DestinationSecurityGroupId'));
    }
  }
  for (const [type, direction, key] of [
    ['AWS::EC2::SecurityGroupIngress', 'ingress', 'SourceSecurityGroupId'],
    ['AWS::EC2::SecurityGroupEgress', 'egress', 'DestinationSecurityGroupId'],
  ] as const) {
    for (const rule of Object.values(resourcesOfType(template, type))) {
      const props = rule.Properties ?? {};
      const owner = (props.GroupId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const zone = zoneOfLogicalId.get(owner);
      if (!zone) throw new Error(`rule on unknown group ${owner}`);
      result[zone][direction].push(describe(props, key));
    }
  }
  const vpcCidr = String(Object.values(resourcesOfType(template, 'AWS::EC2::VPC'))[0].Properties?.CidrBlock);
  for (const zone of zones) {
    result[zone].ingress = withOutsideVpc(result[zone].ingress, vpcCidr).sort();
    result[zone].egress.sort();
  }
  return result;
}

/**
 * Rules admitting every block of the complement of the VPC CIDR on one port, written
 * `outside-vpc:tcp/443`; a partial complement stays listed block by block, so a test sees it.
 */
function withOutsideVpc(rules: readonly string[], vpcCidr: string): string[] {
  const outside = complementOfIpv4Cidr(vpcCidr);
  const ports = new Set(rules.map((rule) => rule.slice(rule.indexOf(':') + 1)));
  let kept = [...rules];
  for (const port of ports) {
    const blocks = outside.map((cidr) => `${cidr}:${port}`);
    if (blocks.every((block) => kept.includes(block))) {
      kept = [...kept.filter((rule) => !blocks.includes(rule)), `outside-vpc:${port}`];
    }
  }
  return kept;
}
