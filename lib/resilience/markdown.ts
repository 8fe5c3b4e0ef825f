import { PocConfig } from '../config/schema';
import { Citation } from './citations';
import {
  Component,
  disasterRecoveryPlan,
  Failure,
  FAILURES,
  Figure,
  primaryRegionOf,
  Qualifier,
  RecoveryObjective,
  TierComponent,
} from './objectives';
import { pascal } from '../shared/topology';
import { backupHoursUtc } from '../shared/resilience-settings';
import { formatMinutes } from './units';
import { architectNotes } from '../docs/markdown';
import { RECOVERY_DIAGRAM_FILE } from '../docs/recovery-diagram';

const FAILURE_TITLES: Record<Failure, string> = {
  'az-loss': 'Loss of one AZ',
  'region-loss': 'Loss of the region',
};

/** The name RESILIENCE.md gives a component in its tables. */
export function componentTitle(component: Component, config: PocConfig): string {
  const tier = /^(.*)-tier$/.exec(component);
  if (tier) return `${pascal(tier[1])} tier`;
  const titles: Record<Exclude<Component, TierComponent>, string> = {
    'load-balancers': 'Load balancers (public and internal ALB)',
    database: 'Database (RDS for MySQL, Multi-AZ)',
    cache:
      config.database.cache === 'elasticache-memcached' ? 'Cache (ElastiCache for Memcached)' : 'Cache (RDS memcached interface)',
    'static-assets': 'Static assets (S3)',
    cloudfront: 'CloudFront',
    'log-archive': 'Log archive (CloudTrail audit trail)',
    'nat-gateways': 'NAT gateways',
    waf: 'AWS WAF web ACLs',
    bastions: 'Bastions',
    secrets: 'Secrets (Secrets Manager)',
    'kms-keys': 'KMS keys',
  };
  return titles[component as Exclude<Component, TierComponent>];
}

/** How each qualifier reads in front of a time. */
export const QUALIFIER_MARKS: Readonly<Record<Qualifier, string>> = {
  bound: '≤',
  typical: 'typically ≤',
  estimate: '≈',
};

export function formatFigure(figure: Figure): string {
  switch (figure.kind) {
    case 'time':
      return figure.minutes === 0 && figure.qualifier === 'bound'
        ? '0'
        : `${QUALIFIER_MARKS[figure.qualifier]} ${formatMinutes(figure.minutes)}`;
    case 'unbounded':
      return '**unbounded**';
    case 'not-applicable':
      return 'n/a';
  }
}

const hour = (value: number) => `${String(value).padStart(2, '0')}:00`;

/**
 * RESILIENCE.md: the RTO/RPO table of every component for the loss of one AZ and of the region,
 * the basis and sources of each figure, the backups in force and the regional DR plan.
 */
export function renderResilienceMarkdown(objectives: readonly RecoveryObjective[], config: PocConfig): string {
  const citations: Citation[] = [];
  const sourceRefs = (objective: RecoveryObjective) =>
    objective.citations
      .map((citation) => {
        if (!citations.includes(citation)) citations.push(citation);
        return `[${citations.indexOf(citation) + 1}]`;
      })
      .join(' ');
  const find = (component: Component, failure: Failure) =>
    objectives.find((objective) => objective.component === component && objective.failure === failure);
  const components = [...new Set(objectives.map((objective) => objective.component))];
  const primary = primaryRegionOf(config);
  const dr = config.disasterRecovery;
  const plan = disasterRecoveryPlan(config);

  const lines: string[] = [
    `# Resilience of the ${config.customer.name} POC: RTO and RPO`,
    '',
    'Read from the synthesized templates of the POC. A figure that rests on a template value names the resource (construct path) it comes from.',
    '',
    '**RTO**: time from the failure (for the loss of the region: from the decision to fail over) until the component serves again. ' +
      '**RPO**: how much data written before the failure can be lost. `≤` marks an upper bound that follows from the config, the ' +
      'settings the stacks deploy and AWS-documented behaviour; `typically ≤` the upper end of a time AWS documents as typical, ' +
      'not as a bound (AWS names conditions that take longer), and any time computed from one; `≈` a kit estimate (not an AWS ' +
      'figure), which the DR test measures, or a time that rests on an interval AWS calls approximate (health checks); where AWS ' +
      'gives no figure, the basis says "AWS does not bound this"; **unbounded**: nothing in this POC bounds it; n/a: the component holds no data of its ' +
      'own. A time computed from others carries the weakest of their qualifiers.',
    '',
    '## Summary',
    '',
    `| Component | ${FAILURES.map((failure) => `${FAILURE_TITLES[failure]}: RTO | RPO`).join(' | ')} |`,
    `|---|${FAILURES.map(() => '---|---').join('|')}|`,
    ...components.map(
      (component) =>
        `| ${componentTitle(component, config)} | ${FAILURES.map((failure) => {
          const objective = find(component, failure);
          return objective ? `${formatFigure(objective.rto)} | ${formatFigure(objective.rpo)}` : '– | –';
        }).join(' | ')} |`,
    ),
    '',
    '## Basis of each figure',
  ];

  for (const failure of FAILURES) {
    lines.push('', `### ${FAILURE_TITLES[failure]}${failure === 'region-loss' ? ` (${primary})` : ''}`, '');
    for (const objective of objectives.filter((candidate) => candidate.failure === failure)) {
      const refs = sourceRefs(objective);
      lines.push(
        `- **${componentTitle(objective.component, config)}**. RTO ${formatFigure(objective.rto)}: ${objective.rto.basis} ` +
          `RPO ${formatFigure(objective.rpo)}: ${objective.rpo.basis}${refs ? ` Sources: ${refs}.` : ''}`,
      );
    }
  }

  const hours = backupHoursUtc(dr.backupHourUtc, dr.backupIntervalHours).map(hour);
  lines.push(
    '',
    '## Backups',
    '',
    `- **RDS automated backups**: kept ${config.database.backupRetentionDays} days in ${primary}; point-in-time restore to any second ` +
      'of that period, up to a latest restorable time typically within 5 minutes of now.',
    `- **AWS Backup plan** (Data stack): the database is backed up at ${hours.join(', ')} UTC and each recovery point kept ` +
      `${config.database.backupRetentionDays} days in a vault in ${primary} encrypted with its own KMS key. The vault's access policy ` +
      'denies deleting a recovery point or shortening its retention; no vault lock, so the POC can be removed (README).',
    plan
      ? `- **Copy to ${plan.drRegion}**: every recovery point is copied to vault \`${plan.vaultName}\` (DisasterRecovery stack), ` +
          `re-encrypted with that region's KMS key and kept ${dr.copyRetentionDays} days. This copy is what the regional RPO rests on.`
      : `- **No copy outside ${primary}**: \`disasterRecovery.copyToRegion\` is null, so the loss of the region loses the database: ` +
          'the regional RTO and RPO are unbounded. Set it to a second region in the same jurisdiction to bound them.',
    '',
    'Replication and recovery as the templates set them (solid: what runs by itself; dashed: the restores an operator starts):',
    '',
    `![Data replication and recovery of the ${config.customer.name} POC](${RECOVERY_DIAGRAM_FILE})`,
    '',
    '## Disaster recovery plan',
    '',
  );

  if (plan) {
    lines.push(
      `If ${plan.primaryRegion} is lost, the POC is rebuilt in **${plan.drRegion}** from its templates and the latest database copy ` +
        '(the backup-and-restore strategy), in this order:',
      '',
      '| # | Step | What is restored where | Kit estimate | Done after |',
      '|---|---|---|---|---|',
      ...plan.steps.map(
        (step, index) =>
          `| ${index + 1} | ${step.title} | ${step.action} | ${formatMinutes(step.estimateMinutes)} | ${formatMinutes(step.doneAfterMinutes)} |`,
      ),
      '',
      "The estimates are the kit's, for a POC of this size; the DR test (competency 2.5) replaces them with measured times. " +
        `Failing back to ${plan.primaryRegion} follows the same steps once the region has returned, restoring from a backup taken in ${plan.drRegion}.`,
    );
  } else {
    lines.push(
      `None: with \`disasterRecovery.copyToRegion: null\` nothing the POC needs can be restored outside ${primary}. ` +
        'This is a cost choice for short POCs; the docs and the competency evidence must show the regional RPO as unbounded.',
    );
  }

  lines.push(
    '',
    '## Cost of the DR copy',
    '',
    plan
      ? `COST.md does not price the cross-region transfer of each backup copy to ${plan.drRegion}, and it prices the DR vault's ` +
          `storage at the rate of ${primary}, not of ${plan.drRegion}.`
      : 'No DR copy: nothing is transferred or stored outside the primary region.',
    '',
    '## Sources',
    '',
    ...citations.map((citation, index) => `${index + 1}. [${citation.title}](${citation.url})`),
    '',
    ...architectNotes([
      'Generated by pci-poc-kit (`npm run docs`) from the synthesized templates of the POC (`lib/resilience/`). Do not edit; regenerate.',
    ]),
    '',
  );
  return lines.join('\n');
}
