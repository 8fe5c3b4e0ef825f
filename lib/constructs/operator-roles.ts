import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { MysqlDatabase } from './mysql-database';

export interface OperatorRolesProps {
  readonly customerTag: string;
  readonly database: MysqlDatabase;
  readonly autoScalingGroupNames: readonly string[];
}

/** Read-only calls that IAM cannot scope to a resource (their resource type is "*"). */
const OPERATOR_READ_ACTIONS = [
  'autoscaling:DescribeAutoScalingGroups',
  'autoscaling:DescribeScalingActivities',
  'autoscaling:DescribeInstanceRefreshes',
  'ec2:DescribeInstances',
  'elasticloadbalancing:DescribeTargetHealth',
  'elasticloadbalancing:DescribeTargetGroups',
  'elasticloadbalancing:DescribeLoadBalancers',
  'cloudwatch:DescribeAlarms',
  'cloudwatch:GetMetricData',
  'cloudwatch:ListDashboards',
  'ssm:DescribeInstanceInformation',
  'ssm:DescribeSessions',
] as const;

const DBA_READ_ACTIONS = ['rds:DescribeDBInstances', 'rds:DescribeDBSnapshots', 'rds:DescribeEvents'] as const;

/**
 * Role-based access for the people who run the POC: administrator, operator, database
 * administrator and auditor. Each is assumable only by principals of this account that
 * signed in with MFA, for at most an hour, and may do only what its job needs.
 */
export class OperatorRoles extends Construct {
  public readonly administrator: iam.Role;
  public readonly operator: iam.Role;
  public readonly databaseAdministrator: iam.Role;
  public readonly auditor: iam.Role;

  constructor(scope: Construct, id: string, props: OperatorRolesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const role = (roleId: string, description: string, managedPolicies: iam.IManagedPolicy[] = []) =>
      new iam.Role(this, roleId, {
        description,
        assumedBy: new iam.AccountRootPrincipal().withConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
        maxSessionDuration: Duration.hours(1),
        managedPolicies,
      });

    this.administrator = role('Administrator', 'Full administration of the POC account (break-glass, MFA)', [
      iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess'),
    ]);

    this.auditor = role('Auditor', 'Read-only review of configuration and logs (QSA / internal audit)', [
      iam.ManagedPolicy.fromAwsManagedPolicyName('SecurityAudit'),
    ]);
    this.auditor.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:FilterLogEvents', 'logs:GetLogEvents', 'cloudtrail:LookupEvents'],
        resources: [
          stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
          '*',
        ],
      }),
    );

    this.operator = role('Operator', 'Day-to-day operations: sessions on tier instances, scaling, health');
    this.operator.addToPolicy(new iam.PolicyStatement({ actions: [...OPERATOR_READ_ACTIONS], resources: ['*'] }));
    this.operator.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          'autoscaling:SetDesiredCapacity',
          'autoscaling:StartInstanceRefresh',
          'autoscaling:SuspendProcesses',
          'autoscaling:ResumeProcesses',
        ],
        resources: props.autoScalingGroupNames.map((name) =>
          stack.formatArn({
            service: 'autoscaling',
            resource: 'autoScalingGroup',
            resourceName: `*:autoScalingGroupName/${name}`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ),
      }),
    );
    this.operator.addToPolicy(
      new iam.PolicyStatement({
        actions: ['ssm:StartSession'],
        resources: [stack.formatArn({ service: 'ec2', resource: 'instance', resourceName: '*' })],
        conditions: { StringEquals: { 'ssm:resourceTag/Customer': props.customerTag } },
      }),
    );
    this.operator.addToPolicy(
      new iam.PolicyStatement({
        actions: ['ssm:TerminateSession', 'ssm:ResumeSession'],
        resources: [stack.formatArn({ service: 'ssm', resource: 'session', resourceName: '${aws:userid}-*' })],
      }),
    );

    this.databaseAdministrator = role('DatabaseAdministrator', 'Database administration: failover tests, snapshots, credentials');
    this.databaseAdministrator.addToPolicy(new iam.PolicyStatement({ actions: [...DBA_READ_ACTIONS], resources: ['*'] }));
    this.databaseAdministrator.addToPolicy(
      new iam.PolicyStatement({
        actions: ['rds:RebootDBInstance', 'rds:CreateDBSnapshot', 'rds:DescribeDBLogFiles', 'rds:DownloadDBLogFilePortion'],
        resources: [
          props.database.instance.instanceArn,
          stack.formatArn({ service: 'rds', resource: 'snapshot', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
        ],
      }),
    );
    props.database.grantCredentialsRead(this.databaseAdministrator);
    this.databaseAdministrator.addToPolicy(
      new iam.PolicyStatement({ actions: ['secretsmanager:RotateSecret'], resources: [props.database.secret.secretArn] }),
    );
  }
}
