import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { analyzeDirectory } from '../lib/analysis/analyze';
import { configKnowledge } from '../lib/analysis/intended';
import { buildPoc } from '../lib/app';
import { ipv4CidrContains } from '../lib/config/cidr';
import { pocConfigSchema, pocConfigSchemaFor } from '../lib/config/schema';
import { loadModel } from '../lib/model';
import { groupZones, intendedFlows, zoneTiers } from '../lib/segmentation';
import { MYSQL_PORT, TOPOLOGY, topologyProblems } from '../lib/shared/topology';
import { rawDefaultConfig, resourcesOfType, SOURCES, variant } from './helpers';
import { effectiveRules } from './security-groups';
import { variantDirectory } from './support/assemblies';
import { REPORTS, REPORTS_FIELD, REPORTS_PORT, WITH_REPORTS } from './support/reports-tier';

/**
 * "Adding a tier is one table entry plus its config": a POC built from a test-only topology, the
 * POC's own table plus one tier (test/support/reports-tier.ts), gets that tier everywhere the
 * table reaches. The global setup synthesizes it once, with path metadata, as `cdk synth` does.
 */

const synth = variant('reports-tier');
const { config, templates } = synth;
const outdir = variantDirectory('reports-tier');

type Props = Record<string, unknown>;

function subnetsOf(tier: string): [string, Props][] {
  return Object.entries(resourcesOfType(templates.network, 'AWS::EC2::Subnet'))
    .filter(([, subnet]) =>
      (subnet.Properties?.Tags as { Key: string; Value: string }[]).some(
        (tag) => tag.Key === 'aws-cdk:subnet-name' && tag.Value === tier,
      ),
    )
    .map(([id, subnet]) => [id, subnet.Properties as Props]);
}

/** The logical id of the one resource of `type` whose construct path ends with `suffix`. */
function idAt(template: Template, type: string, suffix: string): string {
  const ids = Object.entries(resourcesOfType(template, type))
    .filter(([, resource]) => String((resource.Metadata as Props | undefined)?.['aws:cdk:path']).endsWith(suffix))
    .map(([id]) => id);
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('the topology table', () => {
  test('the POC own table is valid, and a broken one is refused with a sentence', () => {
    expect(topologyProblems(TOPOLOGY)).toEqual([]);
    expect(topologyProblems(WITH_REPORTS)).toEqual([]);
    expect(topologyProblems([...TOPOLOGY, { ...REPORTS, calledBy: 'billing' }])).toEqual([
      'tier reports: calledBy billing must name a tier declared before it, or cloudfront',
    ]);
    expect(topologyProblems([...TOPOLOGY, { ...REPORTS, subnet: { ...REPORTS.subnet, addressOrder: 3 } }])).toEqual([
      'two subnet tiers share an addressOrder',
    ]);
    expect(() => buildPoc(new App(), config, SOURCES, { topology: [...TOPOLOGY, { ...REPORTS, name: 'app' }] })).toThrow(
      /tier app: declared twice/,
    );
  });

  test("the config schema has one field per tier: the POC's own schema refuses the extra tier, its topology's requires it", () => {
    const raw = { ...rawDefaultConfig(), reports: REPORTS_FIELD };
    expect(pocConfigSchema.safeParse(raw).success).toBe(false);
    const missing = pocConfigSchemaFor(WITH_REPORTS).safeParse(rawDefaultConfig());
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['reports']);
    expect((config as unknown as Record<string, { port: number }>).reports.port).toBe(REPORTS_PORT);
  });

  test('the flows, zones and subnet tiers of the extra tier derive from its entry', () => {
    expect(groupZones(WITH_REPORTS)).toEqual([
      'webAlb',
      'bastion',
      'web',
      'internalAlb',
      'app',
      'reportsAlb',
      'reports',
      'rotation',
      'database',
      'cache',
    ]);
    expect(zoneTiers(config, WITH_REPORTS)).toMatchObject({ reportsAlb: 'reports', reports: 'reports', rotation: 'app' });
    const reportsFlows = intendedFlows(config, WITH_REPORTS)
      .filter((flow) => [flow.from, flow.to].some((zone) => zone.startsWith('reports')))
      .map((flow) => `${flow.from}>${flow.to}:${flow.port}`);
    expect(reportsFlows).toEqual([
      `app>reportsAlb:${REPORTS_PORT}`,
      `reportsAlb>reports:${REPORTS_PORT}`,
      `reports>database:${MYSQL_PORT}`,
      'bastion>reports:22',
      'reports>internet:443',
    ]);
  });
});

describe('a POC built with an extra tier', () => {
  test('the tier gets its own subnets in every AZ, after every existing block', () => {
    const reports = subnetsOf('reports');
    expect(reports).toHaveLength(2);
    expect(reports.map(([, subnet]) => subnet.CidrBlock).sort()).toEqual(['10.40.24.0/24', '10.40.25.0/24']);
    // The other tiers keep their addresses: the web subnets are where the POC's own VPC has them.
    expect(subnetsOf('web').map(([, subnet]) => subnet.CidrBlock)).toEqual(['10.40.4.0/22', '10.40.8.0/22']);
  });

  test('its security groups hold exactly the intended flows', () => {
    const rules = effectiveRules(templates.network, groupZones(WITH_REPORTS));
    expect(rules.reportsAlb).toEqual({ ingress: [`app:tcp/${REPORTS_PORT}`], egress: [`reports:tcp/${REPORTS_PORT}`] });
    expect(rules.reports).toEqual({
      ingress: ['bastion:tcp/22', `reportsAlb:tcp/${REPORTS_PORT}`],
      egress: ['0.0.0.0/0:tcp/443', `database:tcp/${MYSQL_PORT}`],
    });
    expect(rules.app.egress).toContain(`reportsAlb:tcp/${REPORTS_PORT}`);
    expect(rules.database.ingress).toEqual(['app:tcp/3306', 'reports:tcp/3306', 'rotation:tcp/3306']);
    expect(rules.web.egress).not.toContain(`reportsAlb:tcp/${REPORTS_PORT}`);
  });

  test('its NACL admits its port from the app subnets and SSH from the bastions, and lets it reach the database', () => {
    const subnetIds = new Set(subnetsOf('reports').map(([id]) => id));
    const aclIds = new Set(
      Object.values(resourcesOfType(templates.network, 'AWS::EC2::SubnetNetworkAclAssociation'))
        .filter((association) => subnetIds.has((association.Properties?.SubnetId as { Ref: string }).Ref))
        .map((association) => (association.Properties?.NetworkAclId as { Ref: string }).Ref),
    );
    expect(aclIds.size).toBe(1);
    const entries = Object.values(resourcesOfType(templates.network, 'AWS::EC2::NetworkAclEntry'))
      .map((entry) => entry.Properties as Props)
      .filter((entry) => aclIds.has((entry.NetworkAclId as { Ref: string }).Ref))
      .sort((a, b) => Number(a.RuleNumber) - Number(b.RuleNumber));
    // A NACL's verdict: its first entry, by rule number, that matches the address and port.
    const admits = (egress: boolean, cidr: string, port: number) => {
      const match = entries.find((entry) => {
        const range = entry.PortRange as { From: number; To: number };
        return (
          (entry.Egress === true) === egress &&
          ipv4CidrContains(String(entry.CidrBlock), cidr) &&
          range.From <= port &&
          port <= range.To
        );
      });
      return match?.RuleAction === 'allow';
    };
    const cidrs = (tier: string) => subnetsOf(tier).map(([, subnet]) => String(subnet.CidrBlock));
    for (const cidr of cidrs('app')) expect(admits(false, cidr, REPORTS_PORT)).toBe(true);
    for (const cidr of cidrs('public')) expect(admits(false, cidr, 22)).toBe(true);
    for (const cidr of cidrs('data')) expect(admits(true, cidr, MYSQL_PORT)).toBe(true);
    expect(admits(true, '0.0.0.0/0', 443)).toBe(true);
    // Nothing but the flows: no SSH from the web subnets, no MySQL from outside the VPC.
    for (const cidr of cidrs('web')) expect(admits(false, cidr, 22)).toBe(false);
    expect(admits(false, '203.0.113.0/24', MYSQL_PORT)).toBe(false);
    expect(entries.length).toBeGreaterThan(0);
  });

  test('its service: an Auto Scaling group over both AZs, a target group with its health check, a listener, CPU scaling', () => {
    const group = resourcesOfType(templates.app, 'AWS::AutoScaling::AutoScalingGroup')[
      idAt(templates.app, 'AWS::AutoScaling::AutoScalingGroup', '/ReportsTier/Group/ASG')
    ].Properties as Props;
    expect(group.VPCZoneIdentifier).toHaveLength(2);
    expect(group.MinSize).toBe('2');
    expect(group.MaxSize).toBe('4');
    const groupId = idAt(templates.app, 'AWS::AutoScaling::AutoScalingGroup', '/ReportsTier/Group/ASG');
    const targetsId = idAt(templates.app, 'AWS::ElasticLoadBalancingV2::TargetGroup', '/ReportsTargets/Resource');
    templates.app.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: REPORTS_PORT,
      HealthCheckPath: '/reports/health',
    });
    expect(group.TargetGroupARNs).toEqual([{ Ref: targetsId }]);
    const balancerId = idAt(templates.app, 'AWS::ElasticLoadBalancingV2::LoadBalancer', '/ReportsAlb/Resource');
    templates.app.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internal',
      Subnets: Match.anyValue(),
    });
    templates.app.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      LoadBalancerArn: { Ref: balancerId },
      Port: REPORTS_PORT,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: targetsId } }],
    });
    templates.app.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
      AutoScalingGroupName: { Ref: groupId },
      PolicyType: 'TargetTrackingScaling',
    });
  });

  test('its load balancer and fleet are watched: 5xx, latency, unhealthy hosts, CPU and capacity alarms', () => {
    const names = Object.values(resourcesOfType(templates.operations, 'AWS::CloudWatch::Alarm')).map((alarm) =>
      String(alarm.Properties?.AlarmName),
    );
    const prefix = synth.stackNames.operations.replace(/-Operations$/, '');
    expect(names).toEqual(
      expect.arrayContaining([
        `${prefix}-ReportsAlb-5xxRate-Critical`,
        `${prefix}-ReportsAlb-LatencyP99-Critical`,
        `${prefix}-ReportsAlb-UnhealthyHosts-Critical`,
        `${prefix}-ReportsTier-Cpu-Critical`,
        `${prefix}-ReportsTier-InServiceBelowMinimum-Critical`,
      ]),
    );
  });

  test('the model places its instances and load balancer in the new zones, and the POC own tiers where they were', () => {
    const model = loadModel(outdir, { topology: WITH_REPORTS });
    const zoneOf = (suffix: string) =>
      model.placements.endpoints.filter((endpoint) => endpoint.name.endsWith(suffix)).map((endpoint) => endpoint.zone);
    expect(zoneOf('/ReportsTier/Group/ASG')).toEqual(['reports']);
    expect(zoneOf('/ReportsAlb/Resource')).toEqual(['reportsAlb']);
    expect(zoneOf('/AppTier/Group/ASG')).toEqual(['app']);
    expect(zoneOf('/InternalAlb/Resource')).toEqual(['internalAlb']);
    expect(zoneOf('/WebTier/Group/ASG')).toEqual(['web']);
    expect(zoneOf('/WebAlb/Resource')).toEqual(['webAlb']);
  });

  test('the segmentation analysis of its templates finds exactly the flows of its table, the new ones included', () => {
    const analysis = analyzeDirectory(outdir, configKnowledge(config, WITH_REPORTS));
    expect(analysis.intended.filter((verdict) => !verdict.allowed)).toEqual([]);
    expect(analysis.intended.map((verdict) => `${verdict.flow.from}>${verdict.flow.to}`)).toEqual(
      expect.arrayContaining(['app>reportsAlb', 'reportsAlb>reports', 'reports>database']),
    );
    expect(analysis.unexpected).toEqual([]);
    expect(analysis.inventory).toEqual([]);
    expect(analysis.zones.filter((zone) => zone.zone.startsWith('other:'))).toEqual([]);
    expect(analysis.ok).toBe(true);
  });
});
