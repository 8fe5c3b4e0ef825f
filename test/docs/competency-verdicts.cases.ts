import { ComplianceReport, RuleReport } from '../../lib/compliance/report';
import { readComplianceReport } from '../../lib/docs/assembly-model';
import {
  COMPETENCY_CHECKLIST,
  COMPETENCY_ITEM_IDS,
  ChecklistInput,
  CompetencyItemId,
  competencyVerdicts,
} from '../../lib/docs/competency-checklist';
import { competencySection } from '../../lib/docs/competency-section';
import { RequirementVerdict, VERDICT_KINDS, VerdictKind } from '../../lib/docs/verdict';
import { loadModel, PocModel, Subnet } from '../../lib/model';
import { synthesized, variant } from '../helpers';
import { assemblyDirectory, SynthesizedConfigName } from '../support/assemblies';
import type { VariantName } from '../support/variants';
import { templatesOf } from './generated';

/**
 * The verdicts of the competency checklist (2.2-2.13), per item a compliant and a non-compliant
 * case: from the synthesized default, example and lean POCs and the suite's variants, or from
 * one of those with a hand-made change to its model or compliance report.
 */

const inputs = new Map<string, ChecklistInput>();

/** A synthesized config with its compliance report, as `npm run docs` reads it. */
function synthesizedInput(name: SynthesizedConfigName): ChecklistInput {
  const cached = inputs.get(name);
  if (cached) return cached;
  const directory = assemblyDirectory(name);
  const input = { report: readComplianceReport(directory), config: synthesized(name).config, poc: loadModel(directory) };
  inputs.set(name, input);
  return input;
}

/**
 * A variant's templates and config; variants are synthesized without the packs, so the rule
 * outcomes are the default's: the items tested with a variant read its templates, not the rules.
 */
function variantInput(name: VariantName): ChecklistInput {
  const synthesizedVariant = variant(name);
  return {
    report: synthesizedInput('default').report,
    config: synthesizedVariant.config,
    poc: loadModel(synthesizedVariant.assembly.directory),
  };
}

function verdictOf(input: ChecklistInput, item: CompetencyItemId): RequirementVerdict {
  const verdict = competencyVerdicts(input).find((candidate) => candidate.requirement === item);
  if (!verdict) throw new Error(`no verdict for ${item}`);
  return verdict;
}

/** The verdict of `item`, which must be of `kind`, narrowed to it. */
function expectVerdict<K extends VerdictKind>(
  input: ChecklistInput,
  item: CompetencyItemId,
  kind: K,
): Extract<RequirementVerdict, { verdict: K }> {
  const verdict = verdictOf(input, item);
  expect({ item, verdict: verdict.verdict }).toEqual({ item, verdict: kind });
  return verdict as Extract<RequirementVerdict, { verdict: K }>;
}

/** `input` with one rule of its report replaced by `outcomes`. */
function withRule(input: ChecklistInput, pack: string, ruleId: string, outcomes: Partial<RuleReport>): ChecklistInput {
  const report: ComplianceReport = {
    packs: input.report.packs.map((candidate) =>
      candidate.pack !== pack
        ? candidate
        : {
            ...candidate,
            rules: candidate.rules.map((rule) => (rule.rule === ruleId ? { ...rule, ...outcomes } : rule)),
          },
    ),
  };
  return { ...input, report };
}

/** `input` with its model changed by `change`: the other elements read as before. */
function withModel(input: ChecklistInput, change: (poc: PocModel) => Partial<PocModel>): ChecklistInput {
  const poc = input.poc;
  // Getters of the model are read once into a plain object; its functions keep their closures.
  const copy = Object.fromEntries(Object.keys(poc).map((key) => [key, poc[key as keyof PocModel]])) as unknown as PocModel;
  return { ...input, poc: { ...copy, ...change(poc) } };
}

const acknowledgement = (resource: string, reason: string) => ({
  resource,
  acknowledgedAt: resource.replace(/\/Resource$/, ''),
  reason,
});

const evidenceResources = (verdict: RequirementVerdict): string[] =>
  verdict.verdict === 'not applicable' ? [] : verdict.evidence.map((evidence) => evidence.resource);

describe('competencyVerdicts', () => {
  test('one verdict per item 2.2-2.13, in checklist order, each of the four kinds and with a reason', () => {
    const verdicts = competencyVerdicts(synthesizedInput('default'));
    expect(verdicts.map((verdict) => verdict.requirement)).toEqual([...COMPETENCY_ITEM_IDS]);
    for (const verdict of verdicts) {
      expect(VERDICT_KINDS).toContain(verdict.verdict);
      expect(verdict.reason).toMatch(/\S/);
      if (verdict.verdict === 'not in place') {
        expect(verdict.cause).toMatch(/\S/);
        expect(verdict.fix).toMatch(/\S/);
      }
      if (verdict.verdict === 'in place') expect(verdict.evidence.length).toBeGreaterThan(0);
    }
  });

  test('the default POC: the verdicts an assessor reads', () => {
    expect(Object.fromEntries(competencyVerdicts(synthesizedInput('default')).map((v) => [v.requirement, v.verdict]))).toEqual({
      '2.2': 'not in place',
      '2.3': 'in place',
      '2.4': 'in place',
      '2.5': 'in place',
      '2.6': 'customer responsibility',
      '2.7': 'in place',
      '2.8': 'customer responsibility',
      '2.9': 'customer responsibility',
      '2.10': 'in place',
      '2.11': 'not in place',
      '2.12': 'in place',
      '2.13': 'customer responsibility',
    });
  });

  test.each<SynthesizedConfigName>(['default', 'example', 'lean'])(
    'the %s POC: every piece of evidence names a stack or a resource of its templates',
    (name) => {
      const templates = templatesOf(assemblyDirectory(name));
      const names = new Set([
        ...Object.keys(templates),
        ...Object.entries(templates).flatMap(([stack, template]) =>
          Object.entries(template.Resources ?? {}).map(([logicalId, resource]) =>
            String(resource.Metadata?.['aws:cdk:path'] ?? `${stack}/${logicalId}`).replace(/\/Resource$/, ''),
          ),
        ),
      ]);
      const resources = competencyVerdicts(synthesizedInput(name)).flatMap(evidenceResources);
      expect(resources.length).toBeGreaterThan(0);
      expect(resources.filter((resource) => !names.has(resource))).toEqual([]);
    },
  );
});

describe('2.2 deployment automation', () => {
  test('in place without SSH: the stacks and the recorded Session Manager sessions', () => {
    const verdict = expectVerdict(synthesizedInput('example'), '2.2', 'in place');
    expect(verdict.evidence).toContainEqual({
      resource: 'NorthwindTraders-Network',
      property: 'Resources',
      value: expect.stringMatching(/^\d+ resources$/),
    });
    expect(verdict.evidence).toContainEqual(expect.objectContaining({ property: 'Content.inputs.cloudWatchLogGroupName' }));
  });

  test('not in place with SSH bastions: the relaxation, the security-group rule, and ssm as the fix', () => {
    const verdict = expectVerdict(synthesizedInput('default'), '2.2', 'not in place');
    expect(verdict.cause).toMatch(/^`management.bastionAccess: ssh`: /);
    expect(verdict.fix).toMatch(/^`management.bastionAccess: ssm`/);
    expect(verdict.evidence).toContainEqual({
      resource: 'AnyCompanyApparel-Network/SecurityGroups/Bastion',
      property: 'SecurityGroupIngress',
      value: 'ingress tcp 22 from 198.51.100.0/24',
    });
  });

  test('the verdict reads the templates: SSH in the templates of an ssm config is not in place, naming the rule', () => {
    const input = { ...synthesizedInput('default'), config: synthesizedInput('example').config };
    const verdict = expectVerdict(input, '2.2', 'not in place');
    expect(verdict.cause).toContain('`AnyCompanyApparel-Network/SecurityGroups/Bastion` (ingress tcp 22 from 198.51.100.0/24)');
  });
});

describe('2.3 and 2.4 availability zones', () => {
  test('in place on the default: the Multi-AZ database, the groups over two AZs and a NAT gateway per AZ', () => {
    const input = synthesizedInput('default');
    expectVerdict(input, '2.3', 'in place');
    const verdict = expectVerdict(input, '2.4', 'in place');
    expect(verdict.evidence).toContainEqual({
      resource: 'AnyCompanyApparel-Data/Database/Instance',
      property: 'MultiAZ',
      value: 'true',
    });
    expect(verdict.evidence).toContainEqual({
      resource: 'AnyCompanyApparel-App/AppTier/Group/ASG',
      property: 'VPCZoneIdentifier',
      value: '2 subnets in AZ 1, AZ 2',
    });
    expect(verdict.evidence.filter((evidence) => evidence.property === 'SubnetId').map((evidence) => evidence.value)).toEqual([
      'AZ 1',
      'AZ 2',
    ]);
  });

  test('2.3 not in place when a component has no AZ-loss recovery time: a Single-AZ database, one NAT gateway (lean)', () => {
    const singleAz = withModel(synthesizedInput('default'), (poc) => ({
      databases: poc.databases.map((database) => ({ ...database, multiAz: false })),
    }));
    expect(expectVerdict(singleAz, '2.3', 'not in place').cause).toMatch(
      /^database: `AnyCompanyApparel-Data\/Database\/Instance\/Resource` is Single-AZ: the loss of its AZ takes it down/,
    );
    expect(expectVerdict(synthesizedInput('lean'), '2.3', 'not in place').cause).toMatch(
      /^nat-gateways: 1 NAT gateway\(s\) for 2 AZs/,
    );
  });

  test('2.4 not in place with one NAT gateway (lean): the relaxation and one-per-az as the fix', () => {
    const verdict = expectVerdict(synthesizedInput('lean'), '2.4', 'not in place');
    expect(verdict.cause).toMatch(/^`network.natGateways: single`: /);
    expect(verdict.fix).toBe('`network.natGateways: one-per-az`.');
  });

  test('2.4 not in place when the Multi-AZ rule has an open finding', () => {
    const input = withRule(synthesizedInput('default'), 'Competency', 'Competency-MultiAz', {
      findings: ['AnyCompanyApparel-App/AppTier/Group/ASG'],
    });
    expect(expectVerdict(input, '2.4', 'not in place').cause).toContain(
      'open finding of `Competency-MultiAz` on `AnyCompanyApparel-App/AppTier/Group/ASG`',
    );
  });
});

describe('Config rules as supporting detail', () => {
  const configDetail = (input: ChecklistInput): string => {
    const item = COMPETENCY_CHECKLIST.find((candidate) => candidate.item === '2.4');
    return (item?.detail(input) ?? []).map((entry) => entry.text).join('\n');
  };

  test('the recorder and the EventBridge route come from the templates', () => {
    expect(configDetail(synthesizedInput('default'))).toContain(
      'The POC deploys its own Config recorder (`AnyCompanyApparel-Operations/ConfigRules/Recorder`).',
    );
    expect(configDetail(synthesizedInput('default'))).toMatch(
      /EventBridge rules on their evaluations: `AnyCompanyApparel-Operations\//,
    );
  });

  test('without a recorder in the templates, the rules rely on the account', () => {
    expect(configDetail(variantInput('existing-account-baseline'))).toContain(
      "The templates hold no Config recorder: the rules evaluate only what the account's own recorder records.",
    );
  });
});

describe('2.5 disaster recovery', () => {
  test('in place with the copy: the copy action of the backup plan and the DR vault', () => {
    const verdict = expectVerdict(synthesizedInput('default'), '2.5', 'in place');
    expect(verdict.evidence).toContainEqual({
      resource: 'AnyCompanyApparel-Data/BackupPlan/Plan',
      property: 'BackupPlan.BackupPlanRule[0].CopyActions',
      value: 'vault anycompany-apparel-dr-copies in eu-west-1, kept 14 days',
    });
    expect(evidenceResources(verdict)).toContain('AnyCompanyApparel-DisasterRecovery/CopyVault/Vault');
  });

  test('not in place without a copy: the relaxation and its remedy', () => {
    const verdict = expectVerdict(variantInput('no-dr-copy'), '2.5', 'not in place');
    expect(verdict.cause).toMatch(/^`disasterRecovery.copyToRegion: null`: No backup copy leaves the primary region/);
    expect(verdict.fix).toMatch(/^Set a copy region in the same jurisdiction/);
  });
});

describe('2.6, 2.8, 2.9 and 2.13: processes only the partner can show', () => {
  test.each<[CompetencyItemId, RegExp]>([
    ['2.6', /attestation/],
    ['2.8', /root hand-over/],
    ['2.9', /creates and reviews IAM policies/],
    ['2.13', /penetration test records/],
  ])('%s is customer responsibility, with what the partner must show', (item, mustShow) => {
    expect(expectVerdict(synthesizedInput('default'), item, 'customer responsibility').mustShow).toMatch(mustShow);
  });

  test('2.8 and 2.9: the supporting controls of the templates (root Config rules, operator roles with MFA)', () => {
    const input = synthesizedInput('default');
    expect(expectVerdict(input, '2.8', 'customer responsibility').evidence).toContainEqual({
      resource: 'AnyCompanyApparel-Operations/ConfigRules/ROOT_ACCOUNT_MFA_ENABLED',
      property: 'Source.SourceIdentifier',
      value: 'ROOT_ACCOUNT_MFA_ENABLED',
    });
    const iam = expectVerdict(input, '2.9', 'customer responsibility');
    expect(iam.reason).toContain('4 operator roles it would govern, 4 of them assumable only with MFA');
    expect(iam.evidence).toContainEqual({
      resource: 'AnyCompanyApparel-Operations/Roles/Operator',
      property: 'AssumeRolePolicyDocument.Condition',
      value: 'Bool aws:MultiFactorAuthPresent = true',
    });
  });

  test('2.13: Inspector, GuardDuty and Security Hub from the templates; left to the account, the partner shows them', () => {
    const own = synthesizedInput('default');
    expect(evidenceResources(expectVerdict(own, '2.13', 'customer responsibility'))).toEqual(
      expect.arrayContaining([
        'AnyCompanyApparel-Operations/ThreatDetection/GuardDuty',
        'AnyCompanyApparel-Operations/ThreatDetection/PciDss401',
      ]),
    );
    const item = COMPETENCY_CHECKLIST.find((candidate) => candidate.item === '2.13');
    expect(item?.partnerMustProvide(own).join('\n')).not.toMatch(/Inspector|GuardDuty detector|Security Hub with/);
    const account = variantInput('existing-account-baseline');
    expect(evidenceResources(expectVerdict(account, '2.13', 'customer responsibility'))).toEqual([]);
    const asks = item?.partnerMustProvide(account).join('\n');
    expect(asks).toContain("Evidence that the account's Amazon Inspector scans the POC instances");
    expect(asks).toContain("The account's GuardDuty detector in this region");
    expect(asks).toContain("The account's Security Hub with the PCI DSS v4.0.1 standard enabled");
  });
});

describe('2.7 monitoring', () => {
  test('in place: the alarms and the subscriptions of both topics', () => {
    const verdict = expectVerdict(synthesizedInput('default'), '2.7', 'in place');
    expect(verdict.evidence.filter((evidence) => evidence.property === 'AlarmName').length).toBeGreaterThan(10);
    expect(verdict.evidence.filter((evidence) => evidence.property === 'Endpoint').map((evidence) => evidence.value)).toEqual([
      'email: poc-alerts@anycompany-apparel.example',
      'email: poc-alerts@anycompany-apparel.example',
    ]);
  });

  test('not in place when a resource is acknowledged instead of alarmed', () => {
    const input = withRule(synthesizedInput('default'), 'Competency', 'Competency-AlarmedToTopic', {
      acknowledged: [acknowledgement('AnyCompanyApparel-App/WebAlb/Resource', 'watched elsewhere')],
    });
    expect(expectVerdict(input, '2.7', 'not in place').cause).toContain(
      '`Competency-AlarmedToTopic` acknowledged on `AnyCompanyApparel-App/WebAlb/Resource` (watched elsewhere)',
    );
  });
});

describe('2.10 buckets', () => {
  test('in place: Block Public Access on every bucket, and the public-bucket Config rules', () => {
    const verdict = expectVerdict(synthesizedInput('default'), '2.10', 'in place');
    expect(verdict.evidence).toContainEqual({
      resource: 'AnyCompanyApparel-Edge/StaticAssets',
      property: 'PublicAccessBlockConfiguration',
      value: 'all four settings true',
    });
    expect(verdict.evidence).toContainEqual(expect.objectContaining({ value: 'S3_BUCKET_PUBLIC_READ_PROHIBITED' }));
  });

  test('not in place when a bucket of the templates leaves public access possible', () => {
    const input = withModel(synthesizedInput('default'), (poc) => ({
      buckets: poc.buckets.map((bucket, index) => (index === 0 ? { ...bucket, publicAccessBlocked: false } : bucket)),
    }));
    const verdict = expectVerdict(input, '2.10', 'not in place');
    expect(verdict.cause).toMatch(/^Block Public Access incomplete on `AnyCompanyApparel-/);
  });
});

describe('2.11 encryption', () => {
  test('not in place on the default: no domain, the memcached option and the acknowledged plain-HTTP hops', () => {
    const verdict = expectVerdict(synthesizedInput('default'), '2.11', 'not in place');
    expect(verdict.cause).toContain('no `domain`: CloudFront reaches the web load balancer over HTTP');
    expect(verdict.cause).toContain('`database.cache: rds-memcached-option`');
    expect(verdict.cause).toContain('`Competency-TlsInTransit` acknowledged on `AnyCompanyApparel-App/InternalAlb/Api/Resource`');
    expect(verdict.fix).toMatch(/^Set `domain` with ACM certificates: .* `database.cache: elasticache-memcached` /);
    expect(verdict.evidence).toContainEqual({
      resource: 'AnyCompanyApparel-Data/Database/Parameters',
      property: 'Parameters.require_secure_transport',
      value: '1',
    });
  });

  test('not in place on the example (domain, ElastiCache) while the internal hop stays plain HTTP', () => {
    const verdict = expectVerdict(synthesizedInput('example'), '2.11', 'not in place');
    expect(verdict.cause).toMatch(
      /^Findings: `Competency-TlsInTransit` acknowledged on `NorthwindTraders-App\/InternalAlb\/Api\/Resource`/,
    );
  });

  test('in place when every TLS check passes and no relaxation weakens it: the HTTPS listeners and the encrypted stores', () => {
    const example = synthesizedInput('example');
    const tls = example.report.packs
      .find((pack) => pack.pack === 'Competency')
      ?.rules.find((rule) => rule.rule === 'Competency-TlsInTransit');
    const input = withRule(example, 'Competency', 'Competency-TlsInTransit', {
      passed: [...(tls?.passed ?? []), ...(tls?.acknowledged ?? []).map((ack) => ack.resource)],
      acknowledged: [],
    });
    const verdict = expectVerdict(input, '2.11', 'in place');
    expect(verdict.evidence).toContainEqual(expect.objectContaining({ property: 'SslPolicy' }));
    expect(verdict.evidence).toContainEqual(expect.objectContaining({ resource: 'NorthwindTraders-Data/Database/Instance' }));
  });
});

describe('2.12 segmentation', () => {
  test('in place on the default: the data subnets and their route tables, local routes only, nothing of the other tiers', () => {
    const verdict = expectVerdict(synthesizedInput('default'), '2.12', 'in place');
    expect(verdict.evidence).toEqual([
      {
        resource: 'AnyCompanyApparel-Network/Network/Vpc/dataSubnet1/Subnet',
        property: 'SubnetRouteTableAssociation.RouteTableId',
        value: 'AnyCompanyApparel-Network/Network/Vpc/dataSubnet1/RouteTable (AZ 1)',
      },
      {
        resource: 'AnyCompanyApparel-Network/Network/Vpc/dataSubnet1/RouteTable',
        property: 'Routes',
        value: '10.40.0.0/16 -> local',
      },
      {
        resource: 'AnyCompanyApparel-Network/Network/Vpc/dataSubnet2/Subnet',
        property: 'SubnetRouteTableAssociation.RouteTableId',
        value: 'AnyCompanyApparel-Network/Network/Vpc/dataSubnet2/RouteTable (AZ 2)',
      },
      {
        resource: 'AnyCompanyApparel-Network/Network/Vpc/dataSubnet2/RouteTable',
        property: 'Routes',
        value: '10.40.0.0/16 -> local',
      },
    ]);
    const section = competencySection(synthesizedInput('default')).join('\n');
    const item = section.slice(section.indexOf('### 2.12 '), section.indexOf('### 2.13 '));
    expect(item).not.toMatch(/(public|ingress|web|app)Subnet\d\/DefaultRoute/);
  });

  test('not in place when a data subnet routes to the internet gateway: the route names the cause', () => {
    const input = withModel(synthesizedInput('default'), (poc) => {
      const subnets = new Map<string, Subnet>(
        [...poc.network.subnets].map(([key, subnet]) => {
          if (subnet.group !== 'data' || subnet.az !== 'AZ 1') return [key, subnet];
          const local = subnet.routeTable.routes[0];
          const toInternet = {
            destination: { from: 0, to: 2 ** 32 - 1 },
            target: { kind: 'internet-gateway' as const, id: 'igw' },
            rule: { ...local.rule, entry: undefined, text: '0.0.0.0/0 -> internet gateway' },
          };
          return [key, { ...subnet, routeTable: { ...subnet.routeTable, routes: [...subnet.routeTable.routes, toInternet] } }];
        }),
      );
      return { network: { ...poc.network, subnets } };
    });
    const verdict = expectVerdict(input, '2.12', 'not in place');
    expect(verdict.cause).toBe(
      'Routes out of the VPC: `AnyCompanyApparel-Network/Network/Vpc/dataSubnet1/RouteTable` of ' +
        '`AnyCompanyApparel-Network/Network/Vpc/dataSubnet1/Subnet`: 0.0.0.0/0 -> internet gateway.',
    );
  });

  test('not in place when more than the app tier reaches the database', () => {
    const input = withRule(synthesizedInput('default'), 'Competency', 'Competency-DatabaseOnlyFromAppTier', {
      findings: ['AnyCompanyApparel-Data/Database/Instance/Resource'],
    });
    expect(expectVerdict(input, '2.12', 'not in place').cause).toContain('open finding of `Competency-DatabaseOnlyFromAppTier`');
  });
});

describe('what the partner must provide', () => {
  /** Words that name a document the kit generates: the architecture diagram, the network, RTO and RPO, runbooks. */
  const GENERATED_TOPIC = /diagram|network (matrix|description)|\bRTO\b|\bRPO\b|runbook/i;
  const GENERATED_LINK =
    /\]\((ARCHITECTURE\.md|architecture\.svg|recovery\.svg|monitoring\.svg|NETWORK\.md|RESILIENCE\.md|runbooks\/[\w.-]+\.md)\)/;
  /** An entry that asks for a diagram: the kit draws the network, recovery and monitoring ones; linking them does not excuse asking. */
  const DIAGRAM_ASK = /^(An?|The)\b[^:.]*\bdiagram\b/i;
  const cases: [string, () => ChecklistInput][] = [
    ['default', () => synthesizedInput('default')],
    ['example', () => synthesizedInput('example')],
    ['no-dr-copy', () => variantInput('no-dr-copy')],
    ['existing-account-baseline', () => variantInput('existing-account-baseline')],
  ];

  test.each(cases)('%s: no entry asks for a generated artifact; one that names it links the generated file', (_, input) => {
    for (const item of COMPETENCY_CHECKLIST) {
      for (const entry of item.partnerMustProvide(input())) {
        if (GENERATED_TOPIC.test(entry))
          expect({ item: item.item, entry }).toEqual({ item: item.item, entry: expect.stringMatching(GENERATED_LINK) });
        expect(entry).not.toMatch(/^(An|The) architecture diagram|the network matrix of `npm run analyze`/i);
        expect({ item: item.item, entry }).toEqual({ item: item.item, entry: expect.not.stringMatching(DIAGRAM_ASK) });
      }
    }
  });

  test('a partner entry asking for the architecture diagram fails the check', () => {
    const asked = 'An architecture diagram of the VPCs, subnets and security groups of each e-commerce case study.';
    expect(GENERATED_TOPIC.test(asked) && !GENERATED_LINK.test(asked)).toBe(true);
  });

  test('a partner entry asking for a diagram fails the check even when it links a generated one', () => {
    for (const asked of [
      'A diagram of the replication and recovery processes: [architecture.svg](architecture.svg) shows the network, not the backup copy.',
      'A diagram of how performance and health data are collected (metrics, alarms, topics): [architecture.svg](architecture.svg) shows the network.',
    ]) {
      expect(GENERATED_LINK.test(asked)).toBe(true);
      expect(DIAGRAM_ASK.test(asked)).toBe(true);
    }
  });
});
