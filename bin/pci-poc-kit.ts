#!/usr/bin/env node
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { APP_DEFAULTS } from '../lib/app';
import { ConfigError, loadConfigFile } from '../lib/config/load';
import { synthesizePocApp } from '../lib/synthesis';

const DEFAULT_CONFIG = 'config/anycompany-apparel.yaml';
// The repository root: this file runs from bin/ or, bundled by scripts/run-app.js, from .build/,
// both one level below it.
const SAMPLE_APP_DIR = join(__dirname, '..', 'app');

function main(): void {
  const app = new App(APP_DEFAULTS);
  const configContext: unknown = app.node.tryGetContext('config');
  // `-c config=` with nothing after it must not fall back to the default customer's config.
  if (configContext !== undefined && (typeof configContext !== 'string' || configContext === '')) {
    throw new ConfigError(String(configContext), [`-c config needs a file path, e.g. -c config=${DEFAULT_CONFIG}`]);
  }
  const config = loadConfigFile(configContext ?? DEFAULT_CONFIG);
  synthesizePocApp(app, config, { sampleAppDir: SAMPLE_APP_DIR });
}

/**
 * The CDK CLI creates the output folder (holding only its synth.lock) before running the app:
 * on bad input, leave no folder behind. A folder with anything else in it is left alone.
 */
function removeFreshOutdir(): void {
  const outdir = process.env.CDK_OUTDIR;
  if (!outdir || !existsSync(outdir)) return;
  if (readdirSync(outdir).every((entry) => entry === 'synth.lock')) rmSync(outdir, { recursive: true });
}

try {
  main();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    removeFreshOutdir();
    process.exit(1);
  }
  throw error;
}
