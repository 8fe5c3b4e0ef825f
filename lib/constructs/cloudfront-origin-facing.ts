import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';
import { encryptedLogGroup } from './secure-defaults';

/**
 * The AWS-managed prefix list of CloudFront's origin-facing servers; the same name in every
 * region. A security-group rule that names it counts as the list's maximum size (55 entries,
 * AWS's figure) toward the group's quota of 60 inbound rules: the web load balancer's group
 * holds that one rule.
 */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = 'com.amazonaws.global.cloudfront.origin-facing';

export interface CloudFrontOriginFacingProps {
  /** Encrypts the lookup function's log group. */
  readonly logKey: kms.IKey;
}

/**
 * The id of CloudFront's origin-facing prefix list in the region the stack is deployed to. The
 * id differs per region and AWS publishes only the name, so it is looked up at deploy time
 * (DescribeManagedPrefixLists): a synth-time context lookup would need credentials and make the
 * templates depend on the account that ran it.
 */
export class CloudFrontOriginFacing extends Construct {
  public readonly prefixListId: string;

  constructor(scope: Construct, id: string, props: CloudFrontOriginFacingProps) {
    super(scope, id);
    const logGroup = encryptedLogGroup(this, 'Logs', props.logKey);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Looks up the id of the ${CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST} prefix list at deploy time`,
    });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'CloudFront prefix-list lookup: describe managed prefix lists, write its own logs',
      roles: [role],
      statements: [
        new iam.PolicyStatement({ actions: ['ec2:DescribeManagedPrefixLists'], resources: ['*'] }),
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
      ],
    });
    acknowledgeRule(
      policy,
      'AwsSolutions-IAM5[Resource::*]',
      'ec2:DescribeManagedPrefixLists supports no resource-level permission; the policy grants that one read-only action and nothing else on *',
    );

    const resultPath = 'PrefixLists.0.PrefixListId';
    const describe: cr.AwsSdkCall = {
      service: 'EC2',
      action: 'describeManagedPrefixLists',
      parameters: { Filters: [{ Name: 'prefix-list-name', Values: [CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST] }] },
      physicalResourceId: cr.PhysicalResourceId.of(CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST),
      outputPaths: [resultPath],
    };
    const lookup = new cr.AwsCustomResource(this, 'Lookup', {
      onCreate: describe,
      onUpdate: describe,
      role,
      logGroup,
      installLatestAwsSdk: false,
    });
    this.prefixListId = lookup.getResponseField(resultPath);

    // The provider function is a singleton at stack level, found through the role it runs as.
    const stack = Stack.of(this);
    const handler = stack.node.children.find(
      (child): child is lambda.Function => child instanceof lambda.Function && child.role === role,
    );
    if (!handler) throw new Error('the AwsCustomResource provider function was not found at stack level');
    // Otherwise CloudFormation may invoke it before the policy is attached to its role.
    handler.node.addDependency(policy);
    acknowledgeRule(
      handler,
      'PCI.DSS.321-LambdaInsideVPC',
      'Deploy-time function that only reads the id of an AWS-managed prefix list; it never reaches the VPC or cardholder data, and running it in the VPC would only add a NAT path',
    );
  }
}
