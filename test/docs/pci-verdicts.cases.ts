import { Flow } from '../../lib/analysis';
import { PocConfig } from '../../lib/config/schema';
import { V401_REQUIREMENT_TITLES } from '../../lib/docs/pci-requirements';
import { PCI_VERDICT_RULES, pciVerdicts, verdictFacts, VerdictFacts, verdictsOf } from '../../lib/docs/pci-verdicts';
import { relaxationsInForce } from '../../lib/docs/relaxations';
import { Fleet } from '../../lib/model/compute';
import { verdictCounts } from '../../lib/docs/verdict';
import { AtRestRow } from '../../lib/docs/security-at-rest';
import { TransitRow } from '../../lib/docs/security-encryption';
import { RequirementVerdict } from '../../lib/docs/verdict';
import { configWith, defaultConfig, exampleConfig } from '../helpers';
import { assemblyDirectory } from '../support/assemblies';
import { docsModelOf } from './pci-verdict-fixtures';

/** The verdict rules on the real default and example assemblies, and on facts changed by hand to reach the other branches. */

let defaultFacts: VerdictFacts;
let exampleFacts: VerdictFacts;
beforeAll(() => {
  defaultFacts = verdictFacts(docsModelOf(assemblyDirectory('default'), defaultConfig()));
  exampleFacts = verdictFacts(docsModelOf(assemblyDirectory('example'), exampleConfig()));
});

function verdictOf(facts: VerdictFacts, requirement: string): RequirementVerdict {
  const found = verdictsOf(facts).find((verdict) => verdict.requirement === requirement);
  if (!found) throw new Error(`no verdict for ${requirement}`);
  return found;
}

/** The facts of `base` under another config: its relaxations follow. */
const underConfig = (base: VerdictFacts, config: PocConfig): VerdictFacts => ({
  ...base,
  config,
  relaxations: relaxationsInForce(config),
});

const withTransit = (base: VerdictFacts, change: (row: TransitRow) => TransitRow): VerdictFacts => ({
  ...base,
  inTransit: base.inTransit.map(change),
});

const isPublicViewerOrOrigin = (row: TransitRow) => row.to === 'cloudfront' || row.from === 'cloudfront';

describe('the verdict table', () => {
  test('has exactly one rule per PCI DSS v4.0.1 requirement COMPLIANCE.md lists', () => {
    expect(Object.keys(PCI_VERDICT_RULES).sort()).toEqual(Object.keys(V401_REQUIREMENT_TITLES).sort());
  });

  test('every verdict carries what its kind needs: evidence, cause and fix, what to show, or why not applicable', () => {
    for (const facts of [defaultFacts, exampleFacts]) {
      for (const verdict of verdictsOf(facts)) {
        expect(verdict.reason.length).toBeGreaterThan(20);
        if (verdict.verdict === 'in place') expect(verdict.evidence.length).toBeGreaterThan(0);
        if (verdict.verdict === 'not in place') {
          expect(verdict.cause).not.toBe('');
          expect(verdict.fix).not.toBe('');
        }
        if (verdict.verdict === 'customer responsibility') expect(verdict.mustShow.length).toBeGreaterThan(10);
        if (verdict.verdict === 'not applicable') expect(verdict.reason).toMatch(/^Applies only to /);
      }
    }
  });

  test('rule outcomes never decide a verdict: the same templates without any rule result give the same verdicts', () => {
    const kinds = (facts: VerdictFacts) => verdictsOf(facts).map(({ requirement, verdict }) => `${requirement} ${verdict}`);
    expect(kinds({ ...defaultFacts, report: { packs: [] } })).toEqual(kinds(defaultFacts));
  });

  test('pciVerdicts and verdictCounts: one verdict per requirement, every kind counted', () => {
    const verdicts = pciVerdicts(defaultFacts.model);
    const counts = verdictCounts(verdicts);
    expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(Object.keys(V401_REQUIREMENT_TITLES).length);
    expect(counts['not in place']).toBeGreaterThan(0);
    expect(verdictCounts([])).toEqual({ 'in place': 0, 'not in place': 0, 'customer responsibility': 0, 'not applicable': 0 });
  });
});

describe('4.2.1 strong cryptography over public networks, from the in-transit rows', () => {
  test('default config (no domain): not in place, caused by `domain` not set, fixed by setting it', () => {
    const verdict = verdictOf(defaultFacts, '4.2.1');
    expect(verdict.verdict).toBe('not in place');
    if (verdict.verdict !== 'not in place') return;
    expect(verdict.reason).toContain('internet -> CloudFront tcp 443 is open to TLS below 1.2');
    expect(verdict.reason).toContain('CloudFront -> web load balancer tcp 80 is not encrypted');
    expect(verdict.cause).toMatch(/^no `domain`: /);
    expect(verdict.cause).toContain(
      'Acknowledged findings: `PCI.DSS.401-TlsInTransit` on `AnyCompanyApparel-Edge/Distribution/Origin1/VpcOrigin`.',
    );
    expect(verdict.fix).toContain('Set `domain`');
  });

  test('the example config (domain, ACM certificate): in place, evidence the TLS 1.2 viewer policy and the https-only origin', () => {
    const verdict = verdictOf(exampleFacts, '4.2.1');
    expect(verdict.verdict).toBe('in place');
    if (verdict.verdict !== 'in place') return;
    const values = verdict.evidence.map((entry) => `${entry.property}: ${entry.value}`);
    expect(values).toContain('internet -> CloudFront tcp 443: TLS, ACM certificate, minimum TLSv1.2_2021');
    expect(
      values.some((value) => value.startsWith('CloudFront -> web load balancer tcp 443: TLS (origin protocol policy https-only')),
    ).toBe(true);
  });

  test('a strong viewer hop and a strong origin hop without relaxations: in place', () => {
    const facts = withTransit({ ...defaultFacts, relaxations: [] }, (row) =>
      isPublicViewerOrOrigin(row) && row.strength !== 'redirect' ? { ...row, strength: 'strong' } : row,
    );
    expect(verdictOf(facts, '4.2.1').verdict).toBe('in place');
  });

  test('a clear-text origin hop no relaxation explains: not in place, naming the hop and its protection', () => {
    const facts = withTransit({ ...exampleFacts, relaxations: [] }, (row) =>
      row.from === 'cloudfront' ? { ...row, strength: 'plain', protection: 'plain HTTP (test)' } : row,
    );
    const verdict = verdictOf(facts, '4.2.1');
    expect(verdict.verdict).toBe('not in place');
    if (verdict.verdict === 'not in place')
      expect(verdict.cause).toContain('CloudFront -> web load balancer tcp 443: plain HTTP (test)');
  });

  test('TLS whose minimum version the templates do not set: left to the customer to show', () => {
    const facts = withTransit(exampleFacts, (row) => (row.from === 'cloudfront' ? { ...row, strength: 'encrypted' } : row));
    expect(verdictOf(facts, '4.2.1').verdict).toBe('customer responsibility');
  });

  test('egress to the internet is the application’s choice and never decides it', () => {
    const facts = withTransit(exampleFacts, (row) => (row.to === 'internet' ? { ...row, strength: 'plain' } : row));
    expect(verdictOf(facts, '4.2.1').verdict).toBe('in place');
  });
});

describe('3.5.1 PAN unreadable where stored, from the at-rest inventory', () => {
  test('every store encrypted: storage encryption is evidence, PAN unreadable stays the application’s (3.5.1.2)', () => {
    for (const facts of [defaultFacts, exampleFacts]) {
      const verdict = verdictOf(facts, '3.5.1');
      expect(verdict.verdict).toBe('customer responsibility');
      if (verdict.verdict === 'customer responsibility') {
        expect(verdict.mustShow).toContain('renders stored PAN unreadable');
        expect(verdict.evidence.map((entry) => entry.resource)).toEqual(facts.atRest.map((row) => row.resource));
      }
    }
  });

  test('one store left unencrypted: not in place, naming it', () => {
    const clear: AtRestRow = { ...defaultFacts.atRest[0], encrypted: false, encryption: 'none' };
    const verdict = verdictOf({ ...defaultFacts, atRest: [clear, ...defaultFacts.atRest.slice(1)] }, '3.5.1');
    expect(verdict.verdict).toBe('not in place');
    if (verdict.verdict === 'not in place') expect(verdict.cause).toBe(`${clear.resource}: none`);
  });

  test('an in-memory cache keeps nothing at rest: not a clear store, and the reason says so', () => {
    const cache = exampleFacts.atRest.find((row) => row.kind === 'cache-cluster');
    expect(cache?.encrypted).toBe(false);
    expect(verdictOf(exampleFacts, '3.5.1').reason).toContain(`${cache?.resource} keeps its data in memory only`);
  });
});

describe('overclaims of the rule outcomes are gone', () => {
  test('3.3.1.x and 3.3.2 (what the application stores) are the customer’s, whatever log retention says', () => {
    for (const requirement of ['3.3.1.1', '3.3.1.3', '3.3.2']) {
      expect(verdictOf(defaultFacts, requirement).verdict).toBe('customer responsibility');
    }
  });

  test('1.2.5 (approval and business need of each port) is the customer’s, linking the matrix', () => {
    const verdict = verdictOf(defaultFacts, '1.2.5');
    expect(verdict.verdict).toBe('customer responsibility');
    expect(verdict.reason).toContain('(NETWORK.md#who-can-reach-whom)');
  });

  test('reviews and the incident response plan are the customer’s', () => {
    for (const requirement of ['10.4.1', '10.4.1.1', '10.4.2', '10.4.3', '12.10.5']) {
      expect(verdictOf(defaultFacts, requirement).verdict).toBe('customer responsibility');
    }
  });

  test('not applicable: the appendices and 10.7.1, each saying what would make it apply', () => {
    for (const requirement of ['A1.1.3', 'A1.2.1', 'A3.3.1', 'A3.5.1', '10.7.1', '3.3.3']) {
      const verdict = verdictOf(defaultFacts, requirement);
      expect(verdict.verdict).toBe('not applicable');
      expect(verdict.reason).toContain('; it applies if ');
    }
  });
});

describe('segmentation, from the analysis', () => {
  const unexpected = (facts: VerdictFacts): VerdictFacts => {
    const flow: Flow = { from: 'internet', to: 'database', protocol: 'tcp', ports: { from: 3306, to: 3306 }, rules: [] };
    return {
      ...facts,
      model: {
        ...facts.model,
        analysis: { ...facts.model.analysis, unexpected: [flow], flows: [...facts.model.analysis.flows, flow] },
      },
    };
  };

  test('no unexpected flow: 1.3.1, 1.4.1, 1.4.2 and 1.4.4 in place, with the security group rules as evidence', () => {
    for (const requirement of ['1.3.1', '1.4.1', '1.4.2', '1.4.4']) {
      const verdict = verdictOf(defaultFacts, requirement);
      expect(verdict.verdict).toBe('in place');
      expect(verdict.reason).toContain('(NETWORK.md#who-can-reach-whom)');
    }
  });

  test('an unexpected flow from the internet to the database: 1.2.5, 1.3.1, 1.4.x not in place, naming the flow', () => {
    const facts = unexpected(defaultFacts);
    for (const requirement of ['1.2.5', '1.3.1', '1.3.2', '1.4.1', '1.4.2', '1.4.4']) {
      const verdict = verdictOf(facts, requirement);
      expect(verdict.verdict).toBe('not in place');
      if (verdict.verdict === 'not in place') expect(verdict.cause).toContain('internet -> database tcp 3306');
    }
  });
});

describe('6.3.3 patches, from the templates', () => {
  const withFleets = (base: VerdictFacts, change: (fleet: Fleet) => Fleet): VerdictFacts => ({
    ...base,
    model: { ...base.model, poc: { ...base.model.poc, fleets: base.model.poc.fleets.map(change) } },
  });

  test('every group replaced within 30 days from the newest Amazon Linux AMI: in place, with the lifetime the templates give', () => {
    const verdict = verdictOf(defaultFacts, '6.3.3');
    expect(verdict.verdict).toBe('in place');
    expect(verdict.reason).toContain('within 7 days');
  });

  test('a group without MaxInstanceLifetime: not in place, naming it, whatever the config says', () => {
    const facts = withFleets(defaultFacts, (fleet) =>
      fleet.kind === 'auto-scaling-group' ? { ...fleet, maxInstanceLifetimeSeconds: undefined } : fleet,
    );
    const verdict = verdictOf(facts, '6.3.3');
    expect(verdict.verdict).toBe('not in place');
    if (verdict.verdict === 'not in place') expect(verdict.cause).toContain('MaxInstanceLifetime not set');
  });

  test('a launch template pinned to a fixed AMI: not in place, naming its ImageId', () => {
    const facts = withFleets(defaultFacts, (fleet) =>
      fleet.kind === 'auto-scaling-group' ? { ...fleet, image: 'ami-0123456789abcdef0' } : fleet,
    );
    const verdict = verdictOf(facts, '6.3.3');
    expect(verdict.verdict).toBe('not in place');
    if (verdict.verdict === 'not in place') expect(verdict.cause).toContain('ImageId ami-0123456789abcdef0');
  });
});

describe('6.4.1 and 6.4.2 web attacks, from the web ACL', () => {
  test('every rule blocks what it matches: in place on the default', () => {
    for (const requirement of ['6.4.1', '6.4.2']) expect(verdictOf(defaultFacts, requirement).verdict).toBe('in place');
  });

  test('a rule left in count mode: not in place, naming the rule', () => {
    const poc = defaultFacts.model.poc;
    const facts: VerdictFacts = {
      ...defaultFacts,
      model: {
        ...defaultFacts.model,
        poc: { ...poc, webAcls: poc.webAcls.map((acl) => ({ ...acl, countOnly: acl.rules.slice(0, 1) })) },
      },
    };
    for (const requirement of ['6.4.1', '6.4.2']) {
      const verdict = verdictOf(facts, requirement);
      expect(verdict.verdict).toBe('not in place');
      if (verdict.verdict === 'not in place') expect(verdict.cause).toContain(`rule ${poc.webAcls[0].rules[0]}: Count`);
    }
  });
});

describe('config relaxations', () => {
  test('patching.maxInstanceLifetimeDays beyond 30: 6.3.3 not in place with the field, value and fix', () => {
    const config = configWith((raw) => (raw.patching = { ...raw.patching, maxInstanceLifetimeDays: 45 }));
    const verdict = verdictOf(underConfig(defaultFacts, config), '6.3.3');
    expect(verdict.verdict).toBe('not in place');
    if (verdict.verdict === 'not in place') {
      expect(verdict.cause).toMatch(/^`patching\.maxInstanceLifetimeDays: 45`: /);
      expect(verdict.fix).toContain('30 days or fewer');
    }
    expect(verdictOf(defaultFacts, '6.3.3').verdict).toBe('in place');
  });

  test('10.2.1.2: SSH bastions leave it not in place; Session Manager with the POC preferences puts it in place', () => {
    expect(verdictOf(defaultFacts, '10.2.1.2').verdict).toBe('not in place');
    const ssm = configWith((raw) => (raw.management = { ...raw.management, bastionAccess: 'ssm' }));
    const verdict = verdictOf(underConfig(defaultFacts, ssm), '10.2.1.2');
    expect(verdict.verdict).toBe('in place');
    if (verdict.verdict === 'in place') {
      expect(verdict.evidence).toContainEqual(
        expect.objectContaining({ property: 'Content.inputs.cloudWatchStreamingEnabled', value: 'true' }),
      );
    }
  });

  test('an organization trail leaves the trail-based requirements to the account, with what it must show', () => {
    for (const requirement of ['10.2.1', '10.3.2', '10.3.4']) {
      const verdict = verdictOf(exampleFacts, requirement);
      expect(verdict.verdict).toBe('customer responsibility');
      if (verdict.verdict === 'customer responsibility') expect(verdict.mustShow).toContain('organization trail');
    }
  });

  test('a trail without log file validation: 10.3.4 not in place', () => {
    const { poc } = defaultFacts.model;
    const trails = poc.trails.map((trail) => ({ ...trail, logFileValidation: false }));
    const facts = { ...defaultFacts, model: { ...defaultFacts.model, poc: { ...poc, trails } } };
    const verdict = verdictOf(facts, '10.3.4');
    expect(verdict.verdict).toBe('not in place');
    if (verdict.verdict === 'not in place') expect(verdict.cause).toContain('EnableLogFileValidation false');
  });

  test('10.5.1: in place on the default; a log group kept 90 days or a log bucket archived within 90 days is not', () => {
    expect(verdictOf(defaultFacts, '10.5.1').verdict).toBe('in place');
    const { poc } = defaultFacts.model;
    const withPoc = (changed: Partial<typeof poc>): VerdictFacts => ({
      ...defaultFacts,
      model: { ...defaultFacts.model, poc: { ...poc, ...changed } },
    });
    const [first, ...others] = poc.logGroups;
    const shortGroup = verdictOf(withPoc({ logGroups: [{ ...first, retentionDays: 90 }, ...others] }), '10.5.1');
    expect(shortGroup.verdict).toBe('not in place');
    if (shortGroup.verdict === 'not in place') expect(shortGroup.cause).toContain('RetentionInDays 90');
    const buckets = poc.buckets.map((bucket) => ({ ...bucket, transitions: [{ storageClass: 'GLACIER', days: 30 }] }));
    const archived = verdictOf(withPoc({ buckets }), '10.5.1');
    expect(archived.verdict).toBe('not in place');
    if (archived.verdict === 'not in place') expect(archived.cause).toContain('archives objects within 90 days');
  });

  test('6.4.x: WAF on the web load balancer puts both in place; without a logging configuration 6.4.2 is not', () => {
    for (const requirement of ['6.4.1', '6.4.2']) expect(verdictOf(defaultFacts, requirement).verdict).toBe('in place');
    const unlogged: VerdictFacts = { ...defaultFacts, model: { ...defaultFacts.model, referrers: new Map() } };
    expect(verdictOf(unlogged, '6.4.1').verdict).toBe('in place');
    const verdict = verdictOf(unlogged, '6.4.2');
    expect(verdict.verdict).toBe('not in place');
    if (verdict.verdict === 'not in place') expect(verdict.cause).toContain('AWS::WAFv2::LoggingConfiguration');
  });
});
