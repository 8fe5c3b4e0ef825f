import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';
import { SubnetTier } from '../segmentation';
import { amazonLinux2023For } from './tier-fleet';
import { encryptedRootVolume } from './secure-defaults';

export interface BastionHostsProps {
  readonly vpc: ec2.IVpc;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly instanceType: string;
  /** The tier whose subnets hold one bastion per AZ (segmentation.ts zoneTiers). */
  readonly subnetTier: SubnetTier;
  /**
   * A public address, only for SSH from the corporate ranges through the internet gateway.
   * Without one the bastions reach Session Manager through the NAT gateways.
   */
  readonly publicIp: boolean;
}

/**
 * One bastion per AZ, so losing an AZ does not lose administration: in the public subnets with
 * a public address in ssh mode, in the web subnets without one in ssm mode. Who may reach them
 * is decided by their security group (corporate CIDRs on 22, or nothing in Session Manager
 * mode); the instances themselves are AL2023 with IMDSv2 and SSM.
 */
export class BastionHosts extends Construct {
  public readonly instances: ec2.Instance[];
  /** The role every bastion runs with. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: BastionHostsProps) {
    super(scope, id);
    const role = (this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'Bastion hosts: Session Manager only',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    }));
    acknowledgeRule(
      role,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
      'Session Manager on the bastions; AWS keeps this policy in step with the SSM agent',
    );
    const subnets = props.vpc.selectSubnets({ subnetGroupName: props.subnetTier }).subnets;
    this.instances = subnets.map((subnet, index) => {
      const instance = new ec2.Instance(this, `Bastion${index + 1}`, {
        vpc: props.vpc,
        vpcSubnets: { subnets: [subnet] },
        instanceType: new ec2.InstanceType(props.instanceType),
        machineImage: amazonLinux2023For(props.instanceType),
        securityGroup: props.securityGroup,
        role,
        requireImdsv2: true,
        associatePublicIpAddress: props.publicIp,
        detailedMonitoring: true,
        blockDevices: [encryptedRootVolume(10)],
      });
      // The subnet already fixes the AZ; a literal AZ name beside it only invites drift.
      (instance.node.defaultChild as ec2.CfnInstance).addPropertyDeletionOverride('AvailabilityZone');
      acknowledgeRule(
        instance,
        'AwsSolutions-EC29',
        'Bastions hold no data and are replaced by deployments; termination protection would block those replacements',
      );
      if (props.publicIp) {
        acknowledgeRule(
          instance,
          'PCI.DSS.321-EC2InstanceNoPublicIp',
          'A bastion in ssh mode is the management entry point: its security group admits port 22 only from the corporate CIDRs',
        );
      }
      acknowledgeRule(
        instance,
        'PCI.DSS.321-EC2InstancesInVPC',
        `The bastion is in a ${props.subnetTier} subnet of the POC VPC, set on its network interface (NetworkInterfaces[0].SubnetId), which the rule does not read`,
      );
      return instance;
    });
  }
}
