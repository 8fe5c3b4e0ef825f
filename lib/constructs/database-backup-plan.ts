import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';
import { BACKUP_JOB_WINDOWS } from '../shared/resilience-settings';

export interface BackupCopyTarget {
  /** ARN of the vault in the DR region. */
  readonly vaultArn: string;
  /** Days each copy is kept in the DR vault. */
  readonly retentionDays: number;
}

export interface DatabaseBackupPlanProps {
  /** Plan name, unique in the account and region. */
  readonly planName: string;
  /** The vault the recovery points go to, in the database region. */
  readonly vault: backup.IBackupVault;
  /** The DB instance backed up. */
  readonly instance: rds.IDatabaseInstance;
  /** UTC hours at which a backup starts (one rule, every day). */
  readonly hoursUtc: readonly number[];
  /** Days each recovery point is kept in `vault`. */
  readonly retentionDays: number;
  /**
   * Where every recovery point is copied; omitted: no copy leaves the region.
   * @default no copy
   */
  readonly copyTo?: BackupCopyTarget;
}

/**
 * AWS Backup plan of the database: snapshots at fixed UTC hours, kept `retentionDays` in the
 * vault, each copied to the DR region's vault when a copy target is given. These recovery points
 * come on top of the instance's own automated backups (point-in-time restore inside the region).
 */
export class DatabaseBackupPlan extends Construct {
  public readonly plan: backup.BackupPlan;
  public readonly selection: backup.BackupSelection;

  constructor(scope: Construct, id: string, props: DatabaseBackupPlanProps) {
    super(scope, id);
    const copyActions = props.copyTo && [
      {
        destinationBackupVault: backup.BackupVault.fromBackupVaultArn(this, 'CopyDestination', props.copyTo.vaultArn),
        deleteAfter: Duration.days(props.copyTo.retentionDays),
      },
    ];
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: props.planName,
      backupVault: props.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'Database',
          scheduleExpression: events.Schedule.cron({ minute: '0', hour: props.hoursUtc.join(',') }),
          startWindow: Duration.minutes(BACKUP_JOB_WINDOWS.startMinutes),
          completionWindow: Duration.minutes(BACKUP_JOB_WINDOWS.completionMinutes),
          deleteAfter: Duration.days(props.retentionDays),
          copyActions,
        }),
      ],
    });
    this.selection = this.plan.addSelection('Database', {
      resources: [backup.BackupResource.fromRdsDatabaseInstance(props.instance)],
    });
    acknowledgeRule(
      this.selection.node.findChild('Role'),
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'AWS Backup assumes this role only to snapshot and copy the database; AWS keeps its service-role policy in step with the services AWS Backup supports',
    );
  }
}
