/** An AWS document a recovery figure rests on. */
export interface Citation {
  readonly title: string;
  readonly url: string;
}

/**
 * The AWS documentation behind the AWS-documented figures of the model (failover times,
 * durability, DNS TTL, cache behaviour). Each entry is quoted where it is used.
 */
export const CITATIONS = {
  rdsMultiAzFailover: {
    title: 'Failing over a Multi-AZ DB instance for Amazon RDS (Amazon RDS User Guide)',
    url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.Failover.html',
  },
  rdsMultiAz: {
    title: 'Multi-AZ DB instance deployments for Amazon RDS (Amazon RDS User Guide)',
    url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html',
  },
  rdsPointInTime: {
    title: 'Restoring a DB instance to a specified time for Amazon RDS (Amazon RDS User Guide)',
    url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIT.html',
  },
  rdsMemcached: {
    title: 'MySQL memcached support (Amazon RDS User Guide)',
    url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.MySQL.Options.memcached.html',
  },
  backupCrossRegion: {
    title: 'Creating backup copies across AWS Regions (AWS Backup Developer Guide)',
    url: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html',
  },
  backupAndRestoreStrategy: {
    title: 'Disaster Recovery (DR) Architecture on AWS, Part II: Backup and Restore with Rapid Recovery (AWS Architecture Blog)',
    url: 'https://aws.amazon.com/blogs/architecture/disaster-recovery-dr-architecture-on-aws-part-ii-backup-and-restore-with-rapid-recovery/',
  },
  elbNodes: {
    title: 'How ELB works (Elastic Load Balancing User Guide)',
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html',
  },
  albHealthChecks: {
    title: 'Health checks for Application Load Balancer target groups (Elastic Load Balancing)',
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html',
  },
  autoScalingAz: {
    title: 'Add an Availability Zone (Amazon EC2 Auto Scaling User Guide)',
    url: 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-add-availability-zone.html',
  },
  autoScalingGracePeriod: {
    title: 'Set the health check grace period for an Auto Scaling group (Amazon EC2 Auto Scaling User Guide)',
    url: 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/health-check-grace-period.html',
  },
  elastiCacheResilience: {
    title: 'Resilience in Amazon ElastiCache: mitigating failures when running Memcached (Amazon ElastiCache User Guide)',
    url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/disaster-recovery-resiliency.html',
  },
  s3DataProtection: {
    title: 'Data protection in Amazon S3 (Amazon S3 User Guide)',
    url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/DataDurability.html',
  },
  cloudFrontExpiration: {
    title: 'Manage how long content stays in the cache (expiration) (Amazon CloudFront Developer Guide)',
    url: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Expiration.html',
  },
  cloudFrontManagedCachePolicies: {
    title: 'Use managed cache policies (Amazon CloudFront Developer Guide)',
    url: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html',
  },
  cloudFrontOriginErrors: {
    title: 'How CloudFront processes HTTP 4xx and 5xx status codes from your origin (Amazon CloudFront Developer Guide)',
    url: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/HTTPStatusCodes.html',
  },
  backupStartJob: {
    title: 'StartBackupJob (AWS Backup API Reference)',
    url: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html',
  },
  rdsLazyLoading: {
    title: 'Prewarm an Amazon RDS for Oracle database to reduce the impact of lazy loading (AWS Database Blog)',
    url: 'https://aws.amazon.com/blogs/database/prewarm-an-amazon-rds-for-oracle-database-to-reduce-the-impact-of-lazy-loading/',
  },
  natGatewayBasics: {
    title: 'NAT gateway basics (Amazon VPC User Guide)',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html',
  },
} as const satisfies Record<string, Citation>;
