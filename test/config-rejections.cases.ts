import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfigFile, parseConfig } from '../lib/config/load';
import { PocConfigInput } from '../lib/config/schema';
import { relaxationsInForce } from '../lib/docs/relaxations';
import { configProblems, rawDefaultConfig } from './helpers';

/**
 * The kinds of bad input of issue 18 that were accepted, or refused with a misleading message:
 * each is refused with one problem naming the field, the value and the fix.
 */

type Raw = PocConfigInput & Record<string, unknown>;

const problemsOf = configProblems;

const pinned = (raw: Raw, region = 'eu-west-3') => (raw.environment = { region });

describe('a corporate range that overlaps the VPC', () => {
  test.each([
    ['inside the VPC', '10.40.8.0/24'],
    ['around the VPC', '10.0.0.0/8'],
    ['equal to the VPC', '10.40.0.0/16'],
  ])('is refused when %s, naming both fields and the fix', (_, cidr) => {
    expect(
      problemsOf((raw) => {
        raw.management.corporateCidrs = ['198.51.100.0/24', cidr];
      }),
    ).toEqual([
      `management.corporateCidrs.1 ("${cidr}"): overlaps network.vpcCidr 10.40.0.0/16, so traffic from it never leaves the VPC to reach the bastions; list the corporate egress (public) ranges, or move network.vpcCidr to a range that does not overlap`,
    ]);
  });

  test('a range next to the VPC is accepted', () => {
    const raw = rawDefaultConfig();
    raw.management.corporateCidrs = ['10.41.0.0/16'];
    expect(parseConfig(raw).management.corporateCidrs).toEqual(['10.41.0.0/16']);
  });
});

describe('regions', () => {
  test.each([
    ['environment.region', (raw: Raw) => pinned(raw, 'eu-west-9')],
    ['disasterRecovery.copyToRegion', (raw: Raw) => (raw.disasterRecovery = { copyToRegion: 'eu-west-9' })],
  ])('%s: a name that matches the pattern but is no AWS region is refused', (field, mutate) => {
    expect(problemsOf(mutate)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${field.replace('.', '\\.')} \\("eu-west-9"\\): is not an AWS region \\(none of the \\d+ in aws-cdk-lib's region facts\\); regions of eu: eu-central-1, .*eu-west-3`,
        ),
      ),
    ]);
  });

  test('a name of no known geography lists every region of the partition', () => {
    expect(problemsOf((raw) => (raw.disasterRecovery = { copyToRegion: 'ireland' }))).toEqual([
      expect.stringMatching(
        /^disasterRecovery\.copyToRegion \("ireland"\): is not an AWS region .*; AWS regions: af-south-1, .*, us-west-2$/,
      ),
    ]);
  });

  test('a region of another partition is refused as the primary region: the POC deploys to the aws partition', () => {
    expect(problemsOf((raw) => pinned(raw, 'cn-north-1'))).toEqual([
      expect.stringMatching(
        /^environment\.region \("cn-north-1"\): is in the aws-cn partition; the POC deploys to the aws partition only/,
      ),
    ]);
  });

  test.each([
    ['with a pinned primary region', (raw: Raw) => pinned(raw)],
    ['without one (the POC deploys to the aws partition)', () => undefined],
  ])('a DR copy region in another partition is always refused, %s', (_, pin) => {
    for (const region of ['cn-northwest-1', 'us-gov-west-1']) {
      expect(
        problemsOf((raw) => {
          pin(raw);
          raw.disasterRecovery = { copyToRegion: region, allowCrossGeography: true };
        }),
      ).toEqual([
        expect.stringMatching(
          new RegExp(
            `^disasterRecovery\\.copyToRegion \\("${region}"\\): is in the aws-[a-z-]+ partition; AWS Backup copies stay in the partition`,
          ),
        ),
      ]);
    }
  });

  test('a DR copy to another geography is refused by default, naming the field that allows it', () => {
    expect(
      problemsOf((raw) => {
        pinned(raw);
        raw.disasterRecovery = { copyToRegion: 'us-east-1' };
      }),
    ).toEqual([
      expect.stringMatching(
        /^disasterRecovery\.copyToRegion \("us-east-1"\): is in the us geography, the primary region environment\.region \(eu-west-3\) in eu: .*pick a copy region in eu \(eu-central-1, .*\), or set disasterRecovery\.allowCrossGeography: true/,
      ),
    ]);
  });

  test('disasterRecovery.allowCrossGeography: true allows it, and the docs list it as a relaxation', () => {
    const raw = rawDefaultConfig();
    raw.environment = { region: 'eu-west-3' };
    raw.disasterRecovery = { copyToRegion: 'us-east-1', allowCrossGeography: true };
    const config = parseConfig(raw);
    expect(config.disasterRecovery.allowCrossGeography).toBe(true);
    expect(relaxationsInForce(config).map((item) => `${item.field}: ${item.value}`)).toContain(
      'disasterRecovery.allowCrossGeography: true',
    );
  });

  test('the secure default is false, and a copy within the geography is no relaxation', () => {
    const raw = rawDefaultConfig();
    raw.environment = { region: 'eu-west-3' };
    const config = parseConfig(raw);
    expect(config.disasterRecovery.allowCrossGeography).toBe(false);
    expect(relaxationsInForce(config).map((item) => item.field)).not.toContain('disasterRecovery.allowCrossGeography');
  });
});

describe('tags AWS refuses, and the tags the kit sets itself', () => {
  test.each([
    ['aws:createdBy', 'x', /^tags\.aws:createdBy \("x"\): the key starts with aws:, which AWS reserves/],
    ['AWS:Owner', 'x', /^tags\.AWS:Owner \("x"\): the key starts with aws:, which AWS reserves/],
    ['Owner', 'Aws:team', /^tags\.Owner \("Aws:team"\): the value starts with aws:, which AWS reserves/],
    ['k'.repeat(129), 'x', new RegExp(`^tags\\.k{129} \\("x"\\): the key is 129 characters long; AWS allows 1 to 128`)],
    ['Owner', 'v'.repeat(257), /^tags\.Owner \("v{257}"\): the value is 257 characters long; AWS allows at most 256/],
    [
      'Cost#Center',
      'x',
      /^tags\.Cost#Center \("x"\): the key holds "#"; AWS allows letters, digits, spaces and _ \. : \/ = \+ - @/,
    ],
    ['Owner', 'a;b', /^tags\.Owner \("a;b"\): the value holds ";"; AWS allows letters, digits, spaces and _ \. : \/ = \+ - @/],
    [
      'Customer',
      'x',
      /^tags\.Customer \("x"\): the kit sets the Customer tag itself \(customer\.name\); a config tag would silently override it: use another key/,
    ],
    [
      'managedby',
      'x',
      /^tags\.managedby \("x"\): the kit sets the ManagedBy tag itself \(pci-poc-kit\); a config tag would silently override it: use another key/,
    ],
  ])('tags.%s = %s', (key, value, message) => {
    expect(problemsOf((raw) => (raw.tags = { [key]: value }))).toEqual([expect.stringMatching(message)]);
  });

  test('letters of any script, an empty value and 128/256 characters are accepted', () => {
    const raw = rawDefaultConfig();
    raw.tags = { Équipe: 'Données', Empty: '', ['é'.repeat(128)]: 'é'.repeat(256) };
    expect(Object.keys(parseConfig(raw).tags)).toHaveLength(3);
  });

  test("more tags than a resource can carry beside the kit's own are refused", () => {
    const tags = Object.fromEntries(Array.from({ length: 46 }, (_, index) => [`Tag${index}`, 'x']));
    expect(problemsOf((raw) => (raw.tags = tags))).toEqual([
      expect.stringMatching(
        /^tags: lists 46 tags; at most 45 fit beside the 5 the kit and CDK set on a subnet \(AWS allows 50 per resource\)/,
      ),
    ]);
  });
});

describe('a config path that is no config file', () => {
  const work = mkdtempSync(join(tmpdir(), 'config-rejections-'));

  test('a folder names the config files in it', () => {
    const folder = join(work, 'config');
    mkdirSync(folder);
    writeFileSync(join(folder, 'acme.yaml'), 'customer: {}\n');
    expect(() => loadConfigFile(folder)).toThrow(ConfigError);
    expect(() => loadConfigFile(folder)).toThrow(
      `Invalid POC config ${folder}:\n  - is a folder, not a config file; pass a file with -c config=PATH, e.g. -c config=${join(folder, 'acme.yaml')}`,
    );
  });

  test.each([
    ['empty', ''],
    ['only comments', '# nothing yet\n\n'],
  ])('an %s file says it is empty and where to start from', (_, text) => {
    const file = join(work, `${_.replace(' ', '-')}.yaml`);
    writeFileSync(file, text);
    expect(() => loadConfigFile(file)).toThrow(
      `Invalid POC config ${file}:\n  - is empty; copy config/anycompany-apparel.yaml and edit it`,
    );
  });

  test('a file that is not a mapping of sections says what it must be', () => {
    const file = join(work, 'list.yaml');
    writeFileSync(file, '- customer\n- network\n');
    expect(() => loadConfigFile(file)).toThrow(
      /list\.yaml:\n {2}- \(top level\) \(\["customer","network"\]\): must be a mapping of the config sections \(customer, network, management, \.\.\.\), not a list; see config\/anycompany-apparel\.yaml/,
    );
  });
});

describe('a bound names the field that is wrong', () => {
  test('maxCapacity below the least any tier may run names maxCapacity, not minCapacity', () => {
    expect(problemsOf((raw) => (raw.web.maxCapacity = 1))).toEqual([
      'web.maxCapacity (1): must be at least 2: each tier is highly available across AZs by design',
    ]);
  });

  test('minCapacity above the most any tier may run names minCapacity, not maxCapacity', () => {
    expect(problemsOf((raw) => (raw.app.minCapacity = 25))).toEqual(['app.minCapacity (25): must be at most 20 for a POC']);
  });

  test('both within their own bounds but crossed: names both and the two fixes', () => {
    expect(problemsOf((raw) => ((raw.web.minCapacity = 8), (raw.web.maxCapacity = 6)))).toEqual([
      'web.minCapacity (8): is above web.maxCapacity (6); lower minCapacity to at most 6 or raise maxCapacity to at least 8',
    ]);
  });

  test('maxAllocatedStorageGiB below the smallest allocation names maxAllocatedStorageGiB', () => {
    expect(problemsOf((raw) => (raw.database.maxAllocatedStorageGiB = 10))).toEqual([
      'database.maxAllocatedStorageGiB (10): must be at least 20 GiB',
    ]);
  });

  test('allocatedStorageGiB above maxAllocatedStorageGiB, both valid alone: names both and the two fixes', () => {
    expect(problemsOf((raw) => (raw.database.allocatedStorageGiB = 500))).toEqual([
      'database.allocatedStorageGiB (500): is above database.maxAllocatedStorageGiB (200); lower allocatedStorageGiB to at most 200 or raise maxAllocatedStorageGiB to at least 500',
    ]);
  });

  test('a free-storage alarm threshold at or above the allocated storage would always fire', () => {
    expect(problemsOf((raw) => (raw.monitoring = { databaseFreeStorageGiB: 50 }))).toEqual([
      'monitoring.databaseFreeStorageGiB (50): is not below database.allocatedStorageGiB (50), so the alarm would fire from the first day; set it below 50',
    ]);
  });

  test('a CPU alarm threshold at or below a scaling target would fire whenever the tier scales as designed', () => {
    expect(problemsOf((raw) => ((raw.monitoring = { cpuPercent: 70 }), (raw.app.cpuTargetPercent = 75)))).toEqual([
      'monitoring.cpuPercent (70): is not above app.cpuTargetPercent (75), so the alarm would fire whenever that tier runs at its scaling target; raise cpuPercent above 75 or lower the target',
    ]);
  });
});
