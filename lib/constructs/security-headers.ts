import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';

export interface SecurityHeadersProps {
  /**
   * Name of the policy, which the account holds once across regions (CloudFront is global).
   * @default the name CDK derives from the construct path
   */
  readonly name?: string;
}

/** How long a browser keeps to HTTPS after one visit: one year, the least HSTS preload lists accept. */
export const HSTS_MAX_AGE = Duration.days(365);

/**
 * The response headers CloudFront adds to every answer, whatever the origin (the web tier, the
 * API, the S3 bucket) sends: HSTS, so a browser that has visited once never uses plain HTTP again
 * (PCI DSS 4.2.1), and the browser protections nginx also sets on the page, forced here so the
 * API and the static files carry them too.
 */
export class SecurityHeaders extends Construct {
  public readonly policy: cloudfront.ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: SecurityHeadersProps = {}) {
    super(scope, id);
    this.policy = new cloudfront.ResponseHeadersPolicy(this, 'Policy', {
      responseHeadersPolicyName: props.name,
      comment: 'HSTS and browser security headers on every response of the PCI POC',
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: HSTS_MAX_AGE, includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
  }
}
