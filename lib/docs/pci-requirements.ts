/**
 * What COMPLIANCE.md says about PCI DSS requirements beyond the rule mapping
 * (lib/compliance/pci-dss-401/mapping.ts): short titles of the v4.0.1 requirements the kit's
 * rules map to, who is responsible for each principal requirement, and the principal titles of
 * the retired v3.2.1 that cdk-nag's pack still checks.
 */

/**
 * Short paraphrases of the PCI DSS v4.0.1 defined requirements that a rule of the PCI.DSS.401
 * pack maps to, for the Title column. The standard's own text governs; a test checks that every
 * requirement number of the mapping has a title here.
 */
export const V401_REQUIREMENT_TITLES: Readonly<Record<string, string>> = {
  '1.2.5': 'Allowed services, protocols and ports are identified, approved and have a business need',
  '1.2.8': 'Configuration files of network security controls are secured and kept consistent',
  '1.3.1': 'Inbound traffic to the CDE is restricted to what is necessary',
  '1.3.2': 'Outbound traffic from the CDE is restricted to what is necessary',
  '1.4.1': 'Network security controls sit between trusted and untrusted networks',
  '1.4.2': 'Inbound traffic from untrusted to trusted networks is restricted',
  '1.4.4': 'System components that store cardholder data are not directly accessible from untrusted networks',
  '1.5.1': 'Security controls on computing devices that connect to both untrusted networks and the CDE',
  '2.2.5': 'Insecure services, protocols or daemons are justified and secured',
  '2.2.7': 'Non-console administrative access is encrypted with strong cryptography',
  '3.2.1': 'Account data storage is kept to a minimum (retention and disposal)',
  '3.3.1.1': 'Full track data is not stored after authorization',
  '3.3.1.3': 'PINs and PIN blocks are not stored after authorization',
  '3.3.2': 'Sensitive authentication data stored before authorization is encrypted',
  '3.3.3': 'Issuers: stored sensitive authentication data is limited and encrypted',
  '3.5.1': 'PAN is rendered unreadable anywhere it is stored',
  '3.7.4': 'Cryptographic keys are changed at the end of their cryptoperiod',
  '4.2.1': 'Strong cryptography protects PAN during transmission over open, public networks',
  '4.2.1.1': 'An inventory of trusted keys and certificates is maintained',
  '5.3.4': 'Audit logs of the anti-malware solution are enabled and retained',
  '6.2.4': 'Software engineering techniques prevent or mitigate common software attacks',
  '6.3.3': 'System components are protected from known vulnerabilities by installing patches',
  '6.4.1': 'Public-facing web applications are protected against attacks on an ongoing basis',
  '6.4.2': 'An automated technical solution detects and prevents web-based attacks',
  '7.2.1': 'An access control model is defined',
  '7.2.2': 'Access is assigned by job function with least privileges',
  '7.2.5': 'Application and system accounts have least privileges',
  '7.3.1': 'An access control system restricts access by need to know',
  '7.3.2': 'The access control system enforces the assigned privileges',
  '7.3.3': 'The access control system denies all by default',
  '8.2.7': 'Accounts used by third parties for remote access are managed',
  '8.2.8': 'Idle sessions require re-authentication',
  '8.3.2': 'Authentication factors are unreadable in transmission and storage',
  '8.3.4': 'Invalid authentication attempts are limited',
  '8.3.9': 'Password-only authentication: passwords change at least every 90 days',
  '8.6.3': 'Passwords of application and system accounts are protected against misuse',
  '10.2.1': 'Audit logs are enabled and active for all system components and cardholder data',
  '10.2.1.1': 'Audit logs capture all individual user access to cardholder data',
  '10.2.1.2': 'Audit logs capture all actions by administrative accounts',
  '10.2.1.3': 'Audit logs capture all access to audit logs',
  '10.2.1.4': 'Audit logs capture all invalid logical access attempts',
  '10.2.1.5': 'Audit logs capture all changes to identification and authentication credentials',
  '10.2.1.6': 'Audit logs capture the start, stop and pause of audit logs',
  '10.2.1.7': 'Audit logs capture the creation and deletion of system-level objects',
  '10.2.2': 'Audit logs record the details of each auditable event',
  '10.3.1': 'Read access to audit logs is limited to a job-related need',
  '10.3.2': 'Audit log files are protected from modification',
  '10.3.3': 'Audit log files are promptly backed up to a secure central store',
  '10.3.4': 'File integrity monitoring or change detection protects audit logs',
  '10.4.1': 'Security events and critical-component logs are reviewed at least daily',
  '10.4.1.1': 'Automated mechanisms perform audit log reviews',
  '10.4.2': 'Logs of other system components are reviewed periodically',
  '10.4.3': 'Exceptions and anomalies found in reviews are addressed',
  '10.5.1': 'Audit log history is retained for at least 12 months',
  '10.6.3': 'Time synchronization settings and data are protected',
  '10.7.1': 'Service providers: failures of critical security control systems are detected and alerted',
  '10.7.2': 'Failures of critical security control systems are detected, alerted and addressed',
  '11.5.2': 'A change-detection mechanism alerts on unauthorized modification of critical files',
  '11.6.1': 'A change- and tamper-detection mechanism protects payment pages',
  '12.10.5': 'The incident response plan covers alerts from security monitoring systems',
  'A1.1.3': 'Multi-tenant service providers: each customer accesses only its own resources',
  'A1.2.1': 'Multi-tenant service providers: audit logging is enabled for each customer environment',
  'A3.3.1': 'Designated entities: failures of critical security control systems are detected and alerted',
  'A3.5.1': 'Designated entities: attack patterns and undesirable behaviour are identified promptly',
};

export type Responsibility = 'AWS' | 'Customer' | 'Shared';

export interface PrincipalResponsibility {
  readonly responsibility: Responsibility;
  /** Who does what, in the cloud: the AWS PCI DSS Responsibility Summary (AWS Artifact) is authoritative. */
  readonly note: string;
}

/**
 * The shared responsibility model applied to each principal requirement of v4.0.1, for the
 * Responsibility column (the column of the same name in AWS's PCI DSS security controls matrix).
 * "Customer" is the entity running the POC; the partner delivers it.
 */
export const PRINCIPAL_RESPONSIBILITIES: Readonly<Record<string, PrincipalResponsibility>> = {
  '1': {
    responsibility: 'Shared',
    note: "AWS isolates the physical network and hypervisors; the customer's security groups, NACLs and routes (this POC) segment the CDE.",
  },
  '2': {
    responsibility: 'Shared',
    note: 'AWS configures the infrastructure under managed services; the customer configures its instances, services and protocols.',
  },
  '3': {
    responsibility: 'Shared',
    note: 'AWS runs KMS and destroys storage media; the customer encrypts, retains and disposes of account data and manages its keys.',
  },
  '4': {
    responsibility: 'Customer',
    note: 'The customer configures TLS on every endpoint and connection it exposes or uses.',
  },
  '5': {
    responsibility: 'Shared',
    note: 'AWS protects the infrastructure of managed services; the customer protects its instances against malware.',
  },
  '6': {
    responsibility: 'Shared',
    note: 'AWS patches the infrastructure and, when allowed, managed engines; the customer patches its instances and secures its applications.',
  },
  '7': {
    responsibility: 'Customer',
    note: 'The customer grants access to its resources through IAM and its applications.',
  },
  '8': {
    responsibility: 'Customer',
    note: 'The customer identifies and authenticates its users, roles and application accounts.',
  },
  '9': {
    responsibility: 'AWS',
    note: "Physical security of the data centres is AWS's (AWS PCI DSS Attestation of Compliance, in AWS Artifact).",
  },
  '10': {
    responsibility: 'Shared',
    note: 'AWS logs its infrastructure; the customer enables, protects, reviews and retains the logs of its resources (this POC).',
  },
  '11': {
    responsibility: 'Shared',
    note: 'AWS tests its infrastructure; the customer scans and penetration-tests its own resources and applications.',
  },
  '12': {
    responsibility: 'Customer',
    note: "Policies, risk assessment, incident response and service-provider management are the customer's program.",
  },
  A1: {
    responsibility: 'Customer',
    note: 'Applies only to multi-tenant service providers; the POC hosts one customer.',
  },
  A3: {
    responsibility: 'Customer',
    note: 'Applies only to entities designated by a payment brand or acquirer.',
  },
};

/** Principal requirements of PCI DSS v3.2.1 (retired 2024-03-31), the standard cdk-nag's PCI pack checks. */
export const V321_PRINCIPAL_REQUIREMENTS: Readonly<Record<string, string>> = {
  '1': 'Install and maintain a firewall configuration to protect cardholder data',
  '2': 'Do not use vendor-supplied defaults for system passwords and other security parameters',
  '3': 'Protect stored cardholder data',
  '4': 'Encrypt transmission of cardholder data across open, public networks',
  '5': 'Protect all systems against malware and regularly update anti-virus software or programs',
  '6': 'Develop and maintain secure systems and applications',
  '7': 'Restrict access to cardholder data by business need to know',
  '8': 'Identify and authenticate access to system components',
  '9': 'Restrict physical access to cardholder data',
  '10': 'Track and monitor all access to network resources and cardholder data',
  '11': 'Regularly test security systems and processes',
  '12': 'Maintain a policy that addresses information security for all personnel',
};

/** "1.2.10" before "10.2.1", "10.2.1" before "10.2.1.1", numbers before "A1". */
export function compareRequirements(a: string, b: string): number {
  const left = a.split('.');
  const right = b.split('.');
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    if (left[index] === undefined) return -1;
    if (right[index] === undefined) return 1;
    const [x, y] = [Number(left[index]), Number(right[index])];
    const [xNumeric, yNumeric] = [Number.isInteger(x), Number.isInteger(y)];
    if (xNumeric && yNumeric && x !== y) return x - y;
    if (xNumeric !== yNumeric) return xNumeric ? -1 : 1;
    if (!xNumeric && left[index] !== right[index]) return left[index] < right[index] ? -1 : 1;
  }
  return 0;
}

/** "10.2.1.1" -> "10", "A1.2.1" -> "A1". */
export const principalOf = (requirement: string): string => requirement.split('.')[0];
