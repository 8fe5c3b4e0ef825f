import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Cache } from './cache';
import { ConfigError, loadConfig } from './config';
import { SecretCredentials } from './credentials';
import { Database } from './database';
import { createApi } from './http';
import { instanceIdentity } from './identity';
import { errorMessage, log } from './log';
import { Orders } from './orders';

const SHUTDOWN_GRACE_MS = 3000;

/**
 * The sample application's app-tier service. Start-up: read the configuration, the instance
 * identity (for the service log only: no response carries it) and the database secret (the app
 * user's: DML on its schema, no DDL; the deployment ran the migrations), then serve. A failure
 * before serving exits non-zero; systemd starts the service again.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const identity = await instanceIdentity(config.identityOverride);
  const secret = new SecretCredentials(config.database.secretArn, {
    client: new SecretsManagerClient({ region: config.database.region }),
    refreshIntervalMs: config.database.secretRefreshSeconds * 1000,
  });
  const database = await Database.open(config.database, secret);
  const cache = new Cache(config.cache);
  const server = createApi({ database, cache, orders: new Orders(database, cache) });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, resolve);
  });
  log('info', 'listening', { port: config.port, ...identity, cacheMode: config.cache.mode });

  const stop = (signal: string) => {
    log('info', 'stopping', { signal });
    server.close();
    server.closeIdleConnections();
    // Connections get a moment to close cleanly; a stuck one does not hold the stop up.
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
    void Promise.allSettled([database.close(), cache.close()]).then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else log('error', 'start-up failed', { error: errorMessage(error) });
  process.exit(1);
});
