import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { complementOfIpv4Cidr, ipv4CidrsOverlap } from '../lib/config/cidr';
import { loadConfigFile, parseConfig } from '../lib/config/load';
import { PocConfigInput } from '../lib/config/schema';
import { jsonSchemaOfConfig } from '../lib/config/json-schema';
import { ROOT, configProblems, defaultConfig, exampleConfig, rawDefaultConfig } from './helpers';

const problemsOf = configProblems;

describe('config validation', () => {
  test('the default and example configs are valid', () => {
    expect(defaultConfig().customer.name).toBe('AnyCompany Apparel');
    expect(exampleConfig().network.availabilityZoneCount).toBe(3);
  });

  test.each([
    ['malformed', '10.40.0/16', /network\.vpcCidr \("10\.40\.0\/16"\): is not an IPv4 CIDR/],
    ['prefix too long', '10.40.0.0/33', /network\.vpcCidr .*prefix length above 32/],
    ['host bits set', '10.40.1.0/16', /network\.vpcCidr .*host bits set \(the network address is 10\.40\.0\.0\/16\)/],
    ['public range', '8.8.0.0/16', /network\.vpcCidr \("8\.8\.0\.0\/16"\): must be a private \(RFC 1918\) range/],
    ['too small', '10.40.0.0/24', /network\.vpcCidr .*between \/16 and \/22/],
  ])('rejects a %s VPC CIDR', (_, cidr, message) => {
    expect(problemsOf((raw) => (raw.network.vpcCidr = cidr))).toEqual([expect.stringMatching(message)]);
  });

  test.each([
    ['0.0.0.0/0', /management\.corporateCidrs\.0 \("0\.0\.0\.0\/0"\): the whole internet may not reach management ports/],
    ['::/0', /management\.corporateCidrs\.0 \("::\/0"\): the whole internet may not reach management ports/],
    ['203.0.113.0/33', /management\.corporateCidrs\.0 .*prefix length above 32/],
    ['corporate', /management\.corporateCidrs\.0 \("corporate"\): is not an IPv4 CIDR/],
  ])('rejects corporate CIDR %s', (cidr, message) => {
    expect(problemsOf((raw) => (raw.management.corporateCidrs = [cidr]))).toEqual([expect.stringMatching(message)]);
  });

  test('rejects fewer than two AZs', () => {
    expect(problemsOf((raw) => (raw.network.availabilityZoneCount = 1))).toEqual([
      'network.availabilityZoneCount (1): must be 2 or 3: the POC is multi-AZ by design',
    ]);
  });

  test('rejects three AZs without AZ names (a lookup would be needed)', () => {
    expect(problemsOf((raw) => (raw.network.availabilityZoneCount = 3))).toEqual([
      expect.stringMatching(
        /network\.availabilityZoneCount \(3\): is 3, which needs environment\.region and environment\.availabilityZones/,
      ),
    ]);
  });

  test('rejects min > max', () => {
    expect(problemsOf((raw) => ((raw.web.minCapacity = 5), (raw.web.maxCapacity = 4)))).toEqual([
      'web.minCapacity (5): is above web.maxCapacity (4); lower minCapacity to at most 4 or raise maxCapacity to at least 5',
    ]);
  });

  test.each([1, 7])('rejects desired capacity %i outside [min, max]', (desired) => {
    expect(problemsOf((raw) => (raw.app.desiredCapacity = desired))).toEqual([
      `app.desiredCapacity (${desired}): is ${desired}, outside [minCapacity 2, maxCapacity 6]`,
    ]);
  });

  test.each(['web', 'app'] as const)('rejects a %s tier minimum below 2', (tier) => {
    expect(problemsOf((raw) => (raw[tier].minCapacity = 1))).toEqual([
      `${tier}.minCapacity (1): must be at least 2: each tier is highly available across AZs by design`,
    ]);
  });

  test.each([
    ['web', 't4.small', /web\.instanceType \("t4\.small"\): has unknown instance family "t4"/],
    ['app', 'x9z.large', /app\.instanceType \("x9z\.large"\): has unknown instance family "x9z"/],
    ['app', 'm7g.huge', /app\.instanceType \("m7g\.huge"\): has unknown size "huge"/],
  ] as const)('rejects unknown %s instance type %s', (tier, type, message) => {
    expect(problemsOf((raw) => (raw[tier].instanceType = type))).toEqual([expect.stringMatching(message)]);
  });

  test('rejects an unknown database instance family', () => {
    expect(problemsOf((raw) => (raw.database.instanceClass = 'db.z9.large'))).toEqual([
      expect.stringMatching(/database\.instanceClass \("db\.z9\.large"\): has unknown instance family "z9"/),
    ]);
  });

  test.each([
    [6, 'must be between 7 and 35 days (PCI-minded default keeps at least a week)'],
    [36, 'must be between 7 and 35 days (the RDS maximum)'],
  ])('rejects backup retention of %i days', (days, message) => {
    expect(problemsOf((raw) => (raw.database.backupRetentionDays = days))).toEqual([
      `database.backupRetentionDays (${days}): ${message}`,
    ]);
  });

  test.each([
    ['errorRatePercent', 0, 'must be a percentage above 0'],
    ['cpuPercent', 120, 'must be a percentage up to 100'],
    ['latencyP99Seconds', 90, 'must be at most 60 seconds (the ALB idle timeout)'],
  ] as const)('rejects monitoring.%s = %s', (field, value, message) => {
    expect(problemsOf((raw) => (raw.monitoring = { [field]: value }))).toEqual([`monitoring.${field} (${value}): ${message}`]);
  });

  describe('disasterRecovery', () => {
    const withEnvironment = (raw: PocConfigInput) =>
      (raw.environment = { region: 'eu-west-3', availabilityZones: ['eu-west-3a', 'eu-west-3b'] });

    test('defaults: a daily backup at 05:00 UTC, copied to eu-west-1 and kept 14 days there', () => {
      const raw = rawDefaultConfig();
      delete raw.disasterRecovery;
      expect(parseConfig(raw).disasterRecovery).toEqual({
        copyToRegion: 'eu-west-1',
        allowCrossGeography: false,
        copyRetentionDays: 14,
        backupHourUtc: 5,
        backupIntervalHours: 24,
      });
    });

    test('copyToRegion: null turns the copy off', () => {
      const raw = rawDefaultConfig();
      raw.disasterRecovery = { copyToRegion: null };
      expect(parseConfig(raw).disasterRecovery.copyToRegion).toBeNull();
    });

    test('rejects a copy region equal to the deployment region, naming both fields', () => {
      expect(
        problemsOf((raw) => {
          withEnvironment(raw);
          raw.disasterRecovery = { copyToRegion: 'eu-west-3' };
        }),
      ).toEqual([
        'disasterRecovery.copyToRegion ("eu-west-3"): is the deployment region environment.region (eu-west-3); copies must go to another region, or set copyToRegion: null to turn the DR copy off',
      ]);
    });

    test('accepts a copy region other than the deployment region', () => {
      const raw = rawDefaultConfig();
      withEnvironment(raw);
      raw.disasterRecovery = { copyToRegion: 'eu-central-1' };
      expect(parseConfig(raw).disasterRecovery.copyToRegion).toBe('eu-central-1');
    });

    test.each([
      ['copyRetentionDays', 6, 'must be between 7 and 365 days (PCI-minded default keeps at least a week)'],
      ['copyRetentionDays', 366, 'must be between 7 and 365 days (a POC keeps copies at most a year)'],
      ['backupHourUtc', 24, 'must be an hour of the day, 0-23 (UTC)'],
      ['backupIntervalHours', 5, 'must be one of 1, 2, 3, 4, 6, 8, 12, 24 so that backups run evenly through the UTC day'],
    ] as const)('rejects %s %j', (field, value, message) => {
      expect(problemsOf((raw) => (raw.disasterRecovery = { [field]: value }))).toEqual([
        `disasterRecovery.${field} (${JSON.stringify(value)}): ${message}`,
      ]);
    });
  });

  test('rejects unknown keys at any depth (typos are never ignored)', () => {
    const problems = problemsOf((raw) => {
      raw.databse = {};
      (raw.management as Record<string, unknown>).bastionAcess = 'ssm';
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^databse: unknown key \(a typo\?\)/),
        expect.stringMatching(/^management\.bastionAcess: unknown key \(a typo\?\)/),
      ]),
    );
  });

  test('reports every problem at once', () => {
    const problems = problemsOf((raw) => {
      raw.network.vpcCidr = '8.8.0.0/16';
      raw.database.backupRetentionDays = 1;
      raw.web.minCapacity = 1;
    });
    expect(problems).toHaveLength(3);
  });

  test('a missing file names the flag that fixes it', () => {
    expect(() => loadConfigFile('config/nope.yaml')).toThrow(
      /config\/nope\.yaml:\n {2}- file not found; pass an existing file with -c config=PATH/,
    );
  });

  test('a file that is not YAML is rejected with the parser message', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'poc-config-')), 'broken.yaml');
    writeFileSync(file, 'customer: [unclosed\n');
    expect(() => loadConfigFile(file)).toThrow(/broken\.yaml:\n {2}- cannot be parsed: /);
  });
});

describe('config JSON Schema', () => {
  test('config/schema.json is generated from the zod schema and up to date (npm run schema)', () => {
    const committed = JSON.parse(readFileSync(join(ROOT, 'config/schema.json'), 'utf8'));
    expect(committed).toEqual(jsonSchemaOfConfig());
  });

  test('the schema forbids unknown keys so editors flag typos', () => {
    const schema = jsonSchemaOfConfig() as { additionalProperties?: boolean };
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('CIDR complement', () => {
  const size = (cidr: string) => 2 ** (32 - Number(cidr.split('/')[1]));
  test.each([
    ['10.50.0.0/16', 16],
    ['192.168.0.0/24', 24],
  ])('the complement of %s is %i blocks that exclude it and cover every other address', (cidr, count) => {
    const blocks = complementOfIpv4Cidr(cidr);
    expect(blocks).toHaveLength(count);
    expect(blocks.some((block) => ipv4CidrsOverlap(block, cidr))).toBe(false);
    expect(blocks.some((block, index) => blocks.some((other, at) => at !== index && ipv4CidrsOverlap(block, other)))).toBe(false);
    const total = blocks.reduce((sum, block) => sum + size(block), 0);
    expect(total + size(cidr)).toBe(2 ** 32);
  });

  test('blocks come in address order', () => {
    expect(complementOfIpv4Cidr('10.50.0.0/16').slice(0, 3)).toEqual(['0.0.0.0/5', '8.0.0.0/7', '10.0.0.0/11']);
  });
});
