import { Match } from 'aws-cdk-lib/assertions';
import { ANYWHERE, EPHEMERAL } from '../lib/constructs/tier-network-acls';
import { SynthesizedTemplates, resourcesOfType, synthesizeDefaultAndExample } from './helpers';
import { effectiveRules } from './security-groups';

const { poc, example } = synthesizeDefaultAndExample();

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

/** NACL entries of a tier as "in|out cidr ports" strings. */
function naclEntriesOfTier(synth: SynthesizedTemplates, tier: string): string[] {
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
      expect(entry.RuleAction).toBe('allow');
      expect(entry.Protocol).toBe(6);
      const range = entry.PortRange as { From: number; To: number };
      const ports = range.From === range.To ? `${range.From}` : `${range.From}-${range.To}`;
      return `${entry.Egress ? 'out' : 'in'} ${String(entry.CidrBlock)} ${ports}`;
    })
    .sort();
}

const EPH = `${EPHEMERAL.from}-${EPHEMERAL.to}`;

describe('VPC and subnet tiers', () => {
  test('four tiers over two AZs, data isolated', () => {
    for (const tier of ['public', 'web', 'app', 'data']) expect(subnetIdsOfTier(poc, tier)).toHaveLength(2);
    for (const tier of ['public', 'web', 'app', 'data']) expect(subnetIdsOfTier(example, tier)).toHaveLength(3);
    poc.templates.network.resourceCountIs('AWS::EC2::NatGateway', 2);
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
    for (const tier of ['web', 'app']) {
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
      publicAlb: { ingress: ['outside-vpc:tcp/80'], egress: ['web:tcp/80'] },
      bastion: { ingress: ['198.51.100.0/24:tcp/22'], egress: ['0.0.0.0/0:tcp/443', 'app:tcp/22', 'web:tcp/22'] },
      web: { ingress: ['bastion:tcp/22', 'publicAlb:tcp/80'], egress: ['0.0.0.0/0:tcp/443', 'internalAlb:tcp/8080'] },
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

  test('example config: no ingress at all on the bastion (ssm), HTTPS on the ALB', () => {
    const rules = effectiveRules(example.templates.network);
    expect(rules.bastion.ingress).toEqual([]);
    expect(rules.publicAlb.ingress).toEqual(['outside-vpc:tcp/443', 'outside-vpc:tcp/80']);
    expect(rules.app.ingress).toEqual(['bastion:tcp/22', 'internalAlb:tcp/8443']);
  });

  test('only the public ALB accepts traffic from the internet, never from the VPC itself; no group is open to 0.0.0.0/0 or IPv6', () => {
    for (const synth of [poc, example]) {
      const rules = effectiveRules(synth.templates.network);
      const openToInternet = Object.entries(rules)
        .filter(([, r]) => r.ingress.some((rule) => rule.startsWith('outside-vpc')))
        .map(([zone]) => zone);
      expect(openToInternet).toEqual(['publicAlb']);
      const openToAll = Object.entries(rules).filter(([, r]) =>
        r.ingress.some((rule) => rule.startsWith('0.0.0.0/0') || rule.startsWith('::/0')),
      );
      expect(openToAll).toEqual([]);
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

  test('public tier: 80 from anywhere, SSH only from corporate ranges, NAT hops for web and app', () => {
    const entries = naclEntriesOfTier(poc, 'public');
    expect(entries).toEqual(
      expect.arrayContaining([`in ${ANYWHERE} 80`, 'in 198.51.100.0/24 22', `in ${ANYWHERE} ${EPH}`, `out ${ANYWHERE} 443`]),
    );
    expect(entries.filter((entry) => entry.endsWith(' 22') && entry.startsWith('in'))).toEqual(['in 198.51.100.0/24 22']);
    for (const cidr of [...cidrsOfTier(poc, 'web'), ...cidrsOfTier(poc, 'app')]) {
      expect(entries).toEqual(expect.arrayContaining([`in ${cidr} 443`, `out ${cidr} 22`]));
    }
  });

  test('ssm mode: no SSH from anywhere into the public tier', () => {
    expect(naclEntriesOfTier(example, 'public').filter((entry) => entry.startsWith('in') && entry.endsWith(' 22'))).toEqual([]);
  });

  test('no tier NACL admits data-tier or management ports from the internet', () => {
    for (const synth of [poc, example]) {
      for (const tier of ['public', 'web', 'app', 'data']) {
        const fromAnywhere = naclEntriesOfTier(synth, tier).filter((entry) => entry.startsWith(`in ${ANYWHERE} `));
        for (const entry of fromAnywhere) expect(['80', '443', EPH]).toContain(entry.split(' ')[2]);
      }
    }
  });

  test('web tier: web port from public subnets, SSH from public subnets (bastions), to app on the app port', () => {
    const entries = naclEntriesOfTier(poc, 'web');
    for (const cidr of cidrsOfTier(poc, 'public'))
      expect(entries).toEqual(expect.arrayContaining([`in ${cidr} 80`, `in ${cidr} 22`]));
    for (const cidr of cidrsOfTier(poc, 'app')) expect(entries).toEqual(expect.arrayContaining([`out ${cidr} 8080`]));
    expect(entries.filter((entry) => entry.endsWith(' 3306') || entry.endsWith(' 11211'))).toEqual([]);
  });

  test('every tier stays within the 20-rule NACL quota, even with 3 AZs and 2 corporate ranges', () => {
    for (const tier of ['public', 'web', 'app', 'data']) {
      const entries = naclEntriesOfTier(example, tier);
      expect(entries.filter((e) => e.startsWith('in')).length).toBeLessThanOrEqual(20);
      expect(entries.filter((e) => e.startsWith('out')).length).toBeLessThanOrEqual(20);
    }
  });
});
