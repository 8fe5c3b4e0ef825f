import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeRule, wildcardResourceFinding } from '../compliance/acknowledge';
import { DatabaseUsers } from './database-users';
import { MysqlDatabase } from './mysql-database';
import { SessionLogging } from './session-logging';

export interface OperatorRolesProps {
  /** The `Customer` tag value of the POC resources: scaling and sessions are allowed on resources carrying it. */
  readonly customerTag: string;
  /** The database the database administrator role may snapshot, reboot and read the credentials of. */
  readonly database: MysqlDatabase;
  /** The app user's secret: the database administrator reads it for read-only checks and may rotate it now. */
  readonly databaseUsers: DatabaseUsers;
  /** Prefix of the POC's stack names (`<prefix>-Data`, ...): the stacks whose outputs and resources the runbooks read. */
  readonly stackNamePrefix: string;
  /**
   * The POC's Session Manager preferences; absent when the account keeps its own.
   * @default none: the POC sets no Session Manager preferences
   */
  readonly sessionLogging?: SessionLogging;
  /** The public SSM parameters the launch templates read their AMI ids from (the patch runbook reads them too). */
  readonly amiParameters: readonly string[];
}

/** What the runbooks and demo commands call to find the POC's resources: stack outputs and logical ids. */
const STACK_READ_ACTIONS = [
  'cloudformation:DescribeStacks',
  'cloudformation:DescribeStackResource',
  'cloudformation:DescribeStackResources',
] as const;

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

  private readonly dbaPolicy: iam.ManagedPolicy;

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
    const policyOf = (target: iam.Role, statements: iam.PolicyStatement[]) =>
      new iam.ManagedPolicy(this, `${target.node.id}Policy`, {
        description: `Permissions of the ${target.node.id} role`,
        roles: [target],
        statements,
      });
    const arn = (service: string, resource: string, resourceName: string, arnFormat = ArnFormat.SLASH_RESOURCE_NAME) =>
      stack.formatArn({ service, resource, resourceName, arnFormat });
    // Any region: the DR vault's stack lives in the copy region.
    const pocStacks = stack.formatArn({
      service: 'cloudformation',
      region: '*',
      resource: 'stack',
      resourceName: `${props.stackNamePrefix}-*/*`,
    });
    const readPocStacks = (policy: iam.ManagedPolicy) => {
      policy.addStatements(new iam.PolicyStatement({ actions: [...STACK_READ_ACTIONS], resources: [pocStacks] }));
      acknowledgeRule(
        policy,
        wildcardResourceFinding('AwsSolutions-IAM5', this, pocStacks),
        'Read-only CloudFormation calls on the stacks of this POC only (name prefix), in any region because the DR vault stack lives in the copy region; the runbooks read outputs and logical ids through them',
      );
    };

    this.administrator = role('Administrator', 'Full administration of the POC account (break-glass, MFA)', [
      iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess'),
    ]);
    // The tear-down runs as this role after it has destroyed this stack (the stateful stacks go after the ones that
    // depend on them): the role stays, and its last step deletes it with the account's own credentials.
    this.administrator.applyRemovalPolicy(RemovalPolicy.RETAIN);
    acknowledgeRule(
      this.administrator,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess]',
      'Break-glass administrator: full access is its job; only MFA-authenticated principals of this account may assume it, for one hour',
    );

    this.auditor = role('Auditor', 'Read-only review of configuration and logs (QSA / internal audit)', [
      iam.ManagedPolicy.fromAwsManagedPolicyName('SecurityAudit'),
    ]);
    acknowledgeRule(
      this.auditor,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/SecurityAudit]',
      'SecurityAudit is the AWS job-function policy for auditors: read-only metadata, maintained by AWS as services change',
    );
    const allLogGroups = arn('logs', 'log-group', '*', ArnFormat.COLON_RESOURCE_NAME);
    const auditorPolicy = policyOf(this.auditor, [
      new iam.PolicyStatement({ actions: ['logs:FilterLogEvents', 'logs:GetLogEvents'], resources: [allLogGroups] }),
      new iam.PolicyStatement({ actions: ['cloudtrail:LookupEvents'], resources: ['*'] }),
    ]);
    acknowledgeRule(
      auditorPolicy,
      wildcardResourceFinding('AwsSolutions-IAM5', this, allLogGroups),
      'The auditor reads every log group of the POC account and region (read-only actions only)',
    );
    acknowledgeRule(
      auditorPolicy,
      'AwsSolutions-IAM5[Resource::*]',
      'cloudtrail:LookupEvents has no resource-level permission; it is read-only',
    );

    this.operator = role('Operator', 'Day-to-day operations: sessions on tier instances, scaling, health');
    const allInstances = arn('ec2', 'instance', '*');
    const ownSessions = arn('ssm', 'session', '${aws:userid}-*');
    // AWS's public parameters carry no account in their ARN; a `*` account matches it (and only AWS
    // may own a parameter under /aws/).
    const amiParameterArns = props.amiParameters.map((name) =>
      stack.formatArn({ service: 'ssm', account: '*', resource: 'parameter', resourceName: name.replace(/^\//, '') }),
    );
    const operatorPolicy = policyOf(this.operator, [
      new iam.PolicyStatement({ actions: [...OPERATOR_READ_ACTIONS], resources: ['*'] }),
      new iam.PolicyStatement({
        actions: [
          'autoscaling:SetDesiredCapacity',
          'autoscaling:StartInstanceRefresh',
          'autoscaling:SuspendProcesses',
          'autoscaling:ResumeProcesses',
        ],
        resources: ['*'],
        conditions: { StringEquals: { 'autoscaling:ResourceTag/Customer': props.customerTag } },
      }),
      // Which AMI the next launch gets; an instance refresh with a launch template that names an
      // SSM parameter also needs the right to read it.
      new iam.PolicyStatement({ actions: ['ssm:GetParameters'], resources: amiParameterArns }),
      new iam.PolicyStatement({
        actions: ['ssm:StartSession'],
        resources: [allInstances],
        conditions: { StringEquals: { 'ssm:resourceTag/Customer': props.customerTag } },
      }),
      new iam.PolicyStatement({
        actions: ['ssm:TerminateSession', 'ssm:ResumeSession'],
        resources: [ownSessions],
      }),
      ...(props.sessionLogging ? [props.sessionLogging.startSessionStatement()] : []),
    ]);
    readPocStacks(operatorPolicy);
    acknowledgeRule(
      operatorPolicy,
      'AwsSolutions-IAM5[Resource::*]',
      'Describe/Get/List calls have no resource-level permission; scaling actions are limited by the Customer tag condition to the POC groups',
    );
    acknowledgeRule(
      operatorPolicy,
      wildcardResourceFinding('AwsSolutions-IAM5', this, allInstances),
      'Session Manager access is limited by the ssm:resourceTag/Customer condition to the POC instances',
    );
    acknowledgeRule(
      operatorPolicy,
      wildcardResourceFinding('AwsSolutions-IAM5', this, ownSessions),
      'An operator may end or resume only sessions named after their own user id',
    );
    for (const parameter of new Set(amiParameterArns)) {
      acknowledgeRule(
        operatorPolicy,
        wildcardResourceFinding('AwsSolutions-IAM5', this, parameter),
        "The account of AWS's public AMI parameter is empty in its ARN; the wildcard stands for that empty account, and the name is the one parameter the launch templates read",
      );
    }

    this.databaseAdministrator = role('DatabaseAdministrator', 'Database administration: failover tests, snapshots, credentials');
    const anySnapshot = arn('rds', 'snapshot', '*', ArnFormat.COLON_RESOURCE_NAME);
    const dbaPolicy = policyOf(this.databaseAdministrator, [
      new iam.PolicyStatement({ actions: [...DBA_READ_ACTIONS], resources: ['*'] }),
      new iam.PolicyStatement({
        actions: ['rds:RebootDBInstance', 'rds:CreateDBSnapshot', 'rds:DescribeDBLogFiles', 'rds:DownloadDBLogFilePortion'],
        resources: [props.database.instance.instanceArn, anySnapshot],
      }),
      // The master secret is readable by this role alone: break-glass, each read a GetSecretValue event in CloudTrail.
      ...props.database.credentialsReadStatements(),
      ...props.database.rotateNowStatements(),
      ...props.databaseUsers.appCredentialsReadStatements(),
      ...props.databaseUsers.appRotateNowStatements(),
    ]);
    this.dbaPolicy = dbaPolicy;
    readPocStacks(dbaPolicy);
    acknowledgeRule(
      dbaPolicy,
      'AwsSolutions-IAM5[Resource::*]',
      'rds:Describe* calls have no resource-level permission and are read-only',
    );
    acknowledgeRule(
      dbaPolicy,
      wildcardResourceFinding('AwsSolutions-IAM5', this, anySnapshot),
      'CreateDBSnapshot needs the ARN of the snapshot it creates, whose name the administrator chooses at run time',
    );
  }

  /** The database administrator reads the state of these alarms (the failover runbook shows the database's). */
  allowDatabaseAdministratorToDescribe(alarms: readonly cloudwatch.IAlarm[]): void {
    if (alarms.length === 0) return;
    this.dbaPolicy.addStatements(
      new iam.PolicyStatement({ actions: ['cloudwatch:DescribeAlarms'], resources: alarms.map((alarm) => alarm.alarmArn) }),
    );
  }
}
