import { analyze, Analysis } from '../../lib/analysis/analyze';
import { configKnowledge } from '../../lib/analysis/intended';
import { formatRule } from '../../lib/analysis/model';
import { describeFlow, renderJson, renderMarkdown } from '../../lib/analysis/render';
import { defaultConfig } from '../helpers';
import { assemblyOf, designFlows } from './fixture';
import { CORPORATE, miniPoc } from './mini-poc';

const knowledge = configKnowledge(defaultConfig());

function sorted(values: readonly string[]): string[] {
  return [...values].sort();
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
      publicAlb: ['application load balancer (internet-facing)'],
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
      network.resources.PublicNaclIn100.Properties.PortRange = { From: 80, To: 3306 };
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
      '| from \\ to | internet | corporate CIDRs | CloudFront | public ALB | web | internal ALB | app | rotation | database | cache | bastion |',
    );
    expect(markdown).toContain('| **corporate CIDRs** |  |  |  |  |  |  |  |  |  |  | tcp 22 |');
    expect(markdown).toContain('Result: the templates match the design table.');
    expect(CORPORATE).toBe(defaultConfig().management.corporateCidrs[0]);
  });
});
