import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { APP_DEFAULTS } from '../lib/app';
import { attachCompliancePacks, ENFORCED_PACKS } from '../lib/compliance/packs';
import { PCIDSS401Checks } from '../lib/compliance/pci-dss-401/pack';
import { COMPLIANCE_REPORT_FILE, ComplianceReport } from '../lib/compliance/report';
import { cdkJsonContext, withoutBuiltInValidation } from './helpers';
import { assemblyDirectory, SYNTHESIZED_CONFIGS, SynthesizedConfigName, WITH_REPORT_ONLY_PACKS } from './support/assemblies';

interface Violation {
  readonly ruleName: string;
  readonly violatingConstructs: { readonly constructPath: string }[];
}
interface Suppressed extends Violation {
  readonly acknowledgedId: string;
  readonly acknowledgedAt: string;
  readonly reason: string;
}
interface Report {
  readonly pluginReports: { pluginName: string; violations: Violation[]; suppressedViolations?: Suppressed[] }[];
}

function readReport(outdir: string): Report {
  return JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as Report;
}

function reportsIn(outdir: string): { report: Report; compliance: ComplianceReport; outdir: string } {
  const compliance = JSON.parse(readFileSync(join(outdir, COMPLIANCE_REPORT_FILE), 'utf8')) as ComplianceReport;
  return { report: readReport(outdir), compliance, outdir };
}

/** Synthesizes a one-stack app with the packs attached; returns the rules that failed it. */
function failedRules(addResources: (stack: Stack) => void): string[] {
  const outdir = mkdtempSync(join(tmpdir(), 'poc-nag-negative-'));
  const app = new App({ ...APP_DEFAULTS, context: cdkJsonContext(), outdir });
  addResources(new Stack(app, 'Broken'));
  attachCompliancePacks(app);
  // The packs report through the policy validation plugins; aws-cdk-lib's CloudFormation
  // schema check is another step, which these one-resource stacks do not need.
  expect(() => withoutBuiltInValidation(() => app.synth())).toThrow(/ERROR /);
  return readReport(outdir).pluginReports.flatMap((plugin) => plugin.violations.map((violation) => violation.ruleName));
}

// As `cdk synth` makes them (the suite's global setup); the lean config is the cheapest COST.md
// recommends and must be as compliant as the default.
describe.each(Object.keys(SYNTHESIZED_CONFIGS) as SynthesizedConfigName[])('cdk-nag packs on the %s config', (name) => {
  let report: Report;
  beforeAll(() => {
    ({ report } = reportsIn(assemblyDirectory(name)));
  });

  // A pack with neither finding nor acknowledgement is absent from CDK's report; that each
  // pack ran is proven by the compliance report below, which lists the rules it evaluated.
  test.each(ENFORCED_PACKS)('%s left no unacknowledged finding', (pack) => {
    const plugin = report.pluginReports.find((candidate) => candidate.pluginName === pack);
    expect(
      (plugin?.violations ?? []).map((v) => `${v.ruleName} @ ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`),
    ).toEqual([]);
  });

  test("aws-cdk-lib's CloudFormation validation is on as errors and finds nothing", () => {
    expect(cdkJsonContext()['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);
    const findings = report.pluginReports
      .filter((plugin) => plugin.pluginName === 'CloudFormation Validate')
      .flatMap((p) => p.violations);
    expect(findings).toEqual([]);
  });

  test('every acknowledgement is recorded with its full id, on one resource, with a specific reason', () => {
    const suppressed = report.pluginReports.flatMap((plugin) => plugin.suppressedViolations ?? []);
    expect(suppressed.length).toBeGreaterThan(0);
    for (const entry of suppressed) {
      expect(entry.acknowledgedId).toMatch(/^(AwsSolutions|PCI\.DSS\.321|PCI\.DSS\.401|Competency|CloudFormation-Validate)::/);
      // A construct below a stack, never the stack or the app: no stack-wide acknowledgement.
      expect(entry.acknowledgedAt.split('/').length).toBeGreaterThan(1);
      expect(entry.reason.length).toBeGreaterThan(40);
    }
  });
});

describe('compliance report in the cloud assembly of npm run compliance (report-only packs included)', () => {
  let compliance: ComplianceReport;
  let outdir: string;
  beforeAll(() => {
    // As scripts/compliance.ts makes it (the suite's global setup).
    outdir = assemblyDirectory(WITH_REPORT_ONLY_PACKS);
    ({ compliance } = reportsIn(outdir));
  });

  test('cdk synth leaves the report-only packs out: its report lists the enforced packs only', () => {
    expect(reportsIn(assemblyDirectory('default')).compliance.packs.map((p) => [p.pack, p.mode])).toEqual(
      ENFORCED_PACKS.map((name) => [name, 'enforced']).sort(([a], [b]) => a.localeCompare(b)),
    );
  });
  const pack = (name: string) => compliance.packs.find((candidate) => candidate.pack === name);
  const rule = (packName: string, ruleId: string) => pack(packName)?.rules.find((candidate) => candidate.rule === ruleId);

  test('lists the enforced and the report-only packs, each with rules it evaluated', () => {
    for (const report of compliance.packs) expect(report.rules.flatMap((r) => r.passed).length).toBeGreaterThan(0);
    expect(compliance.packs.map((p) => [p.pack, p.mode])).toEqual([
      ['AwsSolutions', 'enforced'],
      ['Competency', 'enforced'],
      ['PCI.DSS.321', 'enforced'],
      ['PCI.DSS.401', 'enforced'],
      ['HIPAA.Security', 'report-only'],
      ['NIST.800.53.R5', 'report-only'],
    ]);
  });

  test('enforced packs: no open finding; passes and acknowledgements are recorded per resource', () => {
    for (const name of ENFORCED_PACKS) expect(pack(name)?.rules.flatMap((r) => r.findings)).toEqual([]);
    expect(rule('PCI.DSS.321', 'PCI.DSS.321-RDSStorageEncrypted')?.passed).toEqual([
      'AnyCompanyApparel-Data/Database/Instance/Resource',
    ]);
    expect(rule('AwsSolutions', 'AwsSolutions-S1')?.acknowledged).toEqual([
      expect.objectContaining({
        resource: 'AnyCompanyApparel-Network/LogArchive/Bucket/Resource',
        reason: expect.stringMatching(/access-log destination/),
      }),
    ]);
    expect(rule('AwsSolutions', 'AwsSolutions-S1')?.passed).toContain('AnyCompanyApparel-Edge/StaticAssets/Resource');
  });

  test('the database is in an AWS Backup plan (NIST 800-53 and HIPAA RDSInBackupPlan pass); the backup role is acknowledged', () => {
    for (const packName of ['NIST.800.53.R5', 'HIPAA.Security']) {
      const inPlan = rule(packName, `${packName}-RDSInBackupPlan`);
      expect(inPlan?.passed).toEqual(['AnyCompanyApparel-Data/Database/Instance/Resource']);
      expect(inPlan?.findings).toEqual([]);
    }
    expect(
      rule(
        'AwsSolutions',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      )?.acknowledged,
    ).toEqual([
      expect.objectContaining({
        resource: 'AnyCompanyApparel-Data/BackupPlan/Plan/Database/Role/Resource',
        reason: expect.stringMatching(/only to snapshot and copy the database/),
      }),
    ]);
    expect(rule('AwsSolutions', 'AwsSolutions-KMS5')?.passed).toEqual(
      expect.arrayContaining([
        'AnyCompanyApparel-Data/BackupVault/Key/Resource',
        'AnyCompanyApparel-DisasterRecovery/CopyVault/Key/Resource',
      ]),
    );
  });

  test('PCI DSS v4.0.1: passes recorded, and an acknowledgement of the same rule under 3.2.1 carries over with its reason', () => {
    expect(rule('PCI.DSS.401', 'PCI.DSS.401-RDSStorageEncrypted')?.passed).toEqual([
      'AnyCompanyApparel-Data/Database/Instance/Resource',
    ]);
    const redirect = (packName: string) => rule(packName, `${packName}-ALBHttpToHttpsRedirection`)?.acknowledged;
    expect(redirect('PCI.DSS.401')?.map((a) => [a.resource, a.reason])).toEqual(
      redirect('PCI.DSS.321')?.map((a) => [a.resource, a.reason]),
    );
    expect(redirect('PCI.DSS.401')?.length).toBeGreaterThan(0);
  });

  test('the report acknowledges exactly what the validation report suppressed', () => {
    const suppressed = readReport(outdir)
      .pluginReports.flatMap((plugin) => plugin.suppressedViolations ?? [])
      .filter((entry) => !entry.acknowledgedId.startsWith('CloudFormation-Validate'))
      .flatMap((entry) => entry.violatingConstructs.map((c) => `${entry.ruleName}|${c.constructPath}`));
    const acknowledged = compliance.packs.flatMap((p) =>
      p.rules.flatMap((r) => r.acknowledged.map((a) => `${r.rule}|${a.resource}`)),
    );
    expect(acknowledged.sort()).toEqual(suppressed.sort());
  });

  test('report-only packs record their findings without failing the synth', () => {
    for (const name of ['HIPAA.Security', 'NIST.800.53.R5']) {
      expect(pack(name)?.rules.flatMap((r) => r.passed).length).toBeGreaterThan(0);
    }
  });
});

describe('the packs can fail a synth', () => {
  test('Competency: a bucket that allows public policies is an error (2.10)', () => {
    const rules = failedRules((stack) => {
      new s3.Bucket(stack, 'Public', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY });
    });
    expect(rules).toEqual(expect.arrayContaining(['Competency-BucketNotPublic']));
  });

  test('AwsSolutions: SSH open to the world is an error', () => {
    const rules = failedRules((stack) => {
      const vpc = new ec2.Vpc(stack, 'Vpc', {
        natGateways: 0,
        subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PUBLIC }],
      });
      const group = new ec2.SecurityGroup(stack, 'Open', { vpc });
      group.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    });
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-EC23']));
  });

  test('PCI DSS v4.0.1: a bucket that accepts plain HTTP is an error naming requirement 4.2.1', () => {
    const rules = failedRules((stack) => {
      new s3.Bucket(stack, 'PlainHttp', { encryption: s3.BucketEncryption.KMS_MANAGED });
    });
    expect(rules).toEqual(expect.arrayContaining(['PCI.DSS.401-S3BucketSSLRequestsOnly']));
    const stack = new Stack(new App(), 'Subject');
    new s3.Bucket(stack, 'PlainHttp', { encryption: s3.BucketEncryption.KMS_MANAGED });
    const violation = new PCIDSS401Checks()
      .validateScope(stack)
      .violations.find((candidate) => candidate.ruleName === 'PCI.DSS.401-S3BucketSSLRequestsOnly');
    expect(violation?.description).toMatch(/PCI DSS v4\.0\.1 Req\. 4\.2\.1/);
  });

  test('PCI DSS 3.2.1: a bucket without access logging is an error', () => {
    const rules = failedRules((stack) => {
      new s3.Bucket(stack, 'Unlogged', { enforceSSL: true, encryption: s3.BucketEncryption.KMS_MANAGED });
    });
    expect(rules).toEqual(expect.arrayContaining(['PCI.DSS.321-S3BucketLoggingEnabled']));
  });
});
