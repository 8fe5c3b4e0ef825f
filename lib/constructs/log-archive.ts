import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Fact, FactName } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';
import { secureBucketProps } from './secure-defaults';

/** Key prefix under which every load balancer of the POC writes its access logs. */
export const ALB_LOG_PREFIX = 'alb';
/** Key prefix under which S3 server access logs of the POC's buckets arrive. */
export const S3_LOG_PREFIX = 's3';

/**
 * The access-log destination of the POC: ALB access logs, S3 server access logs and CloudFront
 * logs. SSE-S3 because ALB and S3 log delivery cannot write with a customer-managed key;
 * ACLs stay possible because CloudFront standard logging delivers through them.
 */
export class LogArchive extends Construct {
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new s3.Bucket(
      this,
      'Bucket',
      secureBucketProps({
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
        lifecycleRules: [
          {
            id: 'pci-10.5.1-retention',
            transitions: [{ storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) }],
            expiration: Duration.days(400),
            noncurrentVersionExpiration: Duration.days(400),
          },
        ],
      }),
    );

    for (const rule of ['AwsSolutions-S1', 'PCI.DSS.321-S3BucketLoggingEnabled']) {
      acknowledgeRule(
        this.bucket,
        rule,
        'This bucket is the access-log destination of the POC; logging it into itself would loop',
      );
    }
    acknowledgeRule(
      this.bucket,
      'PCI.DSS.321-S3DefaultEncryptionKMS',
      'ALB and S3 access-log delivery accept only SSE-S3 (AES-256) destinations; the bucket is private, TLS-only and versioned',
    );
    acknowledgeRule(
      this.bucket,
      'PCI.DSS.401-S3BucketDefaultLockEnabled',
      'S3 does not deliver server access logs into a bucket with a default Object Lock retention; versioning keeps every overwritten or deleted log for 400 days and only the MFA-protected Administrator role may delete',
    );
    acknowledgeRule(
      this.bucket,
      'PCI.DSS.321-S3BucketReplicationEnabled',
      'Access logs are versioned and kept 400 days with Glacier transition; the regional DR plan (RESILIENCE.md) restores the database from its cross-region backup copy, and a rebuilt POC starts new access logs',
    );
    // ELB delivers logs as a regional AWS account (older regions) or as a service principal
    // (regions opened since August 2022). The account comes from CDK's region facts, as a
    // template mapping when the stack is environment-agnostic, so synthesis needs no region. A
    // pinned region with no such account (eu-central-2, say) has the service principal alone.
    const stack = Stack.of(this);
    const elbAccount = Token.isUnresolved(stack.region)
      ? stack.regionalFact(FactName.ELBV2_ACCOUNT)
      : Fact.find(stack.region, FactName.ELBV2_ACCOUNT);
    const albLogs = this.bucket.arnForObjects(`${ALB_LOG_PREFIX}/*/AWSLogs/${stack.account}/*`);
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [
          ...(elbAccount ? [new iam.AccountPrincipal(elbAccount)] : []),
          new iam.ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com'),
        ],
        actions: ['s3:PutObject'],
        resources: [albLogs],
      }),
    );
    // Granted here, for this account only, so buckets of other stacks can log without
    // writing into this stack's bucket policy (which would make Network depend on them).
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${S3_LOG_PREFIX}/*`)],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
  }

  /** This bucket as seen from another stack: a log target whose policy that stack cannot change. */
  asLogTargetIn(scope: Construct, id: string): s3.IBucket {
    return s3.Bucket.fromBucketAttributes(scope, id, {
      bucketArn: this.bucket.bucketArn,
      bucketName: this.bucket.bucketName,
      bucketRegionalDomainName: this.bucket.bucketRegionalDomainName,
    });
  }

  /** Turns on access logs of `loadBalancer` under alb/<name>/. */
  enableAccessLogs(loadBalancer: elbv2.ApplicationLoadBalancer, name: string): void {
    loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
    loadBalancer.setAttribute('access_logs.s3.bucket', this.bucket.bucketName);
    loadBalancer.setAttribute('access_logs.s3.prefix', `${ALB_LOG_PREFIX}/${name}`);
    const policy = this.bucket.policy;
    if (policy) loadBalancer.node.addDependency(policy);
  }
}

/**
 * For a bucket of another stack that logs into the archive: the grant to
 * logging.s3.amazonaws.com is already in the archive's policy, which CDK cannot see from the
 * imported bucket and warns about.
 */
export function acknowledgeArchiveLogging(bucket: s3.Bucket): void {
  Annotations.of(bucket).acknowledgeWarning(
    '@aws-cdk/aws-s3:accessLogsPolicyNotAdded',
    'The log archive (Network stack) grants logging.s3.amazonaws.com the s3/ prefix for this account itself',
  );
}
