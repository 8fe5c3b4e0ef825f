import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';
import { SubnetTier } from '../segmentation';
import { customerManagedKey, encryptedLogGroup } from './secure-defaults';

export interface PocVpcProps {
  readonly cidr: string;
  /** Explicit AZ names, or undefined to let an env-agnostic stack pick the first N at deploy time. */
  readonly availabilityZones?: readonly string[];
  readonly maxAzs: number;
  readonly natGateways: number;
}

/**
 * VPC with the four subnet tiers of the design: public (ALBs, bastions, NAT), web and app
 * (private, egress through NAT), data (isolated: no route to the internet at all).
 */
export class PocVpc extends Construct {
  public readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: PocVpcProps) {
    super(scope, id);

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      ...(props.availabilityZones ? { availabilityZones: [...props.availabilityZones] } : { maxAzs: props.maxAzs }),
      natGateways: props.natGateways,
      natGatewaySubnets: { subnetGroupName: 'public' },
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'web', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnetGroupName: 'web' }, { subnetGroupName: 'app' }] },
      },
    });

    if (props.availabilityZones) {
      for (const subnet of [...this.vpc.publicSubnets, ...this.vpc.privateSubnets, ...this.vpc.isolatedSubnets]) {
        Validations.of(subnet).acknowledge({
          id: 'CloudFormation-Validate::W3010',
          reason: 'The config names the AZs on purpose: a pinned account and region then synthesize without an AZ lookup',
        });
      }
    }
    for (const subnet of this.vpc.publicSubnets) {
      acknowledgeRule(
        subnet,
        'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW',
        'Public subnets hold only the internet-facing ALB, the NAT gateways and the bastions; their NACL admits 80/443 from anywhere, 22 from corporate ranges and return traffic',
      );
    }
    const flowLogKey = customerManagedKey(this, 'FlowLogKey', 'VPC flow logs of the PCI POC', { forLogs: true });
    const flowLogGroup = encryptedLogGroup(this, 'FlowLogGroup', flowLogKey);
    const flowLog = this.vpc.addFlowLog('AllTraffic', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    acknowledgeRule(
      flowLog.node.findChild('IAMRole'),
      'PCI.DSS.321-IAMNoInlinePolicy',
      'CDK grants the flow-log delivery role write access to exactly this log group through an inline policy',
    );
  }

  subnetsOf(tier: SubnetTier): ec2.ISubnet[] {
    return this.vpc.selectSubnets({ subnetGroupName: tier }).subnets;
  }
}
