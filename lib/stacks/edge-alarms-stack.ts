import { CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { PocConfig } from '../config/schema';
import { accountWideName, customerStackPrefix } from '../config/naming';
import { AlarmTopic } from '../constructs/alarm-topic';
import { CLOUDFRONT_METRICS_REGION } from '../constructs/distribution-id-relay';
import { CRITICAL, plainAlarmDescription, pocMonitoringFacade } from '../constructs/monitoring-conventions';

export interface EdgeAlarmsStackProps extends StackProps {
  readonly config: PocConfig;
  /** SSM parameter, in this stack's region, holding the distribution id (written by the Edge stack). */
  readonly distributionIdParameter: string;
}

/**
 * The CloudFront alarms. CloudFront publishes its metrics in us-east-1 only and an alarm can
 * watch only metrics of its own region, and notify only a topic of its own region: so the
 * alarms and their own encrypted topic (same e-mail address) live in this us-east-1 stack.
 * The dashboard in the Operations stack already shows the CloudFront metrics.
 */
export class EdgeAlarmsStack extends Stack {
  public readonly alarmTopic: AlarmTopic;

  constructor(scope: Construct, id: string, props: EdgeAlarmsStackProps) {
    super(scope, id, props);
    const { config } = props;
    const thresholds = config.monitoring;
    this.alarmTopic = new AlarmTopic(this, 'Alarms', { email: config.alerts.email });

    // Resolved by CloudFormation on each deployment of this stack, after the Edge stack wrote it.
    const distributionId = ssm.StringParameter.valueForStringParameter(this, props.distributionIdParameter);
    // The monitor reads only the id: the domain name would only title a dashboard, and this stack draws none.
    const distribution = cloudfront.Distribution.fromDistributionAttributes(this, 'Distribution', {
      distributionId,
      domainName: 'not-read.cloudfront.net',
    });
    const facade = pocMonitoringFacade(this, {
      // Alarm names are per region, and every POC of this customer puts its CloudFront alarms in us-east-1.
      namePrefix: accountWideName(config, customerStackPrefix(config)),
      topic: this.alarmTopic.topic,
    });
    facade.monitorCloudFrontDistribution({
      distribution,
      humanReadableName: 'CloudFront',
      alarmFriendlyName: 'CloudFront',
      // Includes the 502/504 CloudFront itself returns when the origin is unreachable.
      addFault5xxRate: {
        [CRITICAL]: {
          maxErrorRate: thresholds.errorRatePercent,
          alarmDescriptionOverride: plainAlarmDescription(
            `More than ${thresholds.errorRatePercent}% of CloudFront's requests ended in a 5xx error (its own, e.g. an unreachable origin, or the origin's)`,
            5,
          ),
        },
      },
    });
    facade.monitorCustom({
      humanReadableName: 'CloudFront origin latency',
      alarmFriendlyName: 'CloudFront',
      metricGroups: [
        {
          title: 'Origin latency',
          metrics: [
            {
              // An additional metric: the Edge stack turns it on (publishAdditionalMetrics).
              metric: new cloudwatch.Metric({
                namespace: 'AWS/CloudFront',
                metricName: 'OriginLatency',
                dimensionsMap: { DistributionId: distributionId, Region: 'Global' },
                // AWS documents percentiles as the valid statistic of OriginLatency.
                statistic: 'p90',
                period: Duration.minutes(5),
                region: CLOUDFRONT_METRICS_REGION,
              }),
              alarmFriendlyName: 'OriginLatency',
              addAlarm: {
                [CRITICAL]: {
                  threshold: thresholds.originLatencyP90Seconds * 1000,
                  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                  alarmDescriptionOverride: plainAlarmDescription(
                    `The slowest 10% of CloudFront's requests to the origin took more than ${thresholds.originLatencyP90Seconds} s`,
                    5,
                  ),
                },
              },
            },
          ],
        },
      ],
    });

    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarmTopic.topic.topicArn,
      description: `Topic of the CloudFront alarms (${CLOUDFRONT_METRICS_REGION}); its e-mail subscription must be confirmed too`,
    });
  }
}
