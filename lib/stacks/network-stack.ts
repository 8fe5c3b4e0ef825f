import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { PocConfig } from '../config/schema';
import { CloudFrontOriginFacing } from '../constructs/cloudfront-origin-facing';
import { LogArchive } from '../constructs/log-archive';
import { PocVpc } from '../constructs/poc-vpc';
import { SegmentationGroups } from '../constructs/segmentation-groups';
import { TierNetworkAcls } from '../constructs/tier-network-acls';
import { intendedFlows, zoneTiers } from '../segmentation';
import { Topology, TOPOLOGY } from '../shared/topology';

export interface NetworkStackProps extends StackProps {
  readonly config: PocConfig;
  /**
   * The tiers: their subnets, security groups, NACL entries.
   * @default TOPOLOGY
   */
  readonly topology?: Topology;
}

/** VPC, subnet tiers, NACLs, every security group and rule (CloudFront's prefix list looked up at deploy time), flow logs, the log archive. */
export class NetworkStack extends Stack {
  public readonly vpc: ec2.Vpc;
  public readonly groups: SegmentationGroups;
  public readonly logArchive: LogArchive;
  private readonly configuredAzs?: readonly string[];

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { config } = props;
    const topology = props.topology ?? TOPOLOGY;
    this.configuredAzs = config.environment?.availabilityZones;
    const flows = intendedFlows(config, topology);
    const azCount = config.network.availabilityZoneCount;

    const network = new PocVpc(this, 'Network', {
      cidr: config.network.vpcCidr,
      availabilityZones: config.environment?.availabilityZones,
      maxAzs: azCount,
      natGateways: config.network.natGateways === 'single' ? 1 : azCount,
      topology,
    });
    this.vpc = network.vpc;
    new TierNetworkAcls(this, 'Nacl', {
      vpc: this.vpc,
      flows,
      corporateCidrs: config.management.corporateCidrs,
      zoneTiers: zoneTiers(config, topology),
      vpcCidr: config.network.vpcCidr,
      topology,
    });
    const cloudFront = new CloudFrontOriginFacing(this, 'CloudFrontOriginFacing', { logKey: network.logKey });
    this.groups = new SegmentationGroups(this, 'SecurityGroups', {
      vpc: this.vpc,
      flows,
      corporateCidrs: config.management.corporateCidrs,
      vpcCidr: config.network.vpcCidr,
      cloudFrontPrefixListId: cloudFront.prefixListId,
      topology,
    });
    this.logArchive = new LogArchive(this, 'LogArchive');
  }

  /** The AZs the config names, so a pinned account and region need no AZ lookup (no credentials). */
  override get availabilityZones(): string[] {
    return this.configuredAzs ? [...this.configuredAzs] : super.availabilityZones;
  }
}
