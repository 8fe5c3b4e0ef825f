import { Annotations, Duration } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { isGraviton } from '../config/instance-types';
import { acknowledgeRule } from '../compliance/acknowledge';
import { ASG_HEALTH_CHECK_GRACE_SECONDS } from '../resilience/settings';
import { addCloudWatchAgent, AGENT_METRIC_NAMESPACE, ShippedLogFile } from './cloudwatch-agent';
import { encryptedLogGroup, encryptedRootVolume } from './secure-defaults';

export interface TierFleetProps {
  readonly vpc: ec2.IVpc;
  readonly subnetTier: 'web' | 'app';
  /**
   * Replace instances the load balancer reports unhealthy. Off for a tier whose health check
   * also checks a shared dependency: a database failover would otherwise replace every healthy
   * instance of the tier at once and turn a two-minute failover into an outage of minutes.
   */
  readonly replaceOnLoadBalancerHealth: boolean;
  readonly instanceType: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly desiredCapacity?: number;
  readonly cpuTargetPercent: number;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly userData: ec2.UserData;
  /** The tier's own log files, shipped with the system logs to the tier's log group. */
  readonly logFiles: readonly ShippedLogFile[];
  readonly description: string;
  /** Key of the tier's log group (system and application logs shipped by the CloudWatch agent). */
  readonly logKey: kms.IKey;
}

/** Amazon Linux 2023 for the instance type's architecture, resolved at deploy time from SSM. */
export function amazonLinux2023For(instanceType: string): ec2.IMachineImage {
  return ec2.MachineImage.latestAmazonLinux2023({
    cpuType: isGraviton(instanceType) ? ec2.AmazonLinuxCpuType.ARM_64 : ec2.AmazonLinuxCpuType.X86_64,
  });
}

/**
 * One tier's fleet: a launch template (AL2023, IMDSv2 only, encrypted gp3 root, no public IP,
 * detailed monitoring), a multi-AZ Auto Scaling group with ELB health checks, rolling
 * replacement when the template changes, and CPU target tracking.
 */
export class TierFleet extends Construct {
  public readonly role: iam.Role;
  public readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  public readonly logGroup: logs.LogGroup;
  /** The tier's permissions: a customer-managed policy, reviewed as one document. */
  public readonly policy: iam.ManagedPolicy;
  public readonly subnetTier: TierFleetProps['subnetTier'];
  /** Instances the group keeps in service, through rolling updates too. */
  public readonly minCapacity: number;

  constructor(scope: Construct, id: string, props: TierFleetProps) {
    super(scope, id);
    this.subnetTier = props.subnetTier;
    this.minCapacity = props.minCapacity;

    this.role = new iam.Role(this, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: props.description,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });
    acknowledgeRule(
      this.role,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
      'Session Manager replaces SSH for operators; AWS keeps this policy in step with the SSM agent, and sessions are restricted by the operator role',
    );
    this.logGroup = encryptedLogGroup(this, 'Logs', props.logKey);
    addCloudWatchAgent(props.userData, this.logGroup, props.logFiles);
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: props.description,
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [this.logGroup.logGroupArn],
        }),
        new iam.PolicyStatement({
          actions: ['cloudwatch:PutMetricData'],
          resources: ['*'],
          conditions: { StringEquals: { 'cloudwatch:namespace': AGENT_METRIC_NAMESPACE } },
        }),
      ],
    });
    acknowledgeRule(
      this.policy,
      'AwsSolutions-IAM5[Resource::*]',
      'cloudwatch:PutMetricData has no resource-level permission; the cloudwatch:namespace condition limits it to the CWAgent namespace',
    );

    const launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      machineImage: amazonLinux2023For(props.instanceType),
      instanceType: new ec2.InstanceType(props.instanceType),
      role: this.role,
      securityGroup: props.securityGroup,
      userData: props.userData,
      requireImdsv2: true,
      httpPutResponseHopLimit: 1,
      associatePublicIpAddress: false,
      detailedMonitoring: true,
      blockDevices: [encryptedRootVolume()],
    });

    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, 'Group', {
      vpc: props.vpc,
      vpcSubnets: { subnetGroupName: props.subnetTier },
      launchTemplate,
      minCapacity: props.minCapacity,
      maxCapacity: props.maxCapacity,
      desiredCapacity: props.desiredCapacity,
      healthChecks: props.replaceOnLoadBalancerHealth
        ? autoscaling.HealthChecks.withAdditionalChecks({
            additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
            gracePeriod: Duration.seconds(ASG_HEALTH_CHECK_GRACE_SECONDS),
          })
        : autoscaling.HealthChecks.ec2({ gracePeriod: Duration.seconds(ASG_HEALTH_CHECK_GRACE_SECONDS) }),
      updatePolicy: autoscaling.UpdatePolicy.rollingUpdate({
        minInstancesInService: props.minCapacity,
        maxBatchSize: 1,
        pauseTime: Duration.minutes(5),
        waitOnResourceSignals: false,
      }),
      groupMetrics: [autoscaling.GroupMetrics.all()],
    });
    // Instances boot straight into the CloudWatch agent: their role must already carry its policy.
    this.autoScalingGroup.node.addDependency(this.policy);
    if (props.desiredCapacity !== undefined) {
      Annotations.of(this.autoScalingGroup).acknowledgeWarning(
        '@aws-cdk/aws-autoscaling:desiredCapacitySet',
        'desiredCapacity is set only when the config asks for it (load tests); the config schema documents the reset',
      );
    }
    acknowledgeRule(
      this.autoScalingGroup,
      'AwsSolutions-AS3',
      'Scaling and launch-failure events reach the alarm topic through the EventBridge rule of the Operations stack, which keeps this stateless stack free of a dependency on it',
    );
    if (!props.replaceOnLoadBalancerHealth) {
      acknowledgeRule(
        this.autoScalingGroup,
        'PCI.DSS.321-AutoScalingGroupELBHealthCheckRequired',
        'The ALB health check of this tier includes the database, so it fails on every instance during a Multi-AZ failover: the ALB stops routing to them, EC2 status checks still replace broken instances, and the in-service and unhealthy-host alarms page the operator',
      );
    }
    this.autoScalingGroup.scaleOnCpuUtilization('CpuTarget', {
      targetUtilizationPercent: props.cpuTargetPercent,
    });
  }
}
