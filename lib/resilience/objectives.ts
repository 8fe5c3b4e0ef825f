import { PocModel } from '../model';
import { PocConfig } from '../config/schema';
import { CITATIONS } from './citations';
import { formatMinutes } from './units';
import { cite, Deployed, deployedOf, DeployedTier } from './deployed';
import { Entry, notApplicable, perTier, STATELESS, time } from './entries';
import { regionLoss } from './region';
import {
  Component,
  COMPONENTS,
  EC2_STATUS_CHECK_ESTIMATE_SECONDS,
  ELB_DNS_TTL_SECONDS,
  Failure,
  FAILURES,
  RDS_MULTI_AZ_TYPICAL_FAILOVER_MINUTES,
  RecoveryObjective,
  TierCapacity,
  TimeFigure,
  weakestQualifier,
} from './figures';

/**
 * RTO and RPO of every component of the POC for the loss of one AZ and the loss of the region,
 * computed from the synthesized templates (lib/model) and the tier table. Every figure states its
 * basis: which resource it rests on (cited by construct path), which AWS-documented behaviour it
 * relies on (cited page); its qualifier says how far it can be relied on.
 */

export * from './figures';

const seconds = (value: number) => formatMinutes(value / 60);

/**
 * An ALB stops routing to a target that no longer answers about this long after it stopped: the
 * first failing check starts within one interval, the last of the unhealthy threshold's checks
 * starts (threshold - 1) intervals later and fails after the timeout. AWS calls the interval
 * approximate, so this is not a strict bound.
 */
export function unhealthyWithinSeconds(tier: DeployedTier): number {
  const check = tier.healthCheck;
  return check.unhealthyThresholdCount * check.intervalSeconds + check.timeoutSeconds;
}

/** An ALB routes to a target again about this long after it answers again: the healthy threshold's checks. */
export function healthyAgainWithinSeconds(tier: DeployedTier): number {
  return tier.healthCheck.healthyThresholdCount * tier.healthCheck.intervalSeconds;
}

function checkSettings(tier: DeployedTier): string {
  const check = tier.healthCheck;
  return (
    `every ${check.intervalSeconds} s (AWS: "the approximate amount of time" between checks), and stops routing to an ` +
    `instance after ${check.unhealthyThresholdCount} failed checks in a row, each failing after ` +
    (check.defaultTimeout
      ? `the ${check.timeoutSeconds} s timeout (the ALB default for instance targets: the target group sets none)`
      : `its ${check.timeoutSeconds} s timeout`) +
    ` (${cite(tier.targetGroup.source)})`
  );
}

function unhealthyArithmetic(tier: DeployedTier): string {
  const check = tier.healthCheck;
  return `${check.unhealthyThresholdCount} × ${check.intervalSeconds} s + ${check.timeoutSeconds} s = ${seconds(unhealthyWithinSeconds(tier))}`;
}

/** How many instances a tier runs and keeps when an AZ is lost, and when it is back to size (kit estimate). */
function tierCapacity(deployed: Deployed, tier: DeployedTier): TierCapacity {
  // Auto Scaling balances a group across its AZs, so one AZ holds at most ceil(running / AZs).
  const surviving = tier.running - Math.ceil(tier.running / deployed.azCount);
  const detection = tier.replacesOnTargetChecks ? unhealthyWithinSeconds(tier) : EC2_STATUS_CHECK_ESTIMATE_SECONDS;
  return {
    running: tier.running,
    surviving,
    unhealthyWithinSeconds: unhealthyWithinSeconds(tier),
    backToSizeEstimateMinutes: (detection + tier.graceSeconds + healthyAgainWithinSeconds(tier)) / 60,
  };
}

function replacementBasis(tier: DeployedTier, capacity: TierCapacity): string {
  const detection = tier.replacesOnTargetChecks
    ? 'the ALB reports them unhealthy (the group uses ELB health checks)'
    : `their EC2 status checks fail (kit estimate ${seconds(EC2_STATUS_CHECK_ESTIMATE_SECONDS)}; the group does not replace ` +
      `instances on the ALB check${tier.spec.healthCheck.checksSharedDependency ? ', which includes the database' : ''})`;
  return (
    `Auto Scaling (${cite(tier.fleet.source)}) replaces the lost instances in the remaining AZs once ${detection}; each ` +
    `replacement has the ${tier.graceSeconds} s health-check grace period to boot and must pass ` +
    `${tier.healthCheck.healthyThresholdCount} checks, so the tier is back to ${capacity.running} after about ` +
    `${formatMinutes(capacity.backToSizeEstimateMinutes)} (kit estimate: it assumes each boots within the grace period; CPU ` +
    'target tracking adds more under load).'
  );
}

function egressNote(deployed: Deployed): string {
  return deployed.natGateways.length === 1 && deployed.azCount > 1
    ? ` With one NAT gateway (${cite(deployed.natGateways[0].source)}), losing its AZ also cuts outbound patching and Session Manager until that AZ returns.`
    : '';
}

/** The failover of the public entry in front of the edge tier: clients keep a lost ALB node's address for the DNS TTL. */
function entryFailover(): TimeFigure {
  return time(
    ELB_DNS_TTL_SECONDS / 60,
    'estimate',
    "Clients that resolved the lost AZ's node keep its address for up to the load balancer DNS record's " +
      `${ELB_DNS_TTL_SECONDS} s TTL after ELB drops it from the answer; AWS documents the TTL, not how soon the node is ` +
      'dropped, so the figure is a kit estimate.',
  );
}

function tierAzLoss(deployed: Deployed, tier: DeployedTier, failover: TimeFigure): Entry {
  const capacity = tierCapacity(deployed, tier);
  const unhealthyMinutes = unhealthyWithinSeconds(tier) / 60;
  const spread =
    `The ${capacity.running} instances of ${cite(tier.fleet.source)} are spread over ${deployed.azCount} AZs. ` +
    `${tier.balancer.path ? cite(tier.balancer) : 'Its load balancer'} checks ${tier.healthCheck.path} ${checkSettings(tier)}`;
  const citations = [CITATIONS.albHealthChecks, CITATIONS.autoScalingAz, CITATIONS.autoScalingGracePeriod];
  if (tier.spec.healthCheck.checksSharedDependency) {
    const throughFailoverMinutes = failover.minutes + healthyAgainWithinSeconds(tier) / 60;
    const { healthyThresholdCount, intervalSeconds } = tier.healthCheck;
    return {
      // Either path may be the one taken, so the figure is the larger, qualified as the weaker of the two.
      rto: time(
        Math.max(unhealthyMinutes, throughFailoverMinutes),
        weakestQualifier('estimate', failover.qualifier),
        `${spread}; the check answers 503 while MySQL is unreachable. If the lost AZ held ${tier.spec.name} instances only, ` +
          `the ALB stops routing to them within about ${unhealthyArithmetic(tier)}, and ${capacity.surviving} of ` +
          `${capacity.running} keep serving. If it also held the database primary, every instance fails its check for the whole ` +
          'Multi-AZ failover (the ALB then fails open and routes to all of them; requests fail until MySQL answers), and they are ' +
          `back in service ${healthyThresholdCount} passing checks after it: typically ${formatMinutes(failover.minutes)} + ` +
          `${healthyThresholdCount} × ${intervalSeconds} s = ${formatMinutes(throughFailoverMinutes)}. The RTO is the larger of ` +
          `the two paths, approximate like the check interval it rests on. ${replacementBasis(tier, capacity)}${egressNote(deployed)}`,
      ),
      rpo: STATELESS,
      citations: [...citations, CITATIONS.rdsMultiAzFailover],
      capacity,
    };
  }
  const entry = tier.spec.calledBy === 'cloudfront' ? entryFailover() : undefined;
  return {
    rto: time(
      Math.max(unhealthyMinutes, entry?.minutes ?? 0),
      'estimate',
      `${spread}: within about ${unhealthyArithmetic(tier)} of the loss, ${capacity.surviving} of ${capacity.running} instances ` +
        'serve every request (approximate: the check interval is). ' +
        (entry
          ? `In front of it, the public entry fails over on its own: ${entry.basis} Both start at the loss, so the tier serves ` +
            `again after the longer of the two, about ${formatMinutes(Math.max(unhealthyMinutes, entry.minutes))}. `
          : '') +
        `Requests for the tiers behind it come back with their figures. ${replacementBasis(tier, capacity)}${egressNote(deployed)}`,
    ),
    rpo: STATELESS,
    citations: entry ? [...citations, CITATIONS.elbNodes] : citations,
    capacity,
  };
}

function azLoss(deployed: Deployed): Record<Component, Entry> {
  const { azCount, database } = deployed;
  const failover = time(
    RDS_MULTI_AZ_TYPICAL_FAILOVER_MINUTES,
    'typical',
    `${database.multiAz ? 'Multi-AZ' : 'Single-AZ'} (${cite(database.source)}): RDS fails over to the standby in another AZ ` +
      "and moves the endpoint's DNS name; clients reconnect to the same endpoint. AWS documents the time as typical, not as a " +
      'bound: "Failover times are typically 60–120 seconds. However, large transactions or a lengthy recovery process can ' +
      'increase failover time."',
  );
  const edge = deployed.tiers.find((tier) => tier.spec.calledBy === 'cloudfront');
  const cacheEntry: Entry = deployed.cache
    ? {
        rto: time(
          0,
          'bound',
          `ElastiCache for Memcached (${cite(deployed.cache.source)}) runs one node per AZ (${azCount}); the nodes of the other ` +
            `AZs keep answering. A read of a key on the lost node (about 1/${azCount} of them) fails after the sample app's ` +
            '500 ms command timeout and is served from the database instead.',
        ),
        rpo: notApplicable(
          'A cache: Memcached keeps data only in memory and the database is the source of truth; lost keys are refilled.',
        ),
        citations: [CITATIONS.elastiCacheResilience],
      }
    : {
        rto: failover,
        rpo: time(
          0,
          'bound',
          `The RDS memcached interface serves InnoDB tables of ${cite(database.source)}: its data fails over with the database.`,
        ),
        citations: [CITATIONS.rdsMemcached, CITATIONS.rdsMultiAzFailover],
      };
  return {
    ...perTier(deployed.tiers, (index) => tierAzLoss(deployed, deployed.tiers[index], failover)),
    'load-balancers': {
      rto: entryFailover(),
      rpo: STATELESS,
      citations: [CITATIONS.elbNodes],
    },
    database: database.multiAz
      ? {
          rto: failover,
          rpo: time(
            0,
            'bound',
            'The standby is replicated synchronously, so a committed transaction survives the AZ. (Against logical corruption, ' +
              'which Multi-AZ replicates too, point-in-time restore reaches a latest restorable time "typically within 5 minutes" of now.)',
          ),
          citations: [CITATIONS.rdsMultiAzFailover, CITATIONS.rdsMultiAz, CITATIONS.rdsPointInTime],
        }
      : {
          rto: notApplicable(
            `${cite(database.source)} is Single-AZ: the loss of its AZ takes it down until the AZ returns or it is restored.`,
          ),
          rpo: notApplicable('Single-AZ: see the backups.'),
          citations: [CITATIONS.rdsPointInTime],
        },
    cache: cacheEntry,
    'static-assets': {
      rto: time(0, 'bound', 'S3 Standard keeps every object in at least three AZs of the region: the others still serve it.'),
      rpo: time(
        0,
        'bound',
        'S3 Standard stores objects redundantly across at least three AZs of the region (designed for 99.999999999% durability).',
      ),
      citations: [CITATIONS.s3DataProtection],
    },
    cloudfront: {
      rto: time(
        0,
        'bound',
        `CloudFront${deployed.distribution ? ` (${cite(deployed.distribution.source)})` : ''} is a global edge service outside ` +
          `the VPC's AZs. Dynamic requests go through the ${edge?.spec.name ?? 'edge'} tier and the tiers behind it, and come ` +
          'back with the slowest of those figures.',
      ),
      rpo: notApplicable('Holds no data of its own: configuration in the Edge stack, content from the origins.'),
      citations: [],
    },
    ...zonalSharedAzLoss(deployed),
  };
}

/** Components with no zonal failover time of their own (the log archive, NAT, WAF, bastions, secrets, keys). */
function zonalSharedAzLoss(
  deployed: Deployed,
): Pick<Record<Component, Entry>, 'log-archive' | 'nat-gateways' | 'waf' | 'bastions' | 'secrets' | 'kms-keys'> {
  const archive = deployed.logArchive;
  const nat = deployed.natGateways;
  const regional = (what: string): Entry => ({
    rto: time(0, 'bound', `${what} A regional service: AWS runs it across the AZs of the region, outside the VPC's subnets.`),
    rpo: notApplicable('Holds no data the POC writes, beyond its own configuration in the templates.'),
    citations: [],
  });
  return {
    'log-archive': archive
      ? {
          rto: time(
            0,
            'bound',
            `The trail ${cite(archive.trail.source)} is a regional service; its archive bucket${archive.bucket ? ` ${cite(archive.bucket.source)}` : ''} is S3 Standard, in at least three AZs.`,
          ),
          rpo: time(
            0,
            'bound',
            'Delivered log files are in S3 Standard across at least three AZs. Events not yet delivered are in CloudTrail, not in the ' +
              'lost AZ; AWS does not bound the delivery delay.',
          ),
          citations: [CITATIONS.s3DataProtection],
        }
      : {
          rto: notApplicable('The POC deploys no trail (the account baseline provides one).'),
          rpo: notApplicable('No archive of its own.'),
          citations: [],
        },
    'nat-gateways':
      nat.length >= deployed.azCount
        ? {
            rto: time(
              0,
              'bound',
              `One NAT gateway per AZ (${nat.map((gateway) => cite(gateway.source)).join(', ')}), each subnet routing to its own AZ's: the others keep their egress.`,
            ),
            rpo: STATELESS,
            citations: [CITATIONS.natGatewayBasics],
          }
        : {
            rto:
              nat.length === 0
                ? notApplicable('The POC deploys no NAT gateway.')
                : notApplicable(
                    `${nat.length} NAT gateway(s) for ${deployed.azCount} AZs (${nat.map((gateway) => cite(gateway.source)).join(', ')}): ` +
                      'if the lost AZ holds one, the subnets routing to it lose internet egress until the AZ returns; AWS does not bound this.',
                  ),
            rpo: STATELESS,
            citations: [CITATIONS.natGatewayBasics],
          },
    waf: regional(
      deployed.webAcls.length > 0
        ? `The web ACLs (${deployed.webAcls.map((acl) => cite(acl.source)).join(', ')}) are AWS WAF resources, not placed in an AZ.`
        : 'The POC deploys no web ACL.',
    ),
    bastions: {
      rto:
        deployed.bastions.length > 0
          ? time(
              (EC2_STATUS_CHECK_ESTIMATE_SECONDS + (deployed.bastions[0].healthCheckGraceSeconds ?? 0)) / 60,
              'estimate',
              `The bastions (${deployed.bastions.map((fleet) => cite(fleet.source)).join(', ')}) run in more than one AZ; the ` +
                'others stay reachable, and Auto Scaling replaces the lost one after its EC2 status checks fail (kit estimate ' +
                `${seconds(EC2_STATUS_CHECK_ESTIMATE_SECONDS)}) and its ${deployed.bastions[0].healthCheckGraceSeconds ?? 0} s grace period.`,
            )
          : notApplicable('The POC deploys no bastions.'),
      rpo: STATELESS,
      citations: [CITATIONS.autoScalingAz],
    },
    secrets: regional(
      `The secrets (${deployed.secrets.length}, e.g. ${deployed.secrets[0] ? cite(deployed.secrets[0].source) : 'none'}) are Secrets Manager resources.`,
    ),
    'kms-keys': regional(`The ${deployed.kmsKeys.length} customer managed KMS keys are KMS resources.`),
  };
}

/** Every component for each failure, in FAILURES then COMPONENTS order, read from the synthesized POC. */
export function recoveryObjectives(model: PocModel, config: PocConfig): readonly RecoveryObjective[] {
  const deployed = deployedOf(model);
  const byFailure: Record<Failure, Record<Component, Entry>> = {
    'az-loss': azLoss(deployed),
    'region-loss': regionLoss(deployed, config),
  };
  return FAILURES.flatMap((failure) => COMPONENTS.map((component) => ({ component, failure, ...byFailure[failure][component] })));
}
