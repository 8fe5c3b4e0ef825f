import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';
import { MEMCACHED_PORT } from '../segmentation';

export interface MemcachedClusterProps {
  /** The POC VPC: one node per data subnet, so one per AZ. */
  readonly vpc: ec2.IVpc;
  /** ElastiCache node type of every node. */
  readonly nodeType: string;
  /** The cache group of the segmentation table. */
  readonly securityGroup: ec2.ISecurityGroup;
}

/**
 * ElastiCache for Memcached in the data subnets, one node per AZ, TLS in transit: the cache
 * for the MySQL 8.4 path, where the RDS MEMCACHED option no longer exists. Memcached keeps
 * data only in memory, so at-rest encryption does not apply; only non-sensitive data may be
 * cached (the same rule as for the RDS memcached interface).
 */
export class MemcachedCluster extends Construct {
  public readonly cluster: elasticache.CfnCacheCluster;

  constructor(scope: Construct, id: string, props: MemcachedClusterProps) {
    super(scope, id);
    const subnets = props.vpc.selectSubnets({ subnetGroupName: 'data' }).subnets;
    const subnetGroup = new elasticache.CfnSubnetGroup(this, 'Subnets', {
      description: 'Data tier subnets of the PCI POC',
      subnetIds: subnets.map((subnet) => subnet.subnetId),
    });
    this.cluster = new elasticache.CfnCacheCluster(this, 'Cluster', {
      engine: 'memcached',
      cacheNodeType: props.nodeType,
      numCacheNodes: subnets.length,
      azMode: 'cross-az',
      preferredAvailabilityZones: subnets.map((subnet) => subnet.availabilityZone),
      port: MEMCACHED_PORT,
      transitEncryptionEnabled: true,
      cacheSubnetGroupName: subnetGroup.ref,
      vpcSecurityGroupIds: [props.securityGroup.securityGroupId],
      autoMinorVersionUpgrade: true,
      preferredMaintenanceWindow: 'sun:04:30-sun:05:30',
    });
    acknowledgeRule(
      this.cluster,
      'AwsSolutions-AEC5',
      'The app expects memcached on 11211 as with the RDS option; the cache admits only the app security group from isolated data subnets',
    );
  }
}
