import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** Job states after which a recovery point the RPO counts on is missing. */
export const FAILED_BACKUP_STATES = ['FAILED', 'ABORTED', 'EXPIRED'] as const;

export interface BackupJobAlertsProps {
  /** Where a failed, aborted or expired backup or copy job is sent. */
  readonly topic: sns.ITopic;
}

/**
 * A backup or cross-region copy job that fails is an RPO silently lost: AWS Backup reports the
 * job's end on EventBridge, and this rule pages the alarm topic with it.
 */
export class BackupJobAlerts extends Construct {
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: BackupJobAlertsProps) {
    super(scope, id);
    this.rule = new events.Rule(this, 'Rule', {
      description: 'AWS Backup and cross-region copy jobs of the PCI POC that did not complete',
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Backup Job State Change', 'Copy Job State Change'],
        detail: { state: [...FAILED_BACKUP_STATES] },
      },
      targets: [new targets.SnsTopic(props.topic)],
    });
  }
}
