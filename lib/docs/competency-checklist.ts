import { PCI_DSS_401 } from '../compliance/pci-dss-401/pack';
import { PocConfig } from '../config/schema';
import { recoveryObjectives } from '../resilience/objectives';
import { RUNBOOK_INDEX, RUNBOOKS, RUNBOOKS_FOLDER } from '../runbooks';
import {
  azsOf,
  ChecklistInput,
  ChecklistItem,
  CompetencyItemId,
  configRulesDetail,
  configRulesShown,
  detail,
  multiAzShown,
  ruleCause,
  ruleDetail,
  shown,
  sshIngress,
  subnetsOfTier,
} from './competency-evidence';
import { MONITORING_DIAGRAM_FILE } from './monitoring-diagram';
import { RECOVERY_DIAGRAM_FILE } from './recovery-diagram';
import { code, plural } from './report-queries';
import { Relaxation, relaxationsInForce, settingOf } from './relaxations';
import { NotInPlace, RequirementVerdict, TemplateEvidence } from './verdict';

export { COMPETENCY_ITEM_IDS, configRulesFor } from './competency-evidence';
export type { ChecklistInput, ChecklistItem, CompetencyItemId } from './competency-evidence';

/**
 * Items 2.2-2.13 of the AWS Retail Competency Consulting Partner Validation Checklist
 * (December 2019, v1.0; shared/seeds 001, French edition, section 2.0 "Case study
 * requirements"): for each, a verdict on this POC read from its templates and compliance report,
 * the detail behind it, and what only the partner can show (processes, test records,
 * attestations). The kit's own documents are pointed to, never asked for.
 */

const COMPETENCY = 'Competency';
const ROLE_PATH = /-Operations\/Roles\/([A-Za-z]+)\/Resource$/;
const MFA_CONDITION = /aws:MultiFactorAuthPresent/;
const runbookLink = (file: string): string => {
  const runbook = RUNBOOKS.find((candidate) => candidate.file === file);
  return `[${runbook?.title ?? file}](${RUNBOOKS_FOLDER}/${file})`;
};
const RESILIENCE = '[RESILIENCE.md](RESILIENCE.md)';
const ARCHITECTURE = '[ARCHITECTURE.md](ARCHITECTURE.md)';
const DIAGRAM = '[architecture.svg](architecture.svg)';
const RECOVERY_DIAGRAM = `[${RECOVERY_DIAGRAM_FILE}](${RECOVERY_DIAGRAM_FILE})`;
const MONITORING_DIAGRAM = `[${MONITORING_DIAGRAM_FILE}](${MONITORING_DIAGRAM_FILE})`;
const NETWORK = '[NETWORK.md](NETWORK.md)';
const SECURITY = '[SECURITY.md](SECURITY.md)';
const RUNBOOK_LIST = `[${RUNBOOKS_FOLDER}/${RUNBOOK_INDEX}](${RUNBOOKS_FOLDER}/${RUNBOOK_INDEX})`;

/** The relaxations in force that weaken `item`, with the config setting that causes each. */
export function relaxationsOf(config: PocConfig, item: CompetencyItemId, fields?: readonly string[]): Relaxation[] {
  return relaxationsInForce(config).filter(
    (relaxation) => relaxation.competencyItems.includes(item) && (!fields || fields.includes(relaxation.field)),
  );
}

/** A "not in place" verdict caused by config relaxations: each setting, what it weakens and its remedy. */
export function relaxedVerdict(
  requirement: CompetencyItemId,
  reason: string,
  relaxations: readonly Relaxation[],
  evidence: readonly TemplateEvidence[],
): NotInPlace {
  return {
    requirement,
    verdict: 'not in place',
    reason,
    cause: relaxations.map((relaxation) => `${settingOf(relaxation)}: ${relaxation.relaxation}`).join(' '),
    fix: relaxations.map((relaxation) => relaxation.remedy).join(' '),
    evidence,
  };
}

/** The Session Manager preferences the templates set, when they stream sessions to a log group. */
function sessionRecording({ poc }: ChecklistInput): TemplateEvidence[] {
  return poc.sessionDocuments
    .filter((document) => document.name === 'SSM-SessionManagerRunShell' && document.streaming && document.logGroup)
    .map((document) => shown(document.source, 'Content.inputs.cloudWatchLogGroupName', poc.nameOf(document.logGroup ?? '')));
}

function trailShown({ poc }: ChecklistInput): TemplateEvidence[] {
  return poc.trails
    .filter((trail) => trail.logging)
    .map((trail) => shown(trail.source, 'IsMultiRegionTrail', String(trail.multiRegion)));
}

function deploymentAutomation(input: ChecklistInput): RequirementVerdict {
  const { poc, config } = input;
  const stacks = poc.stacks.filter((stack) => stack.parent === undefined);
  const stackEvidence = stacks.map((stack) => ({
    resource: stack.name,
    property: 'Resources',
    value: plural(stack.resources, 'resource'),
  }));
  if (stacks.length === 0) {
    return {
      requirement: '2.2',
      verdict: 'not in place',
      reason: 'The cloud assembly holds no stack.',
      cause: 'Nothing was synthesized.',
      fix: 'Synthesize the POC (`npx cdk synth`) and regenerate the documents.',
      evidence: [],
    };
  }
  const ssh = sshIngress(poc);
  const deployed = `Every resource is declared in ${plural(stacks.length, 'CloudFormation stack')} of the CDK app and deployed from them by CloudFormation`;
  if (ssh.length > 0) {
    const relaxations = relaxationsOf(config, '2.2', ['management.bastionAccess']);
    const reason =
      `${deployed}, but ${plural(ssh.length, 'security-group rule admits', 'security-group rules admit')} SSH from addresses: ` +
      'an interactive session can change an instance, and nothing records what is typed in it.';
    return relaxations.length > 0
      ? {
          ...relaxedVerdict('2.2', reason, relaxations, [...stackEvidence, ...ssh]),
          fix: '`management.bastionAccess: ssm`: no inbound rule, operators reach the instances through Session Manager only, and every session is recorded.',
        }
      : {
          requirement: '2.2',
          verdict: 'not in place',
          reason,
          cause: `SSH admitted by ${ssh.map((rule) => `${code(rule.resource)} (${rule.value})`).join(', ')}.`,
          fix: 'Remove the inbound SSH rules: operators reach the instances through Session Manager.',
          evidence: [...stackEvidence, ...ssh],
        };
  }
  return {
    requirement: '2.2',
    verdict: 'in place',
    reason:
      `${deployed}; no security group admits SSH, so operators reach instances only through Session Manager, and ` +
      'instances are configured at launch from their launch templates and replaced by deployments.',
    evidence: [...stackEvidence, ...sessionRecording(input), ...trailShown(input)],
  };
}

function azCriteria(input: ChecklistInput): RequirementVerdict {
  const objectives = recoveryObjectives(input.poc, input.config).filter((objective) => objective.failure === 'az-loss');
  // A component without a recovery time for the AZ loss (Single-AZ, one NAT gateway) stays down until the AZ returns.
  const withoutRto = objectives.filter((objective) => objective.rto.kind !== 'time');
  if (withoutRto.length > 0) {
    return {
      requirement: '2.3',
      verdict: 'not in place',
      reason: `${RESILIENCE} can give no recovery time for the loss of one AZ to ${plural(withoutRto.length, 'component')}.`,
      cause: withoutRto.map((objective) => `${objective.component}: ${objective.rto.basis}`).join(' '),
      fix:
        'Every component in at least two AZs: a Multi-AZ database, Auto Scaling groups over subnets of two AZs or more, ' +
        'one NAT gateway per AZ (`network.natGateways: one-per-az`).',
      evidence: multiAzShown(input),
    };
  }
  return {
    requirement: '2.3',
    verdict: 'in place',
    reason:
      `${RESILIENCE} states the RTO and RPO of ${plural(objectives.length, 'component')} for the loss of one AZ, each computed ` +
      'from the templates with its basis, qualifier and AWS source; they rest on these placements.',
    evidence: multiAzShown(input),
  };
}

function azResilience(input: ChecklistInput): RequirementVerdict {
  const { poc, config, report } = input;
  const placements = multiAzShown(input);
  const ruleProblem = ruleCause(report, COMPETENCY, ['Competency-MultiAz']);
  const fleetAzs = azsOf(
    poc,
    poc.fleets.flatMap((fleet) => fleet.subnets),
  );
  const natAzs = azsOf(
    poc,
    poc.natGateways.map((nat) => nat.subnet).filter((subnet): subnet is string => subnet !== undefined),
  );
  const nats = poc.natGateways.map((nat) =>
    shown(nat.source, 'SubnetId', poc.network.subnets.get(nat.subnet ?? '')?.az ?? 'unknown AZ'),
  );
  const evidence = [...placements, ...nats];
  if (ruleProblem) {
    return {
      requirement: '2.4',
      verdict: 'not in place',
      reason: 'A database or Auto Scaling group does not span two AZs, or the check was acknowledged.',
      cause: ruleProblem,
      fix: 'Multi-AZ for the database and Auto Scaling groups over subnets of at least two AZs.',
      evidence,
    };
  }
  const withoutNat = fleetAzs.filter((az) => natAzs.length > 0 && !natAzs.includes(az));
  if (withoutNat.length > 0) {
    const reason =
      `The instances of ${withoutNat.join(', ')} leave the VPC through a NAT gateway in another AZ: if that AZ is lost, ` +
      'instances that replace lost capacity cannot reach Session Manager or Secrets Manager when they start.';
    const relaxations = relaxationsOf(config, '2.4', ['network.natGateways']);
    return relaxations.length > 0
      ? { ...relaxedVerdict('2.4', reason, relaxations, evidence), fix: '`network.natGateways: one-per-az`.' }
      : {
          requirement: '2.4',
          verdict: 'not in place',
          reason,
          cause: `No NAT gateway in ${withoutNat.join(', ')}.`,
          fix: 'One NAT gateway per AZ.',
          evidence,
        };
  }
  return {
    requirement: '2.4',
    verdict: 'in place',
    reason:
      'The database is Multi-AZ (RDS fails over to its standby) and every Auto Scaling group spans at least two AZs behind ' +
      `load balancers that stop routing to an unhealthy AZ${natAzs.length > 0 ? '; each AZ of the instances has its own NAT gateway' : ''}. ` +
      `${RESILIENCE} states the resulting RTO and RPO.`,
    evidence,
  };
}

function disasterRecovery(input: ChecklistInput): RequirementVerdict {
  const { poc, config } = input;
  const copies = poc.backupPlans.flatMap((plan) =>
    plan.rules.flatMap((rule, index) =>
      rule.copies
        .filter((copy) => copy.region !== undefined)
        .map((copy) =>
          shown(
            plan.source,
            `BackupPlan.BackupPlanRule[${index}].CopyActions`,
            `vault ${copy.vaultName ?? '?'} in ${copy.region ?? '?'}` +
              (copy.deleteAfterDays === undefined ? '' : `, kept ${copy.deleteAfterDays} days`),
          ),
        ),
    ),
  );
  const copyRegions = new Set(
    poc.backupPlans.flatMap((plan) => plan.rules.flatMap((rule) => rule.copies.map((copy) => copy.region))),
  );
  const vaults = poc.backupVaults
    .filter((vault) => copyRegions.has(poc.stacks.find((stack) => stack.name === vault.source.stack)?.region))
    .map((vault) => shown(vault.source, 'EncryptionKeyArn', vault.kmsKey ? poc.nameOf(vault.kmsKey) : 'AWS managed key'));
  if (copies.length === 0) {
    const relaxations = relaxationsOf(config, '2.5', ['disasterRecovery.copyToRegion']);
    const reason = 'No backup leaves the primary region: the loss of the region loses the database, and there is no DR plan.';
    return relaxations.length > 0
      ? relaxedVerdict('2.5', reason, relaxations, [])
      : {
          requirement: '2.5',
          verdict: 'not in place',
          reason,
          cause: 'No backup plan of the templates copies its recovery points to another region.',
          fix: 'Set `disasterRecovery.copyToRegion` to a region in the same jurisdiction.',
          evidence: [],
        };
  }
  return {
    requirement: '2.5',
    verdict: 'in place',
    reason:
      `An AWS Backup plan copies each recovery point it takes to a vault in another region; ${RESILIENCE} states the regional RTO and ` +
      'RPO and the DR plan step by step. The plan is a design until the partner tests it.',
    evidence: [...copies, ...vaults],
  };
}

function runbooks(): RequirementVerdict {
  return {
    requirement: '2.6',
    verdict: 'customer responsibility',
    reason:
      `The kit writes ${plural(RUNBOOKS.length, 'runbook')} for this POC from its templates (${RUNBOOK_LIST}); the checklist ` +
      'asks that runbooks were delivered to the customer, which only the partner can attest.',
    mustShow: 'The attestation that the runbooks were part of the deliverables.',
    evidence: [],
  };
}

function monitoring(input: ChecklistInput): RequirementVerdict {
  const { poc, report } = input;
  const alarms = poc.alarms.map((alarm) => shown(alarm.source, 'AlarmName', alarm.name ?? 'named by CloudFormation'));
  const subscriptions = poc.topicSubscriptions.map((subscription) =>
    shown(subscription.source, 'Endpoint', `${subscription.protocol ?? '?'}: ${subscription.endpoint ?? '?'}`),
  );
  const evidence = [...alarms, ...subscriptions];
  const problem =
    ruleCause(report, COMPETENCY, ['Competency-AlarmedToTopic']) ??
    ruleCause(report, PCI_DSS_401, [`${PCI_DSS_401}-CloudWatchAlarmAction`]);
  if (problem || alarms.length === 0) {
    return {
      requirement: '2.7',
      verdict: 'not in place',
      reason: 'A tier, load balancer or the database has no alarm that notifies the alarm topic.',
      cause: problem ?? 'The templates declare no CloudWatch alarm.',
      fix: 'An alarm on each of them with an action to the alarm topic.',
      evidence,
    };
  }
  return {
    requirement: '2.7',
    verdict: 'in place',
    reason:
      `${plural(alarms.length, 'CloudWatch alarm')}: each tier, load balancer and the database is watched by one that notifies ` +
      `a topic, every alarm has an action, and ${plural(subscriptions.length, 'topic subscription')} deliver the notifications.`,
    evidence,
  };
}

function rootUsage(input: ChecklistInput): RequirementVerdict {
  return {
    requirement: '2.8',
    verdict: 'customer responsibility',
    reason:
      'How the root user is used and handed over is a process of the partner and the customer; the templates only watch ' +
      'for root MFA and root access keys and record every API call.',
    mustShow:
      'The IAM principals the partner uses in customer accounts, and the root hand-over process of the accounts it creates.',
    evidence: [...configRulesShown(input, '2.8'), ...trailShown(input)],
  };
}

function iamPolicies({ poc }: ChecklistInput): RequirementVerdict {
  const operatorRoles = poc.roles.filter((role) => ROLE_PATH.test(role.source.path ?? ''));
  const withMfa = operatorRoles.filter((role) =>
    role.trust.some((principal) => principal.conditions.some((condition) => MFA_CONDITION.test(condition))),
  );
  const roles = operatorRoles.flatMap((role) => [
    shown(
      role.source,
      'AssumeRolePolicyDocument.Condition',
      role.trust
        .flatMap((principal) => principal.conditions)
        .filter((condition) => MFA_CONDITION.test(condition))
        .join('; ') || 'no MFA condition',
    ),
    shown(
      role.source,
      'MaxSessionDuration',
      role.maxSessionSeconds === undefined ? '3600 (default)' : String(role.maxSessionSeconds),
    ),
  ]);
  return {
    requirement: '2.9',
    verdict: 'customer responsibility',
    reason:
      'The checklist asks for the process that grants and reviews privileges, which no template shows; the templates give ' +
      `the ${plural(operatorRoles.length, 'operator role')} it would govern, ${withMfa.length} of them assumable only with MFA.`,
    mustShow: 'The process that creates and reviews IAM policies, and its review records.',
    evidence: roles,
  };
}

function bucketAccess(input: ChecklistInput): RequirementVerdict {
  const { poc, report } = input;
  const buckets = poc.buckets.map((bucket) =>
    shown(
      bucket.source,
      'PublicAccessBlockConfiguration',
      bucket.publicAccessBlocked ? 'all four settings true' : 'not all true',
    ),
  );
  const evidence = [...buckets, ...configRulesShown(input, '2.10')];
  const open = poc.buckets.filter((bucket) => !bucket.publicAccessBlocked);
  const problem = ruleCause(report, COMPETENCY, ['Competency-BucketNotPublic', 'Competency-PublicBucketAlert']);
  if (problem || open.length > 0) {
    return {
      requirement: '2.10',
      verdict: 'not in place',
      reason: 'A bucket may become public, or becoming public would page no one.',
      cause:
        problem ?? `Block Public Access incomplete on ${open.map((bucket) => code(poc.nameOf(bucket.source.key))).join(', ')}.`,
      fix: 'Block all public access on every bucket, and route the public-bucket Config rules to the alarm topic.',
      evidence,
    };
  }
  return {
    requirement: '2.10',
    verdict: 'in place',
    reason:
      `Every bucket of the POC (${poc.buckets.length}) blocks all public access, and AWS Config rules page the alarm topic ` +
      'when a bucket becomes public.',
    evidence,
  };
}

/** What restores encryption for each config relaxation of 2.11 (the relaxation's remedy also says what compensates meanwhile). */
const ENCRYPTION_FIXES: Readonly<Record<string, string>> = {
  domain:
    'Set `domain` with ACM certificates: CloudFront then requires TLS 1.2 or later from viewers and reaches the web load balancer over HTTPS.',
  'database.cache': '`database.cache: elasticache-memcached` (MySQL 8.4 and an ElastiCache cluster with TLS in transit).',
};

function encryption(input: ChecklistInput): RequirementVerdict {
  const { poc, report, config } = input;
  const atRest = poc.encryptionAtRest
    .filter((store) => store.encrypted)
    .map((store) => {
      if (store.key) {
        return shown(
          store.source,
          store.key.property,
          store.key.resource ? poc.nameOf(store.key.resource) : store.key.expression,
        );
      }
      if (store.kind === 'ebs-volume')
        return shown(store.source, `Ebs.Encrypted (${store.device ?? '?'})`, 'true, AWS managed key');
      return store.kind === 's3-bucket'
        ? shown(store.source, 'ServerSideEncryptionByDefault.SSEAlgorithm', store.algorithm ?? 'AES256')
        : shown(store.source, 'encryption', "the service's own key");
    });
  const inTransit = [
    ...poc.listeners
      .filter((listener) => listener.protocol === 'HTTPS')
      .map((listener) => shown(listener.source, 'SslPolicy', listener.sslPolicy ?? 'default')),
    ...poc.databaseParameterGroups
      .filter((group) => group.parameters.require_secure_transport !== undefined)
      .map((group) => shown(group.source, 'Parameters.require_secure_transport', group.parameters.require_secure_transport)),
  ];
  const evidence = [...atRest, ...inTransit];
  const relaxations = relaxationsOf(config, '2.11', ['domain', 'database.cache']);
  const acknowledged = ruleCause(report, COMPETENCY, ['Competency-EncryptedAtRest', 'Competency-TlsInTransit']);
  if (relaxations.length > 0 || acknowledged) {
    const relaxed = relaxedVerdict('2.11', '', relaxations, evidence);
    return {
      ...relaxed,
      reason:
        'Some data is not encrypted, or not strongly, on its way or at rest: the checklist asks that all sensitive data be ' +
        'encrypted at rest and in transit, wherever it travels.',
      cause: [relaxed.cause, acknowledged ? `Findings: ${acknowledged}` : ''].filter(Boolean).join(' '),
      fix: [
        ...new Set(relaxations.map((relaxation) => ENCRYPTION_FIXES[relaxation.field] ?? relaxation.remedy)),
        acknowledged
          ? 'For each acknowledged finding, TLS or encryption on that resource (its acknowledgement says why it is absent), ' +
            "or the customer's data classification showing that no sensitive data crosses it."
          : '',
      ]
        .filter(Boolean)
        .join(' '),
    };
  }
  return {
    requirement: '2.11',
    verdict: 'in place',
    reason: 'Every data store of the templates is encrypted at rest, and every listener and database connection requires TLS.',
    evidence,
  };
}

function segmentation(input: ChecklistInput): RequirementVerdict {
  const { poc, report } = input;
  const dataSubnets = subnetsOfTier(poc, 'data');
  const evidence = dataSubnets.flatMap((subnet) => [
    {
      resource: poc.nameOf(subnet.key),
      property: 'SubnetRouteTableAssociation.RouteTableId',
      value: `${poc.nameOf(subnet.routeTable.key)} (${subnet.az})`,
    },
    {
      resource: poc.nameOf(subnet.routeTable.key),
      property: 'Routes',
      value: subnet.routeTable.routes.map((route) => route.rule.text).join('; '),
    },
  ]);
  const leaving = dataSubnets.flatMap((subnet) =>
    subnet.routeTable.routes
      .filter((route) => route.target.kind !== 'local')
      .map((route) => `${code(poc.nameOf(subnet.routeTable.key))} of ${code(poc.nameOf(subnet.key))}: ${route.rule.text}`),
  );
  const problem = ruleCause(report, COMPETENCY, ['Competency-DatabaseOnlyFromAppTier']);
  if (dataSubnets.length === 0 || leaving.length > 0 || problem) {
    return {
      requirement: '2.12',
      verdict: 'not in place',
      reason:
        dataSubnets.length === 0
          ? 'The templates declare no data subnet: nothing isolates the database.'
          : 'The data tier is not isolated: a data subnet routes out of the VPC, or more than the app tier reaches the database.',
      cause:
        [leaving.length > 0 ? `Routes out of the VPC: ${leaving.join('; ')}.` : '', problem ?? ''].filter(Boolean).join(' ') ||
        'No subnet of the `data` group.',
      fix: 'Data subnets isolated (only the VPC-local route), and only the app tier security group admitted on the database ports.',
      evidence,
    };
  }
  return {
    requirement: '2.12',
    verdict: 'in place',
    reason:
      `The ${plural(dataSubnets.length, 'data subnet')} route only inside the VPC (no route to an internet or NAT gateway), ` +
      `and only the app tier's security group reaches MySQL and memcached. ${NETWORK} computes who can reach whom from the ` +
      'security groups, NACLs and routes.',
    evidence,
  };
}

function scanning({ poc }: ChecklistInput): RequirementVerdict {
  const evidence = [
    ...poc.inspectorEc2.map((source) => shown(source, 'Create', 'inspector2 Enable, resourceTypes EC2')),
    ...poc.threatDetectors.map((detector) =>
      shown(
        detector.source,
        'Features',
        detector.plans.map((plan) => `${plan.name} ${plan.status}`).join(', ') || (detector.enabled ? 'enabled' : 'disabled'),
      ),
    ),
    ...poc.resourcesOfType('AWS::SecurityHub::Standard').map((source) => shown(source, 'Type', source.type)),
  ];
  return {
    requirement: '2.13',
    verdict: 'customer responsibility',
    reason:
      'Quarterly vulnerability scans, ASV scans and penetration tests are activities, not configurations; the templates ' +
      'give the continuous scanning and threat detection they build on.',
    mustShow: 'Scan and penetration test records, with the remediation of their findings.',
    evidence,
  };
}

export const COMPETENCY_CHECKLIST: readonly ChecklistItem[] = [
  {
    item: '2.2',
    title: 'Deployment automation',
    asks:
      'An automated method deploys infrastructure and code; no interactive SSH or RDP session deploys updates, and every ' +
      'AWS resource is provisioned and changed programmatically (CloudFormation, Terraform). Evidence: the automated ' +
      'deployment mechanisms for infrastructure and application, for every project-based case study.',
    verdict: deploymentAutomation,
    detail: () => [detail('CI synthesizes and tests the stacks on every change (`npm test`), offline, before any deployment.')],
    partnerMustProvide: () => [
      'A description of the deployment pipeline of the application code of each project-based case study (the POC installs its sample application from instance user data; a production application needs its own pipeline).',
      'The change-management rule that forbids deploying changes through SSH or RDP sessions, and the CloudTrail records and session transcripts showing it is followed.',
    ],
  },
  {
    item: '2.3',
    title: 'Defined availability criteria (RTO and RPO)',
    asks: 'RTO and RPO defined for the loss of a single Availability Zone. Evidence: the RTO and RPO of each component, for every project-based case study.',
    verdict: azCriteria,
    detail: () => [detail(`RTO and RPO per component, with basis and AWS source: ${RESILIENCE}, "Loss of one AZ".`)],
    partnerMustProvide: () => [
      `The RTO and RPO the customer agreed for each component, compared with the figures ${RESILIENCE} computes for this POC.`,
    ],
  },
  {
    item: '2.4',
    title: 'Availability Zone resilience and testing',
    asks:
      'Solutions resilient to the loss of one AZ, with failover mechanisms consistent with the RTO and RPO. Evidence: an ' +
      'architecture diagram, the failover mechanisms and the tests that validated them.',
    verdict: azResilience,
    detail: (input) => [
      ruleDetail(input, COMPETENCY, 'Competency-MultiAz', 'Auto Scaling groups, database and cache span at least two AZs'),
      configRulesDetail(input, '2.4'),
      detail(
        `Architecture diagram: ${DIAGRAM} (${ARCHITECTURE}); failover mechanisms per component: ${RESILIENCE}, "Loss of one AZ"; ` +
          `tests: ${runbookLink('rds-multi-az-failover.md')}, ${runbookLink('evacuate-an-az.md')}.`,
      ),
    ],
    partnerMustProvide: () => [
      `The record of a failover test run on the deployed POC (the output of the kit's failover demonstration with the measured downtime, per ${runbookLink('rds-multi-az-failover.md')}), compared with the AZ-loss RTO of ${RESILIENCE}.`,
    ],
  },
  {
    item: '2.5',
    title: 'Disaster recovery planning and testing',
    asks:
      'A DR plan for a lasting regional outage. Evidence for at least one case study: the regional RTO and RPO; an ' +
      'architecture diagram of data replication and recovery; the DR test run before the end of the engagement; an ' +
      'attestation that the DR runbook was delivered to the customer.',
    verdict: disasterRecovery,
    detail: () => [
      detail(
        `Regional RTO and RPO, the backup copy and the DR plan step by step: ${RESILIENCE}; restore procedure: ${runbookLink('restore-database.md')}; ` +
          `the vaults of both regions: ${ARCHITECTURE}, "Outside the VPC".`,
      ),
      detail(
        `Diagram of data replication and recovery (standby, automated backups, backup plan, vaults, the cross-region copy, the restores): ${RECOVERY_DIAGRAM}, drawn from the templates (${RESILIENCE}, "Backups").`,
      ),
    ],
    partnerMustProvide: () => [
      `The record of a DR test: a restore in the DR region following the plan of ${RESILIENCE} and ${runbookLink('restore-database.md')}, with the measured times replacing the kit estimates.`,
      `The attestation that the DR plan (${RESILIENCE}) and ${runbookLink('restore-database.md')} were delivered to the customer.`,
    ],
  },
  {
    item: '2.6',
    title: 'Runbooks',
    asks:
      'Runbooks or other documentation describing routine operations and troubleshooting, delivered to the customer. ' +
      'Evidence: sample runbooks and an attestation that they were part of the deliverables.',
    verdict: runbooks,
    detail: () => [
      detail(
        `${plural(RUNBOOKS.length, 'runbook')} generated from the templates, each naming the stacks, outputs and alarms it uses (index: ${RUNBOOK_LIST}):`,
        RUNBOOKS.map((runbook) => runbookLink(runbook.file)),
      ),
    ],
    partnerMustProvide: () => [
      `The attestation that the runbooks of ${RUNBOOK_LIST} were delivered with the engagement.`,
      `Runbooks for the operations of the customer's own application that the POC's sample application does not have (its deployments, its troubleshooting), beside ${RUNBOOK_LIST}.`,
    ],
  },
  {
    item: '2.7',
    title: 'Performance and health monitoring',
    asks:
      'Tools and mechanisms monitor the performance and operational health of the solution. Evidence: the tools used and an ' +
      'architecture diagram of how performance and health data are collected.',
    verdict: monitoring,
    detail: (input) => [
      ruleDetail(
        input,
        COMPETENCY,
        'Competency-AlarmedToTopic',
        'each tier, load balancer and the database has an alarm paging the topic',
      ),
      ruleDetail(input, PCI_DSS_401, `${PCI_DSS_401}-CloudWatchAlarmAction`, 'every CloudWatch alarm has an action'),
      detail(
        `Diagram of how performance and health data are collected (alarms and their metrics, EventBridge rules, SNS topics and subscriptions, the trail's log archive): ${MONITORING_DIAGRAM}, drawn from the templates (${SECURITY}, "Detective and protective controls").`,
      ),
    ],
    partnerMustProvide: () => [
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
    verdict: rootUsage,
    detail: () => [],
    partnerMustProvide: () => [
      "A description of the IAM principals the partner uses to work in customers' accounts.",
      'If the partner creates accounts: the process that initialises the IAM principals and hands the root credentials over (customer rotates them, partner copies destroyed), and root MFA evidence.',
    ],
  },
  {
    item: '2.9',
    title: 'IAM policies',
    asks: 'An established process determines the privileges granted to IAM principals, human and system. Evidence: the processes that create and review IAM policies.',
    verdict: iamPolicies,
    detail: (input) => [
      ruleDetail(input, PCI_DSS_401, `${PCI_DSS_401}-IAMNoInlinePolicy`, 'no inline policies'),
      ruleDetail(
        input,
        PCI_DSS_401,
        `${PCI_DSS_401}-IAMPolicyNoStatementsWithAdminAccess`,
        'no policy grants every action on every resource',
      ),
    ],
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
    verdict: bucketAccess,
    detail: (input) => [
      ruleDetail(input, COMPETENCY, 'Competency-BucketNotPublic', 'every bucket blocks all public access'),
      ruleDetail(input, COMPETENCY, 'Competency-PublicBucketAlert', 'a bucket becoming public pages the alarm topic'),
      ruleDetail(input, PCI_DSS_401, `${PCI_DSS_401}-S3BucketSSLRequestsOnly`, 'bucket policies deny requests without TLS'),
      detail(`Response to a public-bucket alert: ${runbookLink('respond-to-s3-public-alert.md')}.`),
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
    verdict: encryption,
    detail: (input) => [
      ruleDetail(input, COMPETENCY, 'Competency-EncryptedAtRest', 'database, volumes, buckets, log groups and topics encrypted'),
      ruleDetail(input, COMPETENCY, 'Competency-TlsInTransit', 'listeners, MySQL and memcached connections use TLS'),
      configRulesDetail(input, '2.11'),
      detail(
        'Every data store and hop, with its key or protocol: [SECURITY.md](SECURITY.md), "Encryption at rest" and "Encryption in transit".',
      ),
    ],
    partnerMustProvide: () => [
      "The customer's data classification: which data is sensitive, and confirmation that none goes through the memcached interface (it has no authentication).",
      'The key management procedures (PCI DSS 3.6, 3.7) for every case study: who administers the keys, and how rotation and revocation are run.',
    ],
  },
  {
    item: '2.12',
    title: 'PCI DSS network segmentation',
    asks:
      'For e-commerce with cardholder data, the workloads that process or store it are isolated from the other workloads ' +
      'by firewalls. Evidence: an architecture diagram of VPCs, subnets and security groups for each e-commerce case study.',
    verdict: segmentation,
    detail: (input) => [
      ruleDetail(input, COMPETENCY, 'Competency-DatabaseOnlyFromAppTier', 'only the app tier reaches MySQL and memcached'),
      configRulesDetail(input, '2.12'),
      detail(
        `Architecture diagram of the VPC, subnets and tiers: ${DIAGRAM}; who can reach whom, security groups, NACLs and route tables: ${NETWORK}. ` +
          "The kit's segmentation analysis computes them from the synthesized templates, and its CI fails when they differ from the design table.",
      ),
    ],
    partnerMustProvide: () => [
      'A segmentation test record (PCI DSS 11.4.5): a penetration test confirming that the segmentation controls isolate the CDE.',
    ],
  },
  {
    item: '2.13',
    title: 'PCI DSS vulnerability scanning and penetration testing',
    asks:
      'For e-commerce, a means to run quarterly vulnerability scans and penetration tests. Evidence: the implementation ' +
      'for each e-commerce case study.',
    verdict: scanning,
    detail: () => [],
    partnerMustProvide: ({ poc }) => [
      ...(poc.inspectorEc2.length > 0
        ? []
        : [
            "Evidence that the account's Amazon Inspector scans the POC instances (coverage report): the POC does not enable it.",
          ]),
      ...(poc.threatDetectors.length > 0
        ? []
        : ["The account's GuardDuty detector in this region and where its findings go: the POC creates none."]),
      ...(poc.resourcesOfType('AWS::SecurityHub::Hub').length > 0
        ? []
        : ["The account's Security Hub with the PCI DSS v4.0.1 standard enabled: the POC does not enable it."]),
      'Quarterly internal vulnerability scan records (PCI DSS 11.3.1) and external scans by an Approved Scanning Vendor (11.3.2), with the remediation of what they found.',
      'Penetration test records: at least yearly and after significant changes, application and network layers (11.4.1-11.4.3).',
      'A description of how scans and penetration tests are run for each e-commerce case study.',
    ],
  },
];

/** The verdict of every checklist item, in checklist order: what the summary of COMPLIANCE.md and index.html count. */
export function competencyVerdicts(input: ChecklistInput): RequirementVerdict[] {
  return COMPETENCY_CHECKLIST.map((item) => item.verdict(input));
}
