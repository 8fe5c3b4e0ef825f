#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { buildPoc, APP_DEFAULTS } from '../lib/app';
import { ConfigError, loadConfigFile } from '../lib/config/load';

const DEFAULT_CONFIG = 'config/anycompany-apparel.yaml';

function main(): void {
  const app = new App(APP_DEFAULTS);
  const configContext: unknown = app.node.tryGetContext('config');
  const configFile = typeof configContext === 'string' && configContext.length > 0 ? configContext : DEFAULT_CONFIG;
  const config = loadConfigFile(configFile);
  buildPoc(app, config);
  app.synth();
}

try {
  main();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
