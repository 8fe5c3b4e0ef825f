import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Assembly, CfnTemplate } from '../../lib/model';
import { IntendedTable } from '../../lib/analysis/intended';
import { describeFlow } from '../../lib/analysis/render';

/**
 * Hand-written CloudFormation templates for the analysis tests. The builders only spare the
 * typing of resource boilerplate: every property the analysis reads is spelled out in the
 * test that relies on it.
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Expression = Json;

export const ref = (logicalId: string): Expression => ({ Ref: logicalId });
export const groupId = (logicalId: string): Expression => ({ 'Fn::GetAtt': [logicalId, 'GroupId'] });

export interface SgRuleSpec {
  readonly protocol?: string;
  readonly from?: number;
  readonly to?: number;
  readonly cidr?: string;
  readonly group?: Expression;
  readonly prefixList?: Expression;
}

export interface NaclEntrySpec {
  readonly rule: number;
  readonly egress?: boolean;
  readonly cidr: string;
  /** A port, a [from, to] range, or 'all' for every protocol. */
  readonly ports: number | readonly [number, number] | 'all';
  readonly deny?: boolean;
  readonly protocol?: number;
}

export class StackFixture {
  readonly resources: Record<string, { Type: string; Properties: Record<string, Json>; Metadata?: Record<string, Json> }> = {};
  readonly outputs: Record<string, { Value: Json; Export?: { Name: Json } }> = {};
  readonly parameters: Record<string, { Type: string; Default?: Json }> = {};

  constructor(readonly name: string) {}

  add(logicalId: string, type: string, properties: Record<string, Json> = {}): Expression {
    this.resources[logicalId] = { Type: type, Properties: properties };
    return ref(logicalId);
  }

  /** An output that other stacks read with Fn::GetStackOutput (how this repo's stacks reference each other). */
  publish(outputName: string, value: Expression): Expression {
    this.outputs[outputName] = { Value: value };
    return { 'Fn::GetStackOutput': { StackName: this.name, OutputName: outputName, Region: { Ref: 'AWS::Region' } } };
  }

  /** An exported output that other stacks read with Fn::ImportValue; the export name uses Fn::Sub and the stack name. */
  exportValue(outputName: string, value: Expression): Expression {
    this.outputs[outputName] = { Value: value, Export: { Name: { 'Fn::Sub': `\${AWS::StackName}-${outputName}` } } };
    return { 'Fn::ImportValue': `${this.name}-${outputName}` };
  }

  vpc(logicalId: string, cidr: string, options: { internetGateway?: boolean } = {}): Expression {
    const vpc = this.add(logicalId, 'AWS::EC2::VPC', { CidrBlock: cidr });
    if (options.internetGateway ?? true) {
      this.add(`${logicalId}Igw`, 'AWS::EC2::InternetGateway');
      this.add(`${logicalId}IgwAttachment`, 'AWS::EC2::VPCGatewayAttachment', {
        VpcId: vpc,
        InternetGatewayId: ref(`${logicalId}Igw`),
      });
    }
    return vpc;
  }

  /** A subnet with its own route table (local route only until routes are added). */
  subnet(logicalId: string, vpc: Expression, cidr: string, properties: Record<string, Json> = {}): Expression {
    const subnet = this.add(logicalId, 'AWS::EC2::Subnet', { VpcId: vpc, CidrBlock: cidr, ...properties });
    this.add(`${logicalId}Routes`, 'AWS::EC2::RouteTable', { VpcId: vpc });
    this.add(`${logicalId}RoutesAssociation`, 'AWS::EC2::SubnetRouteTableAssociation', {
      SubnetId: subnet,
      RouteTableId: ref(`${logicalId}Routes`),
    });
    return subnet;
  }

  routeToInternetGateway(subnetId: string, vpcId: string, destination = '0.0.0.0/0'): void {
    this.add(`${subnetId}DefaultRoute`, 'AWS::EC2::Route', {
      RouteTableId: ref(`${subnetId}Routes`),
      DestinationCidrBlock: destination,
      GatewayId: ref(`${vpcId}Igw`),
    });
  }

  /** A NAT gateway in `natSubnetId`, and a default route to it from each subnet of `from`. */
  natGateway(logicalId: string, natSubnetId: string, from: readonly string[]): void {
    this.add(`${logicalId}Eip`, 'AWS::EC2::EIP', { Domain: 'vpc' });
    this.add(logicalId, 'AWS::EC2::NatGateway', {
      SubnetId: ref(natSubnetId),
      AllocationId: { 'Fn::GetAtt': [`${logicalId}Eip`, 'AllocationId'] },
    });
    for (const subnetId of from) {
      this.add(`${subnetId}DefaultRoute`, 'AWS::EC2::Route', {
        RouteTableId: ref(`${subnetId}Routes`),
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: ref(logicalId),
      });
    }
  }

  nacl(logicalId: string, vpc: Expression, subnetIds: readonly string[], entries: readonly NaclEntrySpec[]): void {
    this.add(logicalId, 'AWS::EC2::NetworkAcl', { VpcId: vpc });
    for (const subnetId of subnetIds) {
      this.add(`${logicalId}${subnetId}`, 'AWS::EC2::SubnetNetworkAclAssociation', {
        NetworkAclId: ref(logicalId),
        SubnetId: ref(subnetId),
      });
    }
    for (const entry of entries) {
      const properties: Record<string, Json> = {
        NetworkAclId: ref(logicalId),
        RuleNumber: entry.rule,
        Egress: entry.egress ?? false,
        CidrBlock: entry.cidr,
        RuleAction: entry.deny ? 'deny' : 'allow',
        Protocol: entry.ports === 'all' ? -1 : (entry.protocol ?? 6),
      };
      if (entry.ports !== 'all') {
        const [from, to] = typeof entry.ports === 'number' ? [entry.ports, entry.ports] : entry.ports;
        properties.PortRange = { From: from, To: to };
      }
      this.add(`${logicalId}${entry.egress ? 'Out' : 'In'}${entry.rule}`, 'AWS::EC2::NetworkAclEntry', properties);
    }
  }

  /** A security group; `egress` undefined leaves the SecurityGroupEgress property out (EC2's allow-all default). */
  securityGroup(
    logicalId: string,
    vpc: Expression,
    rules: { ingress?: readonly SgRuleSpec[]; egress?: readonly SgRuleSpec[] } = {},
  ): Expression {
    const properties: Record<string, Json> = { GroupDescription: logicalId, VpcId: vpc };
    if (rules.ingress) properties.SecurityGroupIngress = rules.ingress.map((rule) => sgRuleProperties(rule, 'ingress'));
    if (rules.egress) properties.SecurityGroupEgress = rules.egress.map((rule) => sgRuleProperties(rule, 'egress'));
    this.add(logicalId, 'AWS::EC2::SecurityGroup', properties);
    return groupId(logicalId);
  }

  ingressRule(logicalId: string, group: Expression, rule: SgRuleSpec): void {
    this.add(logicalId, 'AWS::EC2::SecurityGroupIngress', { GroupId: group, ...sgRuleProperties(rule, 'ingress') });
  }

  egressRule(logicalId: string, group: Expression, rule: SgRuleSpec): void {
    this.add(logicalId, 'AWS::EC2::SecurityGroupEgress', { GroupId: group, ...sgRuleProperties(rule, 'egress') });
  }

  loadBalancer(
    logicalId: string,
    scheme: 'internet-facing' | 'internal',
    subnets: readonly Expression[],
    groups: readonly Expression[],
  ): Expression {
    return this.add(logicalId, 'AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: scheme,
      Type: 'application',
      Subnets: [...subnets],
      SecurityGroups: [...groups],
    });
  }

  /** An Auto Scaling group from a launch template, registered in a target group that `loadBalancerId`'s listener forwards to. */
  autoScalingGroup(
    logicalId: string,
    options: { loadBalancer: Expression; port: number; subnets: readonly Expression[]; groups: readonly Expression[] },
  ): void {
    this.add(`${logicalId}LaunchTemplate`, 'AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: {
        NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: false, Groups: [...options.groups] }],
      },
    });
    this.add(`${logicalId}Targets`, 'AWS::ElasticLoadBalancingV2::TargetGroup', { Port: options.port, Protocol: 'HTTP' });
    this.add(`${logicalId}Listener`, 'AWS::ElasticLoadBalancingV2::Listener', {
      LoadBalancerArn: options.loadBalancer,
      Port: options.port,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: ref(`${logicalId}Targets`) }],
    });
    this.add(logicalId, 'AWS::AutoScaling::AutoScalingGroup', {
      MinSize: '1',
      MaxSize: '2',
      LaunchTemplate: {
        LaunchTemplateId: ref(`${logicalId}LaunchTemplate`),
        Version: { 'Fn::GetAtt': [`${logicalId}LaunchTemplate`, 'LatestVersionNumber'] },
      },
      VPCZoneIdentifier: [...options.subnets],
      TargetGroupARNs: [ref(`${logicalId}Targets`)],
    });
  }

  instance(logicalId: string, subnet: Expression, groups: readonly Expression[], publicIp: boolean): void {
    this.add(logicalId, 'AWS::EC2::Instance', {
      InstanceType: 't4g.nano',
      NetworkInterfaces: [{ DeviceIndex: '0', AssociatePublicIpAddress: publicIp, SubnetId: subnet, GroupSet: [...groups] }],
    });
  }

  database(
    logicalId: string,
    options: {
      subnets: readonly Expression[];
      groups: readonly Expression[];
      publiclyAccessible?: boolean;
      memcachedGroups?: readonly Expression[];
    },
  ): void {
    this.add(`${logicalId}Subnets`, 'AWS::RDS::DBSubnetGroup', {
      DBSubnetGroupDescription: 'data',
      SubnetIds: [...options.subnets],
    });
    const properties: Record<string, Json> = {
      Engine: 'mysql',
      DBInstanceClass: 'db.m7g.large',
      DBSubnetGroupName: ref(`${logicalId}Subnets`),
      VPCSecurityGroups: [...options.groups],
    };
    if (options.publiclyAccessible !== undefined) properties.PubliclyAccessible = options.publiclyAccessible;
    if (options.memcachedGroups) {
      this.add(`${logicalId}Options`, 'AWS::RDS::OptionGroup', {
        EngineName: 'mysql',
        MajorEngineVersion: '8.0',
        OptionGroupDescription: 'memcached',
        OptionConfigurations: [
          { OptionName: 'MEMCACHED', Port: 11211, VpcSecurityGroupMemberships: [...options.memcachedGroups] },
        ],
      });
      properties.OptionGroupName = ref(`${logicalId}Options`);
    }
    this.add(logicalId, 'AWS::RDS::DBInstance', properties);
  }

  lambdaFunction(logicalId: string, subnets: readonly Expression[], groups: readonly Expression[]): void {
    this.add(logicalId, 'AWS::Lambda::Function', {
      Runtime: 'python3.12',
      Handler: 'index.handler',
      Code: { ZipFile: 'pass' },
      Role: 'arn:aws:iam::111122223333:role/function',
      VpcConfig: { SubnetIds: [...subnets], SecurityGroupIds: [...groups] },
    });
  }

  /** A function in the VPC that a rotation schedule calls: the rotation zone. */
  rotationFunction(logicalId: string, subnets: readonly Expression[], groups: readonly Expression[]): void {
    this.lambdaFunction(logicalId, subnets, groups);
    this.add(`${logicalId}Secret`, 'AWS::SecretsManager::Secret', {});
    this.add(`${logicalId}Schedule`, 'AWS::SecretsManager::RotationSchedule', {
      SecretId: ref(`${logicalId}Secret`),
      RotationLambdaARN: { 'Fn::GetAtt': [logicalId, 'Arn'] },
    });
  }

  /**
   * A distribution whose default behaviour goes to one origin: a custom origin over the internet
   * with `originPolicy`, or, given `vpcOrigin` (a logical id of this stack), that VPC origin.
   */
  distribution(
    logicalId: string,
    options: { origin: Expression; originPolicy?: string; viewerPolicy: string; vpcOrigin?: string },
  ): void {
    const reach: Record<string, Json> = options.vpcOrigin
      ? { VpcOriginConfig: { VpcOriginId: { 'Fn::GetAtt': [options.vpcOrigin, 'Id'] } } }
      : { CustomOriginConfig: { OriginProtocolPolicy: options.originPolicy ?? 'match-viewer' } };
    this.add(logicalId, 'AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Enabled: true,
        DefaultCacheBehavior: { TargetOriginId: 'alb', ViewerProtocolPolicy: options.viewerPolicy },
        Origins: [{ Id: 'alb', DomainName: options.origin, ...reach }],
      },
    });
  }

  /** A CloudFront VPC origin on the resource whose ARN `target` gives (a load balancer's Ref). */
  vpcOrigin(logicalId: string, target: Expression, policy: 'http-only' | 'https-only' | 'match-viewer'): void {
    this.add(logicalId, 'AWS::CloudFront::VpcOrigin', {
      VpcOriginEndpointConfig: {
        Name: logicalId,
        Arn: target,
        HTTPPort: 80,
        HTTPSPort: 443,
        OriginProtocolPolicy: policy,
        OriginSSLProtocols: ['TLSv1.2'],
      },
    });
  }

  /**
   * The deploy-time lookup of a managed prefix list's id by name (an AWS SDK custom resource, as
   * AwsCustomResource writes it); the expression of the id it returns.
   */
  prefixListLookup(logicalId: string, name: string): Expression {
    const call = JSON.stringify({
      service: 'EC2',
      action: 'describeManagedPrefixLists',
      parameters: { Filters: [{ Name: 'prefix-list-name', Values: [name] }] },
      physicalResourceId: { id: name },
      outputPaths: ['PrefixLists.0.PrefixListId'],
    });
    this.add(logicalId, 'Custom::AWS', { ServiceToken: 'arn:aws:lambda:eu-west-3:111122223333:function:provider', Create: call });
    return { 'Fn::GetAtt': [logicalId, 'PrefixLists.0.PrefixListId'] };
  }

  toTemplate(): CfnTemplate {
    return JSON.parse(
      JSON.stringify({
        Resources: this.resources,
        ...(Object.keys(this.outputs).length > 0 ? { Outputs: this.outputs } : {}),
        ...(Object.keys(this.parameters).length > 0 ? { Parameters: this.parameters } : {}),
      }),
    ) as CfnTemplate;
  }
}

function sgRuleProperties(rule: SgRuleSpec, direction: 'ingress' | 'egress'): Record<string, Json> {
  const properties: Record<string, Json> = { IpProtocol: rule.protocol ?? 'tcp' };
  if (rule.from !== undefined) properties.FromPort = rule.from;
  if (rule.from !== undefined || rule.to !== undefined) properties.ToPort = rule.to ?? rule.from ?? -1;
  if (rule.cidr !== undefined) properties.CidrIp = rule.cidr;
  if (rule.group !== undefined)
    properties[direction === 'ingress' ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId'] = rule.group;
  if (rule.prefixList !== undefined)
    properties[direction === 'ingress' ? 'SourcePrefixListId' : 'DestinationPrefixListId'] = rule.prefixList;
  return properties;
}

export function assemblyOf(...stacks: StackFixture[]): Assembly {
  return { stacks: stacks.map((stack) => ({ name: stack.name, template: stack.toTemplate() })) };
}

/** Writes the stacks as `<name>.template.json` files (no manifest: the loader then reads every template). */
export function writeAssembly(
  stacks: readonly StackFixture[],
  directory = mkdtempSync(join(tmpdir(), 'analysis-fixture-')),
): string {
  mkdirSync(directory, { recursive: true });
  for (const stack of stacks)
    writeFileSync(join(directory, `${stack.name}.template.json`), JSON.stringify(stack.toTemplate(), null, 1));
  return directory;
}

/** The design table as the analysis prints flows: `from -> to protocol port`. */
export function designFlows(table: IntendedTable): string[] {
  return table.flows.map((flow) => describeFlow({ ...flow, ports: { from: flow.port, to: flow.port } }));
}
