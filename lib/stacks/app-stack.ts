import { CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { customerSlug } from '../config/naming';
import { PocConfig } from '../config/schema';
import { BastionHosts } from '../constructs/bastion-hosts';
import { DatabaseUsers } from '../constructs/database-users';
import { LogArchive } from '../constructs/log-archive';
import { MysqlDatabase } from '../constructs/mysql-database';
import { SampleAppAssets, SampleAppSources } from '../constructs/sample-app';
import { customerManagedKey, lockedSecurityGroup } from '../constructs/secure-defaults';
import { SegmentationGroups } from '../constructs/segmentation-groups';
import { bareSoftware, TierService } from '../constructs/tier-service';
import { RegionalWebAcl } from '../constructs/web-acl';
import { GroupZone, zoneTiers } from '../segmentation';
import { buildOrder, edgeTier, Topology, TOPOLOGY } from '../shared/topology';
import { SAMPLE_APP_SOFTWARE, TierSoftwareHook } from './tier-software';

export interface AppStackProps extends StackProps {
  readonly config: PocConfig;
  readonly vpc: ec2.IVpc;
  readonly groups: SegmentationGroups;
  readonly logArchive: LogArchive;
  readonly database: MysqlDatabase;
  /** The app user's secret is the one secret the app tier reads. */
  readonly databaseUsers: DatabaseUsers;
  /** host:port of the memcached interface the app uses (see DataStack.cacheEndpoint). */
  readonly cacheEndpoint: string;
  readonly sources: SampleAppSources;
  /**
   * The tiers to build, one TierService each.
   * @default TOPOLOGY
   */
  readonly topology?: Topology;
  /**
   * What each tier's instances run, by tier name; a tier without an entry runs no software of its own.
   * @default SAMPLE_APP_SOFTWARE
   */
  readonly software?: Readonly<Record<string, TierSoftwareHook>>;
}

const BASTION_INSTANCE_TYPE = 't4g.nano';

/** Stateless compute: a load balancer and a fleet per tier, bastions, WAF. Safe to destroy and redeploy. */
export class AppStack extends Stack {
  /** One per tier, in the topology's order (from the edge inwards). */
  public readonly tiers: readonly TierService[];
  /** The load balancer CloudFront reaches through its VPC origin: the edge tier's, internal, in its own subnets. */
  public readonly edgeLoadBalancer: elbv2.ApplicationLoadBalancer;
  /** The regional AWS WAF web ACL on every tier's load balancer. */
  public readonly webAcl: RegionalWebAcl;
  public readonly bastions: BastionHosts;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { config, vpc, groups } = props;
    const topology = props.topology ?? TOPOLOGY;
    const software = props.software ?? SAMPLE_APP_SOFTWARE;
    const locked = (zone: GroupZone) => lockedSecurityGroup(this, `${zone}Group`, groups.group(zone));

    const instanceLogKey = customerManagedKey(
      this,
      'InstanceLogKey',
      'System and application logs of the web and app tiers and of the bastions',
      {
        forLogs: true,
      },
    );
    const maxInstanceLifetime = Duration.days(config.patching.maxInstanceLifetimeDays);
    const sampleApp = new SampleAppAssets(this, 'SampleApp', props.sources);

    // Each tier after the tiers it calls: its software is given their load balancers' addresses.
    const built = new Map<string, TierService>();
    for (const tier of buildOrder(topology)) {
      const hook = software[tier.name];
      built.set(
        tier.name,
        new TierService(this, {
          tier,
          config,
          vpc,
          securityGroupOf: locked,
          logArchive: props.logArchive,
          software: hook
            ? hook({
                stack: this,
                config,
                tier,
                sampleApp,
                database: props.database,
                databaseUsers: props.databaseUsers,
                cacheEndpoint: props.cacheEndpoint,
                built,
              })
            : bareSoftware(tier),
          logKey: instanceLogKey,
          maxInstanceLifetime,
        }),
      );
    }
    this.tiers = topology.map((tier) => built.get(tier.name) as TierService);
    this.edgeLoadBalancer = (built.get(edgeTier(topology).name) as TierService).loadBalancer;

    this.webAcl = new RegionalWebAcl(this, 'Waf', {
      name: `${customerSlug(config)}-alb`,
      resourceArns: this.tiers.map((service) => service.loadBalancer.loadBalancerArn),
      logGroupName: `aws-waf-logs-${customerSlug(config)}`,
    });

    this.bastions = new BastionHosts(this, 'Bastions', {
      vpc,
      securityGroup: locked('bastion'),
      instanceType: BASTION_INSTANCE_TYPE,
      subnetTier: zoneTiers(config, topology).bastion,
      publicIp: config.management.bastionAccess === 'ssh',
      logKey: instanceLogKey,
      maxInstanceLifetime,
    });

    for (const service of this.tiers) {
      new CfnOutput(this, `${service.loadBalancer.node.id}DnsName`, { value: service.loadBalancer.loadBalancerDnsName });
    }
    new CfnOutput(this, 'BastionGroupName', { value: this.bastions.autoScalingGroup.autoScalingGroupName });
  }
}
