import { checkAccountBaseline } from './account-baseline';
import { checkBootstrap } from './bootstrap';
import { checkCacheNodeType } from './cache';
import { PreflightContext } from './context';
import { checkDatabase, checkDatabaseOptions } from './database';
import { checkQuotas } from './quotas';
import { checkDisasterRecoveryRegion } from './regions';
import { blocker, CheckResult } from './result';
import { checkVpcOrigin } from './vpc-origin';
import { checkInstanceTypes, chooseZones } from './zones';

/**
 * Runs every check, read-only, and returns their results in a fixed order (regions, bootstrap,
 * AZs and what depends on them, account singletons, quotas). When the AZs cannot be determined,
 * the checks that need them are not run, and one blocker says so.
 */
export async function runChecks(
  context: PreflightContext,
  supportsVpcOrigins: (region: string) => boolean,
): Promise<CheckResult[]> {
  const [bootstrap, zoneChoice, options, cache, baseline] = await Promise.all([
    checkBootstrap(context),
    chooseZones(context),
    checkDatabaseOptions(context),
    checkCacheNodeType(context),
    checkAccountBaseline(context),
  ]);
  const zones = zoneChoice.zones;
  const [instanceTypes, database, vpcOrigin, quotas] = zones
    ? await Promise.all([
        checkInstanceTypes(context, zones),
        checkDatabase(context, zones),
        checkVpcOrigin(context, zones, supportsVpcOrigins),
        checkQuotas(context, zones),
      ])
    : [[], [], [], []];
  const skipped = zones
    ? []
    : [
        blocker(
          'Instance types, database, VPC origin, quotas',
          context.primaryRegion,
          'not checked: they need the AZs of the VPC (see Availability zones)',
          'fix the Availability zones result, then run pre-flight again',
        ),
      ];
  return [
    ...checkDisasterRecoveryRegion(context),
    ...bootstrap,
    ...zoneChoice.results,
    ...skipped,
    ...instanceTypes,
    ...database,
    ...options,
    ...cache,
    ...vpcOrigin,
    ...baseline,
    ...quotas,
  ];
}
