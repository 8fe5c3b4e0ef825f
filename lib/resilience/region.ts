import { PocConfig } from '../config/schema';
import { CITATIONS } from './citations';
import { cite, Deployed } from './deployed';
import { Entry, notApplicable, perTier, STATELESS, time, unbounded } from './entries';
import {
  Component,
  COPY_JOB_ESTIMATE_MINUTES,
  DETECTIVE_CONTROLS_FIRST,
  disasterRecoveryPlan,
  DrStepId,
  Figure,
} from './figures';
import { formatMinutes } from './units';

const NO_DATA_OF_ITS_OWN = notApplicable('Holds no data of its own: configuration in the Edge stack, content from the origins.');
const FROM_REPOSITORY = time(0, 'bound', 'Build output kept in the repository: redeploying it loses nothing.');

/** What CloudFront keeps serving while its origins are gone. */
function cachedStatic(primary: string): string {
  return (
    'Meanwhile the distribution (a global service) keeps serving the objects it has cached: when the origin does not respond, ' +
    `"CloudFront continues to serve cached content", with no time limit AWS sets (an object seldom requested may be evicted ` +
    `sooner); dynamic requests fail, their origin being in ${primary}.`
  );
}

/** Regional RPO of the database: counted from the scheduled time, as StartBackupJob counts the completion window. */
function databaseRpo(deployed: Deployed, drRegion: string): Figure {
  const { backup } = deployed;
  const minutes = backup.intervalHours * 60 + backup.completionWindowMinutes + COPY_JOB_ESTIMATE_MINUTES;
  return time(
    minutes,
    'estimate',
    `The backup plan ${cite(backup.plan)} runs every ${backup.intervalHours} h from ${String(backup.firstHourUtc).padStart(2, '0')}:00 ` +
      `UTC; a job must start within ${backup.startWindowMinutes} min and complete within ${backup.completionWindowMinutes} min, ` +
      'both counted from the scheduled time (StartBackupJob: the completion window "begins counting down from when the backup was ' +
      `scheduled"). Each recovery point is then copied to ${drRegion}: AWS does not bound the copy time, and the first copy to a ` +
      `region is full, not incremental (kit estimate ${COPY_JOB_ESTIMATE_MINUTES} min). A region lost just before a copy lands ` +
      `loses up to the interval plus the completion window plus the copy: ${backup.intervalHours} h + ` +
      `${backup.completionWindowMinutes} min + ${COPY_JOB_ESTIMATE_MINUTES} min. A failed or expired job adds another interval ` +
      `(the RPO doubles to about ${formatMinutes(minutes + backup.intervalHours * 60)}). With backup and restore, "your RPO is ` +
      'determined by how often your backups run".',
  );
}

export function regionLoss(deployed: Deployed, config: PocConfig): Record<Component, Entry> {
  const plan = disasterRecoveryPlan(config);
  const primary = deployed.primaryRegion;
  const copy = deployed.backup.copy;
  const cacheCitations = [CITATIONS.cloudFrontOriginErrors];
  const emptyCache = notApplicable('A cache: nothing to recover; a new cluster starts empty and fills from the database.');
  const archive = deployed.logArchive;
  const archiveRpo = archive?.bucket?.replicated
    ? time(
        0,
        'estimate',
        `The archive bucket ${cite(archive.bucket.source)} replicates its objects to another bucket; AWS does not bound the replication delay.`,
      )
    : unbounded(
        archive
          ? `The trail ${cite(archive.trail.source)} delivers to ${archive.bucket ? cite(archive.bucket.source) : 'its bucket'} in ` +
              `${primary}, which replicates nowhere: the audit trail of the lost region is unreadable until it returns, and events ` +
              'not yet delivered are lost with it.'
          : 'The POC deploys no trail (the account baseline provides one).',
      );
  const regionalConfig = (what: string, rebuilt: Figure): Entry => ({ rto: rebuilt, rpo: notApplicable(what), citations: [] });

  if (!plan || !copy) {
    const why =
      `The backup plan ${cite(deployed.backup.plan)} copies nothing out of ${primary} (disasterRecovery.copyToRegion is null), so ` +
      `the POC cannot be rebuilt elsewhere with its data; service returns only when ${primary} does.`;
    const down = unbounded(why);
    const lost = unbounded(`${why} The AWS Backup recovery points and the automated backups are in the lost region too.`);
    return {
      ...perTier(deployed.tiers, () => ({ rto: down, rpo: STATELESS, citations: [] })),
      'load-balancers': { rto: down, rpo: STATELESS, citations: [] },
      database: { rto: down, rpo: lost, citations: [CITATIONS.backupAndRestoreStrategy] },
      cache: { rto: down, rpo: deployed.cache ? emptyCache : lost, citations: [] },
      'static-assets': { rto: down, rpo: FROM_REPOSITORY, citations: [] },
      cloudfront: { rto: unbounded(`${why} ${cachedStatic(primary)}`), rpo: NO_DATA_OF_ITS_OWN, citations: cacheCitations },
      'log-archive': { rto: down, rpo: archiveRpo, citations: [] },
      'nat-gateways': { rto: down, rpo: STATELESS, citations: [] },
      waf: regionalConfig('Configuration in the templates.', down),
      bastions: { rto: down, rpo: STATELESS, citations: [] },
      secrets: { rto: down, rpo: lost, citations: [] },
      'kms-keys': {
        rto: down,
        rpo: notApplicable('Regional keys: the recovery points they encrypt are lost with the region.'),
        citations: [],
      },
    };
  }

  const stepNumber = (id: DrStepId) => plan.steps.findIndex((step) => step.id === id) + 1;
  const estimate = (id: DrStepId, what: string): Figure => {
    const upTo = plan.steps.slice(0, stepNumber(id));
    return time(
      upTo[upTo.length - 1].doneAfterMinutes,
      'estimate',
      `${what} Kit estimate counted from the decision to fail over: DR plan steps 1–${upTo.length} ` +
        `(${upTo.map((step) => `${step.estimateMinutes} min`).join(' + ')}); the DR test measures it.`,
    );
  };
  const cutOver =
    `It serves users again with the cut-over that ends step ${stepNumber('operations')}, after the Operations and EdgeAlarms ` +
    `stacks are deployed. ${DETECTIVE_CONTROLS_FIRST}`;
  const rebuilt = estimate(
    'operations',
    `Rebuilt in ${copy.region} from the templates, against the restored database. ${cutOver}`,
  );
  const restored = (what: string) =>
    estimate(
      'database',
      `${what} The shop reaches it again with the cut-over at the end of step ${stepNumber('operations')} ` +
        `(${formatMinutes(plan.steps[plan.steps.length - 1].doneAfterMinutes)}).`,
    );
  const rpo = databaseRpo(deployed, copy.region);
  const secretsRpo = deployed.secrets.some((secret) => secret.replicaRegions.includes(copy.region))
    ? time(0, 'bound', `Replicated to ${copy.region}.`)
    : notApplicable(
        `Not replicated (no ReplicaRegions): the Data stack in ${copy.region} generates new secrets, and the restore sets the ` +
          'database passwords to them; nothing of the old values is needed.',
      );
  return {
    ...perTier(deployed.tiers, () => ({ rto: rebuilt, rpo: STATELESS, citations: [] })),
    'load-balancers': { rto: rebuilt, rpo: STATELESS, citations: [] },
    database: {
      rto: restored(
        `Restored in ${copy.region} from the latest copy in vault ${copy.vaultName}, beside the empty instance of the Data stack, ` +
          'then swapped in. The restored volume loads its blocks lazily: first reads are slower until it is warmed.',
      ),
      rpo,
      citations: [
        CITATIONS.backupStartJob,
        CITATIONS.backupCrossRegion,
        CITATIONS.backupAndRestoreStrategy,
        CITATIONS.rdsLazyLoading,
      ],
    },
    cache: deployed.cache
      ? {
          rto: restored(`A new ElastiCache cluster in ${copy.region}, created with the Data stack.`),
          rpo: emptyCache,
          citations: [CITATIONS.elastiCacheResilience],
        }
      : {
          rto: restored('The memcached interface returns with the restored instance.'),
          rpo,
          citations: [CITATIONS.rdsMemcached, CITATIONS.backupCrossRegion],
        },
    'static-assets': {
      rto: estimate(
        'operations',
        `The bucket${deployed.staticAssets ? ` ${cite(deployed.staticAssets.source)}` : ''} is not replicated (its objects are ` +
          `build output kept in the repository), so it is unavailable until ${primary} returns; the DR plan uploads the build into ` +
          `the new Edge stack's bucket in ${copy.region}. ${cutOver} ${cachedStatic(primary)}`,
      ),
      rpo: FROM_REPOSITORY,
      citations: [CITATIONS.s3DataProtection, ...cacheCitations],
    },
    cloudfront: {
      rto: estimate(
        'operations',
        `The Edge stack's CloudFormation stack lives in ${primary} and cannot be updated; a new distribution is deployed from ` +
          `${copy.region}. ${cutOver} ${cachedStatic(primary)}`,
      ),
      rpo: NO_DATA_OF_ITS_OWN,
      citations: cacheCitations,
    },
    'log-archive': {
      rto: estimate('operations', `A new trail and archive bucket come with the Operations stack in ${copy.region}.`),
      rpo: archiveRpo,
      citations: [],
    },
    'nat-gateways': {
      rto: estimate(
        'network',
        `New NAT gateways (${deployed.natGateways.length}) come with the Network stack in ${copy.region}.`,
      ),
      rpo: STATELESS,
      citations: [CITATIONS.natGatewayBasics],
    },
    waf: regionalConfig(
      'Configuration in the templates: the App stack recreates the web ACLs.',
      estimate(
        'app',
        `The web ACLs${deployed.webAcls[0] ? ` (${cite(deployed.webAcls[0].source)})` : ''} come with the App stack in ${copy.region}.`,
      ),
    ),
    bastions: { rto: estimate('app', `New bastions come with the App stack in ${copy.region}.`), rpo: STATELESS, citations: [] },
    secrets: {
      rto: estimate('database', `New secrets come with the Data stack in ${copy.region}.`),
      rpo: secretsRpo,
      citations: [],
    },
    'kms-keys': {
      rto: estimate('network', `New keys come with each stack in ${copy.region}.`),
      rpo: notApplicable(
        `${deployed.kmsKeys.filter((key) => key.multiRegion).length} of the ${deployed.kmsKeys.length} keys are multi-Region; the ` +
          `others stay in ${primary}. AWS Backup re-encrypts each copy with the key of the vault in ${copy.region}, so the restore ` +
          'needs none of them; data encrypted only under a primary-region key (logs) is unreadable until that region returns.',
      ),
      citations: [CITATIONS.backupCrossRegion],
    },
  };
}
