import { IApplyRule, rules } from 'cdk-nag';
import { DatabaseOnlyFromAppTier } from '../competency/database-only-from-app-tier';
import { DataSubnetsIsolated } from '../competency/data-subnets-isolated';
import { EncryptedAtRest } from '../competency/encrypted-at-rest';
import { TlsInTransit } from '../competency/tls-in-transit';
import { InstancesReplacedFromLatestAmi } from './instances-replaced-from-latest-ami';

/** One rule of the PCI DSS v4.0.1 pack and the requirements a finding of it puts at risk. */
export interface RequirementMapping {
  readonly rule: IApplyRule['rule'];
  /** PCI DSS v4.0.1 requirement numbers, in the standard's order. */
  readonly requirements: readonly string[];
  /** Where the mapping comes from: an AWS publication, or the project's reading of the standard. */
  readonly basis: string;
  /** What a finding means, for the resource it names. */
  readonly info: string;
}

const PROJECT = 'pci-poc-kit mapping (no AWS publication maps this check to v4.0.1)';

/**
 * Rules whose v4.0.1 requirements AWS publishes: the Config conformance pack for PCI DSS 4.0
 * (requirement numbers per Config rule) and the Security Hub controls reference ("Related
 * requirements: PCI DSS v4.0.1/..."), each cdk-nag rule matched through the Config rule it
 * implements. Rules that neither source maps to a v4.0.1 requirement are left out rather than
 * given a number nobody published, except the ones in PROJECT_MAPPINGS.
 */
export const PUBLISHED_MAPPINGS: readonly RequirementMapping[] = [
  {
    rule: rules.elb.ALBHttpDropInvalidHeaderEnabled,
    requirements: ['6.2.4'],
    basis: 'AWS Security Hub control ELB.4',
    info: 'The ALB does not drop invalid HTTP headers.',
  },
  {
    rule: rules.autoscaling.AutoScalingLaunchConfigPublicIpDisabled,
    requirements: ['1.4.4'],
    basis: 'AWS Security Hub control Autoscaling.5',
    info: 'The Auto Scaling launch configuration assigns public IP addresses.',
  },
  {
    rule: rules.cloudfront.CloudFrontDistributionAccessLogging,
    requirements: [
      '5.3.4',
      '10.2.1',
      '10.2.1.1',
      '10.2.1.2',
      '10.2.1.3',
      '10.2.1.4',
      '10.2.1.5',
      '10.2.1.6',
      '10.2.1.7',
      '10.2.2',
      '10.3.1',
      '10.6.3',
      'A1.2.1',
    ],
    basis: 'AWS Config conformance pack "Operational Best Practices for PCI DSS 4.0": cloudfront-accesslogs-enabled',
    info: 'The CloudFront distribution does not log viewer requests.',
  },
  {
    rule: rules.cloudfront.CloudFrontDistributionHttpsViewerNoOutdatedSSL,
    requirements: ['1.2.5', '2.2.5'],
    basis: 'AWS Config conformance pack "Operational Best Practices for PCI DSS 4.0": cloudfront-security-policy-check',
    info: 'The CloudFront distribution allows SSLv3 or TLSv1 to viewers.',
  },
  {
    rule: rules.cloudfront.CloudFrontDistributionNoOutdatedSSL,
    requirements: ['1.2.5', '2.2.5', '2.2.7', '4.2.1', '4.2.1.1', '8.3.2'],
    basis: 'AWS Config conformance pack "Operational Best Practices for PCI DSS 4.0": cloudfront-no-deprecated-ssl-protocols',
    info: 'The CloudFront distribution allows SSLv3 or TLSv1 to its origins.',
  },
  {
    rule: rules.cloudfront.CloudFrontDistributionS3OriginAccessControl,
    requirements: ['10.3.4'],
    basis:
      'AWS Config conformance pack "Operational Best Practices for PCI DSS 4.0": cloudfront-s3-origin-access-control-enabled',
    info: 'The CloudFront distribution reads its S3 origin without origin access control.',
  },
  {
    rule: rules.cloudfront.CloudFrontDistributionWAFIntegration,
    requirements: ['1.2.8', '1.3.1', '1.3.2', '1.4.2', '1.5.1', '6.4.1', '6.4.2', 'A1.1.3'],
    basis: 'AWS Config conformance pack "Operational Best Practices for PCI DSS 4.0": cloudfront-associated-with-waf',
    info: 'The CloudFront distribution has no AWS WAF web ACL.',
  },
  {
    rule: rules.cloudwatch.CloudWatchAlarmAction,
    requirements: [
      '10.2.1.1',
      '10.4.1',
      '10.4.1.1',
      '10.4.2',
      '10.4.3',
      '10.6.3',
      '10.7.1',
      '10.7.2',
      '11.5.2',
      '11.6.1',
      '12.10.5',
      'A3.3.1',
      'A3.5.1',
    ],
    basis: 'AWS Config conformance pack "Operational Best Practices for PCI DSS 4.0": cloudwatch-alarm-action-check',
    info: 'The CloudWatch alarm has no action.',
  },
  {
    rule: rules.cloudwatch.CloudWatchLogGroupRetentionPeriod,
    requirements: ['3.2.1', '3.3.1.1', '3.3.1.3', '3.3.2', '3.3.3', '5.3.4', '10.5.1'],
    basis: 'AWS Config conformance pack "Operational Best Practices for PCI DSS 4.0": cw-loggroup-retention-period-check',
    info: 'The log group has no explicit retention period.',
  },
  {
    rule: rules.ec2.EC2EBSInBackupPlan,
    requirements: ['10.3.3'],
    basis: 'AWS Config conformance pack "Operational Best Practices for PCI DSS 4.0": ebs-in-backup-plan',
    info: 'The EBS volume is not in an AWS Backup plan.',
  },
  {
    rule: rules.ec2.EC2IMDSv2Enabled,
    requirements: ['8.2.8'],
    basis: 'AWS Config conformance pack "Operational Best Practices for PCI DSS 4.0": ec2-imdsv2-check',
    info: 'The EC2 instance does not require IMDSv2.',
  },
  {
    rule: rules.ec2.EC2InstanceDetailedMonitoringEnabled,
    requirements: ['10.2.1.1', '10.4.1', '10.4.1.1', '10.4.2', '10.6.3', '10.7.1', '10.7.2', 'A3.3.1', 'A3.5.1'],
    basis: 'AWS Config conformance pack "Operational Best Practices for PCI DSS 4.0": ec2-instance-detailed-monitoring-enabled',
    info: 'The EC2 instance has no detailed monitoring.',
  },
  {
    rule: rules.ec2.EC2InstanceProfileAttached,
    requirements: ['7.2.1', '7.2.2', '7.2.5', '7.3.1', '7.3.2', '7.3.3', '8.2.7', '8.2.8', '8.3.4'],
    basis: 'AWS Config conformance pack "Operational Best Practices for PCI DSS 4.0": ec2-instance-profile-attached',
    info: 'The EC2 instance has no instance profile.',
  },
  {
    rule: rules.ec2.EC2RestrictedSSH,
    requirements: ['1.2.8', '1.3.1', '1.3.2', '1.4.2', '1.5.1', 'A1.1.3'],
    basis: 'AWS Config conformance pack "Operational Best Practices for PCI DSS 4.0": restricted-ssh',
    info: 'The security group allows SSH from anywhere.',
  },
  {
    rule: rules.elasticache.ElastiCacheRedisClusterAutomaticBackup,
    requirements: ['10.3.3'],
    basis:
      'AWS Config conformance pack "Operational Best Practices for PCI DSS 4.0": elasticache-redis-cluster-automatic-backup-check',
    info: 'The ElastiCache Redis cluster has no automatic backups.',
  },
  {
    rule: rules.kms.KMSBackingKeyRotationEnabled,
    requirements: ['3.7.4'],
    basis: 'AWS Security Hub control KMS.4',
    info: 'The KMS key does not rotate its key material.',
  },
  {
    rule: rules.lambda.LambdaFunctionPublicAccessProhibited,
    requirements: ['7.2.1'],
    basis: 'AWS Security Hub control Lambda.1',
    info: 'The Lambda function can be invoked publicly.',
  },
  {
    rule: rules.rds.RDSAutomaticMinorVersionUpgradeEnabled,
    requirements: ['6.3.3'],
    basis: 'AWS Security Hub control RDS.13',
    info: 'The RDS instance does not apply minor version upgrades automatically.',
  },
  {
    rule: rules.rds.RDSInBackupPlan,
    requirements: ['10.3.3'],
    basis: 'AWS Config conformance pack "Operational Best Practices for PCI DSS 4.0": rds-in-backup-plan',
    info: 'The RDS instance is not in an AWS Backup plan.',
  },
  {
    rule: rules.rds.RDSInstanceBackupEnabled,
    requirements: ['10.3.3'],
    basis: 'AWS Config conformance pack "Operational Best Practices for PCI DSS 4.0": db-instance-backup-enabled',
    info: 'The RDS instance has no automated backups.',
  },
  {
    rule: rules.rds.RDSInstancePublicAccess,
    requirements: ['1.4.4'],
    basis: 'AWS Security Hub control RDS.2',
    info: 'The RDS instance is publicly accessible.',
  },
  {
    rule: rules.rds.RDSLoggingEnabled,
    requirements: ['10.2.1'],
    basis: 'AWS Security Hub control RDS.9',
    info: 'The RDS instance does not export its logs.',
  },
  {
    rule: rules.s3.S3BucketDefaultLockEnabled,
    requirements: ['10.3.4'],
    basis: 'AWS Config conformance pack "Operational Best Practices for PCI DSS 4.0": s3-bucket-default-lock-enabled',
    info: 'The S3 bucket has no default Object Lock.',
  },
  {
    rule: rules.s3.S3BucketLevelPublicAccessProhibited,
    requirements: ['1.4.4'],
    basis: 'AWS Security Hub control S3.8',
    info: 'The S3 bucket does not block public access.',
  },
  {
    rule: rules.s3.S3BucketLoggingEnabled,
    requirements: ['10.2.1'],
    basis: 'AWS Security Hub control S3.9',
    info: 'The S3 bucket has no server access logging.',
  },
  {
    rule: rules.s3.S3BucketSSLRequestsOnly,
    requirements: ['4.2.1'],
    basis: 'AWS Security Hub control S3.5',
    info: 'The S3 bucket accepts requests without TLS.',
  },
  {
    rule: rules.s3.S3BucketVersioningEnabled,
    requirements: ['10.3.4'],
    basis: 'AWS Config conformance pack "Operational Best Practices for PCI DSS 4.0": s3-bucket-versioning-enabled',
    info: 'The S3 bucket is not versioned.',
  },
  {
    rule: rules.s3.S3DefaultEncryptionKMS,
    requirements: ['3.5.1'],
    basis: 'AWS Security Hub control S3.17',
    info: 'The S3 bucket is not encrypted with a KMS key by default.',
  },
  {
    rule: rules.secretsmanager.SecretsManagerRotationEnabled,
    requirements: ['8.3.9', '8.6.3'],
    basis: 'AWS Security Hub control SecretsManager.1',
    info: 'The secret is not rotated.',
  },
  {
    rule: rules.vpc.VPCSubnetAutoAssignPublicIpDisabled,
    requirements: ['1.4.4'],
    basis: 'AWS Security Hub control EC2.15',
    info: 'The subnet assigns public IP addresses on launch.',
  },
  {
    rule: rules.waf.WAFv2LoggingEnabled,
    requirements: ['10.4.2'],
    basis: 'AWS Security Hub control WAF.11',
    info: 'The AWS WAF web ACL does not log requests.',
  },
];

/**
 * Checks the kit holds essential to the POC's cardholder-data boundary for which AWS publishes
 * no v4.0.1 mapping: the requirement is the project's reading of the standard, stated as such.
 */
export const PROJECT_MAPPINGS: readonly RequirementMapping[] = [
  {
    rule: rules.rds.RDSStorageEncrypted,
    requirements: ['3.5.1'],
    basis: `${PROJECT}: stored account data is rendered unreadable (Security Hub RDS.3 lists no v4.0.1 requirement)`,
    info: 'The RDS instance is not encrypted at rest.',
  },
  {
    rule: EncryptedAtRest,
    requirements: ['3.5.1', '10.3.2'],
    basis: `${PROJECT}: database, volumes and buckets hold account data; log groups hold audit logs`,
    info: 'The resource stores data unencrypted at rest.',
  },
  {
    rule: TlsInTransit,
    requirements: ['4.2.1'],
    basis: `${PROJECT}: listeners, CloudFront VPC origins, MySQL and memcached connections use strong cryptography`,
    info: 'The resource lets data travel unencrypted.',
  },
  {
    rule: rules.elb.ALBHttpToHttpsRedirection,
    requirements: ['4.2.1'],
    basis: `${PROJECT}: Security Hub ELB.1 lists only PCI DSS 3.2.1`,
    info: 'The ALB serves HTTP without redirecting to HTTPS.',
  },
  {
    rule: rules.elb.ALBWAFEnabled,
    requirements: ['6.4.2'],
    basis: `${PROJECT}: an automated technical solution detects and prevents web attacks on public-facing web applications`,
    info: 'The ALB has no AWS WAF web ACL.',
  },
  {
    rule: rules.ec2.EC2RestrictedCommonPorts,
    requirements: ['1.3.1'],
    basis: 'AWS Security Hub control EC2.14 (same Config rule, restricted-common-ports)',
    info: 'The security group allows unrestricted traffic to a common administration or database port.',
  },
  {
    rule: rules.ec2.EC2InstanceNoPublicIp,
    requirements: ['1.4.4'],
    basis: `${PROJECT}: system components that store account data are not directly accessible from untrusted networks`,
    info: 'The EC2 instance has a public IP address.',
  },
  {
    rule: InstancesReplacedFromLatestAmi,
    requirements: ['6.3.3'],
    basis: `${PROJECT}: instances take their patches from the newest Amazon Linux AMI, which every launch reads from AWS's public SSM parameter, and are replaced by a fresh launch at the end of a maximum lifetime`,
    info: 'The instance is not replaced from the newest AMI: a standalone instance, a group without a maximum instance lifetime, or a launch template that names a fixed AMI instead of an SSM parameter resolved at launch.',
  },
  {
    rule: rules.vpc.VPCNoUnrestrictedRouteToIGW,
    requirements: ['1.3.1', '1.4.1'],
    basis: `${PROJECT}: NSCs sit between trusted and untrusted networks`,
    info: 'A route table sends all traffic to an internet gateway.',
  },
  {
    rule: DataSubnetsIsolated,
    requirements: ['1.3.1', '1.3.2', '1.4.4'],
    basis: `${PROJECT}: the cardholder data tier has no route to or from the internet`,
    info: 'A route sends traffic from a data (isolated) subnet out of the VPC.',
  },
  {
    rule: DatabaseOnlyFromAppTier,
    requirements: ['1.3.1', '1.3.2'],
    basis: `${PROJECT}: inbound traffic to the CDE is restricted to what is necessary`,
    info: 'The database or its cache accepts traffic from outside the app tier.',
  },
  {
    rule: rules.iam.IAMNoInlinePolicy,
    requirements: ['7.2.1', '7.2.2'],
    basis: `${PROJECT}: access is assigned through reviewed, reusable policies`,
    info: 'The IAM role, user or group has an inline policy.',
  },
  {
    rule: rules.iam.IAMPolicyNoStatementsWithAdminAccess,
    requirements: ['7.2.1', '7.2.2'],
    basis: `${PROJECT}: Security Hub IAM.1 lists only PCI DSS 3.2.1`,
    info: 'The IAM policy allows every action on every resource.',
  },
  {
    rule: rules.iam.IAMPolicyNoStatementsWithFullAccess,
    requirements: ['7.2.1', '7.2.2'],
    basis: `${PROJECT}: least privilege`,
    info: 'The IAM policy allows every action of a service.',
  },
  {
    rule: rules.secretsmanager.SecretsManagerUsingKMSKey,
    requirements: ['8.3.2'],
    basis: `${PROJECT}: authentication factors are rendered unreadable in storage with strong cryptography`,
    info: 'The secret is not encrypted with a customer-managed KMS key.',
  },
  {
    rule: rules.cloudtrail.CloudTrailCloudWatchLogsEnabled,
    requirements: ['10.2.1', '10.4.1.1'],
    basis: `${PROJECT}: audit logs are captured and reviewed by automated mechanisms`,
    info: 'The trail does not deliver to CloudWatch Logs.',
  },
  {
    rule: rules.cloudtrail.CloudTrailEncryptionEnabled,
    requirements: ['10.3.2'],
    basis: `${PROJECT}: audit log files are protected from modification and unauthorized reading`,
    info: 'The trail is not encrypted with a KMS key.',
  },
  {
    rule: rules.cloudtrail.CloudTrailLogFileValidationEnabled,
    requirements: ['10.3.4'],
    basis: `${PROJECT}: change-detection on audit logs`,
    info: 'The trail does not validate its log files.',
  },
  {
    rule: rules.vpc.VPCFlowLogsEnabled,
    requirements: ['10.2.1'],
    basis: `${PROJECT}: Security Hub EC2.6 lists only PCI DSS 3.2.1`,
    info: 'The VPC has no flow logs.',
  },
  {
    rule: rules.elb.ELBLoggingEnabled,
    requirements: ['10.2.1'],
    basis: `${PROJECT}: every request to the cardholder data environment is logged`,
    info: 'The load balancer does not write access logs.',
  },
  {
    rule: rules.cloudwatch.CloudWatchLogGroupEncrypted,
    requirements: ['10.3.2'],
    basis: `${PROJECT}: audit log files are protected`,
    info: 'The log group is not encrypted with a KMS key.',
  },
];

export const PCI_DSS_401_MAPPINGS: readonly RequirementMapping[] = [...PUBLISHED_MAPPINGS, ...PROJECT_MAPPINGS];

/** The principal requirements of PCI DSS v4.0.1, for grouping findings in the docs. */
export const PRINCIPAL_REQUIREMENTS: Readonly<Record<string, string>> = {
  '1': 'Install and maintain network security controls',
  '2': 'Apply secure configurations to all system components',
  '3': 'Protect stored account data',
  '4': 'Protect cardholder data with strong cryptography during transmission over open, public networks',
  '5': 'Protect all systems and networks from malicious software',
  '6': 'Develop and maintain secure systems and software',
  '7': 'Restrict access to system components and cardholder data by business need to know',
  '8': 'Identify users and authenticate access to system components',
  '9': 'Restrict physical access to cardholder data',
  '10': 'Log and monitor all access to system components and cardholder data',
  '11': 'Test security of systems and networks regularly',
  '12': 'Support information security with organizational policies and programs',
  A1: 'Additional requirements for multi-tenant service providers',
  A3: 'Designated entities supplemental validation',
};
