import { Duration } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';
import { ASG_HEALTH_CHECK_GRACE_SECONDS } from '../shared/resilience-settings';
import { SubnetTier } from '../segmentation';
import { addCloudWatchAgent, grantCloudWatchAgent } from './cloudwatch-agent';
import { amazonLinux2023Parameter, LAUNCH_BEFORE_TERMINATE } from './tier-fleet';
import { imdsGuardCommands, sessionUserCommands } from './tier-user-data';
import { encryptedLogGroup, encryptedRootVolume } from './secure-defaults';

export interface BastionHostsProps {
  /** The POC VPC. */
  readonly vpc: ec2.IVpc;
  /** The bastion group of the segmentation table. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** EC2 instance type of the bastions. */
  readonly instanceType: string;
  /** The tier whose subnets hold one bastion per AZ (segmentation.ts zoneTiers). */
  readonly subnetTier: SubnetTier;
  /**
   * A public address, only for SSH from the corporate ranges through the internet gateway.
   * Without one the bastions reach Session Manager through the NAT gateways.
   */
  readonly publicIp: boolean;
  /** Key of the bastions' log group (system and authentication logs shipped by the CloudWatch agent). */
  readonly logKey: kms.IKey;
  /** Auto Scaling replaces each bastion this long after its launch, from the newest AMI. */
  readonly maxInstanceLifetime: Duration;
}

/**
 * One bastion per AZ, so losing an AZ does not lose administration: in the public subnets with a
 * public address in ssh mode, in the web subnets without one in ssm mode. They form one Auto
 * Scaling group of fixed size (one instance per subnet of their tier, which Auto Scaling spreads
 * one per AZ): like the tiers, each bastion starts from the newest AL2023 AMI and is replaced at
 * the end of its lifetime, and it ships its system and authentication logs (`/var/log/secure`) to
 * a KMS-encrypted log group kept a year. Who may reach them is decided by their security group
 * (corporate CIDRs on 22, or nothing in Session Manager mode).
 */
export class BastionHosts extends Construct {
  public readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  /** The role every bastion runs with. */
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;
  /** How many bastions run: one per subnet of their tier. */
  public readonly count: number;
  /** The public SSM parameter each launch reads its AMI id from. */
  public readonly amiParameter: string;

  constructor(scope: Construct, id: string, props: BastionHostsProps) {
    super(scope, id);
    const role = (this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'Bastion hosts: Session Manager, CloudWatch agent',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    }));
    acknowledgeRule(
      role,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
      'Session Manager on the bastions; AWS keeps this policy in step with the SSM agent',
    );
    this.logGroup = encryptedLogGroup(this, 'Logs', props.logKey);
    const userData = ec2.UserData.forLinux();
    // Sessions run as the session user, which like every user but root is kept from the role's credentials.
    userData.addCommands('set -euo pipefail', ...sessionUserCommands(), ...imdsGuardCommands([]));
    addCloudWatchAgent(userData, this.logGroup, []);
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Bastion hosts: CloudWatch agent',
      roles: [role],
    });
    grantCloudWatchAgent(policy, this.logGroup);

    this.amiParameter = amazonLinux2023Parameter(props.instanceType);
    const launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      machineImage: ec2.MachineImage.resolveSsmParameterAtLaunch(this.amiParameter),
      instanceType: new ec2.InstanceType(props.instanceType),
      role,
      securityGroup: props.securityGroup,
      userData,
      requireImdsv2: true,
      httpPutResponseHopLimit: 1,
      associatePublicIpAddress: props.publicIp,
      detailedMonitoring: true,
      blockDevices: [encryptedRootVolume(10)],
    });
    const count = (this.count = props.vpc.selectSubnets({ subnetGroupName: props.subnetTier }).subnets.length);
    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, 'Group', {
      vpc: props.vpc,
      vpcSubnets: { subnetGroupName: props.subnetTier },
      launchTemplate,
      minCapacity: count,
      // Room for one more: a replacement launches before the bastion it replaces terminates.
      maxCapacity: count + 1,
      healthChecks: autoscaling.HealthChecks.ec2({ gracePeriod: Duration.seconds(ASG_HEALTH_CHECK_GRACE_SECONDS) }),
      updatePolicy: autoscaling.UpdatePolicy.rollingUpdate({
        minInstancesInService: count,
        maxBatchSize: 1,
        pauseTime: Duration.minutes(5),
        waitOnResourceSignals: false,
      }),
      groupMetrics: [new autoscaling.GroupMetrics(autoscaling.GroupMetric.IN_SERVICE_INSTANCES)],
      maxInstanceLifetime: props.maxInstanceLifetime,
      ...LAUNCH_BEFORE_TERMINATE,
    });
    // Bastions boot straight into the CloudWatch agent: their role must already carry its policy.
    this.autoScalingGroup.node.addDependency(policy);
    acknowledgeRule(
      this.autoScalingGroup,
      'AwsSolutions-AS3',
      'Launch-failure and replacement events reach the alarm topic through the EventBridge rule of the Operations stack, which keeps this stateless stack free of a dependency on it',
    );
  }
}
