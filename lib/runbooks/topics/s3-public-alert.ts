import { regionSetup, roleStep, Runbook } from '../common';
import { code, RunbookContext, shell, table } from '../context';
import { RunbookError } from '../facts';
import { fillTemplate } from '../templates';

const PUBLIC_BUCKET_RULES = [
  'S3_BUCKET_PUBLIC_READ_PROHIBITED',
  'S3_BUCKET_PUBLIC_WRITE_PROHIBITED',
  'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED',
] as const;

export const s3PublicAlertRunbook: Runbook = {
  file: 'respond-to-s3-public-alert.md',
  title: 'Respond to an S3-public alert',
  summary:
    'contain a bucket that AWS Config reports public, find who changed it and what was read, put it back as the template ' +
    'says; and the account baseline the POC does not set (IAM password policy).',
  render(ctx) {
    const { facts } = ctx;
    const operations = facts.operations;
    const rules = PUBLIC_BUCKET_RULES.map((identifier) => {
      const rule = operations.configRules.find((candidate) => candidate.identifier === identifier);
      if (!rule) throw new RunbookError(`${ctx.stack('Operations')} has no AWS Config rule ${identifier}`);
      return rule;
    });
    const ruleVars = rules.map((rule, index) => ctx.idVar(`RULE_${index + 1}`, rule));
    const ruleList = rules.map((_, index) => `"$RULE_${index + 1}"`).join(' ');
    const email = operations.subscription ? code(ctx.physical(operations.subscription, 'Endpoint')) : 'the alert e-mail';
    return fillTemplate('respond-to-s3-public-alert', {
      complianceEvents: ctx.resource(operations.complianceEvents),
      operationsStack: ctx.stack('Operations'),
      topic: ctx.resource(operations.topic),
      topicOutput: ctx.output('Operations', operations.topicOutput),
      email,
      rulesTable: table(
        ['AWS Config rule', 'Logical id', 'NON_COMPLIANT when'],
        rules.map((rule) => [
          code(rule.identifier),
          code(ctx.resource(rule)),
          RULE_MEANINGS[rule.identifier as keyof typeof RULE_MEANINGS],
        ]),
      ),
      regionSetup: regionSetup(ctx),
      roleStep: roleStep(ctx, 'administrator', 'the other roles may not change buckets'),
      trailNote: trailNote(ctx),
      accessLogs: accessLogTable(ctx),
      evaluationCommands: shell(
        ...ruleVars,
        `aws configservice start-config-rules-evaluation --config-rule-names ${ruleList}`,
        `aws configservice describe-compliance-by-config-rule --config-rule-names ${ruleList} \\\n` +
          "  --query 'ComplianceByConfigRules[].[ConfigRuleName,Compliance.ComplianceType]' --output table",
      ),
      rootRules: operations.configRules
        .filter((rule) => rule.identifier.startsWith('ROOT_') || rule.identifier.startsWith('IAM_ROOT'))
        .map((rule) => `${code(rule.identifier)} (${code(ctx.resource(rule))})`)
        .join(' and '),
    });
  },
};

const RULE_MEANINGS = {
  S3_BUCKET_PUBLIC_READ_PROHIBITED: 'a bucket policy or ACL lets anyone read or list',
  S3_BUCKET_PUBLIC_WRITE_PROHIBITED: 'a bucket policy or ACL lets anyone write',
  S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED: 'Block Public Access is not fully on for the bucket',
} as const;

function trailNote(ctx: RunbookContext): string[] {
  const trail = ctx.facts.operations.trail;
  if (!trail) {
    return [
      'The POC creates no trail in this config (`accountBaseline.hasOrganizationTrail: true`): the organization trail holds ' +
        'the full records.',
    ];
  }
  const buckets = trail.dataEventBuckets.map((bucket) => code(ctx.resource(bucket)));
  return [
    `The full records are in the trail ${code(ctx.resource(trail))} of ${code(ctx.stack('Operations'))} (its S3 archive and ` +
      'CloudWatch log group). ' +
      (buckets.length > 0
        ? `It records the S3 data events, object reads and writes, of the POC buckets ${buckets.join(', ')}; for any other ` +
          'bucket it holds management events only, and the server access logs below are the record of what was read.'
        : 'It records management events only, not object reads: the server access logs below are the record of what was read.'),
  ];
}

function accessLogTable(ctx: RunbookContext): string[] {
  const logged = ctx.facts.buckets.flatMap((bucket) => (bucket.accessLogs ? [{ bucket, logs: bucket.accessLogs }] : []));
  if (logged.length === 0) return [];
  return [
    'What was read while it was public: the other POC buckets log their requests to the log archive bucket; read the `REST.GET.OBJECT` ' +
      'entries from the time of the change to the containment.',
    '',
    ...table(
      ['Bucket', 'Stack', 'Access logs in', 'Prefix'],
      logged.map(({ bucket, logs }) => [
        code(ctx.resource(bucket)),
        code(bucket.stack),
        code(ctx.resource(logs.bucket)),
        code(logs.prefix),
      ]),
    ),
  ];
}
