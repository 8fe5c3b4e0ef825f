import { Match } from 'aws-cdk-lib/assertions';
import { analyzeDirectory } from '../lib/analysis/analyze';
import { configKnowledge } from '../lib/analysis/intended';
import { ipv4CidrContains } from '../lib/config/cidr';
import { ANYWHERE, EPHEMERAL, REPLY_RANGE_DENIED_PORTS } from '../lib/constructs/tier-network-acls';
import {
  SynthesizedTemplates,
  configWith,
  exampleConfig,
  resourcesOfType,
  synthesizeDefaultAndExample,
  variant,
} from './helpers';
import { synthesize } from './support/synthesize';
import { effectiveRules } from './security-groups';

const { poc, example } = synthesizeDefaultAndExample();
/** The example with SSH bastions: the public tier then also admits the corporate ranges. */
const sshThreeAz = variant('example-ssh');

type Props = Record<string, unknown>;

function subnetIdsOfTier(synth: SynthesizedTemplates, tier: string): string[] {
  return Object.entries(resourcesOfType(synth.templates.network, 'AWS::EC2::Subnet'))
    .filter(([, subnet]) =>
      (subnet.Properties?.Tags as { Key: string; Value: string }[]).some(
        (tag) => tag.Key === 'aws-cdk:subnet-name' && tag.Value === tier,
      ),
    )
    .map(([id]) => id);
}

function cidrsOfTier(synth: SynthesizedTemplates, tier: string): string[] {
  const subnets = resourcesOfType(synth.templates.network, 'AWS::EC2::Subnet');
  return subnetIdsOfTier(synth, tier).map((id) => String(subnets[id].Properties?.CidrBlock));
}

interface NaclRule {
  readonly number: number;
  readonly egress: boolean;
  readonly allow: boolean;
  readonly cidr: string;
  readonly from: number;
  readonly to: number;
}

/** Every entry of the one NACL of a tier, allows and denies. */
function naclRulesOfTier(synth: SynthesizedTemplates, tier: string): NaclRule[] {
  const template = synth.templates.network;
  const subnetIds = new Set(subnetIdsOfTier(synth, tier));
  const aclIds = new Set(
    Object.values(resourcesOfType(template, 'AWS::EC2::SubnetNetworkAclAssociation'))
      .filter((association) => subnetIds.has((association.Properties?.SubnetId as { Ref: string }).Ref))
      .map((association) => (association.Properties?.NetworkAclId as { Ref: string }).Ref),
  );
  expect(aclIds.size).toBe(1);
  return Object.values(resourcesOfType(template, 'AWS::EC2::NetworkAclEntry'))
    .map((entry) => entry.Properties as Props)
    .filter((entry) => aclIds.has((entry.NetworkAclId as { Ref: string }).Ref))
    .map((entry) => {
      expect(entry.Protocol).toBe(6);
      const range = entry.PortRange as { From: number; To: number };
      return {
        number: Number(entry.RuleNumber),
        egress: entry.Egress === true,
        allow: entry.RuleAction === 'allow',
        cidr: String(entry.CidrBlock),
        from: range.From,
        to: range.To,
      };
    });
}

/** The allow entries of a tier's NACL as "in|out cidr ports" strings. */
function naclEntriesOfTier(synth: SynthesizedTemplates, tier: string): string[] {
  return naclRulesOfTier(synth, tier)
    .filter((rule) => rule.allow)
    .map((rule) => `${rule.egress ? 'out' : 'in'} ${rule.cidr} ${rule.from === rule.to ? rule.from : `${rule.from}-${rule.to}`}`)
    .sort();
}

const EPH = `${EPHEMERAL.from}-${EPHEMERAL.to}`;

describe('VPC and subnet tiers', () => {
  test('five tiers over two AZs, data isolated', () => {
    for (const tier of ['public', 'ingress', 'web', 'app', 'data']) expect(subnetIdsOfTier(poc, tier)).toHaveLength(2);
    for (const tier of ['public', 'ingress', 'web', 'app', 'data']) expect(subnetIdsOfTier(example, tier)).toHaveLength(3);
    poc.templates.network.resourceCountIs('AWS::EC2::NatGateway', 2);
  });

  test('the ingress tier, added last, leaves the address blocks of the other tiers where they were', () => {
    const blocks = Object.fromEntries(['public', 'web', 'app', 'data', 'ingress'].map((tier) => [tier, cidrsOfTier(poc, tier)]));
    expect(blocks).toEqual({
      public: ['10.40.0.0/24', '10.40.1.0/24'],
      web: ['10.40.4.0/22', '10.40.8.0/22'],
      app: ['10.40.12.0/22', '10.40.16.0/22'],
      data: ['10.40.20.0/24', '10.40.21.0/24'],
      ingress: ['10.40.22.0/24', '10.40.23.0/24'],
    });
  });

  test('the VPC keeps an internet gateway (NAT, ssh bastions, and a VPC origin prerequisite)', () => {
    poc.templates.network.resourceCountIs('AWS::EC2::InternetGateway', 1);
    example.templates.network.resourceCountIs('AWS::EC2::VPCGatewayAttachment', 1);
  });

  test('the example pins its three AZs by name (no lookup)', () => {
    const azs = Object.values(resourcesOfType(example.templates.network, 'AWS::EC2::Subnet')).map(
      (s) => s.Properties?.AvailabilityZone,
    );
    expect(new Set(azs)).toEqual(new Set(['eu-west-3a', 'eu-west-3b', 'eu-west-3c']));
  });

  test('data subnets have no route at all; web and app reach the internet only through NAT', () => {
    const template = poc.templates.network;
    const associations = Object.values(resourcesOfType(template, 'AWS::EC2::SubnetRouteTableAssociation')).map(
      (a) => a.Properties as Props,
    );
    const routeTableOf = (subnetId: string) =>
      (associations.find((a) => (a.SubnetId as { Ref: string }).Ref === subnetId)?.RouteTableId as { Ref: string }).Ref;
    const routes = Object.values(resourcesOfType(template, 'AWS::EC2::Route')).map((r) => r.Properties as Props);
    const routesOf = (tier: string) =>
      subnetIdsOfTier(poc, tier).flatMap((subnetId) =>
        routes.filter((r) => (r.RouteTableId as { Ref: string }).Ref === routeTableOf(subnetId)),
      );

    expect(routesOf('data')).toEqual([]);
    for (const tier of ['ingress', 'web', 'app']) {
      const tierRoutes = routesOf(tier);
      expect(tierRoutes).toHaveLength(2);
      for (const route of tierRoutes) {
        expect(route).toEqual(expect.objectContaining({ DestinationCidrBlock: ANYWHERE, NatGatewayId: expect.anything() }));
        expect(route.GatewayId).toBeUndefined();
      }
    }
    for (const route of routesOf('public')) expect(route.GatewayId).toBeDefined();
  });

  test('subnets never hand out public IPs on their own', () => {
    for (const subnet of Object.values(resourcesOfType(poc.templates.network, 'AWS::EC2::Subnet'))) {
      expect(subnet.Properties?.MapPublicIpOnLaunch).not.toBe(true);
    }
  });

  test('flow logs capture all traffic into a KMS-encrypted log group kept a year', () => {
    const template = poc.templates.network;
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      ResourceType: 'VPC',
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 365,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetworkFlowLogKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('S3 gateway endpoint serves the private tiers', () => {
    poc.templates.network.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
    });
  });
});

describe('security groups: exactly the flows of the design table', () => {
  test('default config (ssh bastion, no domain)', () => {
    const rules = effectiveRules(poc.templates.network);
    expect(rules).toEqual({
      webAlb: { ingress: ['pl:cloudfront:tcp/80'], egress: ['web:tcp/80'] },
      bastion: { ingress: ['198.51.100.0/24:tcp/22'], egress: ['0.0.0.0/0:tcp/443', 'app:tcp/22', 'web:tcp/22'] },
      web: { ingress: ['bastion:tcp/22', 'webAlb:tcp/80'], egress: ['0.0.0.0/0:tcp/443', 'internalAlb:tcp/8080'] },
      internalAlb: { ingress: ['web:tcp/8080'], egress: ['app:tcp/8080'] },
      app: {
        ingress: ['bastion:tcp/22', 'internalAlb:tcp/8080'],
        egress: ['0.0.0.0/0:tcp/443', 'cache:tcp/11211', 'database:tcp/3306'],
      },
      rotation: { ingress: [], egress: ['0.0.0.0/0:tcp/443', 'database:tcp/3306'] },
      database: { ingress: ['app:tcp/3306', 'rotation:tcp/3306'], egress: [] },
      cache: { ingress: ['app:tcp/11211'], egress: [] },
    });
  });

  test('example config: no ingress at all on the bastion (ssm), HTTPS only on the web load balancer', () => {
    const rules = effectiveRules(example.templates.network);
    expect(rules.bastion.ingress).toEqual([]);
    expect(rules.webAlb.ingress).toEqual(['pl:cloudfront:tcp/443']);
    expect(rules.app.ingress).toEqual(['bastion:tcp/22', 'internalAlb:tcp/8443']);
  });

  test('no group admits the internet, 0.0.0.0/0 or IPv6; only the web load balancer admits CloudFront, and only on its listener port', () => {
    for (const synth of [poc, example]) {
      const rules = effectiveRules(synth.templates.network);
      const open = Object.entries(rules).filter(([, r]) =>
        r.ingress.some((rule) => /^(outside-vpc|0\.0\.0\.0\/0|::\/0)/.test(rule)),
      );
      expect(open).toEqual([]);
      const fromPrefixLists = Object.entries(rules).flatMap(([zone, r]) =>
        [...r.ingress, ...r.egress].filter((rule) => rule.startsWith('pl:')).map((rule) => `${zone} ${rule}`),
      );
      expect(fromPrefixLists).toEqual([`webAlb pl:cloudfront:tcp/${synth === poc ? 80 : 443}`]);
    }
  });

  test("CloudFront's origin-facing prefix list is looked up at deploy time by name (no synth-time lookup, no hard-coded id)", () => {
    for (const synth of [poc, example]) {
      const lookups = Object.values(resourcesOfType(synth.templates.network, 'Custom::AWS'));
      expect(lookups).toHaveLength(1);
      const call = JSON.parse(String(lookups[0].Properties?.Create));
      expect(call).toEqual(
        expect.objectContaining({
          service: 'EC2',
          action: 'describeManagedPrefixLists',
          parameters: { Filters: [{ Name: 'prefix-list-name', Values: ['com.amazonaws.global.cloudfront.origin-facing'] }] },
        }),
      );
      expect(JSON.stringify(synth.templates.network.toJSON())).not.toMatch(/pl-[0-9a-f]{8}/);
    }
  });
});

describe('NACLs: one per tier, only the planned flows', () => {
  test('data tier: MySQL and memcached from app subnets only, returns to app subnets only', () => {
    const app = cidrsOfTier(poc, 'app');
    expect(naclEntriesOfTier(poc, 'data')).toEqual(
      [...app.flatMap((cidr) => [`in ${cidr} 3306`, `in ${cidr} 11211`, `out ${cidr} ${EPH}`])].sort(),
    );
  });

  test('public tier: nothing from anywhere but replies, SSH only from corporate ranges, NAT hops for web and app', () => {
    const entries = naclEntriesOfTier(poc, 'public');
    expect(entries).toEqual(expect.arrayContaining(['in 198.51.100.0/24 22', `in ${ANYWHERE} ${EPH}`, `out ${ANYWHERE} 443`]));
    expect(entries.filter((entry) => entry.startsWith(`in ${ANYWHERE} `))).toEqual([`in ${ANYWHERE} ${EPH}`]);
    expect(entries.filter((entry) => entry.endsWith(' 22') && entry.startsWith('in'))).toEqual(['in 198.51.100.0/24 22']);
    for (const cidr of [...cidrsOfTier(poc, 'web'), ...cidrsOfTier(poc, 'app')]) {
      expect(entries).toEqual(expect.arrayContaining([`in ${cidr} 443`, `out ${cidr} 22`]));
    }
  });

  test('ssm mode: no SSH from anywhere into the public tier', () => {
    expect(naclEntriesOfTier(example, 'public').filter((entry) => entry.startsWith('in') && entry.endsWith(' 22'))).toEqual([]);
  });

  test('no tier NACL admits data-tier or management ports from the internet; only the ingress tier admits a listener port', () => {
    for (const synth of [poc, example]) {
      for (const tier of ['public', 'ingress', 'web', 'app', 'data']) {
        const fromAnywhere = naclEntriesOfTier(synth, tier).filter((entry) => entry.startsWith(`in ${ANYWHERE} `));
        for (const entry of fromAnywhere) expect(tier === 'ingress' ? ['80', '443'] : [EPH]).toContain(entry.split(' ')[2]);
      }
    }
  });

  test('ingress tier: the listener port from outside (CloudFront), the web port to the web subnets, replies only', () => {
    for (const [synth, listener] of [
      [poc, 80],
      [example, 443],
    ] as const) {
      const web = cidrsOfTier(synth, 'web');
      expect(naclEntriesOfTier(synth, 'ingress')).toEqual(
        [
          `in ${ANYWHERE} ${listener}`,
          `out ${ANYWHERE} ${EPH}`,
          ...web.flatMap((cidr) => [`in ${cidr} ${EPH}`, `out ${cidr} 80`]),
        ].sort(),
      );
    }
  });

  test('web tier: web port from the ingress subnets (web load balancer), SSH from public subnets (bastions), to app on the app port', () => {
    const entries = naclEntriesOfTier(poc, 'web');
    for (const cidr of cidrsOfTier(poc, 'ingress')) expect(entries).toEqual(expect.arrayContaining([`in ${cidr} 80`]));
    for (const cidr of cidrsOfTier(poc, 'public')) expect(entries).toEqual(expect.arrayContaining([`in ${cidr} 22`]));
    for (const cidr of cidrsOfTier(poc, 'ingress')) expect(entries).not.toContain(`in ${cidr} 22`);
    for (const cidr of cidrsOfTier(poc, 'app')) expect(entries).toEqual(expect.arrayContaining([`out ${cidr} 8080`]));
    expect(entries.filter((entry) => entry.endsWith(' 3306') || entry.endsWith(' 11211'))).toEqual([]);
  });

  test('beyond the quota, synthesis stops and says why: 3 AZs, ssh bastions and 3 corporate ranges', () => {
    const crowded = configWith((raw) => {
      const example = JSON.parse(JSON.stringify(exampleConfig())) as typeof raw;
      Object.assign(raw, example, {
        management: { bastionAccess: 'ssh', corporateCidrs: ['203.0.113.0/24', '192.0.2.64/26', '198.51.100.0/24'] },
      });
    });
    expect(() => synthesize(crowded)).toThrow(
      'NACL of the public tier needs 21 ingress rules, above the VPC quota of 20; use fewer AZs or corporate CIDRs',
    );
  });

  test('every tier stays within the 20-rule NACL quota, denies included, even with 3 AZs and 2 corporate ranges', () => {
    for (const synth of [example, sshThreeAz]) {
      for (const tier of ['public', 'ingress', 'web', 'app', 'data']) {
        const rules = naclRulesOfTier(synth, tier);
        expect(rules.filter((rule) => !rule.egress).length).toBeLessThanOrEqual(20);
        expect(rules.filter((rule) => rule.egress).length).toBeLessThanOrEqual(20);
      }
    }
  });
});

describe('NACL hardening: a reply range admitted from outside the VPC is preceded by denies of service ports', () => {
  const insideVpc = (synth: SynthesizedTemplates, cidr: string) =>
    ipv4CidrContains(
      String(Object.values(resourcesOfType(synth.templates.network, 'AWS::EC2::VPC'))[0].Properties?.CidrBlock),
      cidr,
    );

  test('the reviewed list covers the ports the issue names, all inside the ephemeral range', () => {
    const ports = REPLY_RANGE_DENIED_PORTS.map(({ port }) => port);
    expect(ports).toEqual(expect.arrayContaining([3306, 3389, 5432, 1433, 1521, 11211, 6379, 2049, 27017, 9200]));
    for (const port of ports) expect(port).toBeGreaterThanOrEqual(EPHEMERAL.from);
  });

  test.each([
    ['default', () => poc],
    ['example', () => example],
    ['ssh, 3 AZs', () => sshThreeAz],
  ])('%s config: every denied port is denied, for the same source, before each such allow', (_, synthOf) => {
    const synth = synthOf();
    let hardened = 0;
    for (const tier of ['public', 'ingress', 'web', 'app', 'data']) {
      const rules = naclRulesOfTier(synth, tier);
      const ranges = rules.filter(
        (rule) => rule.allow && !rule.egress && !insideVpc(synth, rule.cidr) && rule.from < rule.to && rule.to >= EPHEMERAL.from,
      );
      for (const range of ranges) {
        hardened++;
        for (const { port } of REPLY_RANGE_DENIED_PORTS.filter(({ port }) => range.from <= port && port <= range.to)) {
          const deny = rules.find(
            (rule) =>
              !rule.allow &&
              !rule.egress &&
              rule.number < range.number &&
              rule.from <= port &&
              port <= rule.to &&
              ipv4CidrContains(rule.cidr, range.cidr),
          );
          expect({ tier, range: range.number, port, denied: deny !== undefined }).toEqual({
            tier,
            range: range.number,
            port,
            denied: true,
          });
        }
      }
    }
    // The public, web and app tiers take replies from the internet (NAT); the ingress and data tiers do not.
    expect(hardened).toBe(3);
  });

  test('replies from inside the VPC still pass before the denies (load balancers and functions pick any client port)', () => {
    for (const tier of ['public', 'web', 'app']) {
      const rules = naclRulesOfTier(poc, tier);
      const firstDeny = Math.min(...rules.filter((rule) => !rule.allow).map((rule) => rule.number));
      expect(rules).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ allow: true, egress: false, cidr: '10.40.0.0/16', from: EPHEMERAL.from, to: EPHEMERAL.to }),
        ]),
      );
      const fromVpc = rules.find((rule) => rule.allow && !rule.egress && rule.cidr === '10.40.0.0/16');
      expect(fromVpc?.number).toBeLessThan(firstDeny);
    }
  });

  test('a tier port that happens to be on the list still passes inside the VPC: the analysis matches the design table', () => {
    const synth = variant('app-port-5432');
    const analysis = analyzeDirectory(synth.assembly.directory, configKnowledge(synth.config));
    expect(analysis.intended.filter((verdict) => !verdict.allowed)).toEqual([]);
    expect(analysis.unexpected).toEqual([]);
  });
});
