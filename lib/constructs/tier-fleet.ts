import { Annotations, Duration } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { isGraviton } from '../config/instance-types';
import { SubnetTier } from '../segmentation';
import { acknowledgeRule } from '../compliance/acknowledge';
import { ASG_HEALTH_CHECK_GRACE_SECONDS } from '../shared/resilience-settings';
import { addCloudWatchAgent, grantCloudWatchAgent, ShippedLogFile } from './cloudwatch-agent';
import { encryptedLogGroup, encryptedRootVolume } from './secure-defaults';

export interface TierFleetProps {
  /** The POC VPC. */
  readonly vpc: ec2.IVpc;
  /** The subnet tier of the instances (lib/shared/topology.ts). */
  readonly subnetTier: SubnetTier;
  /**
   * Replace instances the load balancer reports unhealthy. Off for a tier whose health check
   * also checks a shared dependency: a database failover would otherwise replace every healthy
   * instance of the tier at once and turn a two-minute failover into an outage of minutes.
   */
  readonly replaceOnLoadBalancerHealth: boolean;
  /** EC2 instance type, e.g. `t4g.small`; its architecture picks the AMI. */
  readonly instanceType: string;
  /** Fewest instances; also the minimum kept in service during replacements. */
  readonly minCapacity: number;
  /** Most instances target tracking may scale out to. */
  readonly maxCapacity: number;
  /**
   * Instances to run now, set only when the config asks for it (load tests).
   * @default unset: Auto Scaling starts at `minCapacity` and deployments leave the current size alone
   */
  readonly desiredCapacity?: number;
  /** Average CPU the target tracking policy keeps the group at. */
  readonly cpuTargetPercent: number;
  /** The tier's group of the segmentation table. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** What an instance runs at boot (the tier software). */
  readonly userData: ec2.UserData;
  /** The tier's own log files, shipped with the system logs to the tier's log group. */
  readonly logFiles: readonly ShippedLogFile[];
  /** What the tier runs, for the role and policy descriptions. */
  readonly description: string;
  /** Key of the tier's log group (system and application logs shipped by the CloudWatch agent). */
  readonly logKey: kms.IKey;
  /** Auto Scaling replaces each instance this long after its launch, from the newest AMI. */
  readonly maxInstanceLifetime: Duration;
}

/**
 * The public SSM parameter of the newest Amazon Linux 2023 AMI for the instance type's
 * architecture. Launch templates name it (`resolve:ssm:`) and EC2 reads it at each launch, not
 * CloudFormation at deploy time: every instance Auto Scaling launches, a replacement at the end
 * of its lifetime included, starts from the AMI AWS published last, with no redeployment. The
 * kernel stays 6.1, so a launch never moves to another kernel line unannounced. Synthesis reads
 * nothing from AWS.
 */
export function amazonLinux2023Parameter(instanceType: string): string {
  return ec2.AmazonLinux2023ImageSsmParameter.ssmParameterName({
    cpuType: isGraviton(instanceType) ? ec2.AmazonLinuxCpuType.ARM_64 : ec2.AmazonLinuxCpuType.X86_64,
    kernel: ec2.AmazonLinux2023Kernel.KERNEL_6_1,
  });
}

/**
 * The instance maintenance policy of every group: a replacement (end of lifetime, failed health
 * check, instance refresh) is in service before the instance it replaces terminates, so a group
 * never drops below its size and its in-service alarm stays quiet.
 */
export const LAUNCH_BEFORE_TERMINATE = { minHealthyPercentage: 100, maxHealthyPercentage: 200 } as const;

/**
 * One tier's fleet: a launch template (the newest AL2023 at each launch, IMDSv2 only, encrypted
 * gp3 root, no public IP, detailed monitoring), a multi-AZ Auto Scaling group with ELB health
 * checks, rolling replacement when the template changes, a maximum instance lifetime that keeps
 * every instance on a recent AMI, and CPU target tracking.
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
  /** The public SSM parameter each launch reads its AMI id from. */
  public readonly amiParameter: string;

  constructor(scope: Construct, id: string, props: TierFleetProps) {
    super(scope, id);
    this.subnetTier = props.subnetTier;
    this.minCapacity = props.minCapacity;
    this.amiParameter = amazonLinux2023Parameter(props.instanceType);

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
    this.policy = new iam.ManagedPolicy(this, 'Policy', { description: props.description, roles: [this.role] });
    grantCloudWatchAgent(this.policy, this.logGroup);

    const launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      machineImage: ec2.MachineImage.resolveSsmParameterAtLaunch(this.amiParameter),
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
      maxInstanceLifetime: props.maxInstanceLifetime,
      ...LAUNCH_BEFORE_TERMINATE,
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
