import { PreflightContext } from './context';
import { blocker, CheckResult, ok } from './result';

const CHECK = 'DR copy region';

/**
 * The backup copies must leave the primary region. The config check refuses a pinned region equal
 * to disasterRecovery.copyToRegion; an environment-agnostic config only meets its region here.
 */
export function checkDisasterRecoveryRegion(context: PreflightContext): CheckResult[] {
  const region = context.primaryRegion;
  const copyRegion = context.config.disasterRecovery.copyToRegion;
  if (copyRegion === null) return [ok(CHECK, region, 'no DR copy (disasterRecovery.copyToRegion: null)')];
  if (copyRegion === region) {
    return [
      blocker(
        CHECK,
        region,
        `disasterRecovery.copyToRegion is ${copyRegion}, the primary region: the copies would not survive the loss of the region`,
        'deploy from another region (AWS_REGION, or pin environment.region), or set copyToRegion to another region of the same jurisdiction',
      ),
    ];
  }
  return [ok(CHECK, region, `backup copies go to ${copyRegion}`)];
}
