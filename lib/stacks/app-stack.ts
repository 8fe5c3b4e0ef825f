import { CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { customerSlug } from '../config/naming';
import { PocConfig } from '../config/schema';
import { acknowledgeRule } from '../compliance/acknowledge';
import { BastionHosts } from '../constructs/bastion-hosts';
import { DatabaseUsers } from '../constructs/database-users';
import { LogArchive } from '../constructs/log-archive';
import { MysqlDatabase } from '../constructs/mysql-database';
import { assetReadStatement, SampleAppAssets, SampleAppSources } from '../constructs/sample-app';
import { customerManagedKey, lockedSecurityGroup } from '../constructs/secure-defaults';
import { SegmentationGroups } from '../constructs/segmentation-groups';
import { TierFleet } from '../constructs/tier-fleet';
import { appTierUserData, TIER_LOG_FILES, webTierUserData } from '../constructs/tier-user-data';
import { RegionalWebAcl } from '../constructs/web-acl';
import { TARGET_DEREGISTRATION_DELAY_SECONDS, TARGET_HEALTH_CHECK } from '../shared/resilience-settings';
import { MYSQL_PORT, webAlbListenerPort, zoneTiers } from '../segmentation';

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
}

const BASTION_INSTANCE_TYPE = 't4g.nano';

/** The tiers' target-group health check; the RTO/RPO model reads the same settings. */
function tierHealthCheck(path: string): elbv2.HealthCheck {
  return {
    path,
    interval: Duration.seconds(TARGET_HEALTH_CHECK.intervalSeconds),
    healthyThresholdCount: TARGET_HEALTH_CHECK.healthyThresholdCount,
    unhealthyThresholdCount: TARGET_HEALTH_CHECK.unhealthyThresholdCount,
  };
}

/** Stateless compute: load balancers, the two tiers, bastions, WAF. Safe to destroy and redeploy. */
export class AppStack extends Stack {
  /** The web tier's load balancer: internal, in the ingress subnets, reached only through CloudFront's VPC origin. */
  public readonly webAlb: elbv2.ApplicationLoadBalancer;
  public readonly web: TierFleet;
  public readonly app: TierFleet;
  public readonly internalAlb: elbv2.ApplicationLoadBalancer;
  public readonly webTargets: elbv2.ApplicationTargetGroup;
  public readonly appTargets: elbv2.ApplicationTargetGroup;
  /** The regional AWS WAF web ACL on both load balancers. */
  public readonly webAcl: RegionalWebAcl;
  public readonly bastions: BastionHosts;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { config, vpc, groups } = props;
    const locked = (zone: Parameters<SegmentationGroups['group']>[0]) =>
      lockedSecurityGroup(this, `${zone}Group`, groups.group(zone));

    const instanceLogKey = customerManagedKey(
      this,
      'InstanceLogKey',
      'System and application logs of the web and app tiers and of the bastions',
      {
        forLogs: true,
      },
    );
    const maxInstanceLifetime = Duration.days(config.patching.maxInstanceLifetimeDays);

    const internalAlb = (this.internalAlb = new elbv2.ApplicationLoadBalancer(this, 'InternalAlb', {
      vpc,
      internetFacing: false,
      vpcSubnets: { subnetGroupName: 'app' },
      securityGroup: locked('internalAlb'),
      dropInvalidHeaderFields: true,
      deletionProtection: true,
    }));
    props.logArchive.enableAccessLogs(internalAlb, 'internal');

    const sampleApp = new SampleAppAssets(this, 'SampleApp', props.sources);
    this.app = new TierFleet(this, 'AppTier', {
      vpc,
      subnetTier: 'app',
      // /api/health fails while the database fails over (the ALB then stops routing, as it should);
      // replacing the instances for it would only lengthen the outage.
      replaceOnLoadBalancerHealth: false,
      logFiles: TIER_LOG_FILES.app,
      ...config.app,
      securityGroup: locked('app'),
      userData: appTierUserData({
        appPort: config.app.port,
        serviceAsset: sampleApp.service,
        databaseHost: props.database.instance.dbInstanceEndpointAddress,
        databasePort: MYSQL_PORT,
        databaseSecretArn: props.databaseUsers.appSecret.secretArn,
        region: this.region,
        cacheMode: config.database.cache,
        cacheEndpoint: props.cacheEndpoint,
      }),
      description:
        "App tier instances: Session Manager, CloudWatch agent, the app user's database secret, the sample service bundle",
      logKey: instanceLogKey,
      maxInstanceLifetime,
    });
    this.app.policy.addStatements(...props.databaseUsers.appCredentialsReadStatements(), assetReadStatement(sampleApp.service));
    this.appTargets = new elbv2.ApplicationTargetGroup(this, 'AppTargets', {
      vpc,
      port: config.app.port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [this.app.autoScalingGroup],
      healthCheck: tierHealthCheck('/api/health'),
      deregistrationDelay: Duration.seconds(TARGET_DEREGISTRATION_DELAY_SECONDS),
    });
    const apiListener = internalAlb.addListener('Api', {
      port: config.app.port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultTargetGroups: [this.appTargets],
    });

    for (const rule of [
      'PCI.DSS.321-ALBHttpToHttpsRedirection',
      'PCI.DSS.321-ELBv2ACMCertificateRequired',
      'Competency-TlsInTransit',
    ]) {
      acknowledgeRule(
        apiListener,
        rule,
        'Internal hop web -> internal ALB -> app inside the VPC, confined by security groups and NACLs to those tiers; no public CA certificate can name an internal ALB (PCI DSS 4.2.1 covers open public networks)',
      );
    }

    // Internal: no public address, no route from the internet. CloudFront reaches it through a VPC
    // origin (Edge stack) and its security group admits only CloudFront's origin-facing servers.
    this.webAlb = new elbv2.ApplicationLoadBalancer(this, 'WebAlb', {
      vpc,
      internetFacing: false,
      vpcSubnets: { subnetGroupName: zoneTiers(config).webAlb },
      securityGroup: locked('webAlb'),
      dropInvalidHeaderFields: true,
      deletionProtection: true,
    });
    props.logArchive.enableAccessLogs(this.webAlb, 'web');

    this.web = new TierFleet(this, 'WebTier', {
      vpc,
      subnetTier: 'web',
      replaceOnLoadBalancerHealth: true,
      logFiles: TIER_LOG_FILES.web,
      ...config.web,
      securityGroup: locked('web'),
      userData: webTierUserData({
        webPort: config.web.port,
        appPort: config.app.port,
        internalAlbDnsName: internalAlb.loadBalancerDnsName,
        webAsset: sampleApp.web,
      }),
      description: 'Web tier instances: Session Manager, CloudWatch agent, the sample web files',
      logKey: instanceLogKey,
      maxInstanceLifetime,
    });
    this.web.policy.addStatements(assetReadStatement(sampleApp.web));
    const webTargets = (this.webTargets = new elbv2.ApplicationTargetGroup(this, 'WebTargets', {
      vpc,
      port: config.web.port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [this.web.autoScalingGroup],
      healthCheck: tierHealthCheck('/healthz'),
      deregistrationDelay: Duration.seconds(TARGET_DEREGISTRATION_DELAY_SECONDS),
    }));

    const entry = config.domain
      ? this.webAlb.addListener('Https', {
          port: webAlbListenerPort(config),
          protocol: elbv2.ApplicationProtocol.HTTPS,
          certificates: [elbv2.ListenerCertificate.fromArn(config.domain.albCertificateArn)],
          sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
          open: false,
          defaultTargetGroups: [webTargets],
        })
      : this.webAlb.addListener('Http', {
          port: webAlbListenerPort(config),
          protocol: elbv2.ApplicationProtocol.HTTP,
          open: false,
          defaultTargetGroups: [webTargets],
        });
    if (!config.domain) {
      for (const rule of [
        'PCI.DSS.321-ALBHttpToHttpsRedirection',
        'PCI.DSS.321-ELBv2ACMCertificateRequired',
        'Competency-TlsInTransit',
      ]) {
        acknowledgeRule(
          entry,
          rule,
          "No custom domain in this config, so no certificate: viewers reach CloudFront over HTTPS, and CloudFront reaches this internal listener over HTTP through its VPC origin, on AWS's network, never the internet; setting domain turns on HTTPS here (documented relaxation)",
        );
      }
    }

    this.webAcl = new RegionalWebAcl(this, 'Waf', {
      name: `${customerSlug(config)}-alb`,
      resourceArns: [this.webAlb.loadBalancerArn, internalAlb.loadBalancerArn],
      logGroupName: `aws-waf-logs-${customerSlug(config)}`,
    });

    this.bastions = new BastionHosts(this, 'Bastions', {
      vpc,
      securityGroup: locked('bastion'),
      instanceType: BASTION_INSTANCE_TYPE,
      subnetTier: zoneTiers(config).bastion,
      publicIp: config.management.bastionAccess === 'ssh',
      logKey: instanceLogKey,
      maxInstanceLifetime,
    });

    new CfnOutput(this, 'WebAlbDnsName', { value: this.webAlb.loadBalancerDnsName });
    new CfnOutput(this, 'InternalAlbDnsName', { value: internalAlb.loadBalancerDnsName });
    new CfnOutput(this, 'BastionGroupName', { value: this.bastions.autoScalingGroup.autoScalingGroupName });
  }
}
