import { regionSetup, roleStep, Runbook } from '../common';
import { code, RunbookContext, shell, table } from '../context';
import { RunbookError } from '../facts';

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
    return [
      'When: the alarm topic sends an AWS Config "Config Rules Compliance Change" event with `"complianceType": ' +
        '"NON_COMPLIANT"` for one of the public-bucket rules below. PCI DSS 12.10 (incident response) and competency 2.10: a ' +
        'bucket made public is contained within minutes and the event is recorded.',
      '',
      'How the alert gets here: the AWS Config managed rules evaluate every bucket of the account and region when its ' +
        `configuration changes; the EventBridge rule ${code(ctx.resource(operations.complianceEvents))} of ` +
        `${code(ctx.stack('Operations'))} sends each NON_COMPLIANT evaluation to the alarm topic ` +
        `${code(ctx.resource(operations.topic))} (output ${code(ctx.output('Operations', operations.topicOutput))}), which ` +
        `e-mails ${email}.`,
      '',
      ...table(
        ['AWS Config rule', 'Logical id', 'NON_COMPLIANT when'],
        rules.map((rule) => [
          code(rule.identifier),
          code(ctx.resource(rule)),
          RULE_MEANINGS[rule.identifier as keyof typeof RULE_MEANINGS],
        ]),
      ),
      '',
      'In the e-mail: `detail.configRuleName` (the rule), `detail.resourceId` (the bucket name), `time`.',
      '',
      '## 1. Contain (first, within minutes)',
      '',
      ...regionSetup(ctx),
      '',
      ...roleStep(ctx, 'administrator', 'the other roles may not change buckets'),
      '',
      ...shell(
        'BUCKET=BUCKET_NAME   # detail.resourceId of the alert',
        'aws s3api put-public-access-block --bucket "$BUCKET" \\\n' +
          '  --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
        'aws s3api get-bucket-policy-status --bucket "$BUCKET"   # IsPublic must be false',
      ),
      '',
      'Block Public Access overrides the policy and the ACLs at once, without deleting them: the evidence of what was changed ' +
        'stays in place for step 2.',
      '',
      '## 2. Investigate',
      '',
      'Whose bucket it is. A `ValidationError` ("Stack for … does not exist") means no CloudFormation stack manages it, so it is ' +
        'not a POC bucket: its owner decides, but keep it contained if it may hold card data.',
      '',
      ...shell(
        'aws cloudformation describe-stack-resources --physical-resource-id "$BUCKET" \\\n' +
          "  --query 'StackResources[0].[StackName,LogicalResourceId]' --output text",
      ),
      '',
      'Who changed it, and when (the **auditor** role may run this): look for `PutBucketPolicy`, `PutBucketAcl`, ' +
        '`DeleteBucketPolicy`, `PutBucketPublicAccessBlock`, `DeletePublicAccessBlock`, `PutBucketOwnershipControls`.',
      '',
      ...shell(
        'aws cloudtrail lookup-events --lookup-attributes AttributeKey=ResourceName,AttributeValue="$BUCKET" \\\n' +
          "  --max-results 50 --query 'Events[].[EventTime,EventName,Username]' --output table",
      ),
      '',
      ...trailNote(ctx),
      '',
      ...accessLogTable(ctx),
      '',
      '## 3. Put it back as the template says',
      '',
      'For a POC bucket, the template is the reference. Drift detection lists every property changed by hand, with the ' +
        'expected and the actual value:',
      '',
      ...shell(
        'STACK=STACK_NAME   # from describe-stack-resources above',
        'DRIFT=$(aws cloudformation detect-stack-drift --stack-name "$STACK" --query StackDriftDetectionId --output text)',
        'aws cloudformation describe-stack-drift-detection-status --stack-drift-detection-id "$DRIFT"',
        'aws cloudformation describe-stack-resource-drifts --stack-name "$STACK" --stack-resource-drift-status-filters MODIFIED DELETED \\\n' +
          "  --query 'StackResourceDrifts[].[LogicalResourceId,PropertyDifferences]'",
      ),
      '',
      'Undo each difference on the bucket and its bucket policy (`put-bucket-policy` with the expected document, ' +
        '`delete-bucket-ownership-controls`/`put-bucket-ownership-controls`, ...), run the detection again until both are ' +
        '`IN_SYNC`, then make AWS Config evaluate now and check the rules are compliant again (no e-mail is sent for that):',
      '',
      ...shell(
        ...ruleVars,
        `aws configservice start-config-rules-evaluation --config-rule-names ${ruleList}`,
        `aws configservice describe-compliance-by-config-rule --config-rule-names ${ruleList} \\\n` +
          "  --query 'ComplianceByConfigRules[].[ConfigRuleName,Compliance.ComplianceType]' --output table",
      ),
      '',
      '## 4. Record',
      '',
      'Write the incident down: alert time, containment time, who made the change and why, which objects were read while the ' +
        'bucket was public, what was undone. Keep the CloudTrail events and the access logs as the evidence; tell the ' +
        "customer's incident response lead if card data may have been exposed.",
      '',
      '## The account baseline the POC does not set',
      '',
      "Some controls are account-wide: a POC stack that set them would overwrite the customer's own settings and remove them " +
        'on tear-down. They belong to the account baseline (AWS Control Tower, the landing zone), and must be in place for a ' +
        'PCI assessment:',
      '',
      '- **IAM account password policy**: out of scope for the POC stacks. PCI DSS v4.0.1 asks for at least 12 characters ' +
        'with letters and digits (8.3.6), no reuse of the last four (8.3.7), and a change every 90 days where the password is ' +
        'the only factor (8.3.9). Set it with the account baseline, or once by hand:',
      '',
      ...shell(
        'aws iam update-account-password-policy --minimum-password-length 12 --require-numbers --require-symbols \\\n' +
          '  --require-uppercase-characters --require-lowercase-characters --password-reuse-prevention 4 --max-password-age 90',
        'aws iam get-account-password-policy',
      ),
      '',
      '- **S3 Block Public Access for the whole account**: the POC sets it on each of its buckets; the account setting stops ' +
        'any other bucket from being made public in the first place.',
      '',
      ...shell(
        'ACCOUNT=$(aws sts get-caller-identity --query Account --output text)',
        'aws s3control put-public-access-block --account-id "$ACCOUNT" \\\n' +
          '  --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
      ),
      '',
      '- **Root user**: the rules ' +
        operations.configRules
          .filter((rule) => rule.identifier.startsWith('ROOT_') || rule.identifier.startsWith('IAM_ROOT'))
          .map((rule) => `${code(rule.identifier)} (${code(ctx.resource(rule))})`)
          .join(' and ') +
        " alert through the same route; the answer is the account owner's: MFA on the root user, no root access keys.",
    ];
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
