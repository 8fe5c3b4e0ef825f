import { resourcesOfType, SynthesizedTemplates, synthesizeDefaultAndExample } from './helpers';

/** CloudFront adds HSTS and the browser security headers to every response, through one response headers policy. */

const { poc, example } = synthesizeDefaultAndExample();
type Props = Record<string, unknown>;

function policyOf(synth: SynthesizedTemplates): [string, Props] {
  const policies = Object.entries(resourcesOfType(synth.templates.edge, 'AWS::CloudFront::ResponseHeadersPolicy'));
  expect(policies).toHaveLength(1);
  const [id, policy] = policies[0];
  return [id, policy.Properties?.ResponseHeadersPolicyConfig as Props];
}

test('HSTS for a year with subdomains, nosniff, frame DENY, no referrer: each forced over what the origin sends', () => {
  for (const synth of [poc, example]) {
    const [, config] = policyOf(synth);
    expect(config.SecurityHeadersConfig).toEqual({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31536000, IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
    });
  }
});

test('every behaviour of the distribution uses it: the pages and API from the ALB, the static files from S3', () => {
  for (const synth of [poc, example]) {
    const [id] = policyOf(synth);
    const [distribution] = Object.values(resourcesOfType(synth.templates.edge, 'AWS::CloudFront::Distribution'));
    const config = distribution.Properties?.DistributionConfig as { DefaultCacheBehavior: Props; CacheBehaviors: Props[] };
    const behaviours = [config.DefaultCacheBehavior, ...config.CacheBehaviors];
    expect(behaviours).toHaveLength(2);
    for (const behaviour of behaviours) expect(behaviour.ResponseHeadersPolicyId).toEqual({ Ref: id });
  }
});

test('a pinned config names the policy with its region: the DR copy of the config deploys beside it in the account', () => {
  expect(policyOf(example)[1].Name).toBe('northwind-traders-security-headers-eu-west-3');
  expect(policyOf(poc)[1].Name).toMatch(/SecurityHeaders/);
});
