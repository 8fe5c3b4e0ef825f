import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { RDSClient } from '@aws-sdk/client-rds';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { SSMClient } from '@aws-sdk/client-ssm';
import { errorParts } from '../demo/errors';
import { PreflightAction } from './policy';
import { blocker, CheckResult } from './result';

/** The SDK clients of one region, each made on first use. */
export class RegionalClients {
  private readonly made = new Map<string, unknown>();

  constructor(readonly region: string) {}

  private client<T>(name: string, make: (config: { region: string }) => T): T {
    if (!this.made.has(name)) this.made.set(name, make({ region: this.region }));
    return this.made.get(name) as T;
  }

  get ssm(): SSMClient {
    return this.client('ssm', (config) => new SSMClient(config));
  }
  get ec2(): EC2Client {
    return this.client('ec2', (config) => new EC2Client(config));
  }
  get elbv2(): ElasticLoadBalancingV2Client {
    return this.client('elbv2', (config) => new ElasticLoadBalancingV2Client(config));
  }
  get serviceQuotas(): ServiceQuotasClient {
    return this.client('serviceQuotas', (config) => new ServiceQuotasClient(config));
  }
  get guardDuty(): GuardDutyClient {
    return this.client('guardDuty', (config) => new GuardDutyClient(config));
  }
  get config(): ConfigServiceClient {
    return this.client('config', (config) => new ConfigServiceClient(config));
  }
  get securityHub(): SecurityHubClient {
    return this.client('securityHub', (config) => new SecurityHubClient(config));
  }
  get cloudTrail(): CloudTrailClient {
    return this.client('cloudTrail', (config) => new CloudTrailClient(config));
  }
  get rds(): RDSClient {
    return this.client('rds', (config) => new RDSClient(config));
  }
  get elastiCache(): ElastiCacheClient {
    return this.client('elastiCache', (config) => new ElastiCacheClient(config));
  }
}

/** An AWS call that failed, with the IAM action it needed: what the check reports. */
export class AwsCallError extends Error {
  constructor(
    readonly action: PreflightAction,
    readonly failure: unknown,
  ) {
    super(`${action}: ${errorParts(failure).message}`);
    this.name = 'AwsCallError';
  }
}

/** Makes one AWS request (or a paginated series) on behalf of `action`. */
export async function call<T>(action: PreflightAction, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw new AwsCallError(action, error);
  }
}

/** The name an AWS service gives its error, for checks that expect one ("not found" and the like). */
export function awsErrorName(error: AwsCallError): string {
  return errorParts(error.failure).name;
}

const POLICY_HINT = 'npm run preflight -- --print-policy prints the read-only policy pre-flight needs';

/**
 * Runs one check; an AWS call that fails becomes the result of that check (a blocker: what could
 * not be checked may still fail the deploy) instead of stopping the others.
 */
export async function guarded(check: string, region: string, body: () => Promise<CheckResult[]>): Promise<CheckResult[]> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof AwsCallError)) throw error;
    const { name, message } = errorParts(error.failure);
    const detail = message.replace(/\s+/g, ' ').trim();
    if (/AccessDenied|UnauthorizedOperation|NotAuthorized|AuthorizationError/.test(name)) {
      return [blocker(check, region, `not checked: access denied to ${error.action}`, `allow ${error.action} (${POLICY_HINT})`)];
    }
    if (/UnrecognizedClient|InvalidClientTokenId|AuthFailure|OptInRequired/.test(name)) {
      return [
        blocker(
          check,
          region,
          `not checked: ${error.action} refused the credentials (${name})`,
          `enable ${region} for the account (an opt-in Region) or use credentials valid there`,
        ),
      ];
    }
    return [
      blocker(
        check,
        region,
        `not checked: ${error.action} failed (${name}: ${detail})`,
        'run pre-flight again; if it fails the same way, check the region and the credentials',
      ),
    ];
  }
}
