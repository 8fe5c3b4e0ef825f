import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sam from 'aws-cdk-lib/aws-sam';
import { Construct } from 'constructs';
import { MEMCACHED_PORT, MYSQL_PORT } from '../segmentation';
import { acknowledgeRule } from '../compliance/acknowledge';
import { customerManagedKey, encryptedLogGroup } from './secure-defaults';

export type CacheChoice = 'rds-memcached-option' | 'elasticache-memcached';

export interface MysqlDatabaseProps {
  /** The POC VPC: the instance and its standby sit in the data subnets. */
  readonly vpc: ec2.IVpc;
  /** The DB instance identifier; also names its log groups and key description. */
  readonly instanceIdentifier: string;
  /** RDS instance class, e.g. `db.m7g.large`. */
  readonly instanceClass: string;
  /** Storage allocated at creation, in GiB. */
  readonly allocatedStorageGiB: number;
  /** Upper bound of storage autoscaling, in GiB. */
  readonly maxAllocatedStorageGiB: number;
  /** Days RDS keeps automated backups (the point-in-time restore window). */
  readonly backupRetentionDays: number;
  /** The cache choice of the config: `rds-memcached-option` adds the MEMCACHED option (MySQL 8.0). */
  readonly cache: CacheChoice;
  /** The database group of the segmentation table. */
  readonly databaseGroup: ec2.ISecurityGroup;
  /** Membership of the MEMCACHED option; used only with rds-memcached-option. */
  readonly memcachedGroup: ec2.ISecurityGroup;
  /** The group of the master secret's rotation function. */
  readonly rotationGroup: ec2.ISecurityGroup;
  /** Where the rotation function runs: it needs the database and the Secrets Manager API. */
  readonly rotationSubnets: ec2.SubnetSelection;
}

/**
 * No general log: it records every statement with its values, so card data an application
 * writes would land in a log kept a year (PCI DSS 3.3, 3.5.1). The audit plugin records who
 * connected and every DDL and DCL statement instead.
 */
const LOG_EXPORTS = ['error', 'slowquery', 'audit'] as const;

/**
 * The customer's MySQL: Multi-AZ in the isolated data subnets, TLS required, encrypted with
 * its own rotating key, credentials generated and rotated in Secrets Manager, audit logging
 * through the MariaDB audit plugin, deletion protection and a final snapshot.
 */
export class MysqlDatabase extends Construct {
  public readonly instance: rds.DatabaseInstance;
  public readonly key: kms.Key;
  public readonly secret: secretsmanager.ISecret;
  /** ARN of the function the rotation schedule calls: the single-user rotation application's Lambda. */
  public readonly rotationFunctionArn: string;
  public readonly engineVersion: rds.MysqlEngineVersion;

  constructor(scope: Construct, id: string, props: MysqlDatabaseProps) {
    super(scope, id);
    // The MEMCACHED option exists only up to MySQL 8.0 (removed in 8.4): that path pins 8.0
    // on paid Extended Support; the ElastiCache path runs 8.4 on standard support.
    const withMemcachedOption = props.cache === 'rds-memcached-option';
    this.engineVersion = withMemcachedOption ? rds.MysqlEngineVersion.VER_8_0_46 : rds.MysqlEngineVersion.VER_8_4_10;
    const engine = rds.DatabaseInstanceEngine.mysql({ version: this.engineVersion });

    this.key = customerManagedKey(this, 'Key', `RDS storage, logs and credentials of ${props.instanceIdentifier}`, {
      forLogs: true,
    });

    const parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine,
      description: 'TLS-only connections, slow query log, no general log',
      parameters: {
        require_secure_transport: '1',
        slow_query_log: '1',
        long_query_time: '2',
        general_log: '0',
        log_output: 'FILE',
      },
    });

    const optionGroup = new rds.OptionGroup(this, 'Options', {
      engine,
      description: withMemcachedOption ? 'MEMCACHED interface and MariaDB audit plugin' : 'MariaDB audit plugin',
      configurations: [
        ...(withMemcachedOption
          ? [
              {
                name: 'MEMCACHED',
                port: MEMCACHED_PORT,
                vpc: props.vpc,
                securityGroups: [props.memcachedGroup],
              },
            ]
          : []),
        {
          name: 'MARIADB_AUDIT_PLUGIN',
          settings: {
            SERVER_AUDIT_EVENTS: 'CONNECT,QUERY_DDL,QUERY_DCL',
            SERVER_AUDIT_EXCL_USERS: 'rdsadmin',
          },
        },
      ],
    });

    // Log groups exist before the instance so that they are KMS-encrypted and kept a year.
    const logGroups = LOG_EXPORTS.map((type) =>
      encryptedLogGroup(this, `Log-${type}`, this.key, `/aws/rds/instance/${props.instanceIdentifier}/${type}`),
    );

    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      engine,
      instanceIdentifier: props.instanceIdentifier,
      instanceType: new ec2.InstanceType(props.instanceClass.replace(/^db\./, '')),
      vpc: props.vpc,
      vpcSubnets: { subnetGroupName: 'data' },
      securityGroups: [props.databaseGroup],
      port: MYSQL_PORT,
      multiAz: true,
      engineLifecycleSupport: withMemcachedOption
        ? rds.EngineLifecycleSupport.OPEN_SOURCE_RDS_EXTENDED_SUPPORT
        : rds.EngineLifecycleSupport.OPEN_SOURCE_RDS_EXTENDED_SUPPORT_DISABLED,
      parameterGroup,
      optionGroup,
      credentials: rds.Credentials.fromGeneratedSecret('pocadmin', { encryptionKey: this.key }),
      storageEncrypted: true,
      storageEncryptionKey: this.key,
      storageType: rds.StorageType.GP3,
      allocatedStorage: props.allocatedStorageGiB,
      maxAllocatedStorage: props.maxAllocatedStorageGiB,
      backupRetention: Duration.days(props.backupRetentionDays),
      preferredBackupWindow: '02:00-03:00',
      preferredMaintenanceWindow: 'sun:03:30-sun:04:30',
      copyTagsToSnapshot: true,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      cloudwatchLogsExports: [...LOG_EXPORTS],
      monitoringInterval: Duration.seconds(60),
      autoMinorVersionUpgrade: true,
      iamAuthentication: true,
      publiclyAccessible: false,
    });
    logGroups.forEach((group) => this.instance.node.addDependency(group));
    acknowledgeRule(
      this.instance,
      ['PCI.DSS.321-RDSLoggingEnabled[LogExport::general]', 'PCI.DSS.401-RDSLoggingEnabled[LogExport::general]'],
      'The general log is off on purpose: it would copy every SQL statement with its values, card data included, into CloudWatch for a year; the MariaDB audit plugin logs connections, DDL and DCL, and the error and slow query logs are exported',
    );
    acknowledgeRule(
      this.instance,
      'AwsSolutions-RDS11',
      'MySQL keeps its default port: the database sits in isolated subnets, admits only the app and rotation security groups and requires TLS; a non-default port would add obscurity, not control',
    );
    acknowledgeRule(
      this.instance.node.findChild('MonitoringRole'),
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
      'Enhanced Monitoring role: the AWS service-role policy only lets RDS write OS metrics to its RDSOSMetrics log group',
    );
    if (!this.instance.secret) throw new Error('a generated-secret database always has a secret');
    this.secret = this.instance.secret;

    const rotation = this.instance.addRotationSingleUser({
      automaticallyAfter: Duration.days(30),
      vpcSubnets: props.rotationSubnets,
      securityGroup: props.rotationGroup,
    });
    this.rotationFunctionArn = rotationFunctionArnOf(rotation);
  }

  /**
   * Statements that let a principal read the master credentials: the database administrator's,
   * break-glass. They go into the reader's own managed policy (the key policy already delegates
   * to IAM), so stateless stacks can read the secret without the Data stack depending on them.
   */
  credentialsReadStatements(): iam.PolicyStatement[] {
    return secretReadStatements(this.secret.secretArn, this.key);
  }

  /** Statements that let a principal rotate the master credentials now, as the schedule would (see rotateNowStatements). */
  rotateNowStatements(): iam.PolicyStatement[] {
    return rotateNowStatements(this.secret.secretArn, this.rotationFunctionArn);
  }
}

/** GetSecretValue and DescribeSecret on one secret, and the decryption Secrets Manager does for it with its key. */
export function secretReadStatements(secretArn: string, key: kms.IKey): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resources: [secretArn],
    }),
    new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(key).region}.amazonaws.com` } },
    }),
  ];
}

/**
 * Statements that let a principal rotate a secret now, as its schedule would: RotateSecret on the
 * secret and, as RotateSecret requires of its caller, InvokeFunction on its rotation function.
 * The conditions keep the stored rotation configuration: the caller may neither point the
 * secret at another function nor change the schedule.
 */
export function rotateNowStatements(secretArn: string, rotationFunctionArn: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      actions: ['secretsmanager:RotateSecret'],
      resources: [secretArn],
      conditions: {
        StringEqualsIfExists: { 'secretsmanager:RotationLambdaARN': rotationFunctionArn },
        BoolIfExists: { 'secretsmanager:ModifyRotationRules': 'false' },
      },
    }),
    new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [rotationFunctionArn] }),
  ];
}

/** SecretRotation does not expose its function; a rotation schedule calls this output of its serverless application. */
export function rotationFunctionArnOf(rotation: secretsmanager.SecretRotation): string {
  const application = rotation.node.defaultChild;
  if (!(application instanceof sam.CfnApplication)) {
    throw new Error('a hosted rotation is a Serverless Application Repository application');
  }
  return application.getAtt('Outputs.RotationLambdaARN').toString();
}
