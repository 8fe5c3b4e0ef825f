import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackName, STACK_ROLES } from '../lib/config/naming';
import { defaultConfig, ROOT, synthesized, SynthesizedTemplates, variant } from './helpers';
import { assemblyDirectory, WITH_REPORT_ONLY_PACKS } from './support/assemblies';

/** The CDK CLI of the devDependencies, as `npx cdk` runs it, without npx's own start-up. */
const CDK_CLI = join(ROOT, 'node_modules/aws-cdk/bin/cdk');

describe('synthesis', () => {
  const environments = (synth: SynthesizedTemplates) =>
    Object.fromEntries(
      synth.assembly.stacks.map((stack) => [stack.stackName, `aws://${stack.environment.account}/${stack.environment.region}`]),
    );

  test('seven stacks, named after the customer, environment-agnostic by default except the edge alarms and DR vault regions', () => {
    const config = defaultConfig();
    const poc = synthesized('default');
    expect(poc.assembly.stacks.map((stack) => stack.stackName).sort()).toEqual(
      STACK_ROLES.map((role) => stackName(config, role)).sort(),
    );
    expect(poc.stackNames.network).toBe('AnyCompanyApparel-Network');
    const { disasterRecovery, edgeAlarms, ...primary } = poc.stackNames;
    const environment = environments(poc);
    for (const name of Object.values(primary)) expect(environment[name]).toBe('aws://unknown-account/unknown-region');
    expect(environment[edgeAlarms]).toBe('aws://unknown-account/us-east-1');
    expect(environment[String(disasterRecovery)]).toBe('aws://unknown-account/eu-west-1');
  });

  test('the example config pins account and region; edge alarms sit in us-east-1, the DR vault in the copy region', () => {
    const example = synthesized('example');
    const { disasterRecovery, edgeAlarms, ...primary } = example.stackNames;
    const environment = environments(example);
    for (const name of Object.values(primary)) expect(environment[name]).toBe('aws://111122223333/eu-west-3');
    expect(environment[edgeAlarms]).toBe('aws://111122223333/us-east-1');
    expect(environment[String(disasterRecovery)]).toBe('aws://111122223333/eu-west-1');
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
  // The global setup synthesized the default config in one process, and again in the other (with the
  // report-only packs too, which write reports beside the templates and change none of them).
  test('the default config synthesizes byte for byte the same in two processes: templates and asset manifests', () => {
    const first = assemblyDirectory('default');
    const files = readdirSync(first).filter((file) => file.endsWith('.template.json') || file.endsWith('.assets.json'));
    expect(files.filter((file) => file.endsWith('.template.json'))).toHaveLength(STACK_ROLES.length);
    const second = assemblyDirectory(WITH_REPORT_ONLY_PACKS);
    for (const file of files) {
      expect(readFileSync(join(first, file), 'utf8')).toBe(readFileSync(join(second, file), 'utf8'));
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
      // Without the CLI's telemetry, which starts one more Node.js process to send a report.
      env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
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
