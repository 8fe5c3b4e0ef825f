import { PCI_DSS_401 } from '../compliance/pci-dss-401/pack';
import { PCI_DSS_401_MAPPINGS } from '../compliance/pci-dss-401/mapping';
import { ComplianceReport } from '../compliance/report';
import { PocConfig } from '../config/schema';
import { CONFIG_RULES } from '../shared/config-rules';
import { formatFigure } from '../resilience/markdown';
import { disasterRecoveryPlan, Failure, recoveryObjectives } from '../resilience/objectives';
import { code, countsOf, findPack, findRule, isApplicable, plural, resourcesIn, sortedBy, stacksIn } from './report-queries';

/**
 * Items 2.2-2.13 of the AWS Retail Competency Consulting Partner Validation Checklist
 * (December 2019, v1.0; shared/seeds 001, French edition, section 2.0 "Case study
 * requirements"): for each, what this POC evidences, computed from the compliance report and
 * the config, and what the partner must still provide (processes, test records).
 */

export interface ChecklistInput {
  readonly report: ComplianceReport;
  readonly config: PocConfig;
}

/**
 * One piece of evidence. `evidenced`: the POC shows it; `relaxed`: a config switch leaves it to
 * the account or weakens it; `missing`: nothing in this POC shows it.
 */
export interface Evidence {
  readonly status: 'evidenced' | 'relaxed' | 'missing';
  /** Markdown. */
  readonly text: string;
  /** Markdown, one line each: the resources or figures behind the text. */
  readonly details: readonly string[];
}

/** The items of section 2 of the checklist this kit covers, in checklist order. */
export const COMPETENCY_ITEM_IDS = [
  '2.2',
  '2.3',
  '2.4',
  '2.5',
  '2.6',
  '2.7',
  '2.8',
  '2.9',
  '2.10',
  '2.11',
  '2.12',
  '2.13',
] as const;
export type CompetencyItemId = (typeof COMPETENCY_ITEM_IDS)[number];

export interface ChecklistItem {
  readonly item: CompetencyItemId;
  readonly title: string;
  /** The evidence the checklist asks for, in English. */
  readonly asks: string;
  readonly evidence: (input: ChecklistInput) => readonly Evidence[];
  /** Markdown, one entry each. */
  readonly partnerMustProvide: (input: ChecklistInput) => readonly string[];
}

const evidenced = (text: string, details: readonly string[] = []): Evidence => ({ status: 'evidenced', text, details });
const relaxed = (text: string, details: readonly string[] = []): Evidence => ({ status: 'relaxed', text, details });
const missing = (text: string, details: readonly string[] = []): Evidence => ({ status: 'missing', text, details });

/** COMPLIANCE.md is written to docs/generated/<customer>/: links to repository files climb three levels. */
const REPOSITORY_ROOT = '../../..';

/** The runbooks the kit ships in docs/runbooks/. */
export const RUNBOOKS = [
  { file: 'docs/runbooks/load-test-and-scaling.md', title: 'load test and watch scaling' },
  { file: 'docs/runbooks/rds-multi-az-failover.md', title: 'force an RDS Multi-AZ failover and measure the downtime' },
] as const;

/** The result of one rule of the report as evidence: passes, acknowledgements (with reasons) and open findings. */
function ruleEvidence({ report }: ChecklistInput, pack: string, ruleId: string, what: string): Evidence {
  const rule = findRule(report, pack, ruleId);
  if (!rule || !isApplicable(rule)) {
    return missing(`${code(ruleId)} (${what}): no resource was checked by this rule in the compliance report.`);
  }
  const details = [
    ...rule.passed.map((resource) => `pass: ${code(resource)}`),
    ...rule.acknowledged.map((ack) => `acknowledged: ${code(ack.resource)}: ${ack.reason}`),
    ...rule.findings.map((resource) => `**open finding**: ${code(resource)}`),
  ];
  const counts = [
    plural(rule.passed.length, 'resource passes', 'resources pass'),
    rule.acknowledged.length > 0 ? `${rule.acknowledged.length} acknowledged` : '',
    rule.findings.length > 0 ? `**${plural(rule.findings.length, 'open finding')}**` : '',
  ].filter(Boolean);
  const text = `${code(ruleId)} (${what}): ${counts.join(', ')}.`;
  return rule.findings.length > 0 ? missing(text, details) : evidenced(text, details);
}

/** The PCI DSS v4.0.1 rules mapped to any of `requirements`, summed, as one piece of evidence. */
function pciRulesEvidence({ report }: ChecklistInput, requirements: readonly string[]): Evidence {
  const ruleIds = new Set(
    PCI_DSS_401_MAPPINGS.filter((mapping) => mapping.requirements.some((r) => requirements.includes(r))).map(
      (mapping) => `${PCI_DSS_401}-${mapping.rule.name}`,
    ),
  );
  const rules = sortedBy(findPack(report, PCI_DSS_401)?.rules.filter((rule) => ruleIds.has(rule.rule)) ?? [], (r) => r.rule);
  const applicable = rules.filter(isApplicable);
  const subject = `PCI DSS v4.0.1 rules of requirement${requirements.length > 1 ? 's' : ''} ${requirements.join(', ')}`;
  if (applicable.length === 0) return missing(`${subject}: none checked a resource in the compliance report.`);
  const counts = countsOf(applicable);
  const text =
    `${subject}: ${plural(applicable.length, 'rule')}, ${counts.passed} passing resource checks, ` +
    `${counts.acknowledged} acknowledged, ${counts.findings} open (see the PCI DSS v4.0.1 section).`;
  const details = applicable.map((rule) => {
    const ruleCounts = countsOf([rule]);
    return `${code(rule.rule)}: ${ruleCounts.passed} pass, ${ruleCounts.acknowledged} acknowledged, ${ruleCounts.findings} open`;
  });
  return counts.findings > 0 ? missing(text, details) : evidenced(text, details);
}

/** The AWS Config managed rules of the Operations stack that watch `item`: identifier and purpose. */
export function configRulesFor(item: CompetencyItemId): [string, string][] {
  return Object.entries(CONFIG_RULES).filter(([, purpose]) => purpose.startsWith(`Competency ${item}:`));
}

/** The AWS Config managed rules the Operations stack deploys for `item`, and their alert route. */
function configRulesEvidence({ config }: ChecklistInput, item: CompetencyItemId): Evidence {
  const rules = configRulesFor(item);
  const text =
    `AWS Config managed rules in the Operations stack, each NON_COMPLIANT evaluation sent to the alarm topic: ` +
    `${rules.map(([identifier]) => code(identifier)).join(', ')}.`;
  const details = rules.map(([identifier, purpose]) => `${code(identifier)}: ${purpose.replace(/^Competency [\d.]+: /, '')}`);
  return config.accountBaseline.hasConfigRecorder
    ? relaxed(
        `${text} They evaluate only what the account's own recorder records (\`accountBaseline.hasConfigRecorder: true\`).`,
        details,
      )
    : evidenced(`${text} The POC's own Config recorder records every resource type.`, details);
}

function resourcesMatching({ report }: ChecklistInput, pattern: RegExp): string[] {
  return resourcesIn(report).filter((resource) => pattern.test(resource));
}

function recoveryFigures({ config }: ChecklistInput, failure: Failure): string[] {
  return recoveryObjectives(config)
    .filter((objective) => objective.failure === failure)
    .map(
      (objective) =>
        `${objective.component.replace(/-/g, ' ')}: RTO ${formatFigure(objective.rto)}, RPO ${formatFigure(objective.rpo)}`,
    );
}

/**
 * Evidence of a logging control the POC deploys unless an `accountBaseline` switch leaves it to
 * the account: relaxed when the switch is set, else evidenced by the resources of the report
 * matching `pattern`, or missing when there are none.
 */
function loggingControlEvidence(
  input: ChecklistInput,
  control: {
    readonly leftToAccount: boolean;
    readonly relaxedText: string;
    readonly pattern: RegExp;
    readonly label: string;
    readonly evidencedText: string;
    readonly missingText: string;
  },
): Evidence {
  if (control.leftToAccount) return relaxed(control.relaxedText);
  const resources = resourcesMatching(input, control.pattern);
  return resources.length > 0
    ? evidenced(
        control.evidencedText,
        resources.map((resource) => `${control.label}: ${code(resource)}`),
      )
    : missing(control.missingText);
}

/** The GuardDuty protection plans of a config, on or off, as one phrase. */
function guardDutyPlans(config: PocConfig): string {
  const plans = config.guardDutyProtection;
  const state = (on: boolean) => (on ? 'on' : '**off**');
  return [
    `S3 Protection ${state(plans.s3DataEvents)}`,
    `Malware Protection for EC2 ${state(plans.ebsMalwareProtection)}`,
    `Runtime Monitoring of the instances ${state(plans.runtimeMonitoring)}`,
    `Lambda Protection ${state(plans.lambdaNetworkLogs)}`,
    `RDS Protection ${state(plans.rdsLoginEvents)} (it watches Aurora and RDS for PostgreSQL logins, not this MySQL instance)`,
  ].join(', ');
}

function auditTrailEvidence(input: ChecklistInput): Evidence {
  return loggingControlEvidence(input, {
    leftToAccount: input.config.accountBaseline.hasOrganizationTrail,
    relaxedText:
      'API activity is logged by the organization trail, not by this POC (`accountBaseline.hasOrganizationTrail: true`).',
    pattern: /\/AuditTrail\/Trail\/Resource$/,
    label: 'trail',
    evidencedText:
      "A multi-region CloudTrail trail (KMS-encrypted, log file validation) records every API call, including changes made outside CloudFormation, and the S3 data events (object reads and writes) of the POC's buckets.",
    missingText: 'No CloudTrail trail appears in the compliance report.',
  });
}

function sessionLoggingEvidence(input: ChecklistInput): Evidence {
  return loggingControlEvidence(input, {
    leftToAccount: input.config.accountBaseline.hasSessionManagerPreferences,
    relaxedText:
      "What is typed in Session Manager sessions is recorded by the account's own preferences, not by this POC (`accountBaseline.hasSessionManagerPreferences: true`).",
    pattern: /\/SessionLogging\/Logs\/Resource$/,
    label: 'session log group',
    evidencedText:
      'Every Session Manager shell session is recorded: the POC sets the regional preferences (`SSM-SessionManagerRunShell`) ' +
      'to stream what is typed and printed to a KMS-encrypted log group kept a year, and to encrypt the session itself with ' +
      'a customer-managed key (PCI DSS 10.2.1.2).',
    missingText: 'No Session Manager log group appears in the compliance report: what is typed in a session is not recorded.',
  });
}

const ROLE_PATH = /-Operations\/Roles\/([A-Za-z]+)\/Resource$/;

export const COMPETENCY_CHECKLIST: readonly ChecklistItem[] = [
  {
    item: '2.2',
    title: 'Deployment automation',
    asks:
      'An automated method deploys infrastructure and code; no interactive SSH or RDP session deploys updates, and every ' +
      'AWS resource is provisioned and changed programmatically (CloudFormation, Terraform). Evidence: the automated ' +
      'deployment mechanisms for infrastructure and application, for every project-based case study.',
    evidence: (input) => {
      const stacks = stacksIn(input.report);
      return [
        stacks.length > 0
          ? evidenced(
              `Every resource of the POC is defined in the AWS CDK app (\`bin/\`, \`lib/\`) from one config file and deployed as ` +
                `${plural(stacks.length, 'CloudFormation stack')} with \`npx cdk deploy --all\`; CI synthesizes and tests them on every change.`,
              stacks.map((stack) => `stack: ${code(stack)}`),
            )
          : missing('The compliance report names no resource: synthesize the POC (`npx cdk synth`) and regenerate.'),
        evidenced(
          'Instances are configured at launch from their launch templates (user data) and replaced by deployments, never changed by hand; ' +
            (input.config.management.bastionAccess === 'ssm'
              ? 'no inbound management port exists: operators reach instances only through Session Manager.'
              : 'operators reach them through Session Manager or, for troubleshooting, SSH through the bastions.'),
        ),
        sessionLoggingEvidence(input),
        auditTrailEvidence(input),
      ];
    },
    partnerMustProvide: () => [
      'A description of the deployment pipeline of each project-based case study, for the infrastructure and for the application code (the POC installs its sample application from instance user data; a production application needs its own pipeline).',
      'The change-management rule that forbids deploying changes through SSH or RDP sessions, and the CloudTrail records and session transcripts showing it is followed.',
    ],
  },
  {
    item: '2.3',
    title: 'Defined availability criteria (RTO and RPO)',
    asks: 'RTO and RPO defined for the loss of a single Availability Zone. Evidence: the RTO and RPO of each component, for every project-based case study.',
    evidence: (input) => [
      evidenced(
        'RTO and RPO of every component for the loss of one AZ, computed from the config and the deployed settings; ' +
          '[RESILIENCE.md](RESILIENCE.md) states the basis and AWS source of each figure.',
        recoveryFigures(input, 'az-loss'),
      ),
    ],
    partnerMustProvide: () => [
      'The RTO and RPO of each component of every project-based case study, agreed with the customer (the POC figures are a starting point, not the objectives of the customer).',
    ],
  },
  {
    item: '2.4',
    title: 'Availability Zone resilience and testing',
    asks:
      'Solutions resilient to the loss of one AZ, with failover mechanisms consistent with the RTO and RPO. Evidence: an ' +
      'architecture diagram, the failover mechanisms and the tests that validated them.',
    evidence: (input) => [
      ruleEvidence(input, 'Competency', 'Competency-MultiAz', 'Auto Scaling groups, database and cache span at least two AZs'),
      evidenced(
        `The VPC spans ${input.config.network.availabilityZoneCount} AZs (\`network.availabilityZoneCount\`), ` +
          `with ${input.config.network.natGateways === 'single' ? 'one NAT gateway' : 'one NAT gateway per AZ'}.`,
      ),
      configRulesEvidence(input, '2.4'),
      evidenced(
        'Failover test: `npm run demo:failover` forces an RDS Multi-AZ failover and measures the downtime; `npm run demo:load` drives scaling.',
        RUNBOOKS.map((runbook) => `runbook: [${runbook.title}](${REPOSITORY_ROOT}/${runbook.file})`),
      ),
    ],
    partnerMustProvide: () => [
      'The architecture diagram and a description of the failover mechanisms for every project-based case study.',
      'The record of a failover test (for example the output of `npm run demo:failover` with the measured downtime), compared with the RTO of item 2.3.',
    ],
  },
  {
    item: '2.5',
    title: 'Disaster recovery planning and testing',
    asks:
      'A DR plan for a lasting regional outage. Evidence for at least one case study: the regional RTO and RPO; an ' +
      'architecture diagram of data replication and recovery; the DR test run before the end of the engagement; an ' +
      'attestation that the DR runbook was delivered to the customer.',
    evidence: (input) => {
      const plan = disasterRecoveryPlan(input.config);
      if (!plan) {
        return [
          missing(
            'No backup leaves the primary region (`disasterRecovery.copyToRegion: null`): the regional RTO and RPO are unbounded and there is no DR plan.',
          ),
        ];
      }
      const dr = input.config.disasterRecovery;
      return [
        evidenced(
          `AWS Backup copies every recovery point of the database to vault \`${plan.vaultName}\` in ${plan.drRegion}, kept ` +
            `${dr.copyRetentionDays} days, re-encrypted with that region's KMS key (DisasterRecovery stack).`,
          resourcesMatching(input, /^[^/]+-DisasterRecovery\//).map((resource) => `resource: ${code(resource)}`),
        ),
        evidenced(
          `Regional RTO and RPO, and the ${plural(plan.steps.length, 'step')} of the DR plan, in [RESILIENCE.md](RESILIENCE.md).`,
          recoveryFigures(input, 'region-loss'),
        ),
      ];
    },
    partnerMustProvide: ({ config }) => [
      ...(config.disasterRecovery.copyToRegion === null
        ? [
            'A DR design: set `disasterRecovery.copyToRegion` to a second region in the same jurisdiction, or describe the mechanism used instead.',
          ]
        : []),
      'The record of a DR test: a restore in the DR region following the plan, with the measured times replacing the kit estimates.',
      'An architecture diagram of the replication and recovery processes.',
      'The attestation that the DR runbook was delivered to the customer.',
    ],
  },
  {
    item: '2.6',
    title: 'Runbooks',
    asks:
      'Runbooks or other documentation describing routine operations and troubleshooting, delivered to the customer. ' +
      'Evidence: sample runbooks and an attestation that they were part of the deliverables.',
    evidence: () => [
      evidenced(
        `${plural(RUNBOOKS.length, 'runbook')} ship with the POC, and [RESILIENCE.md](RESILIENCE.md) holds the regional DR plan step by step.`,
        RUNBOOKS.map((runbook) => `[${runbook.title}](${REPOSITORY_ROOT}/${runbook.file})`),
      ),
    ],
    partnerMustProvide: () => [
      "Runbooks for the routine operations and troubleshooting of the customer's application (patching, credential rotation, restore from backup, scaling, incident response).",
      'The attestation that the runbooks were delivered with the engagement.',
    ],
  },
  {
    item: '2.7',
    title: 'Performance and health monitoring',
    asks:
      'Tools and mechanisms monitor the performance and operational health of the solution. Evidence: the tools used and an ' +
      'architecture diagram of how performance and health data are collected.',
    evidence: (input) => {
      const thresholds = input.config.monitoring;
      return [
        ruleEvidence(
          input,
          'Competency',
          'Competency-AlarmedToTopic',
          'each tier, load balancer and the database has an alarm paging the topic',
        ),
        ruleEvidence(input, PCI_DSS_401, `${PCI_DSS_401}-CloudWatchAlarmAction`, 'every CloudWatch alarm has an action'),
        evidenced(
          `Alarms, compliance alerts${input.config.accountBaseline.guardDuty ? ' and high-severity GuardDuty findings' : ''} ` +
            `go to \`${input.config.alerts.email}\` (\`alerts.email\`); ` +
            'the CloudFront alarms live in us-east-1, where CloudFront publishes its metrics, with their own topic to the same address.',
          [
            `5xx error rate above ${thresholds.errorRatePercent}% (CloudFront, each ALB)`,
            `p99 latency above ${thresholds.latencyP99Seconds} s (each ALB), p90 origin latency above ${thresholds.originLatencyP90Seconds} s (CloudFront)`,
            `average CPU above ${thresholds.cpuPercent}% (each tier, the database)`,
            `database free storage below ${thresholds.databaseFreeStorageGiB} GiB, freeable memory below ${thresholds.databaseFreeableMemoryMiB} MiB, more than ${thresholds.databaseConnections} connections`,
            `AWS WAF blocking more than ${thresholds.wafBlockedRatePercent}% of requests`,
          ],
        ),
      ];
    },
    partnerMustProvide: () => [
      'A description of the monitoring tools and an architecture diagram of how performance and health data are collected, for every project-based case study.',
      'Proof that both alert e-mail subscriptions (the alarm topic in the deployment region and the CloudFront alarm topic in us-east-1) were confirmed, and who receives and acts on the alerts.',
    ],
  },
  {
    item: '2.8',
    title: 'AWS root account usage',
    asks:
      'The root user is not used beyond creating and configuring the account; root credentials of accounts the partner ' +
      'creates are handed to the customer, who rotates them, and the partner destroys its copies. Evidence: the IAM ' +
      "principals the partner uses in customers' accounts, and the account initialisation and root hand-over process.",
    evidence: (input) => [configRulesEvidence(input, '2.8'), auditTrailEvidence(input)],
    partnerMustProvide: () => [
      "A description of the IAM principals the partner uses to work in customers' accounts.",
      'If the partner creates accounts: the process that initialises the IAM principals and hands the root credentials over (customer rotates them, partner copies destroyed), and root MFA evidence.',
    ],
  },
  {
    item: '2.9',
    title: 'IAM policies',
    asks: 'An established process determines the privileges granted to IAM principals, human and system. Evidence: the processes that create and review IAM policies.',
    evidence: (input) => {
      const roles = resourcesMatching(input, ROLE_PATH).filter((resource) => !/Policy\/Resource$/.test(resource));
      const iamAcknowledgements = (findPack(input.report, 'AwsSolutions')?.rules ?? [])
        .filter((rule) => /^AwsSolutions-IAM[45]/.test(rule.rule))
        .flatMap((rule) => rule.acknowledged);
      return [
        roles.length > 0
          ? evidenced(
              `${plural(roles.length, 'operator role')} (${roles.map((role) => ROLE_PATH.exec(role)?.[1]).join(', ')}), assumable only by ` +
                'principals of the account signed in with MFA, for one hour at most; their permissions are managed policies.',
              roles.map((role) => `role: ${code(role)}`),
            )
          : missing('No operator role appears in the compliance report.'),
        ruleEvidence(input, PCI_DSS_401, `${PCI_DSS_401}-IAMNoInlinePolicy`, 'no inline policies'),
        ruleEvidence(
          input,
          PCI_DSS_401,
          `${PCI_DSS_401}-IAMPolicyNoStatementsWithAdminAccess`,
          'no policy grants every action on every resource',
        ),
        evidenced(
          `${plural(iamAcknowledgements.length, 'IAM finding')} of AwsSolutions-IAM4/IAM5 (AWS managed policies, wildcard resources) acknowledged on one resource each with its reason (see Acknowledgements).`,
        ),
      ];
    },
    partnerMustProvide: () => [
      'The process that creates and reviews IAM policies: who requests and approves a privilege, how least privilege is checked, how often access is reviewed, and the review records.',
      'The account password policy (PCI DSS 8.3.6, 8.3.9): it is an account-wide IAM setting, out of scope for the POC stacks; the partner sets it and shows it.',
    ],
  },
  {
    item: '2.10',
    title: 'Amazon S3 bucket access control',
    asks:
      'Access to the buckets created during the engagement follows least privilege, and monitoring or alerting detects a ' +
      'bucket becoming public. Evidence: the access requirements of each bucket and the alerting, monitoring and ' +
      'access-control mechanisms that enforce them.',
    evidence: (input) => [
      ruleEvidence(input, 'Competency', 'Competency-BucketNotPublic', 'every bucket blocks all public access'),
      ruleEvidence(input, 'Competency', 'Competency-PublicBucketAlert', 'a bucket becoming public pages the alarm topic'),
      configRulesEvidence(input, '2.10'),
      ruleEvidence(input, PCI_DSS_401, `${PCI_DSS_401}-S3BucketSSLRequestsOnly`, 'bucket policies deny requests without TLS'),
    ],
    partnerMustProvide: () => [
      'The access requirements of each bucket (who reads and writes it, and why), for every case study; the buckets of this POC are listed above.',
    ],
  },
  {
    item: '2.11',
    title: 'Data encryption',
    asks:
      'Data the customer classifies as sensitive is encrypted at rest and in transit. Evidence: the encryption mechanisms ' +
      'of all sensitive data, for every case study.',
    evidence: (input) => [
      ruleEvidence(
        input,
        'Competency',
        'Competency-EncryptedAtRest',
        'database, volumes, buckets, log groups and topics encrypted',
      ),
      ruleEvidence(input, 'Competency', 'Competency-TlsInTransit', 'listeners, MySQL and memcached connections use TLS'),
      pciRulesEvidence(input, ['3.5.1', '4.2.1']),
      configRulesEvidence(input, '2.11'),
    ],
    partnerMustProvide: () => [
      "The customer's data classification: which data is sensitive, and confirmation that none goes through the memcached interface (it has no authentication).",
      'A description of the encryption mechanisms and key management (PCI DSS 3.6, 3.7) for every case study.',
    ],
  },
  {
    item: '2.12',
    title: 'PCI DSS network segmentation',
    asks:
      'For e-commerce with cardholder data, the workloads that process or store it are isolated from the other workloads ' +
      'by firewalls. Evidence: an architecture diagram of VPCs, subnets and security groups for each e-commerce case study.',
    evidence: (input) => [
      ruleEvidence(input, 'Competency', 'Competency-DataSubnetsIsolated', 'data subnets route only inside the VPC'),
      ruleEvidence(input, 'Competency', 'Competency-DatabaseOnlyFromAppTier', 'only the app tier reaches MySQL and memcached'),
      pciRulesEvidence(input, ['1.3.1', '1.3.2']),
      configRulesEvidence(input, '2.12'),
      evidenced(
        '`npm run analyze` computes who can reach whom from the synthesized security groups, NACLs and routes, and CI fails when it differs from the design table.',
      ),
    ],
    partnerMustProvide: () => [
      'An architecture diagram of the VPCs, subnets and security groups of each e-commerce case study (the network matrix of `npm run analyze` supports it).',
      'A segmentation test record (PCI DSS 11.4.5): a penetration test confirming that the segmentation controls isolate the CDE.',
    ],
  },
  {
    item: '2.13',
    title: 'PCI DSS vulnerability scanning and penetration testing',
    asks:
      'For e-commerce, a means to run quarterly vulnerability scans and penetration tests. Evidence: the implementation ' +
      'for each e-commerce case study.',
    evidence: (input) => {
      const baseline = input.config.accountBaseline;
      return [
        baseline.inspector
          ? evidenced(
              'Amazon Inspector scans the EC2 instances continuously: the Operations stack enables it through the Inspector2 API (no CloudFormation resource exists).',
              resourcesMatching(input, /\/ThreatDetection\/Inspector/).map((resource) => `resource: ${code(resource)}`),
            )
          : relaxed(
              'Amazon Inspector: not enabled by this POC (`accountBaseline.inspector: false`); the account must already run it.',
            ),
        baseline.securityHub
          ? evidenced('Security Hub runs the PCI DSS v4.0.1 standard on the account.')
          : relaxed(
              'Security Hub: not enabled by this POC (`accountBaseline.securityHub: false`); the account must already run it with the PCI DSS v4.0.1 standard.',
            ),
        baseline.guardDuty
          ? evidenced(
              'GuardDuty detects threats; findings of severity 7 or more page the alarm topic. Its protection plans, each set ' +
                'explicitly (`guardDutyProtection`): ' +
                guardDutyPlans(input.config) +
                '.',
            )
          : relaxed('GuardDuty: not enabled by this POC (`accountBaseline.guardDuty: false`); the account must already run it.'),
      ];
    },
    partnerMustProvide: ({ config }) => [
      ...(config.accountBaseline.inspector
        ? []
        : ["Evidence that the account's Amazon Inspector scans the POC instances (coverage report)."]),
      'Quarterly internal vulnerability scan records (PCI DSS 11.3.1) and external scans by an Approved Scanning Vendor (11.3.2), with the remediation of what they found.',
      'Penetration test records: at least yearly and after significant changes, application and network layers (11.4.1-11.4.3).',
      'A description of how scans and penetration tests are run for each e-commerce case study.',
    ],
  },
];
