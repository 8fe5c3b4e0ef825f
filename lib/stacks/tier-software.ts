import { Stack } from 'aws-cdk-lib';
import { PocConfig, tierConfig } from '../config/schema';
import { DatabaseUsers } from '../constructs/database-users';
import { MysqlDatabase } from '../constructs/mysql-database';
import { assetReadStatement, SampleAppAssets } from '../constructs/sample-app';
import { TierService, TierSoftware } from '../constructs/tier-service';
import { appTierUserData, TIER_LOG_FILES, webTierUserData } from '../constructs/tier-user-data';
import { MYSQL_PORT } from '../segmentation';
import { TierSpec } from '../shared/topology';

/** What a tier's software hook may use: the App stack's inputs and the tiers built before it. */
export interface TierSoftwareContext {
  readonly stack: Stack;
  readonly config: PocConfig;
  readonly tier: TierSpec;
  readonly sampleApp: SampleAppAssets;
  readonly database: MysqlDatabase;
  readonly databaseUsers: DatabaseUsers;
  /** host:port of the memcached interface the app uses (see DataStack.cacheEndpoint). */
  readonly cacheEndpoint: string;
  /** The services of the tiers this tier calls (built before it), by tier name. */
  readonly built: ReadonlyMap<string, TierService>;
}

/** Builds what a tier's instances run. */
export type TierSoftwareHook = (context: TierSoftwareContext) => TierSoftware;

/** The one tier `context.tier` calls: the sample web tier proxies /api/ to it. */
function calledTier(context: TierSoftwareContext): TierService {
  const called = [...context.built.values()].filter((service) => service.tier.calledBy === context.tier.name);
  if (called.length !== 1) {
    throw new Error(`the sample ${context.tier.name} tier proxies to one tier, but the topology has it call ${called.length}`);
  }
  return called[0];
}

/**
 * The sample application (app/): nginx on the web tier, the orders API on the app tier. A tier the
 * topology adds without a hook here runs no software of its own (tier-service.ts bareSoftware).
 */
export const SAMPLE_APP_SOFTWARE: Readonly<Record<string, TierSoftwareHook>> = {
  web: (context) => {
    const api = calledTier(context);
    return {
      userData: webTierUserData({
        webPort: tierConfig(context.config, context.tier).port,
        appPort: tierConfig(context.config, api.tier).port,
        internalAlbDnsName: api.loadBalancer.loadBalancerDnsName,
        webAsset: context.sampleApp.web,
      }),
      description: 'Web tier instances: Session Manager, CloudWatch agent, the sample web files',
      logFiles: TIER_LOG_FILES.web,
      statements: [assetReadStatement(context.sampleApp.web)],
    };
  },
  app: (context) => ({
    userData: appTierUserData({
      appPort: tierConfig(context.config, context.tier).port,
      serviceAsset: context.sampleApp.service,
      databaseHost: context.database.instance.dbInstanceEndpointAddress,
      databasePort: MYSQL_PORT,
      databaseSecretArn: context.databaseUsers.appSecret.secretArn,
      region: context.stack.region,
      cacheMode: context.config.database.cache,
      cacheEndpoint: context.cacheEndpoint,
    }),
    description:
      "App tier instances: Session Manager, CloudWatch agent, the app user's database secret, the sample service bundle",
    logFiles: TIER_LOG_FILES.app,
    statements: [...context.databaseUsers.appCredentialsReadStatements(), assetReadStatement(context.sampleApp.service)],
  }),
};
