import { complianceSummary, ExecutiveSummary, recoverySummary, summaryCost } from '../../lib/docs/executive-summary';
import { StandardVerdicts } from '../../lib/docs/verdict';
import { renderExecutiveSummaryMarkdown } from '../../lib/docs/executive-summary-markdown';
import { RecoveryObjective } from '../../lib/resilience/objectives';
import { defaultConfig } from '../helpers';

/** Hand-made verdicts of two standards: every kind, so each count and list can be told apart. */
const STANDARDS: readonly StandardVerdicts[] = [
  {
    standard: 'PCI DSS v4.0.1',
    verdicts: [
      { requirement: '3.5.1', verdict: 'in place', reason: 'Stored data is encrypted.', evidence: [] },
      { requirement: '8.2.1', verdict: 'in place', reason: 'Unique IDs.', evidence: [] },
      {
        requirement: '4.2.1',
        verdict: 'not in place',
        reason: 'CloudFront reaches the load balancer over HTTP.',
        cause: 'no `domain`',
        fix: 'set `domain` with ACM certificates',
        evidence: [],
      },
      {
        requirement: '12.8.1',
        verdict: 'customer responsibility',
        reason: 'A process.',
        mustShow: 'the list of third-party service providers',
        evidence: [],
      },
      { requirement: '3.3.1.1', verdict: 'not applicable', reason: 'No card-present data.' },
    ],
  },
  {
    standard: 'Competency checklist',
    verdicts: [
      {
        requirement: '2.5',
        verdict: 'customer responsibility',
        reason: 'A test record.',
        mustShow: 'the record of a DR test & its measured times',
        evidence: [],
      },
      {
        requirement: '2.11',
        verdict: 'not in place',
        reason: 'SSH to the bastions.',
        cause: '`management.bastionAccess: ssh`',
        fix: 'set `management.bastionAccess: ssm`',
        evidence: [],
      },
    ],
  },
];

const time = (minutes: number, qualifier: 'bound' | 'typical' | 'estimate') =>
  ({ kind: 'time', minutes, qualifier, basis: 'b' }) as const;
const NA = { kind: 'not-applicable', basis: 'b' } as const;
const UNBOUNDED = { kind: 'unbounded', basis: 'b' } as const;
const objective = (
  component: RecoveryObjective['component'],
  failure: RecoveryObjective['failure'],
  rto: RecoveryObjective['rto'],
  rpo: RecoveryObjective['rpo'],
): RecoveryObjective => ({ component, failure, rto, rpo, citations: [] });

function summaryWith(parts: Partial<ExecutiveSummary>): ExecutiveSummary {
  return {
    customer: 'Example',
    deployed: { stacks: 1, regions: ['eu-west-3'], azs: ['AZ 1', 'AZ 2'], fleets: [], cdn: [], webAcls: 0 },
    cost: {
      kind: 'estimate',
      region: '`eu-west-3`, the region the stacks are pinned to (`environment.region`).',
      min: '$1.00',
      max: '$2.00',
      missingPrices: 0,
    },
    recovery: [],
    compliance: [],
    customerTodos: [],
    relaxations: [],
    ...parts,
  };
}

describe('compliance status', () => {
  const { compliance, customerTodos } = complianceSummary(STANDARDS);

  test('counts each verdict kind per standard', () => {
    expect(compliance.map((status) => [status.standard, status.counts])).toEqual([
      ['PCI DSS v4.0.1', { 'in place': 2, 'not in place': 1, 'customer responsibility': 1, 'not applicable': 1 }],
      ['Competency checklist', { 'in place': 0, 'not in place': 1, 'customer responsibility': 1, 'not applicable': 0 }],
    ]);
  });

  test('every "not in place" is listed with its cause and fix, each customer responsibility becomes a to-do', () => {
    expect(compliance.flatMap((status) => status.notInPlace.map((verdict) => [verdict.requirement, verdict.fix]))).toEqual([
      ['4.2.1', 'set `domain` with ACM certificates'],
      ['2.11', 'set `management.bastionAccess: ssm`'],
    ]);
    expect(customerTodos).toEqual([
      { standard: 'PCI DSS v4.0.1', requirement: '12.8.1', mustShow: 'the list of third-party service providers' },
      { standard: 'Competency checklist', requirement: '2.5', mustShow: 'the record of a DR test & its measured times' },
    ]);
  });

  test('the Markdown shows the counts, each fix and each to-do; nothing to do says so', () => {
    const markdown = renderExecutiveSummaryMarkdown(summaryWith(complianceSummary(STANDARDS)));
    expect(markdown).toContain('| PCI DSS v4.0.1 | 2 | 1 | 1 | 1 |');
    expect(markdown).toContain('| Competency checklist | 0 | 1 | 1 | 0 |');
    expect(markdown).toContain(
      '- **PCI DSS v4.0.1 4.2.1**: CloudFront reaches the load balancer over HTTP. **Cause:** no `domain`. **Fix:** set `domain` with ACM certificates.',
    );
    expect(markdown).toContain('- **Competency checklist 2.5**: the record of a DR test & its measured times');
    const none = renderExecutiveSummaryMarkdown(
      summaryWith(complianceSummary([{ standard: 'S', verdicts: [STANDARDS[0].verdicts[0]] }])),
    );
    expect(none).toContain('Nothing is **not in place**.');
    expect(none).toContain('Nothing the compliance verdicts leave to the customer.');
  });
});

describe('recovery objectives', () => {
  const config = defaultConfig();

  test('per failure, the longest figure over the components: unbounded beats any time, n/a never counts, ties list every component', () => {
    const [az, region] = recoverySummary(
      [
        objective('web-tier', 'az-loss', time(1, 'estimate'), NA),
        objective('database', 'az-loss', time(2, 'typical'), time(0, 'bound')),
        objective('bastions', 'az-loss', time(2, 'estimate'), NA),
        objective('web-tier', 'region-loss', time(130, 'estimate'), NA),
        objective('database', 'region-loss', time(75, 'estimate'), time(28 * 60, 'estimate')),
        objective('log-archive', 'region-loss', time(130, 'estimate'), UNBOUNDED),
      ],
      config,
    );
    // Equal minutes: the weaker qualifier is the longer claim.
    expect(az.rto).toEqual({ text: '≈ 2 min', components: ['Bastions'] });
    expect(az.rpo).toEqual({ text: '0', components: ['Database (RDS for MySQL, Multi-AZ)'] });
    expect(region.rto).toEqual({ text: '≈ 2 h 10 min', components: ['Web tier', 'Log archive (CloudTrail audit trail)'] });
    expect(region.rpo).toEqual({ text: '**unbounded**', components: ['Log archive (CloudTrail audit trail)'] });
  });

  test('a failure no component holds data for reads n/a', () => {
    const [az] = recoverySummary([objective('web-tier', 'az-loss', time(1, 'estimate'), NA)], config);
    expect(az.rpo).toEqual({ text: 'n/a', components: ['Web tier'] });
  });
});

describe('monthly cost', () => {
  test('an estimate that cannot be made says why instead of a figure', () => {
    const cost = summaryCost({ kind: 'unavailable', problems: ['no prices for ap-east-2 in the price table'] });
    const markdown = renderExecutiveSummaryMarkdown(summaryWith({ cost }));
    expect(markdown).toContain(
      'No estimate could be made for this configuration:\n\n- no prices for ap-east-2 in the price table',
    );
    expect(markdown).not.toMatch(/\$\d/);
  });

  test('totals that leave lines out say they are incomplete and how many lines are missing', () => {
    const markdown = renderExecutiveSummaryMarkdown(
      summaryWith({
        cost: { kind: 'estimate', region: '`ap-east-2`, chosen with `--region`.', min: '$5.00', max: '$9.00', missingPrices: 3 },
      }),
    );
    expect(markdown).toContain('| Total of the priced lines (incomplete) | $5.00 | $9.00 |');
    expect(markdown).toContain('**Incomplete:** 3 lines have no price for this region and are left out.');
  });
});
