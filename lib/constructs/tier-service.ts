import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';
import { PocConfig, tierConfig } from '../config/schema';
import { GroupZone, webAlbListenerPort } from '../segmentation';
import { TARGET_DEREGISTRATION_DELAY_SECONDS, TARGET_HEALTH_CHECK } from '../shared/resilience-settings';
import { balancerName, balancerSubnet, balancerZone, EDGE_CALLER, pascal, TierSpec } from '../shared/topology';
import { ShippedLogFile } from './cloudwatch-agent';
import { LogArchive } from './log-archive';
import { MonitoredLoadBalancer, MonitoredTier } from './poc-monitoring';
import { TierFleet } from './tier-fleet';

/** What a tier's instances run: the tier-specific part of a tier service. */
export interface TierSoftware {
  readonly userData: ec2.UserData;
  /** What the instances hold, as the description of their role and policy says. */
  readonly description: string;
  /** The software's own log files, shipped with the system logs. */
  readonly logFiles: readonly ShippedLogFile[];
  /** Permissions the software needs beyond Session Manager and the CloudWatch agent. */
  readonly statements: readonly iam.PolicyStatement[];
}

/** A tier with no software of its own: Session Manager and the CloudWatch agent only. */
export function bareSoftware(tier: TierSpec): TierSoftware {
  return {
    userData: ec2.UserData.forLinux(),
    description: `${pascal(tier.name)} tier instances: Session Manager, CloudWatch agent`,
    logFiles: [],
    statements: [],
  };
}

export interface TierServiceProps {
  /** The tier's entry of the topology table. */
  readonly tier: TierSpec;
  /** The POC config: the tier's own field (port, instance type, capacity) and the custom domain of the web listener. */
  readonly config: PocConfig;
  /** The POC VPC. */
  readonly vpc: ec2.IVpc;
  /**
   * The security group of a zone, imported where it is used: called for the load balancer's zone,
   * then for the tier's, each just before the resource that uses it.
   */
  readonly securityGroupOf: (zone: GroupZone) => ec2.ISecurityGroup;
  /** Receives the load balancer's access logs, under its name. */
  readonly logArchive: LogArchive;
  /** What the tier's instances run: user data, log files, description and extra permissions. */
  readonly software: TierSoftware;
  /** Key of the tier's log group. */
  readonly logKey: kms.IKey;
  /** Auto Scaling replaces each instance this long after its launch, from the newest AMI. */
  readonly maxInstanceLifetime: Duration;
}

/** The tiers' target-group health check; the RTO/RPO model reads the same settings. */
function tierHealthCheck(path: string): elbv2.HealthCheck {
  return {
    path,
    interval: Duration.seconds(TARGET_HEALTH_CHECK.intervalSeconds),
    healthyThresholdCount: TARGET_HEALTH_CHECK.healthyThresholdCount,
    unhealthyThresholdCount: TARGET_HEALTH_CHECK.unhealthyThresholdCount,
  };
}

const PLAIN_HTTP_RULES = [
  'PCI.DSS.321-ALBHttpToHttpsRedirection',
  'PCI.DSS.321-ELBv2ACMCertificateRequired',
  'Competency-TlsInTransit',
] as const;

/**
 * The listener of a load balancer CloudFront reaches through its VPC origin: HTTPS with the
 * config's certificate when there is a custom domain; without one, HTTP on AWS's network, an
 * acknowledged and documented relaxation.
 */
function cloudFrontOriginListener(
  config: PocConfig,
  balancer: elbv2.ApplicationLoadBalancer,
  targets: elbv2.ApplicationTargetGroup,
): elbv2.ApplicationListener {
  if (config.domain) {
    return balancer.addListener('Https', {
      port: webAlbListenerPort(config),
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [elbv2.ListenerCertificate.fromArn(config.domain.albCertificateArn)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: false,
      defaultTargetGroups: [targets],
    });
  }
  return plainHttpListener(
    balancer,
    'Http',
    webAlbListenerPort(config),
    targets,
    "No custom domain in this config, so no certificate: viewers reach CloudFront over HTTPS, and CloudFront reaches this internal listener over HTTP through its VPC origin, on AWS's network, never the internet; setting domain turns on HTTPS here (documented relaxation)",
  );
}

/** The listener of a load balancer another tier calls: HTTP on the tier's port, inside the VPC. */
function internalListener(
  tier: TierSpec,
  port: number,
  balancer: elbv2.ApplicationLoadBalancer,
  targets: elbv2.ApplicationTargetGroup,
): elbv2.ApplicationListener {
  return plainHttpListener(
    balancer,
    tier.balancer.listenerId ?? 'Http',
    port,
    targets,
    `Internal hop ${tier.calledBy} -> ${tier.balancer.label} -> ${tier.name} inside the VPC, confined by security groups and NACLs to those tiers; no public CA certificate can name an internal ALB (PCI DSS 4.2.1 covers open public networks)`,
  );
}

/** A plain-HTTP listener, its TLS findings acknowledged on it alone with `reason`. */
function plainHttpListener(
  balancer: elbv2.ApplicationLoadBalancer,
  id: string,
  port: number,
  targets: elbv2.ApplicationTargetGroup,
  reason: string,
): elbv2.ApplicationListener {
  const listener = balancer.addListener(id, {
    port,
    protocol: elbv2.ApplicationProtocol.HTTP,
    open: false,
    defaultTargetGroups: [targets],
  });
  for (const rule of PLAIN_HTTP_RULES) acknowledgeRule(listener, rule, reason);
  return listener;
}

/**
 * One tier of the topology table, served: its internal load balancer (access logs on), its fleet
 * (TierFleet: launch template, multi-AZ Auto Scaling group, CPU target tracking), the target group
 * with the tier's health check, the listener its caller reaches, and what the Operations stack
 * monitors of it. The App stack builds one per tier.
 *
 * Not a construct of its own: its resources sit directly in `scope` under the ids they had when
 * the App stack built each tier by hand (`<Name>Alb`, `<Name>Tier`, `<Name>Targets`), so that no
 * logical id or construct path changed and a deployed POC replaces nothing.
 */
export class TierService {
  public readonly tier: TierSpec;
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  public readonly fleet: TierFleet;
  public readonly targets: elbv2.ApplicationTargetGroup;
  public readonly listener: elbv2.ApplicationListener;
  /** The load balancer's dashboard widgets and alarms (errors, latency, unhealthy targets). */
  public readonly monitoredLoadBalancer: MonitoredLoadBalancer;
  /** The fleet's dashboard widgets and alarms (CPU, instances in service). */
  public readonly monitoredTier: MonitoredTier;

  constructor(scope: Construct, props: TierServiceProps) {
    const { tier, config, vpc } = props;
    this.tier = tier;
    const port = tierConfig(config, tier).port;
    const name = balancerName(tier);

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(scope, `${pascal(name)}Alb`, {
      vpc,
      // Internal: no public address, no route from the internet. A balancer CloudFront calls is
      // reached through a VPC origin (Edge stack) and its group admits only CloudFront's servers.
      internetFacing: false,
      vpcSubnets: { subnetGroupName: balancerSubnet(tier).name },
      securityGroup: props.securityGroupOf(balancerZone(tier)),
      dropInvalidHeaderFields: true,
      deletionProtection: true,
    });
    props.logArchive.enableAccessLogs(this.loadBalancer, name);

    this.fleet = new TierFleet(scope, `${pascal(tier.name)}Tier`, {
      vpc,
      subnetTier: tier.subnet.name,
      replaceOnLoadBalancerHealth: !tier.healthCheck.checksSharedDependency,
      logFiles: props.software.logFiles,
      ...tierConfig(config, tier),
      securityGroup: props.securityGroupOf(tier.name),
      userData: props.software.userData,
      description: props.software.description,
      logKey: props.logKey,
      maxInstanceLifetime: props.maxInstanceLifetime,
    });
    if (props.software.statements.length > 0) this.fleet.policy.addStatements(...props.software.statements);

    this.targets = new elbv2.ApplicationTargetGroup(scope, `${pascal(tier.name)}Targets`, {
      vpc,
      port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [this.fleet.autoScalingGroup],
      healthCheck: tierHealthCheck(tier.healthCheck.path),
      deregistrationDelay: Duration.seconds(TARGET_DEREGISTRATION_DELAY_SECONDS),
    });
    this.listener =
      tier.calledBy === EDGE_CALLER
        ? cloudFrontOriginListener(config, this.loadBalancer, this.targets)
        : internalListener(tier, port, this.loadBalancer, this.targets);

    this.monitoredLoadBalancer = { name: pascal(name), loadBalancer: this.loadBalancer, targets: this.targets };
    this.monitoredTier = {
      name: pascal(tier.name),
      autoScalingGroup: this.fleet.autoScalingGroup,
      minCapacity: this.fleet.minCapacity,
    };
  }
}
