import { CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { customerSlug } from '../config/naming';
import { PocConfig } from '../config/schema';
import { acknowledgeRule } from '../compliance/acknowledge';
import { BastionHosts } from '../constructs/bastion-hosts';
import { LogArchive } from '../constructs/log-archive';
import { MysqlDatabase } from '../constructs/mysql-database';
import { assetReadStatement, SampleAppAssets, SampleAppSources } from '../constructs/sample-app';
import { customerManagedKey, lockedSecurityGroup } from '../constructs/secure-defaults';
import { SegmentationGroups } from '../constructs/segmentation-groups';
import { TierFleet } from '../constructs/tier-fleet';
import { appTierUserData, TIER_LOG_FILES, webTierUserData } from '../constructs/tier-user-data';
import { RegionalWebAcl } from '../constructs/web-acl';
import { TARGET_DEREGISTRATION_DELAY_SECONDS, TARGET_HEALTH_CHECK } from '../resilience/settings';
import { HTTP_PORT, HTTPS_PORT, MYSQL_PORT } from '../segmentation';

export interface AppStackProps extends StackProps {
  readonly config: PocConfig;
  readonly vpc: ec2.IVpc;
  readonly groups: SegmentationGroups;
  readonly logArchive: LogArchive;
  readonly database: MysqlDatabase;
  /** host:port of the memcached interface the app uses (see DataStack.cacheEndpoint). */
  readonly cacheEndpoint: string;
  readonly sources: SampleAppSources;
}

/** CloudFront proves it is the caller with this header; the ALB answers 403 without it. */
export const ORIGIN_VERIFY_HEADER = 'X-Origin-Verify';
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
  public readonly publicAlb: elbv2.ApplicationLoadBalancer;
  public readonly originVerifySecret: secretsmanager.Secret;
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

    this.originVerifySecret = new secretsmanager.Secret(this, 'OriginVerify', {
      description: `Shared secret CloudFront sends in ${ORIGIN_VERIFY_HEADER} so the public ALB serves only CloudFront`,
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
      encryptionKey: customerManagedKey(this, 'OriginVerifyKey', 'CloudFront origin-verify secret of the PCI POC'),
    });
    acknowledgeRule(
      this.originVerifySecret,
      ['AwsSolutions-SMG4', 'PCI.DSS.401-SecretsManagerRotationEnabled'],
      'CloudFormation resolves this value into CloudFront and the ALB rule at deploy time, so a rotation Lambda cannot change it in place; it is rotated by hand without a 403 window: the ALB rule accepts both values, CloudFront switches, the old value is dropped (docs/runbooks/rotate-database-secret.md)',
    );
    const fromCloudFront = elbv2.ListenerCondition.httpHeader(ORIGIN_VERIFY_HEADER, [
      this.originVerifySecret.secretValue.unsafeUnwrap(),
    ]);
    const instanceLogKey = customerManagedKey(
      this,
      'InstanceLogKey',
      'System and application logs of the web and app tiers and of the bastions',
      {
        forLogs: true,
      },
    );
    const maxInstanceLifetime = Duration.days(config.patching.maxInstanceLifetimeDays);
    const forbidden = elbv2.ListenerAction.fixedResponse(403, { contentType: 'text/plain', messageBody: 'Forbidden' });

    const internalAlb = (this.internalAlb = new elbv2.ApplicationLoadBalancer(this, 'InternalAlb', {
      vpc,
      internetFacing: false,
      vpcSubnets: { subnetGroupName: 'app' },
      securityGroup: locked('internalAlb'),
      dropInvalidHeaderFields: true,
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
        databaseSecretArn: props.database.secret.secretArn,
        region: this.region,
        cacheMode: config.database.cache,
        cacheEndpoint: props.cacheEndpoint,
      }),
      description: 'App tier instances: Session Manager, CloudWatch agent, the database secret, the sample service bundle',
      logKey: instanceLogKey,
      maxInstanceLifetime,
    });
    this.app.policy.addStatements(...props.database.credentialsReadStatements(), assetReadStatement(sampleApp.service));
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

    this.publicAlb = new elbv2.ApplicationLoadBalancer(this, 'PublicAlb', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetGroupName: 'public' },
      securityGroup: locked('publicAlb'),
      dropInvalidHeaderFields: true,
    });
    props.logArchive.enableAccessLogs(this.publicAlb, 'public');

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
      ? this.publicAlb.addListener('Https', {
          port: HTTPS_PORT,
          protocol: elbv2.ApplicationProtocol.HTTPS,
          certificates: [elbv2.ListenerCertificate.fromArn(config.domain.albCertificateArn)],
          sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
          open: false,
          defaultAction: forbidden,
        })
      : this.publicAlb.addListener('Http', {
          port: HTTP_PORT,
          protocol: elbv2.ApplicationProtocol.HTTP,
          open: false,
          defaultAction: forbidden,
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
          'No custom domain in this config, so no certificate: viewers still reach CloudFront over HTTPS and the listener serves only requests carrying the CloudFront origin secret; setting domain turns on HTTPS here (documented relaxation)',
        );
      }
    }
    entry.addAction('FromCloudFront', {
      priority: 10,
      conditions: [fromCloudFront],
      action: elbv2.ListenerAction.forward([webTargets]),
    });
    if (config.domain) {
      const redirect = this.publicAlb.addRedirect({ sourcePort: HTTP_PORT, targetPort: HTTPS_PORT, open: false });
      acknowledgeRule(
        redirect,
        'PCI.DSS.321-ELBv2ACMCertificateRequired',
        'Port 80 only redirects to the HTTPS listener; it serves no content',
      );
    }

    this.webAcl = new RegionalWebAcl(this, 'Waf', {
      name: `${customerSlug(config)}-alb`,
      resourceArns: [this.publicAlb.loadBalancerArn, internalAlb.loadBalancerArn],
      logGroupName: `aws-waf-logs-${customerSlug(config)}`,
    });

    this.bastions = new BastionHosts(this, 'Bastions', {
      vpc,
      securityGroup: locked('bastion'),
      instanceType: BASTION_INSTANCE_TYPE,
      logKey: instanceLogKey,
      maxInstanceLifetime,
    });

    new CfnOutput(this, 'PublicAlbDnsName', { value: this.publicAlb.loadBalancerDnsName });
    new CfnOutput(this, 'InternalAlbDnsName', { value: internalAlb.loadBalancerDnsName });
    new CfnOutput(this, 'BastionGroupName', { value: this.bastions.autoScalingGroup.autoScalingGroupName });
  }
}
