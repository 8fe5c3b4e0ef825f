import { PocConfig } from '../config/schema';
import { CONFIG_RULES } from '../constructs/config-compliance';

/**
 * A config choice that weakens a secure default or hands a control to the account instead of the
 * POC: the generated docs list every one in force (CONVENTIONS, practice 4).
 */
export interface Relaxation {
  /** The config field, as written in the YAML. */
  readonly field: string;
  readonly value: string;
  /** What the POC then does not do, and what must show the control instead. */
  readonly effect: string;
  /** Competency checklist items (001) whose evidence it changes. */
  readonly competencyItems: readonly string[];
}

/** The competency items whose evidence includes the POC's AWS Config rules ("Competency 2.10: ..."). */
const CONFIG_RULE_ITEMS = [
  ...new Set(Object.values(CONFIG_RULES).flatMap((purpose) => /^Competency ([\d.]+):/.exec(purpose)?.[1] ?? [])),
].sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));

/** Every relaxation the config puts in force, in a fixed order. */
export function relaxationsInForce(config: PocConfig): readonly Relaxation[] {
  const baseline = config.accountBaseline;
  const relaxations: (Relaxation | false)[] = [
    !config.domain && {
      field: 'domain',
      value: 'not set',
      effect:
        'CloudFront serves its default certificate, whose security policy AWS fixes (viewers may still negotiate TLSv1), ' +
        'and reaches the public ALB over HTTP with the origin secret header; the acknowledgements of the CloudFront TLS and ALB ' +
        'HTTP-listener rules say so. A custom domain with ACM certificates gives TLS 1.2+ end to end.',
      competencyItems: ['2.11'],
    },
    config.management.bastionAccess === 'ssh' && {
      field: 'management.bastionAccess',
      value: 'ssh',
      effect:
        `The bastions accept SSH (port 22) from the corporate ranges ${config.management.corporateCidrs.join(', ')}. ` +
        '`ssm` removes every inbound rule and leaves Session Manager as the only way in.',
      competencyItems: ['2.2', '2.12'],
    },
    config.network.natGateways === 'single' && {
      field: 'network.natGateways',
      value: 'single',
      effect:
        'One NAT gateway: if its AZ is lost, the tiers lose outbound access (patching, Session Manager) until it is back. Serving does not depend on it.',
      competencyItems: ['2.4'],
    },
    config.disasterRecovery.copyToRegion === null && {
      field: 'disasterRecovery.copyToRegion',
      value: 'null',
      effect:
        'No backup leaves the primary region: the loss of the region loses the database, and the regional RTO and RPO are unbounded.',
      competencyItems: ['2.5'],
    },
    baseline.hasConfigRecorder && {
      field: 'accountBaseline.hasConfigRecorder',
      value: 'true',
      effect:
        "The POC creates no AWS Config recorder: its Config rules evaluate only what the account's existing recorder records. " +
        'Show that the recorder is on and records every resource type, global ones included.',
      competencyItems: CONFIG_RULE_ITEMS,
    },
    baseline.hasOrganizationTrail && {
      field: 'accountBaseline.hasOrganizationTrail',
      value: 'true',
      effect:
        'The POC creates no CloudTrail trail: API activity is logged by the organization trail. Show that it covers this account ' +
        'and region, is encrypted with KMS and validates its log files (PCI DSS 10.2.1, 10.3.2, 10.3.4).',
      competencyItems: ['2.2', '2.8'],
    },
    !baseline.guardDuty && {
      field: 'accountBaseline.guardDuty',
      value: 'false',
      effect:
        "The POC creates no GuardDuty detector and no route of its high-severity findings to the alarm topic. Show the account's detector and where its findings go.",
      competencyItems: ['2.13'],
    },
    !baseline.securityHub && {
      field: 'accountBaseline.securityHub',
      value: 'false',
      effect:
        "The POC does not enable Security Hub or its PCI DSS v4.0.1 standard. Show the account's Security Hub with that standard enabled.",
      competencyItems: ['2.13'],
    },
    !baseline.inspector && {
      field: 'accountBaseline.inspector',
      value: 'false',
      effect:
        "The POC does not enable Amazon Inspector EC2 scanning. Show that the account's Inspector scans the POC instances (PCI DSS 11.3.1).",
      competencyItems: ['2.13'],
    },
  ];
  return relaxations.filter((relaxation): relaxation is Relaxation => relaxation !== false);
}
