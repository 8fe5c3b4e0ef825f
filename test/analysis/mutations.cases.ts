import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Analysis, analyzeDirectory } from '../../lib/analysis/analyze';
import { configKnowledge, ConfigKnowledge } from '../../lib/analysis/intended';
import { formatRule } from '../../lib/model';
import { describeFlow } from '../../lib/analysis/render';
import { loadConfigFile } from '../../lib/config/load';
import { DEFAULT_CONFIG_FILE } from '../helpers';
import { assemblyDirectory } from '../support/assemblies';

/**
 * Classic segmentation mistakes, each made in a copy of the default assembly: the analysis must
 * flag every one and name the resource responsible. The unmutated copy is clean, so each finding
 * below comes from its mutation.
 */

const NETWORK = 'AnyCompanyApparel-Network';
const APP = 'AnyCompanyApparel-App';
const DATABASE_GROUP = 'SecurityGroupsDatabase03711F2A';
const WEB_GROUP = 'SecurityGroupsWebAE39F2C2';
const APP_GROUP = 'SecurityGroupsApp30A4AF97';
const WEB_NACL = 'NaclWebB1D3DCAD';
const DATA_NACL = 'NaclDataDE7BE830';
const BASTION_GROUP = 'SecurityGroupsBastionAEA55F6D';
const BASTION_LAUNCH_TEMPLATE = 'BastionsLaunchTemplateCE748AAB';
const BASTION_ASG = 'BastionsGroupASG75D778C3';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, unknown> }>;
interface Template {
  Resources: Resources;
}

let knowledge: ConfigKnowledge;
const workDirectories: string[] = [];

beforeAll(() => {
  knowledge = configKnowledge(loadConfigFile(DEFAULT_CONFIG_FILE));
});

afterAll(() => {
  for (const directory of workDirectories) rmSync(directory, { recursive: true, force: true });
});

/** A copy of the default assembly with `mutate` applied to its templates (by stack name), analysed. */
function analyzeMutated(mutate: (templates: Record<string, Template>) => void): Analysis {
  const directory = mkdtempSync(join(tmpdir(), 'pci-mutation-'));
  workDirectories.push(directory);
  cpSync(assemblyDirectory('default'), directory, {
    recursive: true,
    filter: (source) => !source.includes('asset.'),
  });
  const files = readdirSync(directory).filter((file) => file.endsWith('.template.json'));
  const templates = Object.fromEntries(
    files.map((file) => [
      file.replace(/\.template\.json$/, ''),
      JSON.parse(readFileSync(join(directory, file), 'utf8')) as Template,
    ]),
  );
  mutate(templates);
  for (const file of files) {
    writeFileSync(join(directory, file), JSON.stringify(templates[file.replace(/\.template\.json$/, '')]));
  }
  return analyzeDirectory(directory, knowledge);
}

/** How the App stack imports a resource of the Network stack (the export whose value names it). */
function importOf(templates: Record<string, Template>, logicalId: string): object {
  const outputs = (templates[NETWORK] as Template & { Outputs: Record<string, { Value: unknown; Export?: { Name: string } }> })
    .Outputs;
  const output = Object.values(outputs).find(
    (candidate) => candidate.Export && JSON.stringify(candidate.Value).includes(`"${logicalId}"`),
  );
  if (!output?.Export) throw new Error(`the Network stack exports no value of ${logicalId}`);
  return { 'Fn::ImportValue': output.Export.Name };
}

function naclEntry(
  nacl: string,
  ruleNumber: number,
  egress: boolean,
  protocol: number,
  from: number,
  to: number,
  cidr = '0.0.0.0/0',
) {
  return {
    Type: 'AWS::EC2::NetworkAclEntry',
    Properties: {
      NetworkAclId: { Ref: nacl },
      RuleNumber: ruleNumber,
      Egress: egress,
      Protocol: protocol,
      PortRange: { From: from, To: to },
      CidrBlock: cidr,
      RuleAction: 'allow',
    },
  };
}

function addInline(resources: Resources, group: string, direction: 'SecurityGroupIngress' | 'SecurityGroupEgress', rule: object) {
  const properties = resources[group].Properties;
  properties[direction] = [...((properties[direction] as object[] | undefined) ?? []), rule];
}

const unexpectedFlow = (analysis: Analysis, flow: string) => {
  const found = analysis.unexpected.find((candidate) => describeFlow(candidate) === flow);
  return found?.rules.map(formatRule) ?? [];
};

test('the unmutated copy is clean', () => {
  const analysis = analyzeMutated(() => undefined);
  expect(analysis.ok).toBe(true);
  expect(analysis.inventory).toEqual([]);
  expect(analysis.unchecked).toEqual([]);
});

describe('a rule opened in every layer from 0.0.0.0/0 to the data tier', () => {
  test('TCP 3306 (with its reply path): web -> database is flagged with each layer that lets it through', () => {
    const analysis = analyzeMutated((templates) => {
      const resources = templates[NETWORK].Resources;
      addInline(resources, WEB_GROUP, 'SecurityGroupEgress', {
        IpProtocol: 'tcp',
        FromPort: 3306,
        ToPort: 3306,
        CidrIp: '0.0.0.0/0',
      });
      addInline(resources, DATABASE_GROUP, 'SecurityGroupIngress', {
        IpProtocol: 'tcp',
        FromPort: 3306,
        ToPort: 3306,
        CidrIp: '0.0.0.0/0',
      });
      resources.MutationWebOut = naclEntry(WEB_NACL, 50, true, 6, 3306, 3306);
      resources.MutationWebReplyIn = naclEntry(WEB_NACL, 51, false, 6, 1024, 65535);
      resources.MutationDataIn = naclEntry(DATA_NACL, 50, false, 6, 3306, 3306);
      resources.MutationDataReplyOut = naclEntry(DATA_NACL, 51, true, 6, 1024, 65535);
    });
    expect(analysis.ok).toBe(false);
    const rules = unexpectedFlow(analysis, 'web -> database tcp 3306');
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`${NETWORK}/${DATABASE_GROUP} SecurityGroupIngress[0]`),
        expect.stringContaining(`${NETWORK}/${WEB_GROUP} SecurityGroupEgress[1]`),
        expect.stringContaining(`${NETWORK}/MutationDataIn rule 50`),
      ]),
    );
  });

  test('UDP 11211 forward only (the reply blocked): delivered one way, so web -> database is flagged', () => {
    const analysis = analyzeMutated((templates) => {
      const resources = templates[NETWORK].Resources;
      addInline(resources, WEB_GROUP, 'SecurityGroupEgress', {
        IpProtocol: 'udp',
        FromPort: 11211,
        ToPort: 11211,
        CidrIp: '0.0.0.0/0',
      });
      addInline(resources, DATABASE_GROUP, 'SecurityGroupIngress', {
        IpProtocol: 'udp',
        FromPort: 11211,
        ToPort: 11211,
        CidrIp: '0.0.0.0/0',
      });
      resources.MutationWebOut = naclEntry(WEB_NACL, 50, true, 17, 11211, 11211);
      resources.MutationDataIn = naclEntry(DATA_NACL, 50, false, 17, 11211, 11211);
    });
    expect(analysis.ok).toBe(false);
    expect(unexpectedFlow(analysis, 'web -> database udp 11211')).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`${NETWORK}/${DATABASE_GROUP} SecurityGroupIngress[0]`),
        expect.stringContaining(`${NETWORK}/MutationDataIn rule 50`),
      ]),
    );
  });
});

test('a designed rule removed: app -> database 3306 is reported blocked, naming the database group', () => {
  const analysis = analyzeMutated((templates) => {
    const resources = templates[NETWORK].Resources;
    const removed = Object.keys(resources).filter(
      (id) =>
        resources[id].Type === 'AWS::EC2::SecurityGroupIngress' &&
        JSON.stringify(resources[id].Properties.GroupId).includes(DATABASE_GROUP) &&
        JSON.stringify(resources[id].Properties.SourceSecurityGroupId).includes(APP_GROUP),
    );
    expect(removed).toHaveLength(1);
    delete resources[removed[0]];
  });
  expect(analysis.ok).toBe(false);
  const blocked = analysis.intended.filter((verdict) => !verdict.allowed);
  expect(
    blocked.map((verdict) => describeFlow({ ...verdict.flow, ports: { from: verdict.flow.port, to: verdict.flow.port } })),
  ).toEqual(['app -> database tcp 3306']);
  expect(blocked[0].reasons.join('\n')).toContain(DATABASE_GROUP);
});

test('a route out of a data subnet (to a NAT gateway) is flagged with the route', () => {
  const analysis = analyzeMutated((templates) => {
    const resources = templates[NETWORK].Resources;
    const association = Object.values(resources).find(
      (resource) =>
        resource.Type === 'AWS::EC2::SubnetRouteTableAssociation' &&
        JSON.stringify(resource.Properties.SubnetId).includes('dataSubnet1'),
    );
    const nat = Object.keys(resources).find((id) => resources[id].Type === 'AWS::EC2::NatGateway');
    expect(association && nat).toBeTruthy();
    resources.MutationDataDefaultRoute = {
      Type: 'AWS::EC2::Route',
      Properties: {
        RouteTableId: association?.Properties.RouteTableId,
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: { Ref: nat },
      },
    };
  });
  expect(analysis.ok).toBe(false);
  expect(analysis.isolation.map((finding) => finding.rule.logicalId)).toContain('MutationDataDefaultRoute');
});

test('a second security group on the bastions is flagged with their group', () => {
  const analysis = analyzeMutated((templates) => {
    const launch = templates[APP].Resources[BASTION_LAUNCH_TEMPLATE];
    const data = launch.Properties.LaunchTemplateData as { NetworkInterfaces: { Groups: unknown[] }[] };
    data.NetworkInterfaces[0].Groups.push(importOf(templates, APP_GROUP));
  });
  expect(analysis.ok).toBe(false);
  expect(
    analysis.inventory.map((finding) => [finding.zone, finding.resources, finding.problem.replace(/\(.*\)/, '(...)')]),
  ).toEqual([
    ['bastion', [`${APP}/Bastions/Group/ASG`], 'wears 2 security groups (...); the design gives each zone one group'],
    [
      'app',
      [`${APP}/AppTier/Group/ASG`, `${APP}/Bastions/Group/ASG`],
      `security group ${NETWORK}/${APP_GROUP} is worn by the app, bastion zones; the design gives each zone its own group`,
    ],
  ]);
});

describe('bastions per AZ', () => {
  test('an extra instance wearing the bastion group in a bastion subnet: more bastions than one per AZ, the extra one named', () => {
    const analysis = analyzeMutated((templates) => {
      templates[APP].Resources.ExtraInstance = {
        Type: 'AWS::EC2::Instance',
        Properties: {
          ImageId: 'ami-12345678',
          InstanceType: 't4g.nano',
          NetworkInterfaces: [
            {
              DeviceIndex: '0',
              SubnetId: importOf(templates, 'NetworkVpcpublicSubnet1Subnet00617657'),
              GroupSet: [importOf(templates, BASTION_GROUP)],
            },
          ],
        },
        Metadata: { 'aws:cdk:path': `${APP}/Extra/Resource` },
      };
    });
    expect(analysis.ok).toBe(false);
    expect(analysis.inventory).toEqual([
      expect.objectContaining({ zone: 'bastion', resources: expect.arrayContaining([`${APP}/Extra/Resource`]) }),
    ]);
  });

  test('the bastion group left out of an AZ: the AZ without a bastion is named', () => {
    const analysis = analyzeMutated((templates) => {
      const group = templates[APP].Resources[BASTION_ASG];
      group.Properties.VPCZoneIdentifier = (group.Properties.VPCZoneIdentifier as unknown[]).slice(0, 1);
    });
    expect(analysis.ok).toBe(false);
    expect(analysis.inventory.map((finding) => finding.problem).join('\n')).toMatch(/publicSubnet2/);
  });
});

test('a prefix-list source the analysis cannot resolve is flagged with its rule', () => {
  const analysis = analyzeMutated((templates) => {
    addInline(templates[NETWORK].Resources, DATABASE_GROUP, 'SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 3306,
      ToPort: 3306,
      SourcePrefixListId: 'pl-0123456789abcdef0',
    });
  });
  expect(analysis.ok).toBe(false);
  expect(analysis.unchecked.map((finding) => formatRule(finding.rule))).toEqual([
    expect.stringContaining(`${NETWORK}/${DATABASE_GROUP} SecurityGroupIngress[0]`),
  ]);
});

test('an IPv6 source (::/0) is flagged with its rule', () => {
  const analysis = analyzeMutated((templates) => {
    addInline(templates[NETWORK].Resources, DATABASE_GROUP, 'SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 3306,
      ToPort: 3306,
      CidrIpv6: '::/0',
    });
  });
  expect(analysis.ok).toBe(false);
  expect(analysis.unchecked.map((finding) => formatRule(finding.rule))).toEqual([
    expect.stringContaining(`${NETWORK}/${DATABASE_GROUP} SecurityGroupIngress[0]`),
  ]);
});
