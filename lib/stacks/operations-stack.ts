import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { PocConfig } from '../config/schema';
import { AlarmTopic } from '../constructs/alarm-topic';
import { BastionHosts } from '../constructs/bastion-hosts';
import { DatabaseUsers } from '../constructs/database-users';
import { MysqlDatabase } from '../constructs/mysql-database';
import { AuditTrail } from '../constructs/audit-trail';
import { ConfigCompliance } from '../constructs/config-compliance';
import { LogArchive } from '../constructs/log-archive';
import { OperatorRoles } from '../constructs/operator-roles';
import { ThreatDetection } from '../constructs/threat-detection';
import { ScalingEvents } from '../constructs/scaling-events';
import { TierService } from '../constructs/tier-service';
import { BackupJobAlerts } from '../constructs/backup-job-alerts';
import { DatabaseEvents } from '../constructs/database-events';
import { PocMonitoring } from '../constructs/poc-monitoring';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { accountWideName, customerStackPrefix } from '../config/naming';
import { SessionLogging } from '../constructs/session-logging';

export interface OperationsStackProps extends StackProps {
  readonly config: PocConfig;
  readonly database: MysqlDatabase;
  readonly databaseUsers: DatabaseUsers;
  /** Every tier's service: its fleet, load balancer and what the dashboard and alarms watch of them. */
  readonly tiers: readonly TierService[];
  /** The bastions: their launches, replacements and failures reach the alarm topic like the tiers'. */
  readonly bastions: BastionHosts;
  /** Roles of every instance Session Manager opens sessions on: the tiers' and the bastions'. */
  readonly sessionInstanceRoles: readonly iam.IRole[];
  readonly logArchive: LogArchive;
  readonly webAcl: wafv2.CfnWebACL;
  readonly distribution: cloudfront.IDistribution;
  /** Buckets of the other stacks whose S3 data events the trail records (the log archive's is added here). */
  readonly auditedBuckets: readonly s3.IBucket[];
}

/**
 * Watches and runs everything else: the alarm topic, the dashboard and alarms, RDS event
 * notifications, operator roles, AWS Config rules and their alert route, CloudTrail,
 * GuardDuty, Security Hub, Inspector and the Session Manager preferences that record sessions.
 */
export class OperationsStack extends Stack {
  public readonly alarmTopic: sns.Topic;
  public readonly roles: OperatorRoles;

  constructor(scope: Construct, id: string, props: OperationsStackProps) {
    super(scope, id, props);
    const { config } = props;
    const fleets = props.tiers.map((tier) => tier.fleet);
    this.alarmTopic = new AlarmTopic(this, 'Alarms', { email: config.alerts.email }).topic;
    // Here, not in the App stack: the preferences are an account singleton like the other detective
    // controls, and the App stack cannot reference this one (it already depends on App).
    const sessionLogging = config.accountBaseline.hasSessionManagerPreferences
      ? undefined
      : new SessionLogging(this, 'SessionLogging', { instanceRoles: props.sessionInstanceRoles });
    this.roles = new OperatorRoles(this, 'Roles', {
      customerTag: config.customer.name,
      database: props.database,
      databaseUsers: props.databaseUsers,
      stackNamePrefix: customerStackPrefix(config),
      sessionLogging,
      amiParameters: [...new Set([...fleets, props.bastions].map((fleet) => fleet.amiParameter))],
    });
    const monitoring = new PocMonitoring(this, 'Monitoring', {
      namePrefix: customerStackPrefix(config),
      dashboardName: accountWideName(config, customerStackPrefix(config)),
      topic: this.alarmTopic,
      thresholds: config.monitoring,
      loadBalancers: props.tiers.map((tier) => tier.monitoredLoadBalancer),
      tiers: props.tiers.map((tier) => tier.monitoredTier),
      bastions: { name: 'Bastion', autoScalingGroup: props.bastions.autoScalingGroup, minCapacity: props.bastions.count },
      database: props.database.instance,
      webAcl: props.webAcl,
      distribution: props.distribution,
    });
    this.roles.allowDatabaseAdministratorToDescribe(monitoring.databaseAlarms);
    new DatabaseEvents(this, 'DatabaseEvents', { database: props.database.instance, topic: this.alarmTopic });
    new BackupJobAlerts(this, 'BackupJobAlerts', { topic: this.alarmTopic });
    new ScalingEvents(this, 'ScalingEvents', {
      autoScalingGroupNames: [
        ...fleets.map((fleet) => fleet.autoScalingGroup.autoScalingGroupName),
        props.bastions.autoScalingGroup.autoScalingGroupName,
      ],
      topic: this.alarmTopic,
    });
    const accessLogs = props.logArchive.asLogTargetIn(this, 'LogArchive');
    const configCompliance = new ConfigCompliance(this, 'ConfigRules', {
      createRecorder: !config.accountBaseline.hasConfigRecorder,
      alarmTopic: this.alarmTopic,
      accessLogs,
    });
    if (!config.accountBaseline.hasOrganizationTrail) {
      new AuditTrail(this, 'AuditTrail', {
        accessLogs,
        dataEventBuckets: [
          props.logArchive.bucket,
          ...props.auditedBuckets,
          ...(configCompliance.historyBucket ? [configCompliance.historyBucket] : []),
        ],
      });
    }
    new ThreatDetection(this, 'ThreatDetection', {
      guardDuty: config.accountBaseline.guardDuty,
      guardDutyProtection: config.guardDutyProtection,
      securityHub: config.accountBaseline.securityHub,
      inspector: config.accountBaseline.inspector,
      alarmTopic: this.alarmTopic,
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    if (sessionLogging) new CfnOutput(this, 'SessionLogGroupName', { value: sessionLogging.logGroup.logGroupName });
    for (const [name, role] of Object.entries({
      Administrator: this.roles.administrator,
      Operator: this.roles.operator,
      DatabaseAdministrator: this.roles.databaseAdministrator,
      Auditor: this.roles.auditor,
    })) {
      new CfnOutput(this, `${name}RoleArn`, { value: role.roleArn });
    }
  }
}
