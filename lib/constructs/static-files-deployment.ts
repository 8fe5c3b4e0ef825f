import { CfnElement, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';
import { encryptedLogGroup } from './secure-defaults';

export interface StaticFilesDeploymentProps {
  /** Folder whose files are published. */
  readonly sourceDir: string;
  /** The bucket the files are published to. */
  readonly bucket: s3.IBucket;
  /** The KMS key of `bucket`: the deployment function encrypts the files with it. */
  readonly bucketKey: kms.IKey;
  /** Key prefix in the bucket, e.g. `static/`. */
  readonly keyPrefix: string;
  /** The distribution that serves the bucket, invalidated after each deployment. */
  readonly distribution: cloudfront.Distribution;
  /** CloudFront paths invalidated after each deployment, e.g. `/static/*`. */
  readonly invalidationPath: string;
}

/**
 * Publishes a folder into the static-assets bucket at deploy time (aws-s3-deployment's
 * BucketDeployment: a Lambda-backed custom resource) and invalidates CloudFront's copies.
 *
 * The construct's own grants are broad (`s3:*Object*` on the whole bucket and the assets
 * bucket, `cloudfront:*Invalidation` on `*`, an inline policy, the AWS managed logging
 * policy). Its role is therefore handed over without policy updates, so those grants are
 * dropped, and one customer-managed policy grants exactly what the copy needs.
 */
export class StaticFilesDeployment extends Construct {
  public readonly deployment: s3deploy.BucketDeployment;
  public readonly role: iam.Role;
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: StaticFilesDeploymentProps) {
    super(scope, id);
    const files = new s3assets.Asset(this, 'Files', { path: props.sourceDir });
    const logGroup = encryptedLogGroup(this, 'Logs', props.bucketKey);
    const prefixPattern = `${props.keyPrefix}*`;

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the sample app static files into the static-assets bucket at deploy time',
    });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Static files deployment: read its one source archive, write under the static prefix, invalidate it',
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [files.bucket.arnForObjects(files.s3ObjectKey)] }),
        new iam.PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [props.bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [prefixPattern] } },
        }),
        new iam.PolicyStatement({
          actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
          resources: [props.bucket.arnForObjects(prefixPattern)],
        }),
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.bucketKey.keyArn] }),
        new iam.PolicyStatement({
          actions: ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'],
          resources: [props.distribution.distributionArn],
        }),
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
      ],
    });
    const stack = Stack.of(this);
    acknowledgeRule(
      this.policy,
      `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(props.bucket.node.defaultChild as CfnElement)}.Arn>/${prefixPattern}]`,
      `The deployment writes and prunes the objects under ${props.keyPrefix} only; object names change with each release, so the prefix is the narrowest grant`,
    );

    const immutableRole = this.role.withoutPolicyUpdates();
    this.deployment = new s3deploy.BucketDeployment(this, 'Deployment', {
      sources: [s3deploy.Source.bucket(files.bucket, files.s3ObjectKey)],
      // Imported so that the construct's grants cannot land in the bucket or key policy either.
      destinationBucket: s3.Bucket.fromBucketAttributes(this, 'Destination', {
        bucketArn: props.bucket.bucketArn,
        bucketName: props.bucket.bucketName,
      }),
      destinationKeyPrefix: props.keyPrefix,
      distribution: props.distribution,
      distributionPaths: [props.invalidationPath],
      role: immutableRole,
      logGroup,
      memoryLimit: 256,
    });

    // The handler is a singleton at stack level, found through the role it runs as.
    const handler = stack.node.children.find(
      (child): child is lambda.Function => child instanceof lambda.Function && child.role === immutableRole,
    );
    if (!handler) throw new Error('the BucketDeployment handler was not found at stack level');
    // Otherwise CloudFormation may invoke it before the policy is attached to its role.
    handler.node.addDependency(this.policy);
    acknowledgeRule(
      handler,
      'AwsSolutions-L1',
      'aws-cdk-lib chooses and updates the runtime of its BucketDeployment handler with the library version; it runs only during deployments',
    );
    acknowledgeRule(
      handler,
      'PCI.DSS.321-LambdaInsideVPC',
      'Deploy-time function that copies public static files between two S3 buckets and calls the CloudFront API; it never reaches the VPC or cardholder data, and running it in the VPC would only add a NAT path',
    );
  }
}
