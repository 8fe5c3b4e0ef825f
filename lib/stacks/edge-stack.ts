import { join } from 'node:path';
import { Annotations, CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { accountWideName, customerSlug } from '../config/naming';
import { PocConfig } from '../config/schema';
import { acknowledgeRule } from '../compliance/acknowledge';
import { DistributionIdRelay } from '../constructs/distribution-id-relay';
import { acknowledgeArchiveLogging, LogArchive, S3_LOG_PREFIX } from '../constructs/log-archive';
import { SecurityHeaders } from '../constructs/security-headers';
import { SampleAppSources } from '../constructs/sample-app';
import { customerManagedKey, secureBucketProps } from '../constructs/secure-defaults';
import { StaticFilesDeployment } from '../constructs/static-files-deployment';
import { HTTP_PORT, HTTPS_PORT } from '../segmentation';

export interface EdgeStackProps extends StackProps {
  readonly config: PocConfig;
  /** The web tier's internal load balancer, CloudFront's default origin through a VPC origin. */
  readonly webAlb: elbv2.IApplicationLoadBalancer;
  readonly logArchive: LogArchive;
  /** SSM parameter in us-east-1 that receives the distribution id, for the EdgeAlarms stack. */
  readonly distributionIdParameter: string;
  readonly sources: SampleAppSources;
}

export const STATIC_PATH_PATTERN = '/static/*';
/** Bucket key prefix of the static files: CloudFront passes the request path, `/static/...`, as the key. */
export const STATIC_KEY_PREFIX = STATIC_PATH_PATTERN.slice(1, -1);

/**
 * The origin access control of the static assets. Its name is account-wide (CloudFront is
 * global): a config pinned to a region names it with that region, so the DR copy of the config
 * does not collide with the primary's. An environment-agnostic config keeps the name CDK derives
 * from the construct path; its DR copy is pinned, so the two still differ.
 */
function staticAssetsAccess(scope: Construct, config: PocConfig): origins.S3BucketOriginWithOACProps {
  if (!config.environment) return {};
  return {
    originAccessControl: new cloudfront.S3OriginAccessControl(scope, 'StaticAssetsAccess', {
      originAccessControlName: accountWideName(config, `${customerSlug(config)}-static`),
    }),
  };
}

/** CloudFront in front of everything: static assets from a private bucket, the rest from the internal web load balancer. */
export class EdgeStack extends Stack {
  public readonly distribution: cloudfront.Distribution;
  public readonly assetsBucket: s3.Bucket;
  public readonly staticFiles: StaticFilesDeployment;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { config } = props;
    const logTarget = props.logArchive.asLogTargetIn(this, 'LogArchive');
    const staticAssetsKey = customerManagedKey(
      this,
      'StaticAssetsKey',
      'Static assets of the PCI POC and the logs of their deployment',
      {
        forLogs: true,
      },
    );

    this.assetsBucket = new s3.Bucket(
      this,
      'StaticAssets',
      secureBucketProps({
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: staticAssetsKey,
        bucketKeyEnabled: true,
        serverAccessLogsBucket: logTarget,
        serverAccessLogsPrefix: `${S3_LOG_PREFIX}/static-assets/`,
      }),
    );

    acknowledgeRule(
      this.assetsBucket,
      'PCI.DSS.401-S3BucketDefaultLockEnabled',
      'Public static web content, not audit evidence: it must be replaceable on every deployment; the bucket is versioned',
    );
    acknowledgeRule(
      this.assetsBucket,
      'PCI.DSS.321-S3BucketReplicationEnabled',
      'Static assets are build output kept in the repository and redeployed from it; the bucket is versioned',
    );
    acknowledgeArchiveLogging(this.assetsBucket);

    // CloudFront reaches the internal web load balancer through a VPC origin: over AWS's network,
    // never the internet. With a custom domain the hop is HTTPS to the name the ALB certificate
    // covers; without one it is HTTP (the ALB has no certificate), which the docs list as a relaxation.
    const albOrigin = origins.VpcOrigin.withApplicationLoadBalancer(props.webAlb, {
      ...(config.domain
        ? { domainName: config.domain.originHostname, protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY }
        : { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY }),
      httpPort: HTTP_PORT,
      httpsPort: HTTPS_PORT,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      ...(config.environment ? { vpcOriginName: accountWideName(config, `${customerSlug(config)}-web`) } : {}),
    });

    const securityHeaders = new SecurityHeaders(this, 'SecurityHeaders', {
      name: config.environment ? accountWideName(config, `${customerSlug(config)}-security-headers`) : undefined,
    }).policy;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `PCI POC of ${config.customer.name}`,
      defaultBehavior: {
        origin: albOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: securityHeaders,
      },
      additionalBehaviors: {
        [STATIC_PATH_PATTERN]: {
          origin: origins.S3BucketOrigin.withOriginAccessControl(this.assetsBucket, staticAssetsAccess(this, config)),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: securityHeaders,
        },
      },
      // Without a custom domain CloudFront serves its *.cloudfront.net certificate, whose
      // policy is fixed by AWS (TLSv1 allowed): the docs list that relaxation.
      ...(config.domain
        ? {
            domainNames: [config.domain.name],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', config.domain.cloudFrontCertificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      // Origin latency is one of the additional metrics, and the EdgeAlarms stack alarms on it.
      publishAdditionalMetrics: true,
      enableLogging: true,
      logBucket: logTarget,
      logFilePrefix: 'cloudfront/',
    });

    Annotations.of(this).acknowledgeWarning(
      '@aws-cdk/aws-cloudfront-origins:wildcardKeyPolicyForOac',
      'The static-assets key lets CloudFront decrypt only for distributions of this account (SourceArn ' +
        'distribution/*); naming the one distribution would create a Key -> Bucket -> Distribution cycle.',
    );

    acknowledgeRule(
      this.distribution,
      'AwsSolutions-CFR1',
      'The customer sells without geographic restriction; AWS WAF on the web load balancer filters requests',
    );
    acknowledgeRule(
      this.distribution,
      ['AwsSolutions-CFR2', 'PCI.DSS.401-CloudFrontDistributionWAFIntegration'],
      'AWS WAF sits on the web load balancer, which serves every dynamic request and which only this distribution reaches (VPC origin); a CloudFront-scope web ACL would have to live in us-east-1; static paths serve only public assets',
    );
    if (!config.domain) {
      acknowledgeRule(
        this.distribution,
        ['AwsSolutions-CFR4', 'PCI.DSS.401-CloudFrontDistributionHttpsViewerNoOutdatedSSL'],
        'No custom domain in this config: CloudFront serves its default certificate, whose policy AWS fixes; setting domain with an ACM certificate enforces TLS 1.2 (documented relaxation)',
      );
      const vpcOrigins = this.distribution.node.findAll().filter((child) => child instanceof cloudfront.VpcOrigin);
      if (vpcOrigins.length !== 1) throw new Error(`expected the distribution's one VPC origin, found ${vpcOrigins.length}`);
      acknowledgeRule(
        vpcOrigins[0],
        'Competency-TlsInTransit',
        "No custom domain in this config: the web load balancer has no certificate, so this VPC origin speaks HTTP to it, unencrypted but on AWS's network, never the internet, to an internal load balancer that admits only CloudFront's origin-facing servers; setting domain switches it to HTTPS (documented relaxation)",
      );
    }

    this.staticFiles = this.deployStaticFiles(props.sources, staticAssetsKey);
    new DistributionIdRelay(this, 'DistributionIdRelay', {
      distribution: this.distribution,
      parameterName: props.distributionIdParameter,
      logKey: staticAssetsKey,
    });

    new CfnOutput(this, 'DistributionDomainName', { value: this.distribution.distributionDomainName });
    new CfnOutput(this, 'StaticAssetsBucketName', { value: this.assetsBucket.bucketName });
  }

  /**
   * The sample app's static files (`app/static`) go into the bucket under `static/` at deploy
   * time, and CloudFront's cached copies of `/static/*` are invalidated so a new version shows.
   */
  private deployStaticFiles(sources: SampleAppSources, key: kms.IKey): StaticFilesDeployment {
    return new StaticFilesDeployment(this, 'StaticFiles', {
      sourceDir: join(sources.sampleAppDir, 'static'),
      bucket: this.assetsBucket,
      bucketKey: key,
      keyPrefix: STATIC_KEY_PREFIX,
      distribution: this.distribution,
      invalidationPath: STATIC_PATH_PATTERN,
    });
  }
}
