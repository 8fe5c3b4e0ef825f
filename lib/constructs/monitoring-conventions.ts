import { Duration } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DefaultDashboardFactory, MonitoringFacade, SnsAlarmActionStrategy } from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';

/** The period of every metric the facade creates, and of the POC's own metrics. */
export const FIVE_MINUTES = Duration.minutes(5);
const ALARM_DATAPOINTS = 2;
const ALARM_EVALUATION_PERIODS = 3;

/**
 * What an alarm watches, in the words its notification and the documents show: the condition
 * (the metric against the threshold, in its unit) and how long it must hold. The library's own
 * text ("Threshold of 268435456 has been breached.") names neither.
 */
export function plainAlarmDescription(condition: string, periodMinutes: number): string {
  return `${condition}, in ${ALARM_DATAPOINTS} of ${ALARM_EVALUATION_PERIODS} consecutive ${periodMinutes}-minute periods.`;
}
/** The disambiguator cdk-monitoring-constructs puts in alarm names: every alarm here pages. */
export const CRITICAL = 'Critical';

/**
 * The POC's alarm conventions: names prefixed with the customer, every alarm enabled and paging
 * the topic after 2 of 3 five-minute periods. With `dashboardName`, the facade also draws the
 * POC's one dashboard under that name; without, it only creates alarms.
 */
export function pocMonitoringFacade(
  scope: Construct,
  props: { readonly namePrefix: string; readonly topic: sns.ITopic; readonly dashboardName?: string },
): MonitoringFacade {
  return new MonitoringFacade(scope, 'Facade', {
    alarmFactoryDefaults: {
      alarmNamePrefix: props.namePrefix,
      actionsEnabled: true,
      action: new SnsAlarmActionStrategy({ onAlarmTopic: props.topic }),
      datapointsToAlarm: ALARM_DATAPOINTS,
      evaluationPeriods: ALARM_EVALUATION_PERIODS,
    },
    metricFactoryDefaults: { period: FIVE_MINUTES },
    dashboardFactory: new DefaultDashboardFactory(scope, 'Dashboards', {
      // The factory wants a name even when it draws nothing.
      dashboardNamePrefix: props.dashboardName ?? props.namePrefix,
      createDashboard: props.dashboardName !== undefined,
      createSummaryDashboard: false,
      createAlarmDashboard: false,
    }),
  });
}
