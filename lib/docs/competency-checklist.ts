import { PCI_DSS_401 } from '../compliance/pci-dss-401/pack';
import { disasterRecoveryPlan } from '../resilience/objectives';
import { code, findPack, plural, stacksIn } from './report-queries';
import {
  ChecklistItem,
  RUNBOOKS,
  auditTrailEvidence,
  configRulesEvidence,
  evidenced,
  guardDutyPlans,
  missing,
  pciRulesEvidence,
  relaxed,
  resourcesMatching,
  ruleEvidence,
  sessionLoggingEvidence,
} from './competency-evidence';

export { COMPETENCY_ITEM_IDS, configRulesFor } from './competency-evidence';
export type { ChecklistInput, ChecklistItem, CompetencyItemId, Evidence } from './competency-evidence';

/**
 * Items 2.2-2.13 of the AWS Retail Competency Consulting Partner Validation Checklist
 * (December 2019, v1.0; shared/seeds 001, French edition, section 2.0 "Case study
 * requirements"): for each, what this POC evidences, computed from the compliance report and
 * the config, and what the partner must still provide (processes, test records).
 */

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
    evidence: () => [
      evidenced(
        'RTO and RPO of every component for the loss of one AZ, computed from the synthesized templates: ' +
          '[RESILIENCE.md](RESILIENCE.md) states each figure with its basis, the resource it rests on and its AWS source.',
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
        RUNBOOKS.map((runbook) => `runbook: [${runbook.title}](${runbook.file})`),
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
        RUNBOOKS.map((runbook) => `[${runbook.title}](${runbook.file})`),
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
