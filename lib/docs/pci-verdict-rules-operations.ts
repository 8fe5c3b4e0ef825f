import { PATCH_WINDOW_DAYS } from '../config/schema';
import {
  customer,
  evidenceOf,
  inPlace,
  leftToAccount,
  loggingTrails,
  name,
  nameOf,
  notInPlace,
  relaxationsOf,
  relaxed,
  sessionPreferences,
  VerdictBody,
  VerdictFacts,
  VerdictRule,
} from './pci-verdict-rules';
import { referrersOf } from './assembly-model';
import { TemplateEvidence } from './verdict';

/** PCI DSS v4.0.1 requirements 5-8, 10-12 and the appendices: patching, WAF, audit trail, log protection and retention. */

function trailEvidence(facts: VerdictFacts): TemplateEvidence[] {
  return loggingTrails(facts).flatMap((trail) => [
    evidenceOf(nameOf(trail.source), 'IsLogging', 'true'),
    evidenceOf(nameOf(trail.source), 'IsMultiRegionTrail', String(trail.multiRegion)),
  ]);
}

/** A rule that rests on the POC's own trail: left to the account with an organization trail, not in place without any. */
function withTrail(facts: VerdictFacts, reason: string, evidence: () => TemplateEvidence[]): VerdictBody {
  const organization = relaxationsOf(facts, 'accountBaseline.hasOrganizationTrail');
  if (organization.length > 0)
    return leftToAccount('The POC creates no CloudTrail trail: the organization trail records API activity.', organization);
  if (loggingTrails(facts).length === 0) {
    return notInPlace(
      'No CloudTrail trail of the templates logs.',
      'no `AWS::CloudTrail::Trail` with `IsLogging: true` in the templates',
      'Deploy the Operations stack, which creates the audit trail.',
    );
  }
  return inPlace(reason, [...trailEvidence(facts), ...evidence()]);
}

const lifetimeText = (seconds: number | undefined): string =>
  seconds === undefined ? 'not set' : `${seconds} seconds (${Math.round(seconds / 86400)} days)`;

/** The image a launch template names so that EC2 resolves the newest Amazon Linux AMI at each launch. */
const LATEST_AMAZON_LINUX = /^resolve:ssm:\/aws\/service\/ami-amazon-linux-latest\//;

const r633: VerdictRule = (facts) => {
  const { poc } = facts.model;
  const groups = poc.fleets.filter((fleet) => fleet.kind === 'auto-scaling-group');
  const evidence = [
    ...groups.flatMap((fleet) => [
      evidenceOf(nameOf(fleet.source), 'MaxInstanceLifetime', lifetimeText(fleet.maxInstanceLifetimeSeconds)),
      ...(fleet.launchTemplate
        ? [evidenceOf(nameOf(fleet.launchTemplate), 'LaunchTemplateData.ImageId', fleet.image ?? 'not literal')]
        : []),
    ]),
    ...poc.databases.map((db) =>
      evidenceOf(nameOf(db.source), 'AutoMinorVersionUpgrade', String(db.autoMinorVersionUpgrade ?? 'not set (true)')),
    ),
  ];
  const lifetime = relaxationsOf(facts, 'patching.maxInstanceLifetimeDays');
  if (lifetime.length > 0)
    return relaxed('A critical patch may reach an instance later than one month after its release.', lifetime, evidence);
  const windowSeconds = PATCH_WINDOW_DAYS * 86400;
  const unpatched = [
    ...groups
      .filter((fleet) => fleet.maxInstanceLifetimeSeconds === undefined || fleet.maxInstanceLifetimeSeconds > windowSeconds)
      .map((fleet) => `${nameOf(fleet.source)} MaxInstanceLifetime ${lifetimeText(fleet.maxInstanceLifetimeSeconds)}`),
    ...groups
      .filter((fleet) => !LATEST_AMAZON_LINUX.test(fleet.image ?? ''))
      .map((fleet) => `${nameOf(fleet.launchTemplate ?? fleet.source)} ImageId ${fleet.image ?? 'not literal'}`),
    ...poc.databases
      .filter((db) => db.autoMinorVersionUpgrade === false)
      .map((db) => `${nameOf(db.source)} AutoMinorVersionUpgrade false`),
  ];
  if (unpatched.length > 0) {
    return notInPlace(
      'A critical patch may never reach a component: the templates do not replace it from a patched image within a month.',
      unpatched.join('; '),
      `Set MaxInstanceLifetime to ${PATCH_WINDOW_DAYS} days or fewer on each Auto Scaling group, launch from the newest Amazon Linux AMI (\`resolve:ssm:\` of its public parameter), and leave AutoMinorVersionUpgrade on.`,
      evidence,
    );
  }
  const longestDays = Math.max(...groups.map((fleet) => Math.round((fleet.maxInstanceLifetimeSeconds ?? 0) / 86400)));
  return inPlace(
    `Auto Scaling replaces each instance from the newest Amazon Linux 2023 AMI within ${longestDays} days (at most ${PATCH_WINDOW_DAYS}), so a patch AWS publishes in an AMI reaches every instance within a month; RDS applies minor engine versions in its maintenance window. The application's own dependencies are patched by deploying it.`,
    evidence,
  );
};

/** The web ACL associations on what CloudFront forwards requests to (the web load balancer), with their rules and logging. */
function publicWaf(facts: VerdictFacts): { evidence: TemplateEvidence[]; logged: boolean; countOnly: string[] } {
  const { poc, analysis } = facts.model;
  const origins = new Set(analysis.flows.filter((flow) => flow.from === 'cloudfront').map((flow) => flow.to));
  const originKeys = new Set(
    poc.placements.endpoints.filter((endpoint) => origins.has(endpoint.zone)).map((endpoint) => endpoint.key),
  );
  const associations = poc.webAclAssociations.filter(
    (association) => association.resource !== undefined && originKeys.has(association.resource),
  );
  const acls = poc.webAcls.filter((acl) => associations.some((association) => association.webAcl === acl.source.key));
  const logging = acls.flatMap((acl) =>
    referrersOf(facts.model, acl.source.key, ['AWS::WAFv2::LoggingConfiguration']).map((config) =>
      evidenceOf(nameOf(config), 'ResourceArn', nameOf(acl.source)),
    ),
  );
  return {
    evidence: [
      ...associations.map((association) =>
        evidenceOf(nameOf(association.source), 'ResourceArn', name(facts, association.resource ?? '')),
      ),
      ...acls.map((acl) => evidenceOf(nameOf(acl.source), 'Rules', acl.rules.join(', '))),
      ...logging,
    ],
    logged: acls.length > 0 && logging.length >= acls.length,
    countOnly: acls.flatMap((acl) => acl.countOnly.map((rule) => `${nameOf(acl.source)} rule ${rule}`)),
  };
}

const wafRule =
  (requirement: '6.4.1' | '6.4.2'): VerdictRule =>
  (facts) => {
    const { evidence, logged, countOnly } = publicWaf(facts);
    if (evidence.length === 0) {
      return notInPlace(
        'No web ACL protects the load balancer CloudFront sends dynamic requests to.',
        'no `AWS::WAFv2::WebACLAssociation` on the web load balancer in the templates',
        'Associate the POC web ACL with the web load balancer (the App stack does by default).',
      );
    }
    const inspects = 'AWS WAF, with the rule groups below, inspects every request CloudFront forwards to the web load balancer';
    if (countOnly.length > 0) {
      return notInPlace(
        `${inspects}, but some of its rules only count what they match: they detect attacks without preventing them.`,
        countOnly.map((rule) => `${rule}: Count`).join('; '),
        'Let each rule block what it matches (`OverrideAction: None` on rule groups, `Action: Block` on rules).',
        evidence,
      );
    }
    if (requirement === '6.4.2' && !logged) {
      return notInPlace(
        `${inspects}, but no logging configuration records what it evaluates.`,
        'no `AWS::WAFv2::LoggingConfiguration` for the web ACL in the templates',
        'Add a logging configuration to the web ACL (the App stack does by default).',
        evidence,
      );
    }
    return inPlace(
      `${inspects}${logged ? ', and a logging configuration records what it evaluates' : ''}. Static files served from S3 do not pass it.`,
      evidence,
    );
  };

const r10_2_1: VerdictRule = (facts) =>
  withTrail(
    facts,
    'CloudTrail records the API activity of the account in every region; the database exports its error, slow query and audit logs, the VPC its flow logs, and the instances their system logs to CloudWatch Logs. Application logs are the customer’s (10.2.1.1).',
    () => [
      ...facts.model.poc.databases.map((db) =>
        evidenceOf(nameOf(db.source), 'EnableCloudwatchLogsExports', db.logExports.join(', ')),
      ),
      ...facts.model.poc.flowLogs.map((flowLog) =>
        evidenceOf(nameOf(flowLog.source), 'TrafficType', flowLog.trafficType ?? 'not set'),
      ),
    ],
  );

const r10_2_1_2: VerdictRule = (facts) => {
  const ssh = relaxationsOf(facts, 'management.bastionAccess');
  const preferences = relaxationsOf(facts, 'accountBaseline.hasSessionManagerPreferences');
  if (ssh.length > 0) return relaxed('Commands typed over SSH are not recorded by the POC.', ssh, trailEvidence(facts));
  if (preferences.length > 0)
    return leftToAccount('The account’s Session Manager preferences decide what is recorded.', preferences, trailEvidence(facts));
  const document = sessionPreferences(facts);
  return withTrail(
    facts,
    'CloudTrail records every AWS API action of the administrative roles; Session Manager streams every session on the instances to an encrypted log group.',
    () =>
      document
        ? [
            evidenceOf(nameOf(document.source), 'Content.inputs.cloudWatchStreamingEnabled', String(document.streaming)),
            evidenceOf(
              nameOf(document.source),
              'Content.inputs.cloudWatchLogGroupName',
              document.logGroup ? name(facts, document.logGroup) : 'not set',
            ),
          ]
        : [],
  );
};

/** 10.3.2 and 10.3.4 rest on CloudTrail's log file validation: a trail without it leaves them unmet. */
const logIntegrity =
  (reason: string): VerdictRule =>
  (facts) => {
    const unprotected = logBuckets(facts).filter((bucket) => !bucket.versioned && !bucket.objectLock);
    if (unprotected.length > 0) {
      return notInPlace(
        'A bucket that receives access logs neither keeps versions nor locks its objects: a log could be overwritten.',
        unprotected.map((bucket) => `${nameOf(bucket.source)} without versioning or object lock`).join('; '),
        'Turn versioning on for every log bucket (the kit does by default).',
        integrityEvidence(facts),
      );
    }
    const unvalidated = loggingTrails(facts).filter((trail) => !trail.logFileValidation);
    if (unvalidated.length > 0 && relaxationsOf(facts, 'accountBaseline.hasOrganizationTrail').length === 0) {
      return notInPlace(
        'A change to a delivered CloudTrail log file would go undetected.',
        unvalidated.map((trail) => `${nameOf(trail.source)} EnableLogFileValidation false`).join('; '),
        'Set `EnableLogFileValidation: true` on the trail.',
        integrityEvidence(facts),
      );
    }
    return withTrail(facts, reason, () => integrityEvidence(facts));
  };

/** The buckets the POC's S3 server access logs go to (load balancer and CloudFront logs share them). */
function logBuckets(facts: VerdictFacts) {
  const { buckets } = facts.model.poc;
  const destinations = new Set(buckets.flatMap((bucket) => (bucket.accessLogs ? [bucket.accessLogs.bucket] : [])));
  return buckets.filter((bucket) => destinations.has(bucket.source.key));
}

function integrityEvidence(facts: VerdictFacts): TemplateEvidence[] {
  return [
    ...logBuckets(facts).map((bucket) =>
      evidenceOf(nameOf(bucket.source), 'VersioningConfiguration.Status', bucket.versioned ? 'Enabled' : 'not enabled'),
    ),
    ...loggingTrails(facts).map((trail) =>
      evidenceOf(nameOf(trail.source), 'EnableLogFileValidation', String(trail.logFileValidation)),
    ),
    ...facts.model.poc.buckets
      .filter((bucket) => bucket.objectLock)
      .map((bucket) =>
        evidenceOf(
          nameOf(bucket.source),
          'ObjectLockConfiguration.Rule.DefaultRetention',
          `${bucket.objectLock?.mode ?? ''} ${bucket.objectLock?.days ?? ''} days`.trim(),
        ),
      ),
  ];
}

const r10_3_2 = logIntegrity(
  'CloudTrail signs a digest of its log files, so a changed or deleted file is detected, and its archive bucket keeps each object under the object lock below; the access-log bucket, which S3 cannot deliver into under a default object lock, keeps every overwritten or deleted version; the log groups are encrypted with KMS.',
);

const r10_3_4 = logIntegrity('CloudTrail log file integrity validation detects any change to a delivered log file.');

/** S3 storage classes whose objects are not immediately retrievable (a restore comes first). */
const ARCHIVE_CLASSES = ['GLACIER', 'DEEP_ARCHIVE'];

/** 10.5.1: every log group and every bucket with a lifecycle keeps its data at least 12 months, the last 3 immediately available. */
const r10_5_1: VerdictRule = ({ model }) => {
  const { logGroups, buckets } = model.poc;
  const expiring = buckets.filter((bucket) => bucket.expirationDays.length > 0 || bucket.transitions.length > 0);
  const evidence = [
    ...logGroups.map((group) =>
      evidenceOf(nameOf(group.source), 'RetentionInDays', String(group.retentionDays ?? 'never expires')),
    ),
    ...expiring.map((bucket) =>
      evidenceOf(
        nameOf(bucket.source),
        'LifecycleConfiguration.Rules',
        [
          ...bucket.expirationDays.map((days) => `expiration after ${days} days`),
          ...bucket.transitions.map((transition) => `${transition.storageClass ?? '?'} after ${transition.days ?? '?'} days`),
        ].join(', '),
      ),
    ),
  ];
  const short = [
    ...logGroups
      .filter((group) => group.retentionDays !== undefined && group.retentionDays < 365)
      .map((group) => `${nameOf(group.source)} RetentionInDays ${group.retentionDays}`),
    ...expiring
      .filter((bucket) => bucket.expirationDays.some((days) => days < 365))
      .map((bucket) => `${nameOf(bucket.source)} expires objects after ${Math.min(...bucket.expirationDays)} days`),
    ...expiring
      .filter((bucket) =>
        bucket.transitions.some(
          (transition) => ARCHIVE_CLASSES.includes(transition.storageClass ?? '') && (transition.days ?? 0) < 90,
        ),
      )
      .map((bucket) => `${nameOf(bucket.source)} archives objects within 90 days`),
  ];
  if (short.length > 0) {
    return notInPlace(
      'Some audit log history is kept less than 12 months, or less than 3 months immediately available.',
      short.join('; '),
      'Keep every log group and log bucket at least 365 days, the last 90 in a storage class that needs no restore.',
      evidence,
    );
  }
  return inPlace(
    'Every CloudWatch Logs group and every bucket with a lifecycle keeps its data at least 12 months; none moves it to a storage class that needs a restore within 3 months (S3 Glacier Instant Retrieval needs none).',
    evidence,
  );
};

const trailSupport =
  (reason: string, mustShow: string): VerdictRule =>
  (facts) =>
    customer(reason, mustShow, trailEvidence(facts));

export const OPERATIONS_VERDICT_RULES: Readonly<Record<string, VerdictRule>> = {
  '6.3.3': r633,
  '6.4.1': wafRule('6.4.1'),
  '6.4.2': wafRule('6.4.2'),
  '8.2.8': (facts) => {
    const document = sessionPreferences(facts);
    return customer(
      'Idle timeouts of the console, the application and SSH are outside the templates.',
      'That every user session idle for more than 15 minutes requires re-authentication (console, application, operating system).',
      document
        ? [
            evidenceOf(
              nameOf(document.source),
              'Content.inputs.idleSessionTimeout',
              String(document.idleTimeoutMinutes ?? 'not set'),
            ),
          ]
        : [],
    );
  },
  '8.3.2': (facts) =>
    customer(
      'The database credentials are in Secrets Manager, encrypted with KMS, and reach the database over TLS; the users’ passwords are the application’s.',
      'How the application stores and transmits its users’ authentication factors.',
      facts.model.poc.secrets.map((secret) =>
        evidenceOf(nameOf(secret.source), 'KmsKeyId', secret.kmsKey ? name(facts, secret.kmsKey) : 'aws/secretsmanager'),
      ),
    ),
  '8.6.3': ({ model }) =>
    customer(
      'Secrets Manager rotates the database passwords on the schedule below; the frequency must come from the customer’s targeted risk analysis.',
      'The targeted risk analysis that sets the rotation frequency, and the complexity of the generated passwords.',
      model.poc.rotationSchedules.map((schedule) =>
        evidenceOf(nameOf(schedule.source), 'RotationRules.ScheduleExpression', schedule.scheduleExpression ?? 'not set'),
      ),
    ),
  '10.2.1': r10_2_1,
  '10.2.1.1': trailSupport(
    'Individual access to cardholder data goes through the application.',
    'The application’s logs of each user’s access to cardholder data.',
  ),
  '10.2.1.2': r10_2_1_2,
  '10.2.1.3': (facts) =>
    customer(
      'The trail records object reads of the buckets below; reads of CloudWatch Logs and of the trail’s own archive are not in its data events.',
      'That every access to audit logs is logged, in each store that holds them.',
      loggingTrails(facts).flatMap((trail) =>
        trail.dataEventBuckets.map((bucket) =>
          evidenceOf(nameOf(trail.source), 'EventSelectors (S3 data events)', name(facts, bucket)),
        ),
      ),
    ),
  '10.2.1.4': trailSupport(
    'CloudTrail records denied AWS API calls; the application’s sign-ins are outside the templates.',
    'The logs of invalid access attempts to the application and the operating systems.',
  ),
  '10.2.1.5': trailSupport(
    'CloudTrail records changes to IAM identities; the application’s accounts are outside the templates.',
    'The logs of changes to the application’s and the operating systems’ accounts and credentials.',
  ),
  '10.2.1.6': trailSupport(
    'CloudTrail records the stop and deletion of trails and log groups; the operating systems’ audit logs are outside the templates.',
    'The logs of the initialization, stop and pause of every audit log, operating systems included.',
  ),
  '10.2.1.7': trailSupport(
    'CloudTrail records the creation and deletion of AWS resources; system-level objects of the operating systems are outside the templates.',
    'The logs of the creation and deletion of system-level objects on the instances and in the database.',
  ),
  '10.2.2': trailSupport(
    'CloudTrail events carry the identity, type, time, outcome and origin of each call; other logs have their own formats.',
    'That every audit log records the details 10.2.2 lists.',
  ),
  '10.3.2': r10_3_2,
  '10.3.3': trailSupport(
    'The trail delivers to a central, object-locked bucket and to CloudWatch Logs; the instances send their logs to CloudWatch Logs.',
    'That every audit log reaches a central store that is hard to alter, promptly.',
  ),
  '10.3.4': r10_3_4,
  '10.5.1': r10_5_1,
};
