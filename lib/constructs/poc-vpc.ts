import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';
import { SubnetTier } from '../segmentation';
import { DATA_SUBNET, PUBLIC_SUBNET, SubnetSpec, subnetSpecs, Topology, TOPOLOGY } from '../shared/topology';
import { customerManagedKey, encryptedLogGroup } from './secure-defaults';

export interface PocVpcProps {
  /** The VPC CIDR (`network.vpcCidr`). */
  readonly cidr: string;
  /**
   * Explicit AZ names, or undefined to let an env-agnostic stack pick the first N at deploy time.
   * @default the first `maxAzs` AZs of the region, picked at deploy time
   */
  readonly availabilityZones?: readonly string[];
  /** How many AZs the subnets span when `availabilityZones` is not given. */
  readonly maxAzs: number;
  /** How many NAT gateways: one per AZ, or one. */
  readonly natGateways: number;
  /**
   * The tiers whose subnets the VPC holds besides `public` and `data`.
   * @default TOPOLOGY
   */
  readonly topology?: Topology;
}

/**
 * Public and data subnets are no tier's; every other subnet tier is a tier's (lib/shared/topology.ts),
 * private with a route out through NAT.
 */
function subnetTypeOf(spec: SubnetSpec): ec2.SubnetType {
  if (spec.name === PUBLIC_SUBNET.name) return ec2.SubnetType.PUBLIC;
  if (spec.name === DATA_SUBNET.name) return ec2.SubnetType.PRIVATE_ISOLATED;
  return ec2.SubnetType.PRIVATE_WITH_EGRESS;
}

/**
 * VPC with the subnet tiers of the design: public (NAT gateways, bastions in ssh mode), each
 * tier's (lib/shared/topology.ts: ingress for the web load balancer CloudFront reaches through its
 * VPC origin, web and app; private, egress through NAT), data (isolated: no route to the internet
 * at all). The internet
 * gateway serves the NAT gateways and the ssh-mode bastions; CloudFront also requires one in a
 * VPC that holds a VPC origin, though it does not route origin traffic through it.
 */
export class PocVpc extends Construct {
  public readonly vpc: ec2.Vpc;
  /** Encrypts the Network stack's log groups: flow logs and the deploy-time lookup's. */
  public readonly logKey: kms.Key;

  constructor(scope: Construct, id: string, props: PocVpcProps) {
    super(scope, id);
    const topology = props.topology ?? TOPOLOGY;

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      ...(props.availabilityZones ? { availabilityZones: [...props.availabilityZones] } : { maxAzs: props.maxAzs }),
      natGateways: props.natGateways,
      natGatewaySubnets: { subnetGroupName: 'public' },
      restrictDefaultSecurityGroup: true,
      // In address order: each subnet tier keeps its address blocks when another is added.
      subnetConfiguration: [...subnetSpecs(topology)]
        .sort((a, b) => a.addressOrder - b.addressOrder)
        .map((spec) => ({
          name: spec.name,
          subnetType: subnetTypeOf(spec),
          cidrMask: spec.cidrMask,
          ...(spec.name === PUBLIC_SUBNET.name ? { mapPublicIpOnLaunch: false } : {}),
        })),
      gatewayEndpoints: {
        S3: {
          service: ec2.GatewayVpcEndpointAwsService.S3,
          subnets: topology.map((tier) => ({ subnetGroupName: tier.subnet.name })),
        },
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
