import { customer, notApplicable, VerdictBody, VerdictRule } from './pci-verdict-rules';

/**
 * PCI DSS v4.0.1 requirements only processes, the application, reviews or records can show, and
 * those that apply to other kinds of entities: their verdict does not depend on the templates.
 */

const PROCESS = 'A review or a process: no template shows it.';

export const PROCESS_VERDICT_RULES: Readonly<Record<string, VerdictRule>> = {
  '5.3.4': () =>
    customer(
      'The POC installs no anti-malware solution on the instances.',
      'The anti-malware solution of the instances, its audit logs enabled and kept 12 months.',
    ),
  '6.2.4': () =>
    customer(
      'Software engineering techniques are the application’s.',
      'The secure coding practices and reviews of the application against the attacks 6.2.4 lists.',
    ),
  '7.2.1': () =>
    customer(
      'The POC defines roles (administrator, operator, database administrator, auditor) in IAM.',
      'The documented access control model: who gets which role, for which job function.',
    ),
  '7.2.2': () =>
    customer(
      'The POC defines the roles; who assumes them is the customer’s choice.',
      'The assignment of each person to roles by job function, with least privileges, and its approval.',
    ),
  '7.2.5': () =>
    customer(
      'The instance and function roles of the templates grant the actions listed in SECURITY.md.',
      'That each application and system account has only the privileges it needs, reviewed as 7.2.5.1 asks.',
    ),
  '7.3.1': () =>
    customer(
      'IAM controls access to the AWS resources; the application controls access to the data.',
      'The access control systems of the application and the database, restricting access by need to know.',
    ),
  '7.3.2': () =>
    customer(
      'IAM enforces the roles’ policies.',
      'That the access control systems of the application and the database enforce the assigned privileges.',
    ),
  '7.3.3': () =>
    customer(
      'IAM denies what no policy allows.',
      'That the access control systems of the application and the database deny all by default.',
    ),
  '8.2.7': () =>
    customer(
      'Third-party access is an account and process matter.',
      'That accounts of third parties are enabled only when needed, and monitored.',
    ),
  '8.3.4': () =>
    customer(
      'Sign-in attempts are the application’s and the identity provider’s.',
      'That accounts are locked after at most 10 invalid attempts, for at least 30 minutes.',
    ),
  '8.3.9': () =>
    customer(
      'Applies to the passwords of users (password-only authentication), which the application holds.',
      'The password change or dynamic access analysis of the application’s users.',
    ),
  '10.3.1': () =>
    customer(
      'The auditor role reads the logs; others may through their own policies.',
      'That read access to audit logs is limited to those with a job-related need.',
    ),
  '10.4.1': () => customer(PROCESS, 'The daily reviews of security events and of the logs of critical components.'),
  '10.4.1.1': () =>
    customer(
      'CloudWatch alarms, GuardDuty and Security Hub raise findings; reviewing the logs is a process.',
      'The automated mechanisms that review the audit logs, and their output.',
    ),
  '10.4.2': () =>
    customer(PROCESS, 'The periodic reviews of the other components’ logs, at the frequency of the targeted risk analysis.'),
  '10.4.3': () => customer(PROCESS, 'That exceptions and anomalies found in the reviews are addressed.'),
  '10.6.3': () =>
    customer(
      'The instances take their time from the Amazon Time Sync Service as the AMI configures it.',
      'That time settings and data are protected and changes to them logged.',
    ),
  '10.7.1': () =>
    notApplicable(
      'Applies only to service providers, and was superseded by 10.7.2 on 31 March 2025; it applies if the customer stores, processes or transmits account data on behalf of other entities.',
    ),
  '10.7.2': () =>
    customer(
      'The POC alarms notify a topic; responding to a failure is a process.',
      'That failures of critical security controls are detected, alerted and addressed promptly.',
    ),
  '11.5.2': () =>
    customer(
      'The POC deploys no file-integrity monitoring on the instances.',
      'The change-detection mechanism on critical files, and its weekly comparisons.',
    ),
  '11.6.1': () =>
    customer(
      'Payment pages are the application’s.',
      'The change- and tamper-detection mechanism on the payment pages as the consumer’s browser receives them.',
    ),
  '12.10.5': () => customer(PROCESS, 'That the incident response plan covers the alerts of the security monitoring systems.'),
  'A1.1.3': multiTenant,
  'A1.2.1': multiTenant,
  'A3.3.1': designated,
  'A3.5.1': designated,
};

function multiTenant(): VerdictBody {
  return notApplicable(
    'Applies only to multi-tenant service providers; the POC hosts one customer; it applies if the customer hosts other entities’ environments.',
  );
}

function designated(): VerdictBody {
  return notApplicable(
    'Applies only to entities a payment brand or acquirer designates for additional validation (DESV); it applies if one designates the customer.',
  );
}
