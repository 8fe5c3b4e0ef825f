import { Duration } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { MonitoringFacade } from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';
import { PocConfig } from '../config/schema';
import { CRITICAL, FIVE_MINUTES, plainAlarmDescription, pocMonitoringFacade } from './monitoring-conventions';

const { GREATER_THAN_THRESHOLD, LESS_THAN_THRESHOLD } = cloudwatch.ComparisonOperator;
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

export interface MonitoredLoadBalancer {
  /** Short name shown on the dashboard and in alarm names (Web, Internal). */
  readonly name: string;
  /** Concrete, not imported: the alarms name the load balancer's and the target group's full names. */
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targets: elbv2.ApplicationTargetGroup;
}

export interface MonitoredTier {
  readonly name: string;
  readonly autoScalingGroup: autoscaling.IAutoScalingGroup;
  readonly minCapacity: number;
}

export interface PocMonitoringProps {
  /** Prefix of the alarm names. */
  readonly namePrefix: string;
  /** Name of the dashboard; dashboards are account-wide, not regional. */
  readonly dashboardName: string;
  /** Where every alarm sends its ALARM notification. */
  readonly topic: sns.ITopic;
  /** The config's alarm thresholds (`monitoring`). */
  readonly thresholds: PocConfig['monitoring'];
  /** The load balancers watched (5xx, latency, unhealthy hosts) with their targets. */
  readonly loadBalancers: readonly MonitoredLoadBalancer[];
  /** The tier groups watched (CPU, instances in service). */
  readonly tiers: readonly MonitoredTier[];
  /** The bastions' group: an alarm when fewer than its size are in service. */
  readonly bastions: MonitoredTier;
  /** The DB instance watched (CPU, free storage, connections, freeable memory). */
  readonly database: rds.IDatabaseInstance;
  /** The web ACL of the load balancers: an alarm when it blocks more than `monitoring.wafBlockedRatePercent` of the requests. */
  readonly webAcl: wafv2.CfnWebACL;
  /**
   * Shown on the dashboard. CloudFront publishes its metrics in us-east-1 only and an alarm can
   * only watch metrics of its own region: the EdgeAlarms stack, in us-east-1, alarms on them.
   */
  readonly distribution: cloudfront.IDistribution;
}

/**
 * One CloudWatch dashboard for the POC and the alarms that page the alarm topic (competency
 * 2.7), built with cdk-monitoring-constructs: its monitors where it has the metric and
 * alarm, its custom monitoring (same alarm factory and action) for the load balancer and
 * Auto Scaling metrics it does not alarm on.
 */
export class PocMonitoring extends Construct {
  public readonly facade: MonitoringFacade;
  /** The alarms on the database instance: the failover runbook shows them to the database administrator. */
  public readonly databaseAlarms: readonly cloudwatch.IAlarm[];

  constructor(scope: Construct, id: string, props: PocMonitoringProps) {
    super(scope, id);
    const { thresholds } = props;
    this.facade = pocMonitoringFacade(this, {
      namePrefix: props.namePrefix,
      topic: props.topic,
      dashboardName: props.dashboardName,
    });

    this.facade.monitorCloudFrontDistribution({ distribution: props.distribution, humanReadableName: 'CloudFront' });
    for (const { name, loadBalancer, targets } of props.loadBalancers) {
      this.monitorLoadBalancer(name, loadBalancer, targets, thresholds);
    }
    this.facade.monitorWebApplicationFirewallAclV2({
      acl: props.webAcl,
      region: props.webAcl.stack.region,
      humanReadableName: 'AWS WAF (both ALBs)',
      alarmFriendlyName: 'Waf',
      addBlockedRequestsRateAlarm: {
        [CRITICAL]: {
          maxErrorRate: thresholds.wafBlockedRatePercent,
          alarmDescriptionOverride: plainAlarmDescription(
            `AWS WAF blocked more than ${thresholds.wafBlockedRatePercent}% of the requests to the load balancers (an attack, or a rule blocking real customers)`,
            5,
          ),
        },
      },
    });
    for (const tier of props.tiers) this.monitorTier(tier, thresholds);
    this.monitorBastions(props.bastions);
    const before = this.facade.createdAlarms().length;
    this.monitorDatabase(props.database, thresholds, props.namePrefix);
    this.databaseAlarms = this.facade
      .createdAlarms()
      .slice(before)
      .map((created) => created.alarm);
  }

  private monitorLoadBalancer(
    name: string,
    loadBalancer: elbv2.ApplicationLoadBalancer,
    targets: elbv2.ApplicationTargetGroup,
    thresholds: PocConfig['monitoring'],
  ): void {
    const errorRate = new cloudwatch.MathExpression({
      expression: '100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / FILL(requests, 1)',
      usingMetrics: {
        elb5xx: loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { statistic: 'Sum' }),
        target5xx: loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: 'Sum' }),
        requests: loadBalancer.metrics.requestCount({ statistic: 'Sum' }),
      },
      label: '5xx share of requests (%)',
      period: FIVE_MINUTES,
    });
    this.facade.monitorCustom({
      humanReadableName: `${name} load balancer`,
      alarmFriendlyName: `${name}Alb`,
      metricGroups: [
        {
          title: 'Errors and latency',
          metrics: [
            {
              metric: errorRate,
              alarmFriendlyName: '5xxRate',
              addAlarm: {
                [CRITICAL]: {
                  threshold: thresholds.errorRatePercent,
                  comparisonOperator: GREATER_THAN_THRESHOLD,
                  alarmDescriptionOverride: plainAlarmDescription(
                    `More than ${thresholds.errorRatePercent}% of the ${name.toLowerCase()} load balancer's requests ended in a 5xx error (its own or its targets')`,
                    5,
                  ),
                },
              },
            },
            {
              metric: loadBalancer.metrics.targetResponseTime({ statistic: 'p99', period: FIVE_MINUTES }),
              alarmFriendlyName: 'LatencyP99',
              addAlarm: {
                [CRITICAL]: {
                  threshold: thresholds.latencyP99Seconds,
                  comparisonOperator: GREATER_THAN_THRESHOLD,
                  alarmDescriptionOverride: plainAlarmDescription(
                    `The slowest 1% of the ${name.toLowerCase()} load balancer's responses took more than ${thresholds.latencyP99Seconds} s`,
                    5,
                  ),
                },
              },
            },
          ],
        },
        {
          title: 'Targets',
          metrics: [
            {
              metric: unhealthyHosts(loadBalancer, targets),
              alarmFriendlyName: 'UnhealthyHosts',
              addAlarm: {
                [CRITICAL]: {
                  threshold: 0,
                  comparisonOperator: GREATER_THAN_THRESHOLD,
                  alarmDescriptionOverride: plainAlarmDescription(
                    `At least one target of the ${name.toLowerCase()} load balancer failed its health check`,
                    1,
                  ),
                },
              },
            },
          ],
        },
      ],
    });
  }

  private monitorTier(tier: MonitoredTier, thresholds: PocConfig['monitoring']): void {
    const dimensionsMap = { AutoScalingGroupName: tier.autoScalingGroup.autoScalingGroupName };
    this.facade.monitorAutoScalingGroup({ autoScalingGroup: tier.autoScalingGroup, humanReadableName: `${tier.name} tier` });
    this.facade.monitorCustom({
      humanReadableName: `${tier.name} tier alarms`,
      alarmFriendlyName: `${tier.name}Tier`,
      metricGroups: [
        {
          title: 'CPU and capacity',
          metrics: [
            {
              metric: new cloudwatch.Metric({
                namespace: 'AWS/EC2',
                metricName: 'CPUUtilization',
                dimensionsMap,
                statistic: 'Average',
                period: FIVE_MINUTES,
              }),
              alarmFriendlyName: 'Cpu',
              addAlarm: {
                [CRITICAL]: {
                  threshold: thresholds.cpuPercent,
                  comparisonOperator: GREATER_THAN_THRESHOLD,
                  alarmDescriptionOverride: plainAlarmDescription(
                    `The ${tier.name.toLowerCase()} tier's instances averaged more than ${thresholds.cpuPercent}% CPU, above its scaling target (the group is at its maximum or has not scaled out yet)`,
                    5,
                  ),
                },
              },
            },
            {
              // Rolling updates and lifetime replacements (launch before terminate) keep the minimum in service.
              metric: inServiceInstances(tier.autoScalingGroup),
              alarmFriendlyName: 'InServiceBelowMinimum',
              addAlarm: {
                [CRITICAL]: {
                  threshold: tier.minCapacity,
                  comparisonOperator: LESS_THAN_THRESHOLD,
                  alarmDescriptionOverride: plainAlarmDescription(
                    `Fewer than ${tier.minCapacity} ${tier.name.toLowerCase()} tier instances (the group's minimum) were in service`,
                    1,
                  ),
                },
              },
            },
          ],
        },
      ],
    });
  }

  /** Administration stays open while every bastion is in service; replacements launch before they terminate. */
  private monitorBastions(bastions: MonitoredTier): void {
    this.facade.monitorCustom({
      humanReadableName: `${bastions.name} hosts`,
      alarmFriendlyName: bastions.name,
      metricGroups: [
        {
          title: 'Capacity',
          metrics: [
            {
              metric: inServiceInstances(bastions.autoScalingGroup),
              alarmFriendlyName: 'InServiceBelowMinimum',
              addAlarm: {
                [CRITICAL]: {
                  threshold: bastions.minCapacity,
                  comparisonOperator: LESS_THAN_THRESHOLD,
                  alarmDescriptionOverride: plainAlarmDescription(
                    `Fewer than ${bastions.minCapacity} bastion hosts (one per AZ) were in service`,
                    1,
                  ),
                },
              },
            },
          ],
        },
      ],
    });
  }

  private monitorDatabase(database: rds.IDatabaseInstance, thresholds: PocConfig['monitoring'], namePrefix: string): void {
    this.facade.monitorRdsInstance({
      instance: database,
      humanReadableName: 'MySQL database',
      alarmFriendlyName: 'Database',
      addCpuUsageAlarm: {
        [CRITICAL]: {
          maxUsagePercent: thresholds.cpuPercent,
          alarmDescriptionOverride: plainAlarmDescription(`The database averaged more than ${thresholds.cpuPercent}% CPU`, 5),
        },
      },
      addFreeStorageSpaceAlarm: {
        [CRITICAL]: {
          minCount: thresholds.databaseFreeStorageGiB * GIB,
          // The library names it "Min-Usage-Count", which says nothing of storage.
          alarmNameOverride: `${namePrefix}-Database-FreeStorage-Critical`,
          alarmDescriptionOverride: plainAlarmDescription(
            `The database had less than ${thresholds.databaseFreeStorageGiB} GiB of free storage`,
            5,
          ),
        },
      },
    });
    // The library's connection-count alarm sums a per-minute gauge over the period (5 x the real
    // count at five minutes): this one alarms on the highest count instead.
    this.facade.monitorCustom({
      humanReadableName: 'MySQL memory and connections',
      alarmFriendlyName: 'Database',
      metricGroups: [
        {
          title: 'Connections (maximum)',
          metrics: [
            {
              metric: database.metricDatabaseConnections({ statistic: 'Maximum', period: FIVE_MINUTES }),
              alarmFriendlyName: 'Connections',
              addAlarm: {
                [CRITICAL]: {
                  threshold: thresholds.databaseConnections,
                  comparisonOperator: GREATER_THAN_THRESHOLD,
                  alarmDescriptionOverride: plainAlarmDescription(
                    `The database had more than ${thresholds.databaseConnections} open connections`,
                    5,
                  ),
                },
              },
            },
          ],
        },
        {
          title: 'Freeable memory',
          metrics: [
            {
              metric: database.metricFreeableMemory({ statistic: 'Minimum', period: FIVE_MINUTES }),
              alarmFriendlyName: 'FreeableMemory',
              addAlarm: {
                [CRITICAL]: {
                  threshold: thresholds.databaseFreeableMemoryMiB * MIB,
                  comparisonOperator: LESS_THAN_THRESHOLD,
                  alarmDescriptionOverride: plainAlarmDescription(
                    `The database's freeable memory fell below ${thresholds.databaseFreeableMemoryMiB} MiB`,
                    5,
                  ),
                },
              },
            },
          ],
        },
      ],
    });
  }
}

/**
 * UnHealthyHostCount of a target group behind a load balancer. CDK's own metric derives the
 * LoadBalancer dimension by splitting a listener ARN; naming the load balancer's full name
 * instead makes another stack import exactly the value the dimension needs, and nothing that
 * changes when a listener is replaced.
 */
function unhealthyHosts(loadBalancer: elbv2.ApplicationLoadBalancer, targets: elbv2.ApplicationTargetGroup): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/ApplicationELB',
    metricName: 'UnHealthyHostCount',
    dimensionsMap: { LoadBalancer: loadBalancer.loadBalancerFullName, TargetGroup: targets.targetGroupFullName },
    statistic: 'Maximum',
    period: Duration.minutes(1),
  });
}

/** The fewest instances in service over each minute: needs the group metrics the groups enable. */
function inServiceInstances(group: autoscaling.IAutoScalingGroup): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/AutoScaling',
    metricName: 'GroupInServiceInstances',
    dimensionsMap: { AutoScalingGroupName: group.autoScalingGroupName },
    statistic: 'Minimum',
    period: Duration.minutes(1),
  });
}
