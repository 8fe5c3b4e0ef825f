import { ComplianceReport } from '../compliance/report';
import { PocConfig } from '../config/schema';
import { reportPathName } from './assembly-model';

/**
 * Every secure default (DESIGN.md, "Secure defaults") that this config relaxes, and every
 * finding the compliance packs were told to accept. SECURITY.md prints both: the first from the
 * config fields that allow a relaxation, the second from the acknowledgements recorded in the
 * compliance report (each on one resource, with its reason).
 */

export interface ConfigRelaxation {
  /** The config field, e.g. `management.bastionAccess: ssh`. */
  readonly setting: string;
  readonly relaxation: string;
  /** What compensates, or how to restore the default. */
  readonly remedy: string;
}

export function configRelaxations(config: PocConfig): ConfigRelaxation[] {
  const relaxations: ConfigRelaxation[] = [];
  if (!config.domain) {
    relaxations.push(
      {
        setting: 'no `domain`',
        relaxation: 'CloudFront reaches the public ALB over HTTP (port 80): the ALB has no certificate.',
        remedy:
          'The ALB answers 403 unless the request carries the origin secret header only CloudFront sends. Set `domain` (ACM certificates) for HTTPS to the origin.',
      },
      {
        setting: 'no `domain`',
        relaxation:
          'CloudFront serves its default `*.cloudfront.net` certificate, whose security policy AWS fixes: viewers may negotiate TLS 1.0.',
        remedy: 'Set `domain` with an ACM certificate in us-east-1: the distribution then requires TLS 1.2 or later.',
      },
    );
  }
  if (config.management.bastionAccess === 'ssh') {
    relaxations.push({
      setting: '`management.bastionAccess: ssh`',
      relaxation: `The bastions have public IP addresses and admit SSH (tcp 22) from the corporate ranges ${config.management.corporateCidrs.join(', ')}.`,
      remedy: '`ssm` removes every inbound rule: operators reach the instances through Session Manager only.',
    });
  }
  if (config.database.cache === 'rds-memcached-option') {
    relaxations.push({
      setting: '`database.cache: rds-memcached-option`',
      relaxation:
        'The memcached interface (tcp 11211) has no TLS and no authentication; MySQL 8.0 runs on paid RDS Extended Support.',
      remedy:
        'Only the app security group reaches it, from isolated data subnets; cache only non-sensitive data. `elasticache-memcached` (MySQL 8.4) gives TLS in transit.',
    });
  }
  if (config.disasterRecovery.copyToRegion === null) {
    relaxations.push({
      setting: '`disasterRecovery.copyToRegion: null`',
      relaxation: 'No backup copy leaves the region: the loss of the region loses the database (regional RPO unbounded).',
      remedy: 'Set a copy region in the same jurisdiction (RESILIENCE.md states the RPO it gives).',
    });
  }
  if (config.network.natGateways === 'single') {
    relaxations.push({
      setting: '`network.natGateways: single`',
      relaxation: 'One NAT gateway: losing its AZ cuts patching and AWS API egress of the instances of the other AZs.',
      remedy: 'Serving does not use the NAT gateway; `one-per-az` keeps egress up through an AZ loss.',
    });
  }
  const baseline = config.accountBaseline;
  const existing = (setting: string, service: string) =>
    relaxations.push({
      setting,
      relaxation: `The POC does not create ${service}: it relies on the one the account already has.`,
      remedy: 'Check that the existing one is enabled in this region before the POC holds data.',
    });
  if (baseline.hasConfigRecorder) existing('`accountBaseline.hasConfigRecorder: true`', 'the AWS Config recorder');
  if (baseline.hasOrganizationTrail) existing('`accountBaseline.hasOrganizationTrail: true`', 'a CloudTrail trail');
  if (!baseline.guardDuty) existing('`accountBaseline.guardDuty: false`', 'a GuardDuty detector');
  if (!baseline.securityHub) existing('`accountBaseline.securityHub: false`', 'Security Hub with the PCI DSS v4.0.1 standard');
  if (!baseline.inspector) existing('`accountBaseline.inspector: false`', 'Amazon Inspector EC2 scanning');
  return relaxations;
}

/** The acknowledgements of the enforced packs that share one reason: rules and resources together. */
export interface AcceptedFinding {
  readonly reason: string;
  readonly rules: readonly string[];
  readonly resources: readonly string[];
}

export function acceptedFindings(report: ComplianceReport): AcceptedFinding[] {
  const byReason = new Map<string, { rules: Set<string>; resources: Set<string> }>();
  for (const pack of report.packs.filter((candidate) => candidate.mode === 'enforced')) {
    for (const rule of pack.rules) {
      for (const acknowledgement of rule.acknowledged) {
        const group = byReason.get(acknowledgement.reason) ?? { rules: new Set<string>(), resources: new Set<string>() };
        group.rules.add(rule.rule);
        group.resources.add(reportPathName(acknowledgement.resource));
        byReason.set(acknowledgement.reason, group);
      }
    }
  }
  return [...byReason.entries()]
    .map(([reason, group]) => ({ reason, rules: [...group.rules].sort(), resources: [...group.resources].sort() }))
    .sort((a, b) => a.resources[0].localeCompare(b.resources[0]) || a.reason.localeCompare(b.reason));
}

/**
 * Resource paths, shortened for a table cell: when more than `limit` paths share a parent, they
 * are listed as `parent/* (n)`.
 */
export function summarizePaths(paths: readonly string[], limit = 3): string[] {
  const byParent = new Map<string, string[]>();
  for (const path of paths) {
    const parent = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    byParent.set(parent, [...(byParent.get(parent) ?? []), path]);
  }
  const result: string[] = [];
  for (const [parent, children] of byParent) {
    if (children.length > limit && parent !== '') result.push(`${parent}/* (${children.length})`);
    else result.push(...children);
  }
  return result.sort();
}
