// A leaf module: the constructs deploy these rules and the documents cite them (lib/shared imports nothing of the kit).

/**
 * AWS Config managed rules for what a running account can drift on, with the competency item
 * (001 checklist) or PCI DSS requirement each one watches.
 */
export const CONFIG_RULES = {
  S3_BUCKET_PUBLIC_READ_PROHIBITED: 'Competency 2.10: no bucket readable by the public',
  S3_BUCKET_PUBLIC_WRITE_PROHIBITED: 'Competency 2.10: no bucket writable by the public',
  S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED: 'Competency 2.10: Block Public Access on every bucket',
  S3_BUCKET_SSL_REQUESTS_ONLY: 'Competency 2.11: TLS-only bucket access',
  RDS_STORAGE_ENCRYPTED: 'Competency 2.11: database encrypted at rest',
  ENCRYPTED_VOLUMES: 'Competency 2.11: EBS volumes encrypted at rest',
  CLOUDWATCH_LOG_GROUP_ENCRYPTED: 'Competency 2.11: log groups encrypted with KMS',
  RDS_MULTI_AZ_SUPPORT: 'Competency 2.4: database Multi-AZ',
  AUTOSCALING_MULTIPLE_AZ: 'Competency 2.4: tiers span several AZs',
  RDS_INSTANCE_PUBLIC_ACCESS_CHECK: 'Competency 2.12: database not publicly accessible',
  INCOMING_SSH_DISABLED: 'Competency 2.12: no SSH open to the internet',
  VPC_FLOW_LOGS_ENABLED: 'PCI DSS 10.2: network traffic logged',
  EC2_IMDSV2_CHECK: 'PCI DSS 2.2: instance metadata protected (IMDSv2)',
  CLOUD_TRAIL_ENABLED: 'PCI DSS 10.2: API activity logged',
  ROOT_ACCOUNT_MFA_ENABLED: 'Competency 2.8: root account protected by MFA',
  IAM_ROOT_ACCESS_KEY_CHECK: 'Competency 2.8: root account has no access keys',
} as const;
