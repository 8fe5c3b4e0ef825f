import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { customerManagedKey } from './secure-defaults';

export interface EncryptedBackupVaultProps {
  /** What the vault holds, for the key description. */
  readonly description: string;
  /**
   * Physical name; omit to let CDK generate one.
   * @default a name CDK generates
   */
  readonly vaultName?: string;
  /**
   * Lets AWS Backup copy recovery points of this account into the vault. A copy of an encrypted
   * RDS snapshot into another region is re-encrypted with the destination vault's key.
   * @default false
   */
  readonly acceptsCopies?: boolean;
}

/**
 * A backup vault encrypted with its own customer-managed key. Both outlive their stack, and the
 * vault access policy denies deleting a recovery point or shortening its lifecycle, so a
 * compromised operator cannot erase the backups. No vault lock: compliance mode cannot be
 * undone and would make the POC impossible to remove before the retention ends; an
 * administrator can remove the access policy when the POC is torn down (README).
 */
export class EncryptedBackupVault extends Construct {
  public readonly vault: backup.BackupVault;
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: EncryptedBackupVaultProps) {
    super(scope, id);
    this.key = customerManagedKey(this, 'Key', props.description);
    if (props.acceptsCopies) {
      const stack = Stack.of(this);
      // The pattern of AWS managed service keys: any principal of this account, but only through
      // AWS Backup or RDS in this region. The copy job runs as the source plan's role, which lives
      // in the source region's Data stack and does not exist yet when this stack deploys, so the
      // key policy cannot name it.
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AwsBackupCopiesOfThisAccount',
          principals: [new iam.AnyPrincipal()],
          actions: ['kms:CreateGrant', 'kms:DescribeKey', 'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: {
            StringEquals: {
              'kms:CallerAccount': stack.account,
              'kms:ViaService': [`backup.${stack.region}.amazonaws.com`, `rds.${stack.region}.amazonaws.com`],
            },
          },
        }),
      );
    }
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.vaultName,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
      blockRecoveryPointDeletion: true,
    });
  }
}
