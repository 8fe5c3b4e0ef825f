import { analyze, Analysis } from '../../lib/analysis/analyze';
import { configKnowledge } from '../../lib/analysis/intended';
import { formatRule } from '../../lib/model';
import { describeFlow, renderJson, renderMarkdown } from '../../lib/analysis/render';
import { defaultConfig } from '../helpers';
import { assemblyOf, designFlows } from './fixture';
import { CORPORATE, MiniPoc, miniPoc, VPC } from './mini-poc';

const knowledge = configKnowledge(defaultConfig());

function sorted(values: readonly string[]): string[] {
  return [...values].sort();
}

/** Admits `port` from anywhere into the public subnets (rule 100, before the reply-range denies). */
function openPublicNacl(network: MiniPoc['network'], port: number): void {
  network.add('PublicNaclIn100', 'AWS::EC2::NetworkAclEntry', {
    NetworkAclId: { Ref: 'PublicNacl' },
    RuleNumber: 100,
    Egress: false,
    CidrBlock: '0.0.0.0/0',
    RuleAction: 'allow',
    Protocol: 6,
    PortRange: { From: port, To: port },
  });
}

const analyzeMini = (mutate: (poc: ReturnType<typeof miniPoc>) => void = () => undefined): Analysis => {
  const poc = miniPoc();
  mutate(poc);
  return analyze(assemblyOf(...poc.stacks), knowledge);
};

describe('a hand-written POC across four stacks', () => {
  test('allows exactly the design table of the default config', () => {
    const analysis = analyzeMini();
    expect(sorted(analysis.flows.map(describeFlow))).toEqual(sorted(designFlows(knowledge.intended)));
    expect(analysis.intended.filter((verdict) => !verdict.allowed)).toEqual([]);
    expect(analysis).toMatchObject({ unexpected: [], isolation: [], notes: [], ok: true });
  });

  test('every zone is found by what its resources are', () => {
    const zones = Object.fromEntries(
      analyzeMini().zones.map((zone) => [zone.zone, zone.resources.map((resource) => resource.kind)]),
    );
    expect(zones).toEqual({
      internet: [],
      corporate: [],
      cloudfront: ['CloudFront distribution'],
      webAlb: ['application load balancer (internal, CloudFront VPC origin)'],
      web: ['Auto Scaling group'],
      internalAlb: ['application load balancer (internal)'],
      app: ['Auto Scaling group'],
      rotation: ['Lambda function'],
      database: ['RDS DB instance'],
      cache: ['RDS option MEMCACHED'],
      bastion: ['EC2 instance'],
    });
  });

  test('SSH opened to the world on the bastion is an unexpected flow, named with the rules that allow it', () => {
    const analysis = analyzeMini(({ network }) => {
      network.resources.BastionGroup.Properties.SecurityGroupIngress = [
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' },
      ];
      network.resources.PublicNaclIn110.Properties.CidrBlock = '0.0.0.0/0';
    });
    expect(analysis.unexpected.map(describeFlow)).toEqual(['internet -> bastion tcp 22']);
    expect(analysis.unexpected[0].rules.filter((rule) => rule.kind !== 'route').map(formatRule)).toEqual([
      'Mini-Network/BastionGroup SecurityGroupIngress[0] (ingress tcp 22 from 0.0.0.0/0)',
      'Mini-Network/PublicNaclIn110 rule 110 (allow ingress tcp 22 from 0.0.0.0/0)',
      'Mini-Network/PublicNaclOut130 rule 130 (allow egress tcp 1024-65535 to 0.0.0.0/0)',
    ]);
    // The corporate ranges are part of the internet: their access is still intended, and not listed twice.
    expect(analysis.intended.find((verdict) => verdict.flow.from === 'corporate')?.allowed).toBe(true);
    expect(analysis.flows.map(describeFlow)).not.toContain('corporate CIDRs -> bastion tcp 22');
    expect(analysis.ok).toBe(false);
  });

  test('CloudFront reaches the internal web load balancer through its VPC origin, named with every rule on the way', () => {
    const analysis = analyzeMini();
    expect(analysis.flows.filter((flow) => flow.to === 'webAlb').map(describeFlow)).toEqual([
      'CloudFront -> web load balancer tcp 80',
    ]);
    const rules = analysis.flows.find((flow) => flow.from === 'cloudfront' && flow.to === 'webAlb')?.rules.map(formatRule);
    expect(rules).toEqual(
      expect.arrayContaining([
        'Mini-Edge/Distribution Origins[0] (VPC origin Mini-Edge/WebOrigin to Mini-App/WebAlb over http-only (port 80))',
        'Mini-Network/IngressNaclIn100 rule 100 (allow ingress tcp 80 from 0.0.0.0/0)',
        'Mini-Network/WebAlbGroup SecurityGroupIngress[0] (ingress tcp 80 from prefix list com.amazonaws.global.cloudfront.origin-facing)',
      ]),
    );
  });

  test('a web load balancer made internet-facing again is an unexpected flow from the internet', () => {
    const analysis = analyzeMini(({ app, network }) => {
      app.resources.WebAlb.Properties.Scheme = 'internet-facing';
      app.resources.WebAlb.Properties.Subnets = [{ 'Fn::ImportValue': 'Mini-Network-PublicSubnet' }];
      network.resources.WebAlbGroup.Properties.SecurityGroupIngress = [
        { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' },
      ];
      openPublicNacl(network, 80);
    });
    expect(analysis.unexpected.map(describeFlow)).toEqual(['internet -> web load balancer tcp 80']);
    expect(analysis.ok).toBe(false);
  });

  test('without the prefix-list rule the VPC origin is refused, and the design row says by what', () => {
    const analysis = analyzeMini(({ network }) => {
      network.resources.WebAlbGroup.Properties.SecurityGroupIngress = [
        { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: VPC },
      ];
    });
    const verdict = analysis.intended.find((candidate) => candidate.flow.from === 'cloudfront');
    expect(verdict?.allowed).toBe(false);
    expect(verdict?.reasons).toEqual([
      expect.stringContaining(
        "no ingress rule of Mini-App/WebAlb's security groups (Mini-Network/WebAlbGroup) allows tcp 80 from cloudfront",
      ),
    ]);
  });

  test('a VPC without an internet gateway cannot hold a VPC origin', () => {
    const analysis = analyzeMini(({ network }) => {
      delete (network.resources as Record<string, unknown>).VpcIgwAttachment;
    });
    const verdict = analysis.intended.find((candidate) => candidate.flow.from === 'cloudfront');
    expect(verdict?.reasons).toEqual([expect.stringContaining('a CloudFront VPC origin needs an internet gateway attached to')]);
  });

  test('a data-tier NACL without return rules blocks the design flows into it, naming the NACL', () => {
    const analysis = analyzeMini(({ network }) => {
      delete (network.resources as Record<string, unknown>).DataNaclOut100;
    });
    const blocked = analysis.intended.filter((verdict) => !verdict.allowed);
    expect(blocked.map((verdict) => `${verdict.flow.from} -> ${verdict.flow.to} ${verdict.flow.port}`)).toEqual([
      'app -> database 3306',
      'app -> cache 11211',
      'rotation -> database 3306',
    ]);
    for (const verdict of blocked) {
      expect(verdict.reasons).toEqual([
        expect.stringContaining('1024-65535 stopped by Mini-Network/DataNacl rule * (deny everything no rule matches)'),
      ]);
    }
    expect(analysis.unexpected).toEqual([]);
  });

  test('a database open to the internet from a public subnet is both an unexpected flow and a route out of an isolated zone', () => {
    const analysis = analyzeMini(({ network, data }) => {
      network.resources.DatabaseGroup.Properties.SecurityGroupIngress = [
        { IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, CidrIp: '0.0.0.0/0' },
      ];
      data.resources.DatabaseSubnets.Properties.SubnetIds = [
        { 'Fn::GetStackOutput': { StackName: 'Mini-Network', OutputName: 'PublicSubnetOut' } },
      ];
      network.outputs.PublicSubnetOut = { Value: { Ref: 'PublicSubnet' } };
      data.resources.Database.Properties.PubliclyAccessible = true;
      openPublicNacl(network, 3306);
    });
    expect(analysis.unexpected.map(describeFlow)).toEqual(['internet -> database tcp 3306']);
    expect(analysis.isolation.map((finding) => `${finding.zone}: ${formatRule(finding.rule)}`)).toEqual([
      'database: Mini-Network/PublicSubnetDefaultRoute (0.0.0.0/0 -> internet gateway Mini-Network/VpcIgw)',
      'cache: Mini-Network/PublicSubnetDefaultRoute (0.0.0.0/0 -> internet gateway Mini-Network/VpcIgw)',
    ]);
  });

  test('Markdown and JSON renderings are deterministic and carry the matrix', () => {
    const first = analyzeMini();
    const second = analyzeMini();
    expect(renderJson(first)).toBe(renderJson(second));
    expect(renderMarkdown(first)).toBe(renderMarkdown(second));
    expect(JSON.parse(renderJson(first)).flows).toHaveLength(first.flows.length);
    const markdown = renderMarkdown(first);
    expect(markdown).toContain(
      '| from \\ to | internet | corporate CIDRs | CloudFront | web load balancer | web | internal ALB | app | rotation | database | cache | bastion |',
    );
    expect(markdown).toContain('| **corporate CIDRs** |  |  |  |  |  |  |  |  |  |  | tcp 22 |');
    expect(markdown).toContain('Result: the templates match the design table.');
    expect(CORPORATE).toBe(defaultConfig().management.corporateCidrs[0]);
  });
});
