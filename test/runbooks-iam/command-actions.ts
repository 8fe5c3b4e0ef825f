/**
 * What each command the runbooks run asks IAM for: the actions and the resources they act on.
 * Reviewed data, one entry per command, each with the page of the AWS Service Authorization
 * Reference (SAR) that lists the action, its resource type and the ARN format used here. A runbook
 * command missing from this table fails the IAM test: a new command cannot slip through unchecked.
 *
 * Resource templates:
 * - `${Partition}`, `${Region}`, `${Account}`: the test account and the region the command runs in;
 * - `${StackId}`, `${GroupId}`: the random parts AWS adds to stack and Auto Scaling group ARNs;
 * - `{--option}`: each value the command passes to the option (one request per value); `{1}`: its
 *   first positional argument; `{--option|id}`: the last segment of an ARN value (the value itself
 *   when it is not an ARN);
 * - `{stack:Role}`: the name of the config's stack of that role; `{output:Role:Key}`: the value of an
 *   output of that stack, resolved from the template;
 * - `*`: the action has no resource-level permission (the SAR lists no resource type for it); the
 *   test checks this against the action catalog.
 */

export interface ActionRequest {
  readonly action: string;
  readonly resource: string;
  /** Only when the command passes this option. */
  readonly when?: string;
}

export interface CommandEntry {
  readonly actions: readonly ActionRequest[];
  readonly source: string;
  /** Why the entry is what it is, when the SAR alone does not say. */
  readonly note?: string;
}

const SAR = 'https://docs.aws.amazon.com/service-authorization/latest/reference/';
const source = (page: string) => `${SAR}${page}.html`;

const stack = 'arn:${Partition}:cloudformation:${Region}:${Account}:stack/{--stack-name}/${StackId}';
const autoScalingGroup =
  'arn:${Partition}:autoscaling:${Region}:${Account}:autoScalingGroup:${GroupId}:autoScalingGroupName/{--auto-scaling-group-name}';
const dbInstance = 'arn:${Partition}:rds:${Region}:${Account}:db:{--db-instance-identifier}';
const backupVault = 'arn:${Partition}:backup:${Region}:${Account}:backup-vault:{--backup-vault-name}';
// A recovery point of an RDS instance is an RDS snapshot; its ARN's last segment is the recovery point id.
const recoveryPoint = 'arn:${Partition}:rds:${Region}:${Account}:snapshot:{--recovery-point-arn|id}';
const instance = (option: string) => `arn:\${Partition}:ec2:\${Region}:\${Account}:instance/{${option}}`;
const ssmDocument = 'arn:${Partition}:ssm:${Region}:${Account}:document/{--name}';
const bucket = 'arn:${Partition}:s3:::{--bucket}';
const distribution = 'arn:${Partition}:cloudfront::${Account}:distribution/{--id}';
const key = 'arn:${Partition}:kms:${Region}:${Account}:key/{--key-id}';

const one = (action: string, resource: string, page: string, note?: string): CommandEntry => ({
  actions: [{ action, resource }],
  source: source(page),
  ...(note ? { note } : {}),
});

/** `aws <service> <operation>` (and `aws <service> wait <waiter>`) -> what IAM authorizes. */
export const AWS_CLI_COMMANDS: Readonly<Record<string, CommandEntry>> = {
  // AWS CloudFormation
  'cloudformation describe-stacks': one('cloudformation:DescribeStacks', stack, 'list_awscloudformation'),
  'cloudformation describe-stack-resource': one('cloudformation:DescribeStackResource', stack, 'list_awscloudformation'),
  'cloudformation describe-stack-resources': one(
    'cloudformation:DescribeStackResources',
    stack,
    'list_awscloudformation',
    'With --physical-resource-id instead of --stack-name the stack is not known beforehand: the request is checked against a stack named ANY, which only a policy on every stack allows.',
  ),
  'cloudformation update-termination-protection': one(
    'cloudformation:UpdateTerminationProtection',
    stack,
    'list_awscloudformation',
  ),
  'cloudformation detect-stack-drift': one('cloudformation:DetectStackDrift', stack, 'list_awscloudformation'),
  'cloudformation describe-stack-drift-detection-status': one(
    'cloudformation:DescribeStackDriftDetectionStatus',
    '*',
    'list_awscloudformation',
  ),
  'cloudformation describe-stack-resource-drifts': one(
    'cloudformation:DescribeStackResourceDrifts',
    stack,
    'list_awscloudformation',
  ),
  // Amazon EC2 Auto Scaling
  'autoscaling describe-auto-scaling-groups': one('autoscaling:DescribeAutoScalingGroups', '*', 'list_amazonec2autoscaling'),
  'autoscaling describe-scaling-activities': one('autoscaling:DescribeScalingActivities', '*', 'list_amazonec2autoscaling'),
  'autoscaling describe-instance-refreshes': one('autoscaling:DescribeInstanceRefreshes', '*', 'list_amazonec2autoscaling'),
  'autoscaling update-auto-scaling-group': one(
    'autoscaling:UpdateAutoScalingGroup',
    autoScalingGroup,
    'list_amazonec2autoscaling',
  ),
  'autoscaling suspend-processes': one('autoscaling:SuspendProcesses', autoScalingGroup, 'list_amazonec2autoscaling'),
  'autoscaling resume-processes': one('autoscaling:ResumeProcesses', autoScalingGroup, 'list_amazonec2autoscaling'),
  'autoscaling set-desired-capacity': one('autoscaling:SetDesiredCapacity', autoScalingGroup, 'list_amazonec2autoscaling'),
  'autoscaling start-instance-refresh': one('autoscaling:StartInstanceRefresh', autoScalingGroup, 'list_amazonec2autoscaling'),
  'autoscaling cancel-instance-refresh': one('autoscaling:CancelInstanceRefresh', autoScalingGroup, 'list_amazonec2autoscaling'),
  'autoscaling rollback-instance-refresh': one(
    'autoscaling:RollbackInstanceRefresh',
    autoScalingGroup,
    'list_amazonec2autoscaling',
  ),
  // Amazon EC2 and EC2 Instance Connect
  'ec2 describe-instances': one('ec2:DescribeInstances', '*', 'list_amazonec2'),
  'ec2 describe-subnets': one('ec2:DescribeSubnets', '*', 'list_amazonec2'),
  'ec2 describe-images': one('ec2:DescribeImages', '*', 'list_amazonec2'),
  'ec2 stop-instances': one('ec2:StopInstances', instance('--instance-ids'), 'list_amazonec2'),
  'ec2-instance-connect send-ssh-public-key': one(
    'ec2-instance-connect:SendSSHPublicKey',
    instance('--instance-id'),
    'list_amazonec2instanceconnect',
  ),
  // Elastic Load Balancing v2
  'elbv2 describe-target-health': one('elasticloadbalancing:DescribeTargetHealth', '*', 'list_elasticloadbalancingv2'),
  'elbv2 describe-target-groups': one('elasticloadbalancing:DescribeTargetGroups', '*', 'list_elasticloadbalancingv2'),
  'elbv2 describe-load-balancers': one('elasticloadbalancing:DescribeLoadBalancers', '*', 'list_elasticloadbalancingv2'),
  'elbv2 modify-rule': one('elasticloadbalancing:ModifyRule', '{--rule-arn}', 'list_elasticloadbalancingv2'),
  'elbv2 modify-load-balancer-attributes': one(
    'elasticloadbalancing:ModifyLoadBalancerAttributes',
    '{--load-balancer-arn}',
    'list_elasticloadbalancingv2',
  ),
  // Amazon CloudWatch and CloudWatch Logs
  'cloudwatch describe-alarms': one(
    'cloudwatch:DescribeAlarms',
    'arn:${Partition}:cloudwatch:${Region}:${Account}:alarm:{--alarm-names}',
    'list_amazoncloudwatch',
  ),
  'logs tail': one(
    'logs:FilterLogEvents',
    'arn:${Partition}:logs:${Region}:${Account}:log-group:{1}',
    'list_amazoncloudwatchlogs',
    'The AWS CLI v2 `logs tail` reads the events with FilterLogEvents, also with --follow.',
  ),
  'logs delete-log-group': one(
    'logs:DeleteLogGroup',
    'arn:${Partition}:logs:${Region}:${Account}:log-group:{--log-group-name}',
    'list_amazoncloudwatchlogs',
  ),
  // AWS Systems Manager
  'ssm start-session': {
    actions: [
      { action: 'ssm:StartSession', resource: instance('--target') },
      // AWS-owned documents (AWS-*) carry no account in their ARN, but the action catalog's ARN format requires one: a
      // policy naming such a document with a `*` account matches both.
      {
        action: 'ssm:StartSession',
        resource: 'arn:${Partition}:ssm:${Region}:${Account}:document/{--document-name}',
        when: '--document-name',
      },
    ],
    source: source('list_awssystemsmanager'),
    note: 'Without --document-name the session follows SSM-SessionManagerRunShell, which IAM checks only when a policy sets ssm:SessionDocumentAccessCheck; with one, StartSession is checked on the document too.',
  },
  'ssm describe-document': one('ssm:DescribeDocument', ssmDocument, 'list_awssystemsmanager'),
  'ssm get-document': one('ssm:GetDocument', ssmDocument, 'list_awssystemsmanager'),
  'ssm update-document-default-version': one('ssm:UpdateDocumentDefaultVersion', ssmDocument, 'list_awssystemsmanager'),
  'ssm get-parameter': one(
    'ssm:GetParameter',
    'arn:${Partition}:ssm:${Region}:${Account}:parameter{--name}',
    'list_awssystemsmanager',
    'The runbooks name parameters with their leading slash, which the ARN keeps after "parameter".',
  ),
  'ssm get-parameters': one(
    'ssm:GetParameters',
    'arn:${Partition}:ssm:${Region}:${Account}:parameter{--names}',
    'list_awssystemsmanager',
    "The runbooks read one public parameter AWS owns (the newest AL2023 AMI). Its ARN has no account, but the action catalog's ARN format requires one: a policy naming it with a `*` account matches both.",
  ),
  // AWS Secrets Manager
  'secretsmanager get-secret-value': one('secretsmanager:GetSecretValue', '{--secret-id}', 'list_awssecretsmanager'),
  'secretsmanager describe-secret': one('secretsmanager:DescribeSecret', '{--secret-id}', 'list_awssecretsmanager'),
  'secretsmanager rotate-secret': one('secretsmanager:RotateSecret', '{--secret-id}', 'list_awssecretsmanager'),
  'secretsmanager put-secret-value': one('secretsmanager:PutSecretValue', '{--secret-id}', 'list_awssecretsmanager'),
  // Amazon RDS
  'rds describe-db-instances': one('rds:DescribeDBInstances', dbInstance, 'list_amazonrds'),
  'rds wait db-instance-available': one(
    'rds:DescribeDBInstances',
    dbInstance,
    'list_amazonrds',
    'A waiter polls DescribeDBInstances.',
  ),
  'rds modify-db-instance': one('rds:ModifyDBInstance', dbInstance, 'list_amazonrds'),
  'rds reboot-db-instance': one('rds:RebootDBInstance', dbInstance, 'list_amazonrds'),
  'rds delete-db-instance': one('rds:DeleteDBInstance', dbInstance, 'list_amazonrds'),
  'rds describe-events': one('rds:DescribeEvents', '*', 'list_amazonrds'),
  'rds describe-db-snapshots': one('rds:DescribeDBSnapshots', dbInstance, 'list_amazonrds'),
  'rds create-db-snapshot': {
    actions: [
      { action: 'rds:CreateDBSnapshot', resource: dbInstance },
      {
        action: 'rds:CreateDBSnapshot',
        resource: 'arn:${Partition}:rds:${Region}:${Account}:snapshot:{--db-snapshot-identifier}',
      },
    ],
    source: source('list_amazonrds'),
  },
  'rds delete-db-snapshot': one(
    'rds:DeleteDBSnapshot',
    'arn:${Partition}:rds:${Region}:${Account}:snapshot:{--db-snapshot-identifier}',
    'list_amazonrds',
  ),
  'rds restore-db-instance-to-point-in-time': {
    actions: [
      {
        action: 'rds:RestoreDBInstanceToPointInTime',
        resource: 'arn:${Partition}:rds:${Region}:${Account}:db:{--source-db-instance-identifier}',
      },
      {
        action: 'rds:RestoreDBInstanceToPointInTime',
        resource: 'arn:${Partition}:rds:${Region}:${Account}:db:{--target-db-instance-identifier}',
      },
      {
        action: 'rds:RestoreDBInstanceToPointInTime',
        resource: 'arn:${Partition}:rds:${Region}:${Account}:subgrp:{--db-subnet-group-name}',
      },
      {
        action: 'rds:RestoreDBInstanceToPointInTime',
        resource: 'arn:${Partition}:rds:${Region}:${Account}:pg:{--db-parameter-group-name}',
      },
      {
        action: 'rds:RestoreDBInstanceToPointInTime',
        resource: 'arn:${Partition}:rds:${Region}:${Account}:og:{--option-group-name}',
      },
      {
        action: 'rds:AddTagsToResource',
        resource: 'arn:${Partition}:rds:${Region}:${Account}:db:{--target-db-instance-identifier}',
        when: '--tags',
      },
    ],
    source: source('list_amazonrds'),
    note: 'The SAR lists db, og, pg and subgrp as resource types of the action, and AddTagsToResource as a dependent action when tags are given.',
  },
  // AWS Backup
  'backup list-recovery-points-by-backup-vault': one('backup:ListRecoveryPointsByBackupVault', backupVault, 'list_awsbackup'),
  'backup describe-recovery-point': one('backup:DescribeRecoveryPoint', recoveryPoint, 'list_awsbackup'),
  'backup get-recovery-point-restore-metadata': one('backup:GetRecoveryPointRestoreMetadata', recoveryPoint, 'list_awsbackup'),
  'backup start-restore-job': {
    actions: [
      { action: 'backup:StartRestoreJob', resource: recoveryPoint },
      { action: 'iam:PassRole', resource: '{--iam-role-arn}' },
    ],
    source: source('list_awsbackup'),
    note: 'The restore job runs as --iam-role-arn, which the caller must be allowed to pass (list_awsidentityandaccessmanagementiam).',
  },
  'backup describe-restore-job': one('backup:DescribeRestoreJob', '*', 'list_awsbackup'),
  'backup delete-backup-vault-access-policy': one('backup:DeleteBackupVaultAccessPolicy', backupVault, 'list_awsbackup'),
  'backup delete-recovery-point': one('backup:DeleteRecoveryPoint', recoveryPoint, 'list_awsbackup'),
  'backup delete-backup-vault': one('backup:DeleteBackupVault', backupVault, 'list_awsbackup'),
  // AWS KMS
  'kms list-keys': one('kms:ListKeys', '*', 'list_awskeymanagementservice'),
  'kms describe-key': one('kms:DescribeKey', key, 'list_awskeymanagementservice'),
  'kms schedule-key-deletion': one('kms:ScheduleKeyDeletion', key, 'list_awskeymanagementservice'),
  'kms cancel-key-deletion': one('kms:CancelKeyDeletion', key, 'list_awskeymanagementservice'),
  // Amazon S3
  's3api put-public-access-block': one('s3:PutBucketPublicAccessBlock', bucket, 'list_amazons3'),
  's3api get-bucket-policy-status': one('s3:GetBucketPolicyStatus', bucket, 'list_amazons3'),
  's3api delete-bucket': one('s3:DeleteBucket', bucket, 'list_amazons3'),
  's3 sync': {
    actions: [
      { action: 's3:ListBucket', resource: 'arn:${Partition}:s3:::{2|bucket}' },
      { action: 's3:PutObject', resource: 'arn:${Partition}:s3:::{2|object}' },
    ],
    source: source('list_amazons3'),
    note: 'sync lists the destination bucket and puts each object; the destination is the second positional argument.',
  },
  's3control put-public-access-block': one('s3:PutAccountPublicAccessBlock', '*', 'list_amazons3'),
  // Amazon SNS, AWS CloudTrail, AWS Config
  'sns list-subscriptions-by-topic': one('sns:ListSubscriptionsByTopic', '{--topic-arn}', 'list_amazonsns'),
  'cloudtrail lookup-events': one('cloudtrail:LookupEvents', '*', 'list_awscloudtrail'),
  'cloudtrail get-trail-status': one(
    'cloudtrail:GetTrailStatus',
    'arn:${Partition}:cloudtrail:${Region}:${Account}:trail/{--name}',
    'list_awscloudtrail',
  ),
  'configservice start-config-rules-evaluation': one(
    'config:StartConfigRulesEvaluation',
    'arn:${Partition}:config:${Region}:${Account}:config-rule/{--config-rule-names}',
    'list_awsconfig',
    'The ARN names the rule by its id, which the command does not know: the rule name stands in for it.',
  ),
  'configservice describe-compliance-by-config-rule': one('config:DescribeComplianceByConfigRule', '*', 'list_awsconfig'),
  // Amazon CloudFront
  'cloudfront get-distribution-config': one('cloudfront:GetDistributionConfig', distribution, 'list_amazoncloudfront'),
  'cloudfront update-distribution': one('cloudfront:UpdateDistribution', distribution, 'list_amazoncloudfront'),
  'cloudfront wait distribution-deployed': one(
    'cloudfront:GetDistribution',
    distribution,
    'list_amazoncloudfront',
    'A waiter polls GetDistribution.',
  ),
  // IAM and STS
  'iam update-account-password-policy': one('iam:UpdateAccountPasswordPolicy', '*', 'list_awsidentityandaccessmanagementiam'),
  'iam get-account-password-policy': one('iam:GetAccountPasswordPolicy', '*', 'list_awsidentityandaccessmanagementiam'),
  'iam detach-role-policy': one(
    'iam:DetachRolePolicy',
    'arn:${Partition}:iam::${Account}:role/{--role-name}',
    'list_awsidentityandaccessmanagementiam',
  ),
  'iam list-attached-role-policies': one(
    'iam:ListAttachedRolePolicies',
    'arn:${Partition}:iam::${Account}:role/{--role-name}',
    'list_awsidentityandaccessmanagementiam',
  ),
  'iam delete-role': one(
    'iam:DeleteRole',
    'arn:${Partition}:iam::${Account}:role/{--role-name}',
    'list_awsidentityandaccessmanagementiam',
  ),
  'sts get-caller-identity': {
    actions: [],
    source: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html',
    note: 'No permission is required to call GetCallerIdentity; not even an explicit deny stops it.',
  },
};

/** `npm run <script>`: the AWS calls the kit's own commands make (read from lib/demo). */
export const NPM_SCRIPTS: Readonly<Record<string, CommandEntry>> = {
  verify: {
    actions: [{ action: 'cloudformation:DescribeStacks', resource: stackOf('Edge') }],
    source: 'lib/demo/outputs.ts (siteTarget reads the distribution domain from the Edge stack outputs)',
  },
  'demo:load': {
    actions: [{ action: 'cloudformation:DescribeStacks', resource: stackOf('Edge') }],
    source: 'lib/demo/outputs.ts (siteTarget reads the distribution domain from the Edge stack outputs)',
  },
  'demo:failover': {
    actions: [
      { action: 'cloudformation:DescribeStacks', resource: stackOf('Data') },
      { action: 'cloudformation:DescribeStacks', resource: stackOf('Edge') },
      {
        action: 'rds:DescribeDBInstances',
        resource: 'arn:${Partition}:rds:${Region}:${Account}:db:{output:Data:DatabaseInstanceIdentifier}',
      },
      {
        action: 'rds:RebootDBInstance',
        resource: 'arn:${Partition}:rds:${Region}:${Account}:db:{output:Data:DatabaseInstanceIdentifier}',
      },
    ],
    source: 'lib/demo/commands.ts failoverCommand, lib/demo/failover.ts (DescribeDBInstances, RebootDBInstance)',
  },
  analyze: { actions: [], source: 'scripts/analyze.ts: reads the cloud assembly only' },
  runbooks: { actions: [], source: 'scripts/runbooks.ts: reads the cloud assembly only' },
  docs: { actions: [], source: 'scripts/docs.ts: reads the cloud assembly only' },
};

function stackOf(role: string): string {
  return `arn:\${Partition}:cloudformation:\${Region}:\${Account}:stack/{stack:${role}}/\${StackId}`;
}

/**
 * `npx cdk deploy|destroy`: the CLI works through the CDK bootstrap roles, so the caller needs
 * sts:AssumeRole on them; the roles' trust policy (bootstrap template, `DeploymentActionRole` and
 * `FilePublishingRole`) trusts the account's root principal, which leaves the decision to the
 * caller's identity policies. The role ARNs are read from the cloud assembly (manifest.json and
 * each stack's asset manifest).
 */
export const CDK_BOOTSTRAP_TRUST_SOURCE =
  'https://github.com/aws/aws-cdk-cli/blob/main/packages/aws-cdk/lib/api/bootstrap/bootstrap-template.yaml';

/**
 * Commands a runbook may run before it assumes one of the POC's roles, with the signed-in
 * principal's own credentials. Their policies are not in the templates, so the test cannot
 * evaluate them: it only allows these commands there.
 */
export const OWN_CREDENTIAL_COMMANDS: Readonly<Record<string, string>> = {
  'cloudformation describe-stacks': 'reads the ARN of the role to assume (an output of the Operations stack)',
  'iam list-attached-role-policies': "the account's own administrator deletes the retained administrator role, last",
  'iam detach-role-policy': "the account's own administrator deletes the retained administrator role, last",
  'iam delete-role': "the account's own administrator deletes the retained administrator role, last",
};
