import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
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
 * VPC with the five subnet tiers of the design: public (NAT gateways, bastions in ssh mode),
 * ingress (the web load balancer CloudFront reaches through its VPC origin), web and app
 * (private, egress through NAT), data (isolated: no route to the internet at all). The internet
 * gateway serves the NAT gateways and the ssh-mode bastions; CloudFront also requires one in a
 * VPC that holds a VPC origin, though it does not route origin traffic through it.
 */
export class PocVpc extends Construct {
  public readonly vpc: ec2.Vpc;
  /** Encrypts the Network stack's log groups: flow logs and the deploy-time lookup's. */
  public readonly logKey: kms.Key;

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
        // Last, so the address blocks of the tiers above stay where they were. A private subnet with
        // a NAT route is what AWS documents for VPC origins; the load balancer's group and this
        // tier's NACL let nothing leave it but replies and the web port. An ALB needs at least 8
        // free addresses per subnet and each VPC origin's interface one more; /24 leaves room to scale.
        { name: 'ingress', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
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
        'Public subnets hold only the NAT gateways and, in ssh mode, the bastions; their NACL admits 443 from the private tiers (into NAT), 22 from corporate ranges in ssh mode, and replies',
      );
    }
    const logKey = (this.logKey = customerManagedKey(
      this,
      'FlowLogKey',
      'Network logs of the PCI POC: VPC flow logs and the CloudFront prefix-list lookup',
      { forLogs: true },
    ));
    const flowLogGroup = encryptedLogGroup(this, 'FlowLogGroup', logKey);
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
