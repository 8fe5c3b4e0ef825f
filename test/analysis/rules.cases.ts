import { analyze, Analysis, AnalysisOptions } from '../../lib/analysis/analyze';
import { IntendedFlow } from '../../lib/analysis/intended';
import { formatRule, RuleKind } from '../../lib/model';
import { describeFlow } from '../../lib/analysis/render';
import { assemblyOf, NaclEntrySpec, ref, SgRuleSpec, StackFixture } from './fixture';

/**
 * Small hand-written templates, one concern each; every test asserts the exact flows computed.
 * The network: VPC 10.0.0.0/16 with an admin subnet 10.0.1.0/24 (a standalone instance: the
 * bastion zone) and a data subnet 10.0.2.0/24 (a DB instance: the database zone).
 */

const CORPORATE = '198.51.100.0/24';
const ADMIN = '10.0.1.0/24';
const DATA = '10.0.2.0/24';

function options(intended: readonly IntendedFlow[] = [], extra: Partial<AnalysisOptions> = {}): AnalysisOptions {
  return { intended: { flows: intended, isolatedZones: ['database', 'cache'] }, corporateCidrs: [CORPORATE], ...extra };
}

const flowsOf = (analysis: Analysis) => analysis.flows.map(describeFlow);
const rulesOf = (analysis: Analysis, flow: string, kind?: RuleKind) =>
  analysis.flows
    .find((candidate) => describeFlow(candidate) === flow)
    ?.rules.filter((rule) => kind === undefined || rule.kind === kind)
    .map(formatRule);

interface SmallNetwork {
  readonly stack: StackFixture;
  readonly vpc: ReturnType<StackFixture['vpc']>;
}

/** The VPC and the two subnets; each test adds the groups, NACLs, routes and resources it is about. */
function smallNetwork(): SmallNetwork {
  const stack = new StackFixture('Small');
  const vpc = stack.vpc('Vpc', '10.0.0.0/16');
  stack.subnet('AdminSubnet', vpc, ADMIN);
  stack.subnet('DataSubnet', vpc, DATA);
  return { stack, vpc };
}

function adminAndDatabase(
  network: SmallNetwork,
  groups: {
    admin?: { ingress?: SgRuleSpec[]; egress?: SgRuleSpec[] };
    database?: { ingress?: SgRuleSpec[]; egress?: SgRuleSpec[] };
  },
  database: { publiclyAccessible?: boolean } = { publiclyAccessible: false },
): void {
  const { stack, vpc } = network;
  const admin = stack.securityGroup('AdminGroup', vpc, groups.admin);
  const db = stack.securityGroup('DatabaseGroup', vpc, groups.database);
  stack.instance('Admin', ref('AdminSubnet'), [admin], false);
  stack.database('Database', { subnets: [ref('DataSubnet')], groups: [db], ...database });
}

const NO_TRAFFIC: SgRuleSpec = { protocol: 'icmp', from: 252, to: 86, cidr: '255.255.255.255/32' };

describe('security groups', () => {
  test('an all-traffic rule yields one range per protocol; a group without egress rules keeps the allow-all default', () => {
    const network = smallNetwork();
    adminAndDatabase(network, { database: { ingress: [{ protocol: '-1', cidr: ADMIN }], egress: [NO_TRAFFIC] } });
    const analysis = analyze(assemblyOf(network.stack), options());
    expect(flowsOf(analysis)).toEqual([
      'bastion -> database icmp 0-255',
      'bastion -> database tcp 0-65535',
      'bastion -> database udp 0-65535',
    ]);
    expect(rulesOf(analysis, 'bastion -> database tcp 0-65535')).toEqual([
      'Small/AdminGroup default egress rule (egress all traffic to 0.0.0.0/0 (no egress rule declared))',
      'Small/DatabaseGroup SecurityGroupIngress[0] (ingress all traffic from 10.0.1.0/24)',
      'Small/Vpc default network ACL (allow all traffic (no network ACL associated))',
      'Small/AdminSubnetRoutes local route (10.0.0.0/16 -> local)',
      'Small/DataSubnetRoutes local route (10.0.0.0/16 -> local)',
    ]);
  });

  test('inline and separate rules, group and CIDR peers; a separate egress rule replaces the default; adjacent ranges merge', () => {
    const network = smallNetwork();
    adminAndDatabase(network, {
      database: { ingress: [{ from: 3306, group: { 'Fn::GetAtt': ['AdminGroup', 'GroupId'] } }], egress: [NO_TRAFFIC] },
    });
    network.stack.egressRule('AdminToData', { 'Fn::GetAtt': ['AdminGroup', 'GroupId'] }, { from: 3300, to: 3400, cidr: DATA });
    network.stack.ingressRule(
      'DataFromAdmin',
      { 'Fn::GetAtt': ['DatabaseGroup', 'GroupId'] },
      { from: 3307, to: 3310, cidr: ADMIN },
    );
    const analysis = analyze(assemblyOf(network.stack), options());
    expect(flowsOf(analysis)).toEqual(['bastion -> database tcp 3306-3310']);
    expect(rulesOf(analysis, 'bastion -> database tcp 3306-3310', 'security-group')).toEqual([
      'Small/AdminToData (egress tcp 3300-3400 to 10.0.2.0/24)',
      'Small/DatabaseGroup SecurityGroupIngress[0] (ingress tcp 3306 from security group Small/AdminGroup)',
      'Small/DataFromAdmin (ingress tcp 3307-3310 from 10.0.1.0/24)',
    ]);
  });

  test('a security group open to 0.0.0.0/0 on a data-tier port is reachable from whatever may send to it', () => {
    const network = smallNetwork();
    network.stack.subnet('WorkerSubnet', network.vpc, '10.0.3.0/24');
    adminAndDatabase(network, {
      admin: { egress: [{ from: 443, cidr: '0.0.0.0/0' }] },
      database: { ingress: [{ from: 3306, cidr: '0.0.0.0/0' }], egress: [NO_TRAFFIC] },
    });
    // A function no rotation schedule calls: a zone of its own, with the default allow-all egress.
    network.stack.lambdaFunction('Worker', [ref('WorkerSubnet')], [network.stack.securityGroup('WorkerGroup', network.vpc)]);
    const analysis = analyze(assemblyOf(network.stack), options());
    expect(flowsOf(analysis)).toEqual(['Small/Worker -> database tcp 3306']);
    expect(analysis.unexpected.map(describeFlow)).toEqual(['Small/Worker -> database tcp 3306']);
    expect(rulesOf(analysis, 'Small/Worker -> database tcp 3306', 'security-group')).toEqual([
      'Small/DatabaseGroup SecurityGroupIngress[0] (ingress tcp 3306 from 0.0.0.0/0)',
      'Small/WorkerGroup default egress rule (egress all traffic to 0.0.0.0/0 (no egress rule declared))',
    ]);
  });
});

describe('placements', () => {
  test('a resource with no security group of the assembly is noted, not guessed at', () => {
    const network = smallNetwork();
    const db = network.stack.securityGroup('DatabaseGroup', network.vpc, { ingress: [{ from: 3306, cidr: '0.0.0.0/0' }] });
    network.stack.add('Admin', 'AWS::EC2::Instance', { SubnetId: ref('AdminSubnet') });
    network.stack.database('Database', { subnets: [ref('DataSubnet')], groups: [db], publiclyAccessible: false });
    const analysis = analyze(assemblyOf(network.stack), options());
    expect(flowsOf(analysis)).toEqual(['database -> database tcp 3306']);
    expect(analysis.notes).toEqual([
      "Small/Admin: no security group of the assembly; AWS then attaches the VPC's default group, which the templates do not describe: treated as allowing nothing",
    ]);
  });

  test('a subnet outside the assembly is noted and its placement skipped', () => {
    const network = smallNetwork();
    const group = network.stack.securityGroup('AdminGroup', network.vpc);
    network.stack.instance('Admin', 'subnet-0abc', [group], false);
    const analysis = analyze(assemblyOf(network.stack), options());
    expect(analysis.zones.find((zone) => zone.zone === 'bastion')?.resources).toEqual([]);
    expect(analysis.notes).toEqual([
      'Small/Admin: EC2 instance with no subnet of the assembly; not analysed',
      'Small/Admin: subnet subnet-0abc is not in the assembly; that placement is not analysed',
    ]);
  });
});

describe('network ACLs', () => {
  const withNacl = (entries: readonly NaclEntrySpec[]) => {
    const network = smallNetwork();
    adminAndDatabase(network, {
      database: { ingress: [{ from: 3300, to: 3310, group: { 'Fn::GetAtt': ['AdminGroup', 'GroupId'] } }], egress: [NO_TRAFFIC] },
    });
    network.stack.nacl('DataNacl', network.vpc, ['DataSubnet'], entries);
    return network;
  };
  const intended: IntendedFlow = { from: 'bastion', to: 'database', protocol: 'tcp', port: 3306, purpose: 'test' };

  test('a deny with a lower rule number shadows a later allow: first match wins', () => {
    const network = withNacl([
      { rule: 90, cidr: ADMIN, ports: 3306, deny: true },
      { rule: 100, cidr: '0.0.0.0/0', ports: 'all' },
      { rule: 100, egress: true, cidr: '0.0.0.0/0', ports: 'all' },
    ]);
    const analysis = analyze(assemblyOf(network.stack), options([intended]));
    expect(flowsOf(analysis)).toEqual(['bastion -> database tcp 3300-3305', 'bastion -> database tcp 3307-3310']);
    expect(analysis.intended[0].allowed).toBe(false);
    expect(analysis.intended[0].reasons).toEqual([
      expect.stringContaining('stopped by Small/DataNaclIn90 rule 90 (deny ingress tcp 3306 from 10.0.1.0/24)'),
    ]);
  });

  test('the same deny numbered after the allow never matches', () => {
    const network = withNacl([
      { rule: 100, cidr: '0.0.0.0/0', ports: 'all' },
      { rule: 110, cidr: ADMIN, ports: 3306, deny: true },
      { rule: 100, egress: true, cidr: '0.0.0.0/0', ports: 'all' },
    ]);
    const analysis = analyze(assemblyOf(network.stack), options([intended]));
    expect(flowsOf(analysis)).toEqual(['bastion -> database tcp 3300-3310']);
    expect(analysis.intended[0].allowed).toBe(true);
  });

  test('a missing ephemeral-port return rule blocks the flow, naming the default deny', () => {
    const network = withNacl([{ rule: 100, cidr: ADMIN, ports: [3300, 3310] }]);
    const analysis = analyze(assemblyOf(network.stack), options([intended]));
    expect(flowsOf(analysis)).toEqual([]);
    expect(analysis.intended[0].reasons).toEqual([
      expect.stringMatching(
        /return traffic to the client's ephemeral ports\) to 10\.0\.1\.0\/24: 1024-65535 stopped by Small\/DataNacl rule \*/,
      ),
    ]);
  });

  test('a return rule narrower than the client ephemeral range still blocks the flow', () => {
    const network = withNacl([
      { rule: 100, cidr: ADMIN, ports: [3300, 3310] },
      { rule: 100, egress: true, cidr: ADMIN, ports: [32768, 65535] },
    ]);
    const analysis = analyze(assemblyOf(network.stack), options([intended]));
    expect(flowsOf(analysis)).toEqual([]);
    expect(analysis.intended[0].reasons).toEqual([expect.stringContaining('1024-32767 stopped by Small/DataNacl rule *')]);
  });

  test('with the full return range the flow passes, narrowed to the ports the NACL admits', () => {
    const network = withNacl([
      { rule: 100, cidr: ADMIN, ports: [3305, 3320] },
      { rule: 100, egress: true, cidr: ADMIN, ports: [1024, 65535] },
    ]);
    expect(flowsOf(analyze(assemblyOf(network.stack), options()))).toEqual(['bastion -> database tcp 3305-3310']);
  });

  describe('replies from outside the VPC through a NAT gateway', () => {
    function natEgress(publicIngress: readonly NaclEntrySpec[]) {
      const stack = new StackFixture('Nat');
      const vpc = stack.vpc('Vpc', '10.0.0.0/16');
      stack.subnet('PublicSubnet', vpc, '10.0.0.0/24');
      stack.subnet('PrivateSubnet', vpc, '10.0.1.0/24');
      stack.routeToInternetGateway('PublicSubnet', 'Vpc');
      stack.natGateway('Nat', 'PublicSubnet', ['PrivateSubnet']);
      const group = stack.securityGroup('AdminGroup', vpc, { egress: [{ from: 443, cidr: '0.0.0.0/0' }] });
      stack.instance('Admin', ref('PrivateSubnet'), [group], false);
      stack.nacl(
        'PublicNacl',
        vpc,
        ['PublicSubnet'],
        [
          { rule: 100, cidr: '10.0.1.0/24', ports: 443 },
          ...publicIngress,
          { rule: 100, egress: true, cidr: '0.0.0.0/0', ports: 443 },
          { rule: 110, egress: true, cidr: '10.0.1.0/24', ports: [1024, 65535] },
        ],
      );
      const intended: IntendedFlow = { from: 'bastion', to: 'internet', protocol: 'tcp', port: 443, purpose: 'test' };
      return analyze(assemblyOf(stack), options([intended]));
    }

    test('single well-known ports denied before the reply range are deliberate: the flow passes', () => {
      const analysis = natEgress([
        { rule: 110, cidr: '0.0.0.0/0', ports: 3306, deny: true },
        { rule: 120, cidr: '0.0.0.0/0', ports: 5432, deny: true },
        { rule: 130, cidr: '0.0.0.0/0', ports: [1024, 65535] },
      ]);
      expect(flowsOf(analysis)).toEqual(['bastion -> internet tcp 443']);
      expect(analysis.intended[0].allowed).toBe(true);
    });

    test('a denied range inside the reply range breaks replies, naming the deny', () => {
      const analysis = natEgress([
        { rule: 110, cidr: '0.0.0.0/0', ports: [3306, 3389], deny: true },
        { rule: 130, cidr: '0.0.0.0/0', ports: [1024, 65535] },
      ]);
      expect(flowsOf(analysis)).toEqual([]);
      expect(analysis.intended[0].reasons).toEqual([
        expect.stringContaining('3306-3389 stopped by Nat/PublicNaclIn110 rule 110 (deny ingress tcp 3306-3389 from 0.0.0.0/0)'),
      ]);
    });

    test('a single port left to the default deny is still a missing return rule', () => {
      const analysis = natEgress([
        { rule: 110, cidr: '0.0.0.0/0', ports: [1024, 3305] },
        { rule: 120, cidr: '0.0.0.0/0', ports: [3307, 65535] },
      ]);
      expect(analysis.intended[0].reasons).toEqual([expect.stringContaining('3306-3306 stopped by Nat/PublicNacl rule *')]);
    });
  });

  test('traffic inside one subnet does not cross its NACL', () => {
    const network = smallNetwork();
    const { stack, vpc } = network;
    const admin = stack.securityGroup('AdminGroup', vpc);
    const db = stack.securityGroup('DatabaseGroup', vpc, { ingress: [{ from: 3306, cidr: DATA }], egress: [NO_TRAFFIC] });
    stack.instance('Admin', ref('DataSubnet'), [admin], false);
    stack.database('Database', { subnets: [ref('DataSubnet')], groups: [db], publiclyAccessible: false });
    stack.nacl('DataNacl', vpc, ['DataSubnet'], [{ rule: 1, cidr: '0.0.0.0/0', ports: 'all', deny: true }]);
    expect(flowsOf(analyze(assemblyOf(stack), options()))).toEqual(['bastion -> database tcp 3306']);
  });
});

describe('routes', () => {
  function egressNetwork(setup: (stack: StackFixture) => void, publicIp = false) {
    const stack = new StackFixture('Egress');
    const vpc = stack.vpc('Vpc', '10.0.0.0/16');
    stack.subnet('PublicSubnet', vpc, '10.0.0.0/24');
    stack.subnet('PrivateSubnet', vpc, '10.0.1.0/24');
    const group = stack.securityGroup('AdminGroup', vpc, { egress: [{ from: 443, cidr: '0.0.0.0/0' }] });
    stack.instance('Admin', ref(publicIp ? 'PublicSubnet' : 'PrivateSubnet'), [group], publicIp);
    setup(stack);
    const intended: IntendedFlow = { from: 'bastion', to: 'internet', protocol: 'tcp', port: 443, purpose: 'test' };
    return analyze(assemblyOf(stack), options([intended]));
  }

  test('through a NAT gateway whose subnet routes to the internet gateway', () => {
    const analysis = egressNetwork((stack) => {
      stack.routeToInternetGateway('PublicSubnet', 'Vpc');
      stack.natGateway('Nat', 'PublicSubnet', ['PrivateSubnet']);
    });
    expect(flowsOf(analysis)).toEqual(['bastion -> internet tcp 443']);
    expect(rulesOf(analysis, 'bastion -> internet tcp 443', 'route')).toEqual([
      'Egress/PrivateSubnetDefaultRoute (0.0.0.0/0 -> NAT gateway Egress/Nat)',
      'Egress/PublicSubnetDefaultRoute (0.0.0.0/0 -> internet gateway Egress/VpcIgw)',
    ]);
  });

  test('a NAT gateway in a subnet without a route to the internet gateway leads nowhere', () => {
    const analysis = egressNetwork((stack) => stack.natGateway('Nat', 'PublicSubnet', ['PrivateSubnet']));
    expect(flowsOf(analysis)).toEqual([]);
    expect(analysis.intended[0].reasons).toEqual([
      expect.stringContaining("the NAT gateway's subnet Egress/PublicSubnet has no route for it"),
    ]);
  });

  test('no default route', () => {
    const analysis = egressNetwork(() => undefined);
    expect(flowsOf(analysis)).toEqual([]);
    expect(analysis.intended[0].reasons).toEqual([
      expect.stringContaining('route table of Egress/PrivateSubnet has no route to'),
    ]);
  });

  test('a route to the internet gateway needs a public address', () => {
    const analysis = egressNetwork((stack) => stack.routeToInternetGateway('PublicSubnet', 'Vpc'));
    expect(flowsOf(analysis)).toEqual([]);
    const withAddress = egressNetwork((stack) => stack.routeToInternetGateway('PublicSubnet', 'Vpc'), true);
    expect(flowsOf(withAddress)).toEqual(['bastion -> internet tcp 443']);
  });

  test('a route to an internet gateway from a data subnet: reported, and the database is public by RDS default', () => {
    const network = smallNetwork();
    adminAndDatabase(network, { database: { ingress: [{ from: 3306, cidr: '0.0.0.0/0' }] } }, {});
    network.stack.routeToInternetGateway('DataSubnet', 'Vpc');
    const analysis = analyze(assemblyOf(network.stack), options());
    expect(flowsOf(analysis)).toEqual([
      'internet -> database tcp 3306',
      'database -> internet icmp 0-255',
      'database -> internet tcp 0-65535',
      'database -> internet udp 0-65535',
      'database -> database tcp 3306',
      'bastion -> database tcp 3306',
    ]);
    expect(analysis.isolation.map((finding) => `${finding.zone} ${formatRule(finding.rule)}`)).toEqual([
      'database Small/DataSubnetDefaultRoute (0.0.0.0/0 -> internet gateway Small/VpcIgw)',
    ]);
    expect(analysis.ok).toBe(false);
  });

  test('the same route with a private database opens no flow, and is still reported', () => {
    const network = smallNetwork();
    adminAndDatabase(network, { database: { ingress: [{ from: 3306, cidr: '0.0.0.0/0' }] } }, { publiclyAccessible: false });
    network.stack.routeToInternetGateway('DataSubnet', 'Vpc');
    const analysis = analyze(assemblyOf(network.stack), options());
    expect(flowsOf(analysis)).toEqual(['database -> database tcp 3306', 'bastion -> database tcp 3306']);
    expect(analysis.isolation).toHaveLength(1);
  });
});

describe('prefix lists and CloudFront', () => {
  test('a prefix-list source matches the addresses it lists: corporate ranges reach the bastion, the internet does not', () => {
    const stack = new StackFixture('Lists');
    const vpc = stack.vpc('Vpc', '10.0.0.0/16');
    stack.subnet('PublicSubnet', vpc, '10.0.0.0/24');
    stack.routeToInternetGateway('PublicSubnet', 'Vpc');
    stack.add('Corporate', 'AWS::EC2::PrefixList', {
      PrefixListName: 'corporate',
      AddressFamily: 'IPv4',
      MaxEntries: 2,
      Entries: [{ Cidr: CORPORATE }],
    });
    const group = stack.securityGroup('BastionGroup', vpc, {
      ingress: [{ from: 22, prefixList: ref('Corporate') }],
      egress: [NO_TRAFFIC],
    });
    stack.instance('Bastion', ref('PublicSubnet'), [group], true);
    const analysis = analyze(assemblyOf(stack), options());
    expect(flowsOf(analysis)).toEqual(['corporate CIDRs -> bastion tcp 22']);
    expect(rulesOf(analysis, 'corporate CIDRs -> bastion tcp 22')?.[0]).toBe(
      'Lists/BastionGroup SecurityGroupIngress[0] (ingress tcp 22 from prefix list Lists/Corporate)',
    );
  });

  function edge(albSources: SgRuleSpec | SgRuleSpec[], extra: Partial<AnalysisOptions> = {}) {
    const stack = new StackFixture('Edge');
    const vpc = stack.vpc('Vpc', '10.0.0.0/16');
    stack.subnet('PublicSubnet', vpc, '10.0.0.0/24');
    stack.routeToInternetGateway('PublicSubnet', 'Vpc');
    const group = stack.securityGroup('AlbGroup', vpc, { ingress: [albSources].flat(), egress: [NO_TRAFFIC] });
    stack.loadBalancer('Alb', 'internet-facing', [ref('PublicSubnet')], [group]);
    stack.distribution('Distribution', {
      origin: { 'Fn::GetAtt': ['Alb', 'DNSName'] },
      originPolicy: 'match-viewer',
      viewerPolicy: 'redirect-to-https',
    });
    return analyze(assemblyOf(stack), options([], extra));
  }

  test('with the CloudFront origin-facing prefix list as source, only CloudFront reaches an internet-facing ALB', () => {
    const analysis = edge({ from: 443, prefixList: 'pl-3b927c52' }, { prefixLists: { 'pl-3b927c52': 'cloudfront' } });
    expect(flowsOf(analysis)).toEqual([
      'internet -> CloudFront tcp 80',
      'internet -> CloudFront tcp 443',
      'CloudFront -> web load balancer tcp 443',
    ]);
    expect(rulesOf(analysis, 'CloudFront -> web load balancer tcp 443')?.[0]).toBe(
      'Edge/AlbGroup SecurityGroupIngress[0] (ingress tcp 443 from prefix list pl-3b927c52)',
    );
  });

  test('open to 0.0.0.0/0, the internet reaches the ALB as well; redirect-to-https sends only HTTPS to a match-viewer origin', () => {
    const analysis = edge([
      { from: 80, cidr: '0.0.0.0/0' },
      { from: 443, cidr: '0.0.0.0/0' },
    ]);
    expect(flowsOf(analysis)).toEqual([
      'internet -> CloudFront tcp 80',
      'internet -> CloudFront tcp 443',
      'internet -> web load balancer tcp 80',
      'internet -> web load balancer tcp 443',
      'CloudFront -> web load balancer tcp 443',
    ]);
  });

  /** An internal ALB in a private subnet (NAT route only), reached by CloudFront through a VPC origin. */
  function vpcOriginEdge(
    setup: {
      albSources?: SgRuleSpec[];
      nacl?: NaclEntrySpec[];
      internetGateway?: boolean;
      policy?: 'http-only' | 'https-only';
    } = {},
  ) {
    const stack = new StackFixture('Origin');
    const vpc = stack.vpc('Vpc', '10.0.0.0/16', { internetGateway: setup.internetGateway ?? true });
    stack.subnet('PrivateSubnet', vpc, '10.0.1.0/24');
    const cloudFront = stack.prefixListLookup('CloudFrontLookup', 'com.amazonaws.global.cloudfront.origin-facing');
    const port = setup.policy === 'https-only' ? 443 : 80;
    const group = stack.securityGroup('AlbGroup', vpc, {
      ingress: setup.albSources ?? [{ from: port, prefixList: cloudFront }],
      egress: [NO_TRAFFIC],
    });
    if (setup.nacl) stack.nacl('PrivateNacl', vpc, ['PrivateSubnet'], setup.nacl);
    stack.loadBalancer('Alb', 'internal', [ref('PrivateSubnet')], [group]);
    stack.vpcOrigin('AlbOrigin', ref('Alb'), setup.policy ?? 'http-only');
    stack.distribution('Distribution', {
      origin: { 'Fn::GetAtt': ['Alb', 'DNSName'] },
      vpcOrigin: 'AlbOrigin',
      viewerPolicy: 'redirect-to-https',
    });
    const intended: IntendedFlow = { from: 'cloudfront', to: 'webAlb', protocol: 'tcp', port, purpose: 'test' };
    return analyze(assemblyOf(stack), options([intended]));
  }

  test('through a VPC origin CloudFront reaches an internal ALB without a public address; the internet reaches nothing', () => {
    const analysis = vpcOriginEdge();
    expect(flowsOf(analysis)).toEqual([
      'internet -> CloudFront tcp 80',
      'internet -> CloudFront tcp 443',
      'CloudFront -> web load balancer tcp 80',
    ]);
    expect(analysis.zones.find((zone) => zone.zone === 'webAlb')?.resources).toEqual([
      {
        name: 'Origin/Alb',
        kind: 'application load balancer (internal, CloudFront VPC origin)',
        subnets: ['Origin/PrivateSubnet'],
      },
    ]);
    expect(rulesOf(analysis, 'CloudFront -> web load balancer tcp 80')).toEqual([
      'Origin/AlbGroup SecurityGroupIngress[0] (ingress tcp 80 from prefix list com.amazonaws.global.cloudfront.origin-facing)',
      'Origin/Vpc default network ACL (allow all traffic (no network ACL associated))',
      'Origin/Distribution Origins[0] (VPC origin Origin/AlbOrigin to Origin/Alb over http-only (port 80))',
    ]);
    expect(analysis.notes).toEqual([]);
  });

  test('an https-only VPC origin reaches the ALB on 443 only', () => {
    expect(flowsOf(vpcOriginEdge({ policy: 'https-only' }))).toContain('CloudFront -> web load balancer tcp 443');
    expect(flowsOf(vpcOriginEdge({ policy: 'https-only' }))).not.toContain('CloudFront -> web load balancer tcp 80');
  });

  test("a group that admits the VPC's own addresses does not admit the VPC origin: its requests come from CloudFront's", () => {
    const analysis = vpcOriginEdge({ albSources: [{ from: 80, cidr: '10.0.0.0/16' }] });
    expect(flowsOf(analysis)).not.toContain('CloudFront -> web load balancer tcp 80');
    expect(analysis.intended[0].reasons).toEqual([expect.stringContaining('allows tcp 80 from cloudfront')]);
  });

  test('the NACL of the origin subnet must admit the listener port from outside the VPC, and the reply', () => {
    const blocked = vpcOriginEdge({
      nacl: [
        { rule: 100, cidr: '10.0.0.0/16', ports: 80 },
        { rule: 100, egress: true, cidr: '0.0.0.0/0', ports: [1024, 65535] },
      ],
    });
    expect(blocked.intended[0].reasons).toEqual([
      expect.stringContaining('NACL of Origin/PrivateSubnet (in, from the VPC origin)'),
    ]);
    const noReply = vpcOriginEdge({ nacl: [{ rule: 100, cidr: '0.0.0.0/0', ports: 80 }] });
    expect(noReply.intended[0].reasons).toEqual([expect.stringContaining('reply from Origin/PrivateSubnet to the VPC origin')]);
  });

  test('a VPC without an internet gateway cannot serve a VPC origin', () => {
    const analysis = vpcOriginEdge({ internetGateway: false });
    expect(flowsOf(analysis)).not.toContain('CloudFront -> web load balancer tcp 80');
    expect(analysis.intended[0].reasons).toEqual([
      expect.stringContaining('a CloudFront VPC origin needs an internet gateway attached to Origin/Vpc'),
    ]);
  });

  test('an undescribed prefix list is taken as any outside address, and said so', () => {
    const analysis = edge({ from: 443, prefixList: 'pl-0123456789abcdef0' });
    expect(flowsOf(analysis)).toEqual([
      'internet -> CloudFront tcp 80',
      'internet -> CloudFront tcp 443',
      'internet -> web load balancer tcp 443',
      'CloudFront -> web load balancer tcp 443',
    ]);
    expect(analysis.notes).toContain(
      'Edge/AlbGroup SecurityGroupIngress[0]: prefix list pl-0123456789abcdef0 is neither in the assembly nor described (--prefix-list); treated as any address outside the VPC',
    );
  });
});
