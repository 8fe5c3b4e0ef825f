import { CostEstimate, CostLine, estimateCost } from '../../lib/cost/estimate';
import { loadPriceTable } from '../../lib/cost/price-table';
import { renderCostMarkdown } from '../../lib/cost/render';
import { defaultConfig } from '../helpers';
import { assemblyDirectory } from '../support/assemblies';
import { cents } from './fixtures';

/**
 * The estimate of the real POC: the default config and the cheapest compliant example, each
 * synthesized once into its own cloud assembly and priced from it.
 */

const table = loadPriceTable();

const poc = estimateCost(assemblyDirectory('default'));
const lean = estimateCost(assemblyDirectory('lean'));

function linesOf(estimate: CostEstimate, predicate: (line: CostLine) => boolean): CostLine[] {
  return estimate.lines.filter(predicate);
}

describe('cost of the default config, read from its cloud assembly', () => {
  const config = defaultConfig();
  const prices = table.regions[poc.region];

  test('is priced in the default region (the config is environment-agnostic)', () => {
    expect(poc.region).toBe('eu-west-3');
    expect(poc.regionSource).toBe('default');
  });

  test('each tier Auto Scaling group at its configured min and max size', () => {
    for (const tier of [config.web, config.app]) {
      const [fleet] = linesOf(
        poc,
        (line) =>
          line.service === 'Amazon EC2' && line.item.startsWith(`${tier.instanceType} x ${tier.minCapacity}-${tier.maxCapacity}`),
      );
      expect(fleet.min.monthlyUsd).toBe(cents(tier.minCapacity * 730, prices.ec2.prices[tier.instanceType].usd));
      expect(fleet.max.monthlyUsd).toBe(cents(tier.maxCapacity * 730, prices.ec2.prices[tier.instanceType].usd));
    }
  });

  test('one NAT gateway per AZ, the Multi-AZ database and its Extended Support (MySQL 8.0 + MEMCACHED option)', () => {
    expect(linesOf(poc, (line) => line.item === '2 NAT gateways')).toHaveLength(1);
    const [db] = linesOf(poc, (line) => line.service === 'Amazon RDS' && line.unit === 'instance-hour');
    expect(db.item).toBe(`MySQL 8.0.46 ${config.database.instanceClass}, Multi-AZ (primary + standby)`);
    const [es] = linesOf(poc, (line) => line.extendedSupport === true);
    expect(es.min.monthlyUsd).toBe(cents(2 * 2 * 730, prices.rates.rdsExtendedSupportYear1to2VcpuHour.usd));
  });

  test('the security services the config enables are priced', () => {
    const services = new Set(poc.lines.map((line) => line.service));
    for (const service of [
      'AWS WAF',
      'AWS Config',
      'Amazon GuardDuty',
      'Amazon Inspector',
      'AWS Security Hub CSPM',
      'AWS KMS',
      'AWS CloudTrail',
    ]) {
      expect(services).toContain(service);
    }
  });
});

describe('the cheapest compliant config (config/examples/lean-compliant.yaml)', () => {
  test('has no Extended Support and costs less than the default at both scales', () => {
    expect(linesOf(lean, (line) => line.extendedSupport === true)).toEqual([]);
    expect(lean.totals.min).toBeLessThan(poc.totals.min);
    expect(lean.totals.max).toBeLessThan(poc.totals.max);
  });

  test('MySQL 8.4 + the smallest ElastiCache nodes cost less than MySQL 8.0 Extended Support on the same database class', () => {
    const prices = table.regions[lean.region];
    const [db] = lean.inventory.databases;
    const extendedSupport = cents(
      (prices.rdsMysql.prices[db.instanceClass].vcpu ?? 0) * 2 * 730,
      prices.rates.rdsExtendedSupportYear1to2VcpuHour.usd,
    );
    const [cache] = linesOf(lean, (line) => line.service === 'Amazon ElastiCache');
    expect(cache.min.monthlyUsd).toBeLessThan(extendedSupport);
  });

  test('keeps every control the comparison counts', () => {
    const markdown = renderCostMarkdown(poc, { label: 'config/examples/lean-compliant.yaml', estimate: lean });
    expect(markdown).toContain('Every control counted here is at least as present in the cheaper configuration.');
    expect(markdown).toContain('- NAT gateways: 2 -> 1');
  });
});
