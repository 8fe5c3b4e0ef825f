import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { disasterRecoveryVaultName } from '../config/naming';
import { PocConfig } from '../config/schema';
import { EncryptedBackupVault } from '../constructs/backup-vault';

export interface DisasterRecoveryStackProps extends StackProps {
  readonly config: PocConfig;
}

/**
 * The vault in the DR region that receives a copy of every database recovery point: what the
 * regional DR plan restores from when the primary region is lost. Stateful, so
 * termination-protected; deployed before the Data stack, whose copy action names it.
 */
export class DisasterRecoveryStack extends Stack {
  public readonly vault: EncryptedBackupVault;

  constructor(scope: Construct, id: string, props: DisasterRecoveryStackProps) {
    super(scope, id, { ...props, terminationProtection: true });
    this.vault = new EncryptedBackupVault(this, 'CopyVault', {
      description: `Cross-region copies of the database backups of ${props.config.customer.name} (regional DR)`,
      vaultName: disasterRecoveryVaultName(props.config),
      acceptsCopies: true,
    });
    new CfnOutput(this, 'CopyVaultArn', {
      value: this.vault.vault.backupVaultArn,
      description: 'Backup vault holding the DR copies of the database recovery points',
    });
  }
}
