import { resourcesOfType, synthesized, SynthesizedTemplates, variant } from './helpers';

/** A region the config check accepts must synthesize: the check and the constructs read the same region facts. */

interface Statement {
  readonly Principal?: { readonly AWS?: unknown; readonly Service?: unknown };
  readonly Resource?: unknown;
}

/** The principals allowed to write ALB access logs into the log archive bucket. */
function albLogWriters(synth: SynthesizedTemplates): Statement['Principal'][] {
  const policies = Object.values(resourcesOfType(synth.templates.network, 'AWS::S3::BucketPolicy'));
  const statements = policies.flatMap((policy) => (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
  return statements.filter((statement) => JSON.stringify(statement.Resource).includes('/alb/')).map((s) => s.Principal);
}

describe('a pinned region opened since August 2022 (no ELB log account in the region facts)', () => {
  test('synthesizes, and its ALB access logs are granted to the log-delivery service principal alone', () => {
    expect(albLogWriters(variant('pinned-eu-central-2'))).toEqual([
      { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
    ]);
  });

  test('an older region (the example is pinned to eu-west-3) keeps its ELB account beside the service principal', () => {
    expect(albLogWriters(synthesized('example'))).toEqual([
      {
        AWS: 'arn:aws:iam::009996457667:root',
        Service: 'logdelivery.elasticloadbalancing.amazonaws.com',
      },
    ]);
  });
});
