import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';
import { encryptedLogGroup } from './secure-defaults';

/** CloudFront publishes its metrics in this region only, and an alarm can watch only metrics of its own region. */
export const CLOUDFRONT_METRICS_REGION = 'us-east-1';

export interface DistributionIdRelayProps {
  /** The distribution whose id is relayed. */
  readonly distribution: cloudfront.IDistribution;
  /** SSM parameter, in CLOUDFRONT_METRICS_REGION, that receives the distribution id. */
  readonly parameterName: string;
  /** Encrypts the relay function's log group. */
  readonly logKey: kms.IKey;
}

/**
 * Writes the distribution id into an SSM parameter in us-east-1 at deploy time, where the
 * EdgeAlarms stack reads it. CDK's own cross-region references need every stack's region
 * pinned at synthesis; the kit's default is environment-agnostic, so the Edge stack's region
 * is only known at deploy time and the value travels through this one parameter instead.
 */
export class DistributionIdRelay extends Construct {
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: DistributionIdRelayProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const parameterArn = stack.formatArn({
      service: 'ssm',
      region: CLOUDFRONT_METRICS_REGION,
      resource: 'parameter',
      resourceName: props.parameterName.replace(/^\//, ''),
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const logGroup = encryptedLogGroup(this, 'Logs', props.logKey);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Writes the CloudFront distribution id into ${props.parameterName} in ${CLOUDFRONT_METRICS_REGION} for the edge alarms`,
    });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Distribution id relay: write and delete its one SSM parameter, write its own logs',
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({ actions: ['ssm:PutParameter', 'ssm:DeleteParameter'], resources: [parameterArn] }),
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
      ],
    });

    const write: cr.AwsSdkCall = {
      service: 'SSM',
      action: 'putParameter',
      region: CLOUDFRONT_METRICS_REGION,
      parameters: { Name: props.parameterName, Value: props.distribution.distributionId, Type: 'String', Overwrite: true },
      physicalResourceId: cr.PhysicalResourceId.of(props.parameterName),
    };
    new cr.AwsCustomResource(this, 'Parameter', {
      onCreate: write,
      onUpdate: write,
      onDelete: {
        service: 'SSM',
        action: 'deleteParameter',
        region: CLOUDFRONT_METRICS_REGION,
        parameters: { Name: props.parameterName },
        ignoreErrorCodesMatching: 'ParameterNotFound',
      },
      role: this.role,
      logGroup,
      installLatestAwsSdk: false,
    });

    // The provider function is a singleton at stack level, found through the role it runs as.
    const handler = stack.node.children.find(
      (child): child is lambda.Function => child instanceof lambda.Function && child.role === this.role,
    );
    if (!handler) throw new Error('the AwsCustomResource provider function was not found at stack level');
    // Otherwise CloudFormation may invoke it before the policy is attached to its role.
    handler.node.addDependency(policy);
    acknowledgeRule(
      handler,
      'PCI.DSS.321-LambdaInsideVPC',
      `Deploy-time function that only writes the distribution id into one SSM parameter in ${CLOUDFRONT_METRICS_REGION}; it never reaches the VPC or cardholder data, and running it in the VPC would only add a NAT path`,
    );
  }
}
