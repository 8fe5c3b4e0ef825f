import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Big from 'big.js';
import { AssemblyError } from '../../lib/model';
import { CostEstimate, CostEstimateError, CostLine, DEFAULT_REGION, estimateCost } from '../../lib/cost/estimate';
import { loadPriceTable, PriceTable } from '../../lib/cost/price-table';
import { renderCostMarkdown } from '../../lib/cost/render';
import { cents, pocResources, writeAssembly } from './fixtures';

const table = loadPriceTable();
const HOURS = table.hoursPerMonth;

function line(estimate: CostEstimate, predicate: (line: CostLine) => boolean): CostLine {
  const matches = estimate.lines.filter(predicate);
  if (matches.length !== 1)
    throw new Error(`expected one line, found ${matches.length}: ${matches.map((l) => l.item).join('; ')}`);
  return matches[0];
}

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof CostEstimateError) return error.problems;
    throw error;
  }
  throw new Error('expected a CostEstimateError');
}

describe('estimateCost against the price table (2 m7g.large + NAT + RDS MySQL 8.0 Multi-AZ, eu-west-1)', () => {
  const region = 'eu-west-1';
  const prices = table.regions[region];
  const estimate = estimateCost(writeAssembly(pocResources(), region));

  test('prices the region the assembly is pinned to, from the dated table', () => {
    expect(estimate.region).toBe(region);
    expect(estimate.regionSource).toBe('assembly');
    expect(estimate.priceTable).toEqual({
      file: 'data/prices/aws-on-demand-2026-11.json',
      asOf: table.asOf,
      currency: 'USD',
      hoursPerMonth: 730,
    });
  });

  test('EC2: instance count x 730 h x the m7g.large price, at MinSize and MaxSize', () => {
    const ec2 = line(estimate, (l) => l.service === 'Amazon EC2');
    const price = prices.ec2.prices['m7g.large'].usd;
    expect(ec2.unitPriceUsd).toBe(price);
    expect(ec2.min).toEqual({ quantity: 2 * HOURS, monthlyUsd: cents(2 * HOURS, price) });
    expect(ec2.max).toEqual({ quantity: 4 * HOURS, monthlyUsd: cents(4 * HOURS, price) });
    expect(ec2.item).toContain('AppTier/Group/ASG');
  });

  test('EBS: the launch template gp3 size times the instance count', () => {
    const ebs = line(estimate, (l) => l.service === 'Amazon EBS');
    expect(ebs.min.monthlyUsd).toBe(cents(2 * 20, prices.rates.ebsGp3GbMonth.usd));
    expect(ebs.max.monthlyUsd).toBe(cents(4 * 20, prices.rates.ebsGp3GbMonth.usd));
  });

  test('NAT gateway: hours and the data-processing assumption', () => {
    const hours = line(estimate, (l) => l.item === '1 NAT gateway');
    expect(hours.min.monthlyUsd).toBe(cents(HOURS, prices.rates.natGatewayHour.usd));
    const data = line(estimate, (l) => l.item === 'NAT gateway data processing');
    expect(data.assumptions).toEqual(['natProcessedGb']);
    expect(data.min.monthlyUsd).toBe(cents(table.usageAssumptions.natProcessedGb.min, prices.rates.natGatewayGb.usd));
    expect(data.max.monthlyUsd).toBe(cents(table.usageAssumptions.natProcessedGb.max, prices.rates.natGatewayGb.usd));
  });

  test('RDS Multi-AZ: primary and standby instances, storage for both, grown to MaxAllocatedStorage at max', () => {
    const instance = line(estimate, (l) => l.service === 'Amazon RDS' && l.unit === 'instance-hour');
    const price = prices.rdsMysql.prices['db.m7g.large'].usd;
    expect(instance.min.monthlyUsd).toBe(cents(2 * HOURS, price));
    const storage = line(estimate, (l) => l.item.startsWith('gp3 storage'));
    expect(storage.min.monthlyUsd).toBe(cents(50 * 2, prices.rates.rdsGp3GbMonth.usd));
    expect(storage.max.monthlyUsd).toBe(cents(100 * 2, prices.rates.rdsGp3GbMonth.usd));
    const backups = line(estimate, (l) => l.item.startsWith('automated backups'));
    const change = table.usageAssumptions.rdsDailyChangePercent;
    expect(backups.min.monthlyUsd).toBe(
      cents(new Big(50).times(change.min).div(100).times(7), prices.rates.rdsBackupGbMonth.usd),
    );
  });

  test('RDS Extended Support for MySQL 8.0: vCPUs x 2 instances x 730 h at the year 1-2 rate, called out', () => {
    const es = line(estimate, (l) => l.extendedSupport === true);
    const vcpu = prices.rdsMysql.prices['db.m7g.large'].vcpu ?? 0;
    expect(vcpu).toBe(2);
    expect(es.unitPriceUsd).toBe(prices.rates.rdsExtendedSupportYear1to2VcpuHour.usd);
    expect(es.min).toEqual({
      quantity: vcpu * 2 * HOURS,
      monthlyUsd: cents(vcpu * 2 * HOURS, prices.rates.rdsExtendedSupportYear1to2VcpuHour.usd),
    });
    expect(estimate.extendedSupport).toEqual([
      {
        database: 'Database',
        engine: 'mysql',
        engineVersion: '8.0.46',
        endOfStandardSupport: '2026-07-31',
        band: 'year 1-2',
        disabled: false,
      },
    ]);
    expect(renderCostMarkdown(estimate)).toContain(
      `runs on paid RDS Extended Support.** Its major version left RDS standard support on 2026-07-31`,
    );
  });

  test('totals are the sums of the rounded lines; the minimum is below the maximum', () => {
    const total = (scale: 'min' | 'max') =>
      Number(estimate.lines.reduce((sum, l) => sum.plus(l[scale].monthlyUsd), new Big(0)).toFixed(2));
    expect(estimate.totals).toEqual({ min: total('min'), max: total('max') });
    expect(estimate.totals.min).toBeLessThan(estimate.totals.max);
    expect(estimate.lines.map((l) => l.service)).toEqual([
      'Amazon EC2',
      'Amazon EBS',
      'Amazon VPC',
      'Amazon VPC',
      'Amazon RDS',
      'Amazon RDS',
      'Amazon RDS',
      'Amazon RDS',
    ]);
  });

  test('lines priced from unverified unit prices name their label and are summed apart', () => {
    const unverified = estimate.lines.filter((l) => !l.provenance.verified);
    expect(unverified.length).toBeGreaterThan(0);
    for (const l of unverified) {
      expect(l.provenance.verified ? '' : table.unverifiedBases[l.provenance.basis]).toEqual(expect.any(String));
    }
    expect(estimate.unverifiedUsd.min).toBe(
      Number(unverified.reduce((sum, l) => sum.plus(l.min.monthlyUsd), new Big(0)).toFixed(2)),
    );
    expect(estimate.missingPrices).toEqual([]);
  });
});

describe('RDS Extended Support follows the engine version and the price table date', () => {
  test('absent for MySQL 8.4 (standard support until 2029-07-31)', () => {
    const estimate = estimateCost(
      writeAssembly(pocResources({ engineVersion: '8.4.10', lifecycleSupport: 'open-source-rds-extended-support-disabled' })),
    );
    expect(estimate.lines.filter((l) => l.extendedSupport)).toEqual([]);
    expect(estimate.extendedSupport[0]).toMatchObject({
      engineVersion: '8.4.10',
      band: 'none',
      endOfStandardSupport: '2029-07-31',
    });
    expect(renderCostMarkdown(estimate)).toContain(
      'No RDS Extended Support charge: MySQL 8.4.10 (`Database`) is on standard support until 2029-07-31.',
    );
  });

  test('the year 3 rate once the price table is dated after year 2 of MySQL 8.0 Extended Support', () => {
    const later: PriceTable = { ...table, asOf: '2028-09-01' };
    const estimate = estimateCost(writeAssembly(pocResources(), 'us-east-1'), { priceTable: later });
    const es = line(estimate, (l) => l.extendedSupport === true);
    expect(es.unitPriceUsd).toBe(table.regions['us-east-1'].rates.rdsExtendedSupportYear3VcpuHour.usd);
    expect(es.item).toContain('year 3 rate');
  });

  test('none before the end of standard support', () => {
    const earlier: PriceTable = { ...table, asOf: '2026-07-31' };
    const estimate = estimateCost(writeAssembly(pocResources(), 'us-east-1'), { priceTable: earlier });
    expect(estimate.lines.some((l) => l.extendedSupport)).toBe(false);
  });

  test('an engine version the table has no support dates for is an error, not a guess', () => {
    expect(problemsOf(() => estimateCost(writeAssembly(pocResources({ engineVersion: '9.1.0' }))))).toEqual([
      expect.stringContaining('no support dates for mysql 9.1 in the price table: add rdsEngineLifecycle.engines.mysql."9.1"'),
    ]);
  });
});

describe('what the estimate refuses to guess', () => {
  test('a region the table does not cover: every line is a missing price naming its key, nothing priced', () => {
    const estimate = estimateCost(writeAssembly(pocResources(), 'ap-south-2'));
    expect(estimate.lines).toEqual([]);
    expect(estimate.totals).toEqual({ min: 0, max: 0 });
    expect(estimate.missingPrices.map((missing) => missing.key)).toEqual([
      'regions.ap-south-2.ec2.prices.m7g.large',
      'regions.ap-south-2.rates.ebsGp3GbMonth',
      'regions.ap-south-2.rates.natGatewayHour',
      'regions.ap-south-2.rates.natGatewayGb',
      'regions.ap-south-2.rdsMysql.prices.db.m7g.large',
      'regions.ap-south-2.rates.rdsGp3GbMonth',
      'regions.ap-south-2.rates.rdsBackupGbMonth',
      'regions.ap-south-2.rdsMysql.prices.db.m7g.large.vcpu',
    ]);
    const markdown = renderCostMarkdown(estimate);
    expect(markdown).toContain('## Missing prices');
    expect(markdown).toContain('`npm run prices -- --region ap-south-2`');
    expect(markdown).toContain('| Amazon VPC | NAT gateway data processing | GB | `regions.ap-south-2.rates.natGatewayGb` |');
    expect(markdown).toContain('**No line could be priced:** the price table has no prices for `ap-south-2`');
    expect(markdown).not.toMatch(/\$\d/);
  });

  test('unknown instance types are missing prices, each with the key to add; the other lines are priced', () => {
    const estimate = estimateCost(
      writeAssembly(pocResources({ instanceType: 'm7i.large', dbClass: 'db.r8g.large' }), 'eu-west-3'),
    );
    expect(estimate.missingPrices.map((missing) => missing.key)).toEqual([
      'regions.eu-west-3.ec2.prices.m7i.large',
      'regions.eu-west-3.rdsMysql.prices.db.r8g.large',
      'regions.eu-west-3.rdsMysql.prices.db.r8g.large.vcpu',
    ]);
    expect(estimate.lines.map((l) => l.service)).toEqual(['Amazon EBS', 'Amazon VPC', 'Amazon VPC', 'Amazon RDS', 'Amazon RDS']);
    const markdown = renderCostMarkdown(estimate);
    expect(markdown).toContain(
      '| **Total of the priced lines: incomplete, 3 lines without a price ([Missing prices](#missing-prices))** |',
    );
    expect(markdown).toContain('the charge is not counted here:\n> its price is missing');
  });

  test('a value that is not a literal in the template (a parameter) cannot be priced', () => {
    const resources = pocResources();
    (resources.AppTemplate.Properties as { LaunchTemplateData: Record<string, unknown> }).LaunchTemplateData.InstanceType = {
      Ref: 'TypeParam',
    };
    expect(problemsOf(() => estimateCost(writeAssembly(resources)))).toEqual([
      'Fixture/AppGroup: InstanceType of launch template AppTemplate is {"Ref":"TypeParam"}, not a literal string: the estimate prices literal values only',
    ]);
  });

  test('an EBS volume type without a price is an error', () => {
    const resources = pocResources();
    const data = (
      resources.AppTemplate.Properties as { LaunchTemplateData: { BlockDeviceMappings: { Ebs: Record<string, unknown> }[] } }
    ).LaunchTemplateData;
    data.BlockDeviceMappings[0].Ebs.VolumeType = 'io2';
    expect(problemsOf(() => estimateCost(writeAssembly(resources)))).toEqual([
      expect.stringContaining('EBS volume type "io2" has no price in the estimate (only gp3)'),
    ]);
  });

  test('no templates: tells to run cdk synth first', () => {
    const dir = writeAssembly({});
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ artifacts: {} }));
    expect(() => estimateCost(dir)).toThrow(AssemblyError);
    expect(() => estimateCost(dir)).toThrow(/: holds no CloudFormation templates; run `npx cdk synth` first/);
    expect(() => estimateCost(join(dir, 'missing'))).toThrow(
      /missing: no cloud assembly folder there; run `npx cdk synth` first/,
    );
  });
});

describe('region choice', () => {
  test(`environment-agnostic stacks are priced in ${DEFAULT_REGION}, and the doc says so`, () => {
    const estimate = estimateCost(writeAssembly(pocResources()));
    expect(estimate.region).toBe(DEFAULT_REGION);
    expect(estimate.regionSource).toBe('default');
    expect(renderCostMarkdown(estimate)).toContain(
      "- **Region priced:** `eu-west-3` (Europe (Paris)): the stacks are environment-agnostic (no `environment.region` in the config), so they are priced in the kit's default pricing region",
    );
  });

  test('--region overrides the region of the assembly', () => {
    const estimate = estimateCost(writeAssembly(pocResources(), 'eu-west-3'), { region: 'us-east-1' });
    expect(estimate.region).toBe('us-east-1');
    expect(estimate.regionSource).toBe('option');
    const ec2 = line(estimate, (l) => l.service === 'Amazon EC2');
    expect(ec2.unitPriceUsd).toBe(table.regions['us-east-1'].ec2.prices['m7g.large'].usd);
  });
});

describe('determinism', () => {
  test('the same assembly gives the same bytes, whatever the order of the resources in the template', () => {
    const resources = pocResources({ natGateways: 2 });
    const reversed = Object.fromEntries(Object.entries(resources).reverse());
    const first = renderCostMarkdown(estimateCost(writeAssembly(resources)));
    expect(renderCostMarkdown(estimateCost(writeAssembly(reversed)))).toBe(first);
    expect(renderCostMarkdown(estimateCost(writeAssembly(resources)))).toBe(first);
  });
});

describe('comparison with a cheaper configuration', () => {
  test('shows the saving per scale and what changed, computed from both estimates', () => {
    const base = estimateCost(writeAssembly(pocResources({ natGateways: 2 }), 'us-east-1'));
    const lean = estimateCost(
      writeAssembly(
        pocResources({ natGateways: 1, instanceType: 't4g.small', dbClass: 'db.t4g.small', engineVersion: '8.4.10' }),
        'us-east-1',
      ),
    );
    const saving = Number(new Big(base.totals.min).minus(lean.totals.min).toFixed(2));
    expect(saving).toBeGreaterThan(0);
    const markdown = renderCostMarkdown(base, { label: 'config/examples/lean-compliant.yaml', estimate: lean });
    const percent = new Big(saving).times(100).div(base.totals.min).round(0, Big.roundHalfUp).toFixed(0);
    expect(markdown).toContain(
      `| minimum scale | $${base.totals.min.toFixed(2)} | $${lean.totals.min.toFixed(2)} | $${saving.toFixed(2)} (${percent}%) |`,
    );
    expect(markdown).toContain('- EC2 `AppTier/Group/ASG`: m7g.large x 2-4 -> t4g.small x 2-4');
    expect(markdown).toContain('- NAT gateways: 2 -> 1');
    expect(markdown).toContain(
      'Extended Support year 1-2 -> MySQL 8.4.10 db.t4g.small Multi-AZ, 50-100 GiB, 7-day backups, standard support',
    );
    expect(markdown).toContain('Every control counted here is at least as present in the cheaper configuration.');
  });

  test('says so when the cheaper configuration drops a control', () => {
    const base = estimateCost(writeAssembly(pocResources()));
    const resources = pocResources();
    (resources.Database.Properties as Record<string, unknown>).MultiAZ = false;
    const weaker = estimateCost(writeAssembly(resources));
    expect(renderCostMarkdown(base, { label: 'weaker.yaml', estimate: weaker })).toContain(
      '**The cheaper configuration has less of: database Multi-AZ.** It is not a like-for-like compliant alternative',
    );
  });
});
