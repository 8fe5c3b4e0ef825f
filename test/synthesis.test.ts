import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { allStacks, APP_DEFAULTS, buildPoc } from '../lib/app';
import { stackName, STACK_ROLES } from '../lib/config/naming';
import { COMPLIANCE_REPORT_FILE } from '../lib/compliance/report';
import { defaultConfig, exampleConfig, ROOT, SOURCES, synthesized, SynthesizedTemplates, variant } from './helpers';
import { assemblyDirectory } from './support/assemblies';

/** The CDK CLI of the devDependencies, as `npx cdk` runs it, without npx's own start-up. */
const CDK_CLI = join(ROOT, 'node_modules/aws-cdk/bin/cdk');

describe('synthesis', () => {
  test('seven stacks, named after the customer, environment-agnostic by default except the edge alarms and DR vault regions', () => {
    const config = defaultConfig();
    const stacks = buildPoc(new App(APP_DEFAULTS), config, SOURCES);
    expect(allStacks(stacks).map((stack) => stack.stackName)).toEqual(STACK_ROLES.map((role) => stackName(config, role)));
    expect(stacks.network.stackName).toBe('AnyCompanyApparel-Network');
    const { disasterRecovery, edgeAlarms, ...primary } = stacks;
    for (const stack of Object.values(primary)) {
      expect(stack.environment).toBe('aws://unknown-account/unknown-region');
    }
    expect(edgeAlarms.environment).toBe('aws://unknown-account/us-east-1');
    expect(disasterRecovery?.environment).toBe('aws://unknown-account/eu-west-1');
  });

  test('the example config pins account and region; edge alarms sit in us-east-1, the DR vault in the copy region', () => {
    const { disasterRecovery, edgeAlarms, ...primary } = buildPoc(new App(APP_DEFAULTS), exampleConfig(), SOURCES);
    for (const stack of Object.values(primary)) expect(stack.environment).toBe('aws://111122223333/eu-west-3');
    expect(edgeAlarms.environment).toBe('aws://111122223333/us-east-1');
    expect(disasterRecovery?.environment).toBe('aws://111122223333/eu-west-1');
  });

  const dataStackDependencies = (synth: SynthesizedTemplates) =>
    synth.assembly.getStackByName(synth.stackNames.data).dependencies.map((artifact) => artifact.id);

  test('the Data stack deploys after the DR vault its copy action names', () => {
    expect(dataStackDependencies(synthesized('default'))).toContain('AnyCompanyApparel-DisasterRecovery');
  });

  test('with the DR copy off there is no DR stack, and nothing waits for one', () => {
    const synth = variant('no-dr-copy');
    expect(synth.stackNames.disasterRecovery).toBeUndefined();
    expect(synth.assembly.stacks.map((stack) => stack.stackName)).not.toContain('AnyCompanyApparel-DisasterRecovery');
    expect(dataStackDependencies(synth)).not.toContain('AnyCompanyApparel-DisasterRecovery');
    expect(dataStackDependencies(synth)).toContain('AnyCompanyApparel-Network');
  });
});

describe('CLI', () => {
  test('the example config (pinned account, region and 3 AZs) synthesizes with no AWS credentials, byte for byte as the last synthesis', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'poc-cli-')), 'cdk.out');
    const result = spawnSync(
      process.execPath,
      [CDK_CLI, 'synth', '--quiet', '-c', 'config=config/examples/northwind-3az-domain.yaml', '-o', outdir],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: '',
          AWS_SECRET_ACCESS_KEY: '',
          AWS_PROFILE: '',
          AWS_CONFIG_FILE: '/nonexistent',
          AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
        },
      },
    );
    expect(result.stderr).not.toMatch(/ERROR/);
    expect(result.status).toBe(0);
    const templates = readdirSync(outdir).filter((file) => file.endsWith('.template.json'));
    expect(templates).toHaveLength(STACK_ROLES.length);
    // Deterministic: the global setup synthesized the same config in another process, earlier.
    const earlier = assemblyDirectory('example');
    for (const file of [...templates, COMPLIANCE_REPORT_FILE]) {
      expect(readFileSync(join(outdir, file), 'utf8')).toBe(readFileSync(join(earlier, file), 'utf8'));
    }
  });

  test('a bad config exits non-zero, names each field and fix before any construct runs, and leaves no output folder', () => {
    const work = mkdtempSync(join(tmpdir(), 'poc-cli-'));
    const config = join(work, 'typo.yaml');
    writeFileSync(
      config,
      readFileSync(join(ROOT, 'config/anycompany-apparel.yaml'), 'utf8')
        .replace('backupRetentionDays: 14', 'backupRetentionDays: 3')
        .replace('bastionAccess: ssh', 'bastionAcess: ssh')
        // Matches the region pattern but is no region: refused by validation, not by aws-cdk-lib's region facts.
        .concat('\nenvironment:\n  region: eu-west-9\n'),
    );
    const outdir = join(work, 'cdk.out');
    const result = spawnSync(process.execPath, [CDK_CLI, 'synth', '--quiet', '-c', `config=${config}`, '-o', outdir], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`Invalid POC config ${config}:`);
    expect(result.stderr).toContain('database.backupRetentionDays (3): must be between 7 and 35 days');
    expect(result.stderr).toContain('management.bastionAcess: unknown key (a typo?)');
    expect(result.stderr).toContain('environment.region ("eu-west-9"): is not an AWS region');
    expect(result.stderr).not.toMatch(/RegionFactNotFound|region-info/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(outdir)).toBe(false);
  });
});
