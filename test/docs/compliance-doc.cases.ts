import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PCI_DSS_401_MAPPINGS, PRINCIPAL_REQUIREMENTS, PUBLISHED_MAPPINGS } from '../../lib/compliance/pci-dss-401/mapping';
import { COMPLIANCE_REPORT_FILE, ComplianceReport, PackReport, RuleReport } from '../../lib/compliance/report';
import { PocConfig } from '../../lib/config/schema';
import { COMPETENCY_CHECKLIST, COMPETENCY_ITEM_IDS } from '../../lib/docs/competency-checklist';
import { controlIdsOf, parseComplianceReport, renderComplianceMarkdown } from '../../lib/docs/compliance-doc';
import { compareRequirements, PRINCIPAL_RESPONSIBILITIES, V401_REQUIREMENT_TITLES } from '../../lib/docs/pci-requirements';
import { configWith, defaultConfig } from '../helpers';
import { assemblyDirectory } from '../support/assemblies';
import { loadModel, PocModel } from '../../lib/model';

let defaultModel: PocModel | undefined;
/** The model of the default assembly: the competency verdicts read it beside the hand-made reports. */
const defaultPoc = (): PocModel => (defaultModel ??= loadModel(assemblyDirectory('default')));
import { UNDECIDED_VERDICTS, verdictsOfAssembly } from './pci-verdict-fixtures';

/** The text from the heading that starts with `heading` to the next heading of the same or a higher level. */
function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith(heading));
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const level = /^#+/.exec(heading)?.[0].length ?? 0;
  const end = lines.findIndex(
    (line, index) => index > start && /^#+ /.test(line) && (/^#+/.exec(line)?.[0].length ?? 0) <= level,
  );
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

/** The one table row of `text` whose first cell is `firstCell`. */
function row(text: string, firstCell: string): string {
  const rows = text.split('\n').filter((line) => line.startsWith(`| ${firstCell} |`));
  if (rows.length !== 1) throw new Error(`expected one row "${firstCell}", found ${rows.length}`);
  return rows[0];
}

const rule = (id: string, description: string, outcomes: Partial<Omit<RuleReport, 'rule' | 'description'>> = {}): RuleReport => ({
  rule: id,
  description,
  passed: outcomes.passed ?? [],
  acknowledged: outcomes.acknowledged ?? [],
  findings: outcomes.findings ?? [],
});

const ack = (resource: string, reason: string) => ({ resource, acknowledgedAt: resource.replace(/\/Resource$/, ''), reason });

const LOG_BUCKET_REASON = 'ALB access-log delivery accepts only SSE-S3 destinations; the bucket is private and TLS-only';
const SG_REASON = 'Describe calls have no resource-level permission | limited to <read-only> actions';
const WAF_REASON = 'WAF sits on the public ALB, which serves every dynamic request';

/** A small report: one pass, one acknowledgement, one open finding, a 3.2.1 rule per control-ID form, missing competency evidence. */
const FIXTURE: ComplianceReport = {
  packs: [
    {
      pack: 'AwsSolutions',
      mode: 'enforced',
      rules: [
        rule('AwsSolutions-IAM5[Resource::*]', 'The IAM entity contains wildcard permissions.', {
          acknowledged: [ack('AnyCompanyApparel-Operations/Roles/OperatorPolicy/Resource', SG_REASON)],
        }),
      ],
    },
    {
      pack: 'Competency',
      mode: 'enforced',
      rules: [
        rule('Competency-AlarmedToTopic', 'No alarm notifies an SNS topic (competency 2.7).', {
          passed: ['AnyCompanyApparel-App/Web/Group/ASG'],
        }),
        rule('Competency-MultiAz', 'The resource does not span at least two AZs (competency 2.4).'),
      ],
    },
    {
      pack: 'PCI.DSS.321',
      mode: 'enforced',
      rules: [
        rule(
          'PCI.DSS.321-ALBHttpToHttpsRedirection',
          "The ALB's HTTP listeners are not configured to redirect to HTTPS - (Control IDs: 2.3, 4.1, 8.2.1).",
          { passed: ['AnyCompanyApparel-App/WebAlb/Https/Resource'] },
        ),
        rule('PCI.DSS.321-ALBWAFEnabled', 'The ALB is not associated with AWS WAFv2 web ACL - (Control ID: 6.6).', {
          acknowledged: [ack('AnyCompanyApparel-App/InternalAlb/Resource', WAF_REASON)],
        }),
      ],
    },
    {
      pack: 'PCI.DSS.401',
      mode: 'enforced',
      rules: [
        rule('PCI.DSS.401-EC2RestrictedSSH', 'The security group allows SSH from anywhere.', {
          passed: [
            'AnyCompanyApparel-Network/SecurityGroups/Web/Resource',
            'AnyCompanyApparel-Network/SecurityGroups/App/Resource',
          ],
        }),
        rule('PCI.DSS.401-LambdaFunctionPublicAccessProhibited', 'The Lambda function can be invoked publicly.'),
        rule('PCI.DSS.401-RDSStorageEncrypted', 'The RDS instance is not encrypted at rest.', {
          findings: ['AnyCompanyApparel-Data/Database/Instance/Resource'],
        }),
        rule('PCI.DSS.401-S3BucketSSLRequestsOnly', 'The S3 bucket accepts requests without TLS.', {
          passed: ['AnyCompanyApparel-Edge/StaticAssets/Resource'],
          acknowledged: [ack('AnyCompanyApparel-Network/LogArchive/Bucket/Resource', LOG_BUCKET_REASON)],
        }),
      ],
    },
    {
      pack: 'NIST.800.53.R5',
      mode: 'report-only',
      rules: [
        rule('NIST.800.53.R5-ELBDeletionProtectionEnabled', 'The ALB does not have deletion protection enabled.', {
          findings: ['AnyCompanyApparel-App/WebAlb/Resource'],
        }),
      ],
    },
  ],
};

const requirementsOf = (ruleName: string): readonly string[] => {
  const mapping = PCI_DSS_401_MAPPINGS.find((candidate) => candidate.rule.name === ruleName);
  if (!mapping) throw new Error(`${ruleName} is not in the v4.0.1 mapping`);
  return mapping.requirements;
};

describe('COMPLIANCE.md from a synthetic report', () => {
  const config = defaultConfig();
  const markdown = renderComplianceMarkdown({ report: FIXTURE, config, poc: defaultPoc(), verdicts: UNDECIDED_VERDICTS });
  const v401 = section(markdown, '## PCI DSS v4.0.1');
  const v321 = section(markdown, '## PCI DSS 3.2.1');

  test('a v4.0.1 requirement shows its rules, resource-check counts and each acknowledgement reason', () => {
    const tls = row(section(v401, '### Requirement 4:'), '4.2.1');
    expect(tls).toContain('`PCI.DSS.401-S3BucketSSLRequestsOnly`: 1 pass, 1 ack');
    expect(tls).toContain('pass, with acknowledgements: 1 pass, 1 acknowledged, 0 open');
    expect(tls).toContain(
      `Acknowledged \`AnyCompanyApparel-Network/LogArchive/Bucket/Resource\` (\`PCI.DSS.401-S3BucketSSLRequestsOnly\`): ${LOG_BUCKET_REASON}`,
    );
    expect(tls).toContain(`| ${V401_REQUIREMENT_TITLES['4.2.1']} | ${PRINCIPAL_RESPONSIBILITIES['4'].responsibility} |`);
  });

  test('a rule mapped to several requirements appears under each, in its principal requirement', () => {
    const requirements = requirementsOf('EC2RestrictedSSH');
    expect(requirements.length).toBeGreaterThan(1);
    for (const requirement of requirements) {
      const principal = requirement.split('.')[0];
      const entry = row(section(v401, `### Requirement ${principal}:`), requirement);
      expect(entry).toContain('`PCI.DSS.401-EC2RestrictedSSH`: 2 pass');
      expect(entry).toMatch(/<br>pass: 2 pass, 0 acknowledged, 0 open \|/);
    }
  });

  test('an open finding appears as such, in its requirement and in the summary', () => {
    const requirement = requirementsOf('RDSStorageEncrypted')[0];
    const entry = row(section(v401, `### Requirement ${requirement.split('.')[0]}:`), requirement);
    expect(entry).toContain('**open finding**: 0 pass, 0 acknowledged, 1 open');
    expect(entry).toContain(
      '**Open finding** `AnyCompanyApparel-Data/Database/Instance/Resource` (`PCI.DSS.401-RDSStorageEncrypted`)',
    );
    expect(section(markdown, '## Rule checks by pack')).toContain('**Enforced packs: 1 open finding.**');
    expect(section(markdown, '#### `PCI.DSS.401-RDSStorageEncrypted`')).toContain(
      '- **Open findings** (1):\n  - `AnyCompanyApparel-Data/Database/Instance/Resource`',
    );
  });

  test("a mapping that is the kit's own reading is marked, a published one is not", () => {
    const published = new Set(PUBLISHED_MAPPINGS.map((mapping) => mapping.rule.name));
    expect(published.has('RDSStorageEncrypted')).toBe(false);
    expect(published.has('S3BucketSSLRequestsOnly')).toBe(true);
    expect(v401).toContain('`PCI.DSS.401-RDSStorageEncrypted`†');
    expect(v401).not.toContain('`PCI.DSS.401-S3BucketSSLRequestsOnly`†');
  });

  test('a principal requirement no rule checks says so, with its responsibility', () => {
    const physical = section(v401, '### Requirement 9:');
    expect(physical).toContain('Responsibility: **AWS**');
    expect(physical).toContain('No rule of the kit checks requirement 9');
  });

  test('rules that met no resource are listed once, not as requirement rows', () => {
    expect(v401).toContain(
      'Rules that met no resource of their kind in this POC (1): `PCI.DSS.401-LambdaFunctionPublicAccessProhibited`.',
    );
    const lambdaRequirement = requirementsOf('LambdaFunctionPublicAccessProhibited')[0];
    expect(v401).not.toMatch(
      new RegExp(`\\| ${lambdaRequirement.replace(/\./g, '\\.')} \\|.*LambdaFunctionPublicAccessProhibited`),
    );
  });

  test('3.2.1 controls are parsed from the rule descriptions, one or several per rule', () => {
    for (const control of ['2.3', '4.1', '8.2.1']) {
      const entry = row(section(v321, `### Requirement ${control.split('.')[0]}:`), control);
      expect(entry).toContain('`PCI.DSS.321-ALBHttpToHttpsRedirection`: 1 pass');
    }
    const waf = row(section(v321, '### Requirement 6:'), '6.6');
    expect(waf).toContain('pass, with acknowledgements: 0 pass, 1 acknowledged, 0 open');
    expect(waf).toContain(WAF_REASON);
    expect(controlIdsOf('The ALB ... - (Control IDs: 2.3, 4.1, 8.2.1).')).toEqual(['2.3', '4.1', '8.2.1']);
    expect(controlIdsOf('The ALB is not associated with AWS WAFv2 web ACL - (Control ID: 6.6).')).toEqual(['6.6']);
    expect(controlIdsOf('A description without a control.')).toEqual([]);
  });

  test('every acknowledgement is listed with pack, rule, resource and reason, escaped for the table', () => {
    const acknowledgements = section(markdown, '## Acknowledgements');
    expect(acknowledgements).toContain('Every acknowledged finding (3)');
    expect(row(acknowledgements, '`AwsSolutions`')).toBe(
      '| `AwsSolutions` | `AwsSolutions-IAM5[Resource::*]` | `AnyCompanyApparel-Operations/Roles/OperatorPolicy/Resource` | ' +
        'Describe calls have no resource-level permission \\| limited to &lt;read-only> actions |',
    );
    expect(acknowledgements).toContain(
      `| \`PCI.DSS.321\` | \`PCI.DSS.321-ALBWAFEnabled\` | \`AnyCompanyApparel-App/InternalAlb/Resource\` | ${WAF_REASON} |`,
    );
    expect(acknowledgements).toContain(
      `| \`PCI.DSS.401\` | \`PCI.DSS.401-S3BucketSSLRequestsOnly\` | \`AnyCompanyApparel-Network/LogArchive/Bucket/Resource\` | ${LOG_BUCKET_REASON} |`,
    );
  });

  test('report-only findings are listed without failing the summary', () => {
    const reportOnly = section(markdown, '## Report-only packs');
    expect(reportOnly).toContain('`NIST.800.53.R5-ELBDeletionProtectionEnabled`');
    expect(reportOnly).toContain('`AnyCompanyApparel-App/WebAlb/Resource`');
  });

  test('a competency item whose rule checked nothing is not in place, naming the rule, and says what the partner must provide', () => {
    const multiAz = section(markdown, '### 2.4 ');
    expect(row(section(markdown, '## AWS Retail Competency'), '2.4')).toContain('| **not in place** |');
    expect(multiAz).toContain('**Cause:** `Competency-MultiAz` checked no resource of the templates.');
    expect(multiAz).toContain(
      '- `Competency-MultiAz` (Auto Scaling groups, database and cache span at least two AZs): no resource was checked',
    );
    expect(section(multiAz, '**The partner must still provide:**')).toMatch(/record of a failover test/);
  });

  test('a competency item with passing rules lists the resources behind them as supporting detail', () => {
    const monitoring = section(markdown, '### 2.7 ');
    expect(monitoring).toContain('- `Competency-AlarmedToTopic`');
    expect(monitoring).toContain('  - pass: `AnyCompanyApparel-App/Web/Group/ASG`');
  });

  test('every checklist item 2.2-2.13 has a section with evidence and what the partner must still provide', () => {
    const items = Array.from({ length: 12 }, (_, index) => `2.${index + 2}`);
    expect(COMPETENCY_ITEM_IDS).toEqual(items);
    expect(COMPETENCY_CHECKLIST.map((item) => item.item)).toEqual(items);
    for (const item of COMPETENCY_CHECKLIST) {
      const text = section(markdown, `### ${item.item} ${item.title}`);
      expect(text).toMatch(/\*\*Verdict: (in place|not in place|customer responsibility|not applicable)\.\*\* \S/);
      expect(text).toMatch(/\*\*The partner must still provide:\*\*\n\n- \S/);
    }
    expect(section(markdown, '### 2.9 ')).toContain(
      'account password policy (PCI DSS 8.3.6, 8.3.9): it is an account-wide IAM setting, out of scope for the POC stacks',
    );
  });

  test('a finding reported on its own (`Rule[detail]`) maps to its rule’s requirements, and the rule is not listed as idle', () => {
    const generalLog = 'The general log is off: it would copy statement values into CloudWatch';
    const withDetail: ComplianceReport = {
      packs: FIXTURE.packs.map((pack) =>
        pack.pack !== 'PCI.DSS.401'
          ? pack
          : {
              ...pack,
              rules: [
                ...pack.rules,
                rule('PCI.DSS.401-RDSLoggingEnabled', 'The RDS instance does not export its logs.'),
                rule('PCI.DSS.401-RDSLoggingEnabled[LogExport::general]', 'The RDS instance does not export its logs.', {
                  acknowledged: [ack('AnyCompanyApparel-Data/Database/Instance/Resource', generalLog)],
                }),
              ],
            },
      ),
    };
    const rendered = renderComplianceMarkdown({ report: withDetail, config, poc: defaultPoc(), verdicts: UNDECIDED_VERDICTS });
    for (const requirement of requirementsOf('RDSLoggingEnabled')) {
      expect(row(rendered, requirement)).toContain('`PCI.DSS.401-RDSLoggingEnabled[LogExport::general]`†: 0 pass, 1 ack');
      expect(row(rendered, requirement)).toContain(generalLog);
    }
    const idle = rendered
      .split('\n')
      .find((line) => line.startsWith('Rules that met no resource') && line.includes('PCI.DSS.401-'));
    expect(idle).toContain('`PCI.DSS.401-LambdaFunctionPublicAccessProhibited`');
    expect(idle).not.toContain('`PCI.DSS.401-RDSLoggingEnabled`');
  });

  test('the same report in another order gives the same bytes', () => {
    const reversed: ComplianceReport = {
      packs: [...FIXTURE.packs].reverse().map((pack): PackReport => ({
        ...pack,
        rules: [...pack.rules].reverse().map((r) => ({ ...r, passed: [...r.passed].reverse() })),
      })),
    };
    expect(renderComplianceMarkdown({ report: reversed, config, poc: defaultPoc(), verdicts: UNDECIDED_VERDICTS })).toBe(
      markdown,
    );
  });
});

describe('relaxations in force', () => {
  const render = (config: PocConfig) =>
    renderComplianceMarkdown({ report: FIXTURE, config, poc: defaultPoc(), verdicts: UNDECIDED_VERDICTS });

  test('accountBaseline.inspector=false is listed, and under competency 2.13', () => {
    const markdown = render(configWith((raw) => (raw.accountBaseline = { ...raw.accountBaseline, inspector: false })));
    expect(row(section(markdown, '## Relaxations in force'), '`accountBaseline.inspector`')).toMatch(
      /\| `false` \| The POC does not enable Amazon Inspector/,
    );
    expect(section(markdown, '### 2.13 ')).toContain(
      '- `accountBaseline.inspector: false`: The POC does not enable Amazon Inspector EC2 scanning.',
    );
  });

  test('the default config enables Inspector: no such relaxation', () => {
    expect(section(render(defaultConfig()), '## Relaxations in force')).not.toContain('accountBaseline.inspector');
  });

  test('the account Session Manager preferences are listed under 2.2', () => {
    const account = render(
      configWith((raw) => (raw.accountBaseline = { ...raw.accountBaseline, hasSessionManagerPreferences: true })),
    );
    expect(row(section(account, '## Relaxations in force'), '`accountBaseline.hasSessionManagerPreferences`')).toContain(
      '| 2.2 |',
    );
  });

  test('no DR copy: the relaxation is listed for competency 2.5', () => {
    const markdown = render(configWith((raw) => (raw.disasterRecovery = { copyToRegion: null })));
    expect(row(section(markdown, '## Relaxations in force'), '`disasterRecovery.copyToRegion`')).toContain('| `null` |');
    expect(section(markdown, '### 2.5 ')).toContain(
      '- `disasterRecovery.copyToRegion: null`: No backup copy leaves the primary region',
    );
  });

  test('an existing Config recorder is listed under every item that relies on the POC Config rules', () => {
    const markdown = render(configWith((raw) => (raw.accountBaseline = { ...raw.accountBaseline, hasConfigRecorder: true })));
    expect(row(section(markdown, '## Relaxations in force'), '`accountBaseline.hasConfigRecorder`')).toContain(
      '| 2.4, 2.8, 2.10, 2.11, 2.12 |',
    );
    expect(section(markdown, '### 2.4 ')).toContain(
      '- `accountBaseline.hasConfigRecorder: true`: The POC creates no AWS Config recorder',
    );
  });

  test('a custom domain, SSM-only access and ElastiCache leave no relaxation in force', () => {
    const markdown = render(
      configWith((raw) => {
        raw.management = { ...raw.management, bastionAccess: 'ssm' };
        raw.database = { ...raw.database, cache: 'elasticache-memcached' };
        raw.domain = {
          name: 'shop.example.com',
          originHostname: 'origin.shop.example.com',
          cloudFrontCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
          albCertificateArn: 'arn:aws:acm:eu-west-3:123456789012:certificate/11111111-2222-3333-4444-555555555555',
        };
      }),
    );
    expect(section(markdown, '## Relaxations in force')).toContain('None: every secure default is in force');
  });
});

describe('inputs', () => {
  test('parseComplianceReport accepts a report and names every malformed field of another file', () => {
    expect(parseComplianceReport(JSON.parse(JSON.stringify(FIXTURE)), 'fixture.json')).toEqual(FIXTURE);
    const broken = { packs: [{ pack: 'PCI.DSS.401', mode: 'strict', rules: [{ rule: 'x', passed: 'all' }] }] };
    const parse = () => parseComplianceReport(broken, 'cdk.out/compliance-report.json');
    expect(parse).toThrow(/^cdk\.out\/compliance-report\.json is not a compliance report of this kit \(/);
    expect(parse).toThrow(/packs\.0\.mode: /);
    expect(parse).toThrow(/packs\.0\.rules\.0\.description: /);
    expect(parse).toThrow(/packs\.0\.rules\.0\.passed: /);
    expect(parse).toThrow(/regenerate it with npx cdk synth$/);
  });

  test('a report of another customer is refused, naming its stacks and the fix', () => {
    const northwind = configWith((raw) => (raw.customer = { name: 'Northwind Traders' }));
    expect(() =>
      renderComplianceMarkdown({ report: FIXTURE, config: northwind, poc: defaultPoc(), verdicts: UNDECIDED_VERDICTS }),
    ).toThrow(
      /covers stacks AnyCompanyApparel-App, .*, not the NorthwindTraders-\* stacks of customer "Northwind Traders": synthesize this config/,
    );
  });

  test('a PCI.DSS.401 rule the mapping does not know is refused, naming it', () => {
    const stale: ComplianceReport = {
      packs: [
        {
          pack: 'PCI.DSS.401',
          mode: 'enforced',
          rules: [rule('PCI.DSS.401-RetiredRule', 'Gone.', { passed: ['AnyCompanyApparel-App/Gone/Resource'] })],
        },
      ],
    };
    expect(() =>
      renderComplianceMarkdown({ report: stale, config: defaultConfig(), poc: defaultPoc(), verdicts: UNDECIDED_VERDICTS }),
    ).toThrow(/PCI\.DSS\.401 rules that lib\/compliance\/pci-dss-401\/mapping\.ts does not map: PCI\.DSS\.401-RetiredRule/);
  });

  test('every requirement of the v4.0.1 mapping has a title, and every principal requirement a responsibility', () => {
    const requirements = [...new Set(PCI_DSS_401_MAPPINGS.flatMap((mapping) => mapping.requirements))];
    expect(requirements.filter((requirement) => !V401_REQUIREMENT_TITLES[requirement])).toEqual([]);
    expect(Object.keys(PRINCIPAL_REQUIREMENTS).filter((principal) => !PRINCIPAL_RESPONSIBILITIES[principal])).toEqual([]);
  });

  test('requirements sort in the order of the standard', () => {
    expect(['A1.2.1', '10.2.1.1', '1.2.8', '10.2.1', '2.2.5', '1.2.10', 'A1.1.3'].sort(compareRequirements)).toEqual([
      '1.2.8',
      '1.2.10',
      '2.2.5',
      '10.2.1',
      '10.2.1.1',
      'A1.1.3',
      'A1.2.1',
    ]);
  });
});

describe('COMPLIANCE.md from the real report of the default config', () => {
  let report: ComplianceReport;
  let markdown: string;
  beforeAll(() => {
    // The report cdk synth writes beside the templates (the suite's global setup synthesized it).
    const file = join(assemblyDirectory('default'), COMPLIANCE_REPORT_FILE);
    report = parseComplianceReport(JSON.parse(readFileSync(file, 'utf8')), file);
    markdown = renderComplianceMarkdown({
      report,
      config: defaultConfig(),
      poc: defaultPoc(),
      verdicts: verdictsOfAssembly(assemblyDirectory('default'), defaultConfig()),
    });
  });

  test('every acknowledgement of the report appears with its pack, rule, resource and reason', () => {
    const acknowledgements = section(markdown, '## Acknowledgements');
    const expected = report.packs.flatMap((pack) =>
      pack.rules.flatMap((r) =>
        r.acknowledged.map((a) => ({ pack: pack.pack, rule: r.rule, resource: a.resource, reason: a.reason })),
      ),
    );
    expect(expected.length).toBeGreaterThan(20);
    expect(acknowledgements).toContain(`Every acknowledged finding (${expected.length})`);
    const rows = acknowledgements.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows).toHaveLength(expected.length);
    for (const { pack, rule: ruleId, resource, reason } of expected) {
      const escaped = reason.replace(/\|/g, '\\|').replace(/</g, '&lt;');
      expect(rows).toContain(`| \`${pack}\` | \`${ruleId.replace(/\|/g, '\\|')}\` | \`${resource}\` | ${escaped} |`);
    }
  });

  test('every v4.0.1 requirement with a passing rule has a row listing that rule', () => {
    const v401 = section(markdown, '## PCI DSS v4.0.1');
    const pack = report.packs.find((candidate) => candidate.pack === 'PCI.DSS.401');
    const passing = (pack?.rules ?? []).filter((r) => r.passed.length > 0);
    expect(passing.length).toBeGreaterThan(30);
    for (const passingRule of passing) {
      for (const requirement of requirementsOf(passingRule.rule.replace(/^PCI\.DSS\.401-/, ''))) {
        const entry = row(section(v401, `### Requirement ${requirement.split('.')[0]}:`), requirement);
        expect(entry).toContain(`\`${passingRule.rule}\``);
      }
    }
  });

  test('the enforced packs have no open finding, and the default relaxations are listed', () => {
    expect(section(markdown, '## Rule checks by pack')).toContain('Enforced packs: no open finding');
    const relaxations = section(markdown, '## Relaxations in force');
    expect(relaxations.split('\n').filter((line) => line.startsWith('| `domain` | not set |'))).toHaveLength(2);
    expect(row(relaxations, '`management.bastionAccess`')).toContain('| `ssh` |');
    expect(row(relaxations, '`database.cache`')).toContain('| `rds-memcached-option` |');
  });

  test('every rule the competency items rest on checked resources of the real report (a renamed construct would show)', () => {
    const competency = section(markdown, '## AWS Retail Competency');
    expect(competency).not.toMatch(/no resource was checked by this rule|checked no resource of the templates/);
  });
});
