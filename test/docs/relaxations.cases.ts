import { ComplianceReport } from '../../lib/compliance/report';
import { PocConfig, PocConfigInput } from '../../lib/config/schema';
import { COMPETENCY_CHECKLIST, COMPETENCY_ITEM_IDS } from '../../lib/docs/competency-checklist';
import { renderComplianceMarkdown } from '../../lib/docs/compliance-doc';
import { Relaxation, relaxationsInForce, settingOf } from '../../lib/docs/relaxations';
import { relaxationsSection } from '../../lib/docs/security';
import { configWith, defaultConfig, exampleConfig } from '../helpers';
import { section, tableRows } from './generated';
import { loadModel, PocModel } from '../../lib/model';
import { assemblyDirectory } from '../support/assemblies';

let defaultModel: PocModel | undefined;
/** The model of the default assembly: the competency verdicts read it whatever config a test renders. */
const defaultPoc = (): PocModel => (defaultModel ??= loadModel(assemblyDirectory('default')));
import { UNDECIDED_VERDICTS } from './pci-verdict-fixtures';

/** Every secure default in force: a custom domain, SSM only, ElastiCache, a NAT gateway per AZ, a DR copy, the POC's own account controls. */
function harden(raw: PocConfigInput): void {
  raw.domain = {
    name: 'shop.example.com',
    originHostname: 'origin.shop.example.com',
    cloudFrontCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
    albCertificateArn: 'arn:aws:acm:eu-west-3:123456789012:certificate/11111111-2222-3333-4444-555555555555',
  };
  raw.management.bastionAccess = 'ssm';
  raw.database.cache = 'elasticache-memcached';
  raw.network.natGateways = 'one-per-az';
  raw.patching = { maxInstanceLifetimeDays: 7 };
  raw.disasterRecovery = { ...raw.disasterRecovery, copyToRegion: 'eu-west-1' };
  raw.accountBaseline = {
    hasConfigRecorder: false,
    hasOrganizationTrail: false,
    hasSessionManagerPreferences: false,
    guardDuty: true,
    securityHub: true,
    inspector: true,
  };
}

interface Switch {
  readonly name: string;
  readonly relax: (raw: PocConfigInput) => void;
  /** The settings it must put in force, in order. */
  readonly settings: readonly string[];
  /** The competency items each of them changes. */
  readonly items: readonly string[];
  /** What both documents must say about it. */
  readonly says: readonly string[];
}

/** An `accountBaseline` flag set to what leaves its control to the account. */
function baselineSwitch(
  flag: keyof NonNullable<PocConfigInput['accountBaseline']>,
  value: boolean,
  items: readonly string[],
  says: readonly string[],
): Switch {
  return {
    name: `accountBaseline.${flag}: ${value}`,
    relax: (raw) => (raw.accountBaseline = { ...raw.accountBaseline, [flag]: value }),
    settings: [`\`accountBaseline.${flag}: ${value}\``],
    items,
    says,
  };
}

/** Each config switch that relaxes a default, applied alone to the hardened config. */
const SWITCHES: readonly Switch[] = [
  {
    name: 'no domain',
    relax: (raw) => delete raw.domain,
    settings: ['no `domain`', 'no `domain`'],
    items: ['2.11'],
    says: [
      'viewers may negotiate TLS 1.0',
      'CloudFront reaches the web load balancer over HTTP (port 80), unencrypted',
      "through CloudFront's VPC origin on AWS's network, never the internet",
    ],
  },
  {
    name: 'SSH to the bastions',
    relax: (raw) => (raw.management.bastionAccess = 'ssh'),
    settings: ['`management.bastionAccess: ssh`'],
    items: ['2.2', '2.12'],
    says: ['admit SSH (tcp 22)', 'Session Manager only'],
  },
  {
    name: 'the RDS MEMCACHED option',
    relax: (raw) => (raw.database.cache = 'rds-memcached-option'),
    settings: ['`database.cache: rds-memcached-option`'],
    items: ['2.11'],
    says: ['(tcp 11211) has no TLS and no authentication', 'cache only non-sensitive data'],
  },
  {
    name: 'one NAT gateway',
    relax: (raw) => (raw.network.natGateways = 'single'),
    settings: ['`network.natGateways: single`'],
    items: ['2.4'],
    says: ['One NAT gateway: if its AZ is lost', 'running instances keep serving'],
  },
  {
    name: 'instances kept past the patch window',
    relax: (raw) => (raw.patching = { maxInstanceLifetimeDays: 45 }),
    settings: ['`patching.maxInstanceLifetimeDays: 45`'],
    items: ['2.13'],
    says: ['replaces an instance only after 45 days', 'PCI DSS 6.3.3', 'An instance refresh'],
  },
  {
    name: 'no DR copy',
    relax: (raw) => (raw.disasterRecovery = { ...raw.disasterRecovery, copyToRegion: null }),
    settings: ['`disasterRecovery.copyToRegion: null`'],
    items: ['2.5'],
    says: ['No backup copy leaves the primary region', 'regional RTO and RPO are unbounded'],
  },
  baselineSwitch(
    'hasConfigRecorder',
    true,
    ['2.4', '2.8', '2.10', '2.11', '2.12'],
    ['The POC creates no AWS Config recorder', 'records every resource type'],
  ),
  baselineSwitch(
    'hasOrganizationTrail',
    true,
    ['2.2', '2.8'],
    ['The POC creates no CloudTrail trail', 'validates its log files'],
  ),
  baselineSwitch(
    'hasSessionManagerPreferences',
    true,
    ['2.2'],
    ['The POC sets no Session Manager preferences', 'kept at least a year (PCI DSS 10.2.1.2, 10.5.1)', 'kms:GenerateDataKey'],
  ),
  baselineSwitch('guardDuty', false, ['2.13'], ['The POC creates no GuardDuty detector', 'to the alarm topic']),
  baselineSwitch('securityHub', false, ['2.13'], ['The POC does not enable Security Hub', 'PCI DSS v4.0.1 standard']),
  baselineSwitch('inspector', false, ['2.13'], ['The POC does not enable Amazon Inspector EC2 scanning', 'PCI DSS 11.3.1']),
];

const settings = (config: PocConfig) => relaxationsInForce(config).map(settingOf);
const hardened = () => configWith(harden);
const everythingRelaxed = () =>
  configWith((raw) => {
    harden(raw);
    for (const { relax } of SWITCHES) relax(raw);
  });

/** The compliance report only feeds the parts of both documents around the relaxations: an empty one will do. */
const NO_REPORT: ComplianceReport = { packs: [] };
const securityMarkdown = (config: PocConfig) => relaxationsSection({ config, compliance: NO_REPORT }).join('\n');
const complianceMarkdown = (config: PocConfig) =>
  renderComplianceMarkdown({ report: NO_REPORT, config, poc: defaultPoc(), verdicts: UNDECIDED_VERDICTS });
const escaped = (text: string) => text.replace(/\|/g, '\\|');

/** The list under "Relaxations in force" of one checklist item of COMPLIANCE.md. */
function relaxationLinesOf(itemText: string): string[] {
  const start = itemText.indexOf('**Relaxations in force:**');
  if (start < 0) return [];
  return itemText
    .slice(start, itemText.indexOf('**The partner must still provide:**', start))
    .split('\n')
    .filter((line) => line.startsWith('- '));
}

/** The row each document shows for `relaxation`, cell by cell, and the line under each competency item it changes. */
function expectShownInBothDocuments(config: PocConfig, relaxations: readonly Relaxation[]): void {
  const security = tableRows(section(securityMarkdown(config), '### From the config'));
  expect(security).toEqual(relaxations.map((item) => [settingOf(item), escaped(item.relaxation), escaped(item.remedy)]));

  const compliance = complianceMarkdown(config);
  expect(tableRows(section(compliance, '## Relaxations in force'))).toEqual(
    relaxations.map((item) => [
      `\`${item.field}\``,
      item.value === undefined ? 'not set' : `\`${item.value}\``,
      escaped(item.relaxation),
      escaped(item.remedy),
      item.competencyItems.join(', '),
    ]),
  );
  for (const checklistItem of COMPETENCY_CHECKLIST) {
    const text = section(compliance, `### ${checklistItem.item} ${checklistItem.title}`);
    const expected = relaxations.filter((item) => item.competencyItems.includes(checklistItem.item));
    expect(relaxationLinesOf(text)).toEqual(expected.map((item) => `- ${settingOf(item)}: ${item.relaxation} ${item.remedy}`));
  }
}

describe('relaxationsInForce: the one list both SECURITY.md and COMPLIANCE.md render', () => {
  test('the default config: no domain (viewer TLS, origin HTTP), SSH to the bastions, the memcached option', () => {
    expect(settings(defaultConfig())).toEqual([
      'no `domain`',
      'no `domain`',
      '`management.bastionAccess: ssh`',
      '`database.cache: rds-memcached-option`',
    ]);
  });

  test('the example config (domain, SSM, ElastiCache) relies on the organization trail and the account detector', () => {
    expect(settings(exampleConfig())).toEqual([
      '`accountBaseline.hasOrganizationTrail: true`',
      '`accountBaseline.guardDuty: false`',
    ]);
  });

  test('a config with every secure default relaxes nothing, and both documents say so', () => {
    const config = hardened();
    expect(relaxationsInForce(config)).toEqual([]);
    expect(section(securityMarkdown(config), '### From the config')).toContain('None: this config relaxes no secure default.');
    expect(section(complianceMarkdown(config), '## Relaxations in force')).toContain('None: every secure default is in force');
  });

  test.each(SWITCHES)(
    '$name alone is in force, and SECURITY.md and COMPLIANCE.md both show it',
    ({ relax, settings: expected, items, says }) => {
      const config = configWith((raw) => {
        harden(raw);
        relax(raw);
      });
      const relaxations = relaxationsInForce(config);
      expect(relaxations.map(settingOf)).toEqual(expected);
      for (const relaxation of relaxations) expect(relaxation.competencyItems).toEqual(items);
      expectShownInBothDocuments(config, relaxations);
      const security = section(securityMarkdown(config), '### From the config');
      const compliance = section(complianceMarkdown(config), '## Relaxations in force');
      for (const text of says) {
        expect(security).toContain(text);
        expect(compliance).toContain(text);
      }
    },
  );

  test('every switch together: each relaxation once, in a fixed order, shown in both documents', () => {
    const config = everythingRelaxed();
    expect(settings(config)).toEqual(SWITCHES.flatMap((entry) => entry.settings));
    expectShownInBothDocuments(config, relaxationsInForce(config));
  });

  test('each relaxation says what is relaxed and what compensates, and names checklist items of section 2', () => {
    for (const relaxation of relaxationsInForce(everythingRelaxed())) {
      expect(relaxation.relaxation).toMatch(/\.$/);
      expect(relaxation.remedy).toMatch(/\.$/);
      expect(relaxation.competencyItems.length).toBeGreaterThan(0);
      for (const item of relaxation.competencyItems) expect(COMPETENCY_ITEM_IDS).toContain(item);
    }
  });

  test('a DR copy allowed across geographies is in force, and both documents show it', () => {
    const crossing = (pin: boolean) =>
      configWith((raw) => {
        harden(raw);
        if (pin) raw.environment = { region: 'eu-west-3' };
        raw.disasterRecovery = { ...raw.disasterRecovery, copyToRegion: 'us-east-1', allowCrossGeography: true };
      });
    const pinned = crossing(true);
    const relaxations = relaxationsInForce(pinned);
    expect(relaxations.map(settingOf)).toEqual(['`disasterRecovery.allowCrossGeography: true`']);
    expect(relaxations[0].competencyItems).toEqual(['2.5']);
    expect(relaxations[0].relaxation).toContain('go to us-east-1, outside the eu geography of the primary region eu-west-3');
    expectShownInBothDocuments(pinned, relaxations);
    expect(relaxationsInForce(crossing(false))[0].relaxation).toContain('whatever the geography of the region deployed to');
  });

  test('the SSH relaxation names the corporate ranges', () => {
    const config = configWith((raw) => {
      raw.management.corporateCidrs = ['203.0.113.0/24', '198.51.100.0/26'];
    });
    const ssh = relaxationsInForce(config).find((item) => item.field === 'management.bastionAccess');
    expect(ssh?.relaxation).toContain('from the corporate ranges 203.0.113.0/24, 198.51.100.0/26.');
  });
});
