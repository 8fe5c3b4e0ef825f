import { Annotations, ArnFormat, CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { customerSlug, disasterRecoveryVaultName } from '../config/naming';
import { PocConfig } from '../config/schema';
import { EncryptedBackupVault } from '../constructs/backup-vault';
import { DatabaseBackupPlan } from '../constructs/database-backup-plan';
import { MemcachedCluster } from '../constructs/memcached-cluster';
import { DatabaseUsers } from '../constructs/database-users';
import { MysqlDatabase } from '../constructs/mysql-database';
import { SampleAppSources } from '../constructs/sample-app';
import { lockedSecurityGroup } from '../constructs/secure-defaults';
import { SegmentationGroups } from '../constructs/segmentation-groups';
import { backupHoursUtc } from '../shared/resilience-settings';
import { APP_DATABASE_NAME } from '../constructs/tier-user-data';
import { MEMCACHED_PORT, zoneTiers } from '../segmentation';
import { Topology } from '../shared/topology';

export interface DataStackProps extends StackProps {
  readonly config: PocConfig;
  readonly vpc: ec2.IVpc;
  readonly groups: SegmentationGroups;
  /** The sample app: the database users function is bundled from its sources. */
  readonly sources: SampleAppSources;
  /**
   * The tiers: the credential functions run in the subnets of the tier that calls the database.
   * @default TOPOLOGY
   */
  readonly topology?: Topology;
}

export const CACHE_TRADE_OFFS = {
  'rds-memcached-option':
    'cache=rds-memcached-option: MySQL 8.0.46 with the MEMCACHED option, as the customer asked. MySQL 8.0 left RDS standard ' +
    'support on 2026-07-31, so this instance runs on paid RDS Extended Support (per vCPU-hour, Multi-AZ standby included). ' +
    'Switch to cache=elasticache-memcached (MySQL 8.4) to avoid that charge.',
  'elasticache-memcached':
    'cache=elasticache-memcached: MySQL 8.4 on standard support (no Extended Support charge) with a separate ElastiCache ' +
    'for Memcached cluster (one node per AZ, TLS) that the app must be pointed at instead of the RDS memcached interface.',
} as const;

/**
 * Stateful: the database, its key, its credentials (master, app user, migration user), the
 * cache, and the database's AWS Backup vault and plan (recovery points are state).
 * Termination-protected.
 */
export class DataStack extends Stack {
  public readonly database: MysqlDatabase;
  public readonly users: DatabaseUsers;
  public readonly backupVault: EncryptedBackupVault;
  public readonly backupPlan: DatabaseBackupPlan;
  /** host:port the app's memcached client starts from: the RDS option or the ElastiCache configuration endpoint. */
  public readonly cacheEndpoint: string;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { ...props, terminationProtection: true });
    const { config, groups } = props;

    const rotationGroup = lockedSecurityGroup(this, 'RotationGroup', groups.group('rotation'));
    const rotationSubnets = { subnetGroupName: zoneTiers(config, props.topology).rotation };
    this.database = new MysqlDatabase(this, 'Database', {
      vpc: props.vpc,
      instanceIdentifier: `${customerSlug(config)}-mysql`,
      instanceClass: config.database.instanceClass,
      allocatedStorageGiB: config.database.allocatedStorageGiB,
      maxAllocatedStorageGiB: config.database.maxAllocatedStorageGiB,
      backupRetentionDays: config.database.backupRetentionDays,
      cache: config.database.cache,
      databaseGroup: lockedSecurityGroup(this, 'DatabaseGroup', groups.group('database')),
      memcachedGroup: lockedSecurityGroup(this, 'CacheGroup', groups.group('cache')),
      rotationGroup,
      rotationSubnets,
    });
    this.users = new DatabaseUsers(this, 'DatabaseUsers', {
      database: this.database,
      vpc: props.vpc,
      subnets: rotationSubnets,
      securityGroup: rotationGroup,
      sources: props.sources,
      schema: APP_DATABASE_NAME,
      withMemcachedOption: config.database.cache === 'rds-memcached-option',
    });

    this.backupVault = new EncryptedBackupVault(this, 'BackupVault', {
      description: `AWS Backup vault of ${config.customer.name}'s database`,
    });
    const dr = config.disasterRecovery;
    this.backupPlan = new DatabaseBackupPlan(this, 'BackupPlan', {
      planName: `${customerSlug(config)}-database`,
      vault: this.backupVault.vault,
      instance: this.database.instance,
      hoursUtc: backupHoursUtc(dr.backupHourUtc, dr.backupIntervalHours),
      retentionDays: config.database.backupRetentionDays,
      // Built from names, not from the DR stack's vault: a reference would cross regions, and
      // the environment-agnostic config must still synthesize offline.
      copyTo: dr.copyToRegion
        ? {
            vaultArn: this.formatArn({
              service: 'backup',
              region: dr.copyToRegion,
              resource: 'backup-vault',
              resourceName: disasterRecoveryVaultName(config),
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
            retentionDays: dr.copyRetentionDays,
          }
        : undefined,
    });

    if (config.database.cache === 'elasticache-memcached') {
      const cache = new MemcachedCluster(this, 'Cache', {
        vpc: props.vpc,
        nodeType: config.database.cacheNodeType,
        securityGroup: lockedSecurityGroup(this, 'ElastiCacheGroup', groups.group('cache')),
      });
      new CfnOutput(this, 'CacheConfigurationEndpoint', {
        value: cache.cluster.attrConfigurationEndpointAddress,
        description: 'ElastiCache for Memcached configuration endpoint (TLS, port 11211)',
      });
      this.cacheEndpoint = `${cache.cluster.attrConfigurationEndpointAddress}:${MEMCACHED_PORT}`;
    } else {
      this.cacheEndpoint = `${this.database.instance.dbInstanceEndpointAddress}:${MEMCACHED_PORT}`;
    }
    Annotations.of(this).addInfo(CACHE_TRADE_OFFS[config.database.cache]);

    new CfnOutput(this, 'DatabaseEndpoint', { value: this.database.instance.dbInstanceEndpointAddress });
    new CfnOutput(this, 'DatabaseInstanceIdentifier', {
      value: this.database.instance.instanceIdentifier,
      description: 'RDS instance identifier: npm run demo:failover forces its Multi-AZ failover',
    });
    new CfnOutput(this, 'DatabaseSecretArn', {
      value: this.database.secret.secretArn,
      description: "Secrets Manager secret holding the rotated master credentials: the database administrator's, break-glass",
    });
    new CfnOutput(this, 'AppDatabaseSecretArn', {
      value: this.users.appSecret.secretArn,
      description: "Secrets Manager secret holding the app user's rotated credentials (DML on the app schema only)",
    });
  }
}
