import { loadModel } from '../../lib/model';
import { renderComplianceMarkdown } from '../../lib/docs/compliance-doc';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Big from 'big.js';
import { analyzeDirectory, configKnowledge, renderMarkdown, zoneLabel } from '../../lib/analysis';
import { formatRange } from '../../lib/model/ranges';
import { ComplianceReport } from '../../lib/compliance/report';
import { estimateCost } from '../../lib/cost/estimate';
import { relaxationsInForce, settingOf, summarizePaths } from '../../lib/docs/relaxations';
import { renderResilienceMarkdown } from '../../lib/resilience/markdown';
import { recoveryObjectives } from '../../lib/resilience/objectives';
import { ROOT } from '../helpers';
import { GeneratedDocs, resourcesOf, section, tableRows, TemplateResource } from './generated';
import { verdictsOfAssembly } from './pci-verdict-fixtures';

/** What config/anycompany-apparel.yaml relaxes: no custom domain (viewer TLS, origin HTTP), SSH to the bastions, the RDS memcached option. */
const DEFAULT_RELAXATIONS = [
  'no `domain`',
  'no `domain`',
  '`management.bastionAccess: ssh`',
  '`database.cache: rds-memcached-option`',
];

/**
 * The documents of the default config, each checked against what the cloud assembly says (read
 * straight from the templates here), the analysis, the compliance report and the price table.
 * drift.test.ts calls it with the documents it generates, so one synthesis serves both.
 */
export function describeDocuments(generated: () => GeneratedDocs): void {
  let docs: GeneratedDocs;
  beforeAll(() => {
    docs = generated();
  });

  const file = (name: string) => docs.files[name];
  const resources = (type: string) => resourcesOf(docs.assemblyDir, type);
  const byRef = (resource: TemplateResource, expression: unknown): TemplateResource | undefined => {
    const ref = expression as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
    const logicalId = ref.Ref ?? ref['Fn::GetAtt']?.[0];
    return logicalId === undefined
      ? undefined
      : resourcesOfAll().find((candidate) => candidate.stack === resource.stack && candidate.logicalId === logicalId);
  };
  let everything: TemplateResource[] | undefined;
  function resourcesOfAll(): TemplateResource[] {
    everything ??= [
      'AWS::EC2::LaunchTemplate',
      'AWS::KMS::Key',
      'AWS::RDS::DBParameterGroup',
      'AWS::AutoScaling::AutoScalingGroup',
      'AWS::RDS::DBInstance',
    ].flatMap(resources);
    return everything;
  }

  describe('ARCHITECTURE.md', () => {
    test('each tier table shows every Auto Scaling group with its launch template instance type and min/max, as the config sets them', () => {
      const groups = resources('AWS::AutoScaling::AutoScalingGroup');
      expect(groups).toHaveLength(3);
      const tiers = { web: docs.config.web, app: docs.config.app };
      const azs = docs.config.network.availabilityZoneCount;
      for (const group of groups) {
        const template = byRef(group, (group.props.LaunchTemplate as { LaunchTemplateId: unknown }).LaunchTemplateId);
        const instanceType = (template?.props.LaunchTemplateData as { InstanceType: string }).InstanceType;
        const tier = group.path.includes('WebTier') ? 'web' : group.path.includes('AppTier') ? 'app' : 'public';
        const row = tableRows(section(file('ARCHITECTURE.md'), `### ${tier} tier`)).find(
          (cells) => cells[0] === `\`${group.path}\``,
        );
        expect(row?.slice(1, 5)).toEqual(['Auto Scaling group', instanceType, group.props.MinSize, group.props.MaxSize]);
        expect([instanceType, Number(group.props.MinSize), Number(group.props.MaxSize)]).toEqual(
          tier === 'public'
            ? ['t4g.nano', azs, azs + 1]
            : [tiers[tier].instanceType, tiers[tier].minCapacity, tiers[tier].maxCapacity],
        );
      }
    });

    test('every subnet of the templates is in its tier table with its CIDR and AZ', () => {
      const subnets = resources('AWS::EC2::Subnet');
      expect(subnets).toHaveLength(5 * docs.config.network.availabilityZoneCount);
      for (const subnet of subnets) {
        const tier = (subnet.props.Tags as { Key: string; Value: string }[]).find(
          (tag) => tag.Key === 'aws-cdk:subnet-name',
        )?.Value;
        const az = (subnet.props.AvailabilityZone as { 'Fn::Select': [number, unknown] })['Fn::Select'][0] + 1;
        const row = tableRows(section(file('ARCHITECTURE.md'), `### ${tier} tier`)).find(
          (cells) => cells[0] === `\`${subnet.path}\``,
        );
        expect(row?.slice(1, 3)).toEqual([`AZ ${az}`, subnet.props.CidrBlock]);
      }
    });

    test('the diagram: SVG rendered from DOT beside it, Mermaid inline, both with every flow of the analysis', () => {
      const analysis = analyzeDirectory(docs.assemblyDir, configKnowledge(docs.config));
      const svg = file('architecture.svg');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).not.toMatch(/<\?xml|<!DOCTYPE|<!--/);
      expect(file('ARCHITECTURE.md')).toContain('![Architecture of the AnyCompany Apparel POC](architecture.svg)');
      const mermaid = /```mermaid\n([\s\S]*?)```/.exec(file('ARCHITECTURE.md'))?.[1] ?? '';
      expect(mermaid.startsWith('flowchart TB\n')).toBe(true);
      for (const flow of analysis.flows) {
        const label = `${flow.protocol} ${formatRange(flow.ports)}`;
        expect(mermaid).toMatch(new RegExp(`zone_${flow.from} -->\\|"[^"]*${label}[^"]*"\\| (zone_${flow.to}|nat)`));
        // Traffic out to the internet is written in the box it leaves (`out: tcp 443 via NAT`), the rest labels an arrow.
        expect([label, svg.includes(`>${label}`) || svg.includes(`>out: ${label} `)]).toEqual([label, true]);
      }
      for (const zone of ['web load balancer', 'web', 'internal ALB', 'app', 'database', 'cache', 'bastion']) {
        expect(svg).toContain(`>${zone}</text>`);
      }
      for (const cidr of resources('AWS::EC2::Subnet').map((subnet) => String(subnet.props.CidrBlock))) {
        expect(svg).toContain(cidr);
        expect(mermaid).toContain(cidr);
      }
    });
  });

  describe('NETWORK.md', () => {
    test('the matrix, design table and zones are the segmentation analysis of the assembly', () => {
      const analysis = analyzeDirectory(docs.assemblyDir, configKnowledge(docs.config));
      expect(analysis.ok).toBe(true);
      expect(file('NETWORK.md')).toContain(renderMarkdown(analysis));
    });

    test('every security group has its section, and every separate ingress rule appears with its description', () => {
      for (const group of resources('AWS::EC2::SecurityGroup')) {
        expect(file('NETWORK.md')).toContain(`### \`${group.path}\``);
      }
      const ingress = resources('AWS::EC2::SecurityGroupIngress');
      expect(ingress.length).toBeGreaterThan(0);
      for (const rule of ingress) {
        const group = resources('AWS::EC2::SecurityGroup').find(
          (candidate) => candidate.logicalId === (rule.props.GroupId as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0],
        );
        const rows = tableRows(section(file('NETWORK.md'), `### \`${group?.path}\``));
        expect(rows).toContainEqual(expect.arrayContaining(['inbound', `tcp ${rule.props.FromPort}`, rule.props.Description]));
      }
    });

    test('every NACL lists each of its entries by rule number, plus the default deny', () => {
      const entries = resources('AWS::EC2::NetworkAclEntry');
      for (const nacl of resources('AWS::EC2::NetworkAcl')) {
        const own = entries.filter((entry) => (entry.props.NetworkAclId as { Ref: string }).Ref === nacl.logicalId);
        const rows = tableRows(section(file('NETWORK.md'), `### \`${nacl.path}\``));
        expect(rows).toHaveLength(own.length + 2);
        for (const entry of own) {
          const direction = entry.props.Egress ? 'outbound' : 'inbound';
          expect(rows).toContainEqual(
            expect.arrayContaining([
              direction,
              String(entry.props.RuleNumber),
              String(entry.props.RuleAction),
              String(entry.props.CidrBlock),
            ]),
          );
        }
      }
    });

    test('every route table has its section with every route of the templates', () => {
      const routes = resources('AWS::EC2::Route');
      for (const table of resources('AWS::EC2::RouteTable')) {
        const text = section(file('NETWORK.md'), `### \`${table.path}\``);
        const own = routes.filter((route) => (route.props.RouteTableId as { Ref: string }).Ref === table.logicalId);
        for (const route of own) expect(text).toContain(`| ${route.props.DestinationCidrBlock} |`);
        expect(text).toContain(`| ${docs.config.network.vpcCidr} | local |`);
      }
    });
  });

  describe('SECURITY.md', () => {
    const report = () => JSON.parse(readFileSync(join(docs.assemblyDir, 'compliance-report.json'), 'utf8')) as ComplianceReport;

    test('every IAM role of the templates has its section', () => {
      const roles = resources('AWS::IAM::Role');
      expect(roles.length).toBeGreaterThan(10);
      for (const role of roles) expect(file('SECURITY.md')).toContain(`### \`${role.path}\``);
    });

    test('the relaxations of the default config, and only those, are listed', () => {
      const relaxations = relaxationsInForce(docs.config);
      expect(relaxations.map(settingOf)).toEqual(DEFAULT_RELAXATIONS);
      const rows = tableRows(section(file('SECURITY.md'), '### From the config'));
      expect(rows.map((row) => row[0])).toEqual(DEFAULT_RELAXATIONS);
      expect(rows).toEqual(relaxations.map((item) => [settingOf(item), item.relaxation, item.remedy]));
    });

    test('every acknowledged finding of an enforced pack is listed with its reason and resource', () => {
      const text = section(file('SECURITY.md'), '### Accepted compliance findings');
      const acknowledged = report()
        .packs.filter((pack) => pack.mode === 'enforced')
        .flatMap((pack) => pack.rules.flatMap((rule) => rule.acknowledged.map((ack) => ({ rule: rule.rule, ...ack }))));
      expect(acknowledged.length).toBeGreaterThan(20);
      for (const ack of acknowledged) {
        const row = tableRows(text).find((cells) => cells[2] === ack.reason.replace(/\|/g, '\\|'));
        expect(row?.[1]).toContain(`\`${ack.rule}\``);
        const resource = ack.resource.replace(/\/Resource$/, '');
        const shown = summarizePaths([resource])[0];
        const parent = resource.slice(0, resource.lastIndexOf('/'));
        expect(row?.[0].includes(`\`${shown}\``) || row?.[0].includes(`\`${parent}/* (`)).toBe(true);
      }
    });

    test('encryption at rest: the database with the key its KmsKeyId names, every bucket, log group and vault', () => {
      const rows = tableRows(section(file('SECURITY.md'), '## Encryption at rest'));
      const [database] = resources('AWS::RDS::DBInstance');
      const key = byRef(database, database.props.KmsKeyId);
      expect(rows).toContainEqual([`\`${database.path}\``, expect.stringContaining('RDS'), 'KMS', `\`${key?.path}\``]);
      for (const type of ['AWS::S3::Bucket', 'AWS::Logs::LogGroup', 'AWS::Backup::BackupVault', 'AWS::SecretsManager::Secret']) {
        for (const store of resources(type)) expect(rows.map((row) => row[0])).toContain(`\`${store.path}\``);
      }
    });

    test('encryption in transit: a row per allowed flow; the database hop reads require_secure_transport from the parameter group', () => {
      const analysis = analyzeDirectory(docs.assemblyDir, configKnowledge(docs.config));
      const rows = tableRows(section(file('SECURITY.md'), '## Encryption in transit'));
      expect(rows.map((row) => `${row[0]} ${row[1]}`)).toEqual(
        analysis.flows.map(
          (flow) => `${zoneLabel(flow.from)} -> ${zoneLabel(flow.to)} ${flow.protocol} ${formatRange(flow.ports)}`,
        ),
      );
      const [parameters] = resources('AWS::RDS::DBParameterGroup');
      const value = (parameters.props.Parameters as Record<string, string>).require_secure_transport;
      expect(rows.find((row) => row[0] === 'app -> database')?.[2]).toContain(`require_secure_transport=${value}`);
      expect(rows.find((row) => row[0] === 'app -> cache')?.[2]).toContain('no TLS');
    });

    test('encryption in transit: the CloudFront hop says exactly what the VPC origin does', () => {
      const rows = tableRows(section(file('SECURITY.md'), '## Encryption in transit'));
      const hop = rows.find((row) => row[0] === 'CloudFront -> web load balancer')?.[2] ?? '';
      const [vpcOrigin] = resources('AWS::CloudFront::VpcOrigin');
      const policy = (vpcOrigin.props.VpcOriginEndpointConfig as { OriginProtocolPolicy: string }).OriginProtocolPolicy;
      expect(hop).toContain(`origin protocol policy ${policy}`);
      expect(hop).toContain(`through the VPC origin \`${vpcOrigin.path.replace(/\/Resource$/, '')}\``);
      expect(hop).toContain("AWS's network to a private address, never the internet");
      expect(hop).toMatch(policy === 'https-only' ? /^TLS/ : /^\*\*plain HTTP, not encrypted\*\*/);
    });

    test('public endpoints: no load balancer; CloudFront and the bastions with public IPs only', () => {
      const rows = tableRows(section(file('SECURITY.md'), '## Public endpoints'));
      const internetFacing = resources('AWS::ElasticLoadBalancingV2::LoadBalancer').filter(
        (lb) => lb.props.Scheme === 'internet-facing',
      );
      expect(internetFacing).toEqual([]);
      const publicInstances = resources('AWS::AutoScaling::AutoScalingGroup').filter((group) => {
        const template = byRef(group, (group.props.LaunchTemplate as { LaunchTemplateId: unknown }).LaunchTemplateId);
        const data = template?.props.LaunchTemplateData as { NetworkInterfaces?: { AssociatePublicIpAddress?: boolean }[] };
        return data.NetworkInterfaces?.[0].AssociatePublicIpAddress === true;
      });
      expect(publicInstances).toHaveLength(1);
      const distributions = resources('AWS::CloudFront::Distribution');
      expect(rows.map((row) => row[0]).sort()).toEqual(
        [...internetFacing, ...publicInstances, ...distributions].map((resource) => `\`${resource.path}\``).sort(),
      );
    });

    test('every KMS key is listed with what uses it', () => {
      const rows = tableRows(section(file('SECURITY.md'), '## KMS keys'));
      const keys = resources('AWS::KMS::Key');
      expect(rows.map((row) => row[0]).sort()).toEqual(keys.map((key) => `\`${key.path}\``).sort());
      const [database] = resources('AWS::RDS::DBInstance');
      const key = byRef(database, database.props.KmsKeyId);
      expect(rows.find((row) => row[0] === `\`${key?.path}\``)?.[3]).toContain(`\`${database.path}\` (RDS::DBInstance)`);
    });
  });

  describe('RESILIENCE.md', () => {
    test('is the RTO/RPO model of the config', () => {
      expect(file('RESILIENCE.md')).toBe(
        renderResilienceMarkdown(recoveryObjectives(loadModel(docs.assemblyDir), docs.config), docs.config),
      );
      expect(file('RESILIENCE.md')).toContain('| Component | Loss of one AZ: RTO | RPO | Loss of the region: RTO | RPO |');
    });
  });

  describe('COST.md', () => {
    const table = JSON.parse(readFileSync(join(ROOT, 'data/prices/aws-on-demand-2026-11.json'), 'utf8')) as {
      hoursPerMonth: number;
      regions: Record<
        string,
        { ec2: { prices: Record<string, { usd: number }> }; rdsMysql: { prices: Record<string, { usd: number }> } }
      >;
    };
    const usd = (text: string) => Number(text.replace(/[$,*]/g, ''));
    const cents = (quantity: number, price: number) =>
      Number(new Big(quantity).times(price).round(2, Big.roundHalfUp).toFixed(2));
    const lines = () => tableRows(section(file('COST.md'), '## Cost per line'));

    test('is priced in eu-west-3: the default config is environment-agnostic', () => {
      expect(file('COST.md')).toContain('`eu-west-3` (Europe (Paris)): the stacks are environment-agnostic');
    });

    test('each EC2 tier line is MinSize/MaxSize x 730 h x the price table unit price of its instance type', () => {
      const prices = table.regions['eu-west-3'].ec2.prices;
      for (const group of resources('AWS::AutoScaling::AutoScalingGroup')) {
        const template = byRef(group, (group.props.LaunchTemplate as { LaunchTemplateId: unknown }).LaunchTemplateId);
        const instanceType = (template?.props.LaunchTemplateData as { InstanceType: string }).InstanceType;
        const name = group.path.split('/').slice(1).join('/');
        const row = lines().find((cells) => cells[1].endsWith(name));
        const price = prices[instanceType].usd;
        const min = Number(group.props.MinSize) * table.hoursPerMonth;
        const max = Number(group.props.MaxSize) * table.hoursPerMonth;
        expect(row?.[2]).toMatch(new RegExp(`^\\$${price} / instance-hour`));
        expect(row?.[3]).toMatch(
          /^(verified: Price List SKU `[A-Z0-9]+`, offer of \d{4}-\d\d-\d\d|not verified \(`[a-z0-9-]+`\))$/,
        );
        expect([usd(row?.[4] ?? ''), usd(row?.[5] ?? ''), usd(row?.[6] ?? ''), usd(row?.[7] ?? '')]).toEqual([
          min,
          cents(min, price),
          max,
          cents(max, price),
        ]);
      }
    });

    test('the RDS instance line is primary + standby x 730 h x the price table unit price of the DB class', () => {
      const [database] = resources('AWS::RDS::DBInstance');
      const price = table.regions['eu-west-3'].rdsMysql.prices[String(database.props.DBInstanceClass)].usd;
      const instances = database.props.MultiAZ ? 2 : 1;
      const row = lines().find((cells) => cells[0] === 'Amazon RDS' && cells[2].endsWith('/ instance-hour'));
      expect(usd(row?.[5] ?? '')).toBe(cents(instances * table.hoursPerMonth, price));
    });

    test('the totals add the lines', () => {
      const rows = lines();
      const total = rows.find((cells) => cells[0] === '**total**');
      const priced = rows.filter((cells) => cells[0] !== '**total**');
      const sum = (column: number) => Number(priced.reduce((acc, cells) => acc.plus(usd(cells[column])), new Big(0)).toFixed(2));
      expect([usd(total?.[5] ?? ''), usd(total?.[7] ?? '')]).toEqual([sum(5), sum(7)]);
    });

    test('compares with the lean compliant config priced in the same region', () => {
      expect(docs.comparisonAssemblyDir).toBeDefined();
      expect(resourcesOf(docs.comparisonAssemblyDir ?? '', 'AWS::EC2::VPC')[0].stack).toBe('LeanCompliant-Network');
      const lean = estimateCost(docs.comparisonAssemblyDir ?? '', { region: 'eu-west-3' });
      const rows = tableRows(section(file('COST.md'), '## Cheapest compliant configuration compared'));
      const format = (value: number) =>
        `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
      expect(rows[0].slice(0, 3)).toEqual(['minimum scale', expect.any(String), format(lean.totals.min)]);
      expect(rows[1].slice(0, 3)).toEqual(['maximum scale', expect.any(String), format(lean.totals.max)]);
      expect(file('COST.md')).toContain('`config/examples/lean-compliant.yaml` keeps the security controls');
      expect(file('COST.md')).not.toContain('is priced in `eu-west-3`, the cheaper one in');
    });
  });

  describe('COMPLIANCE.md', () => {
    test('is the rendering of the compliance report in the assembly, and lists every pack of it', () => {
      const report = JSON.parse(readFileSync(join(docs.assemblyDir, 'compliance-report.json'), 'utf8')) as ComplianceReport;
      expect(file('COMPLIANCE.md')).toBe(
        renderComplianceMarkdown({
          report,
          config: docs.config,
          poc: loadModel(docs.assemblyDir),
          verdicts: verdictsOfAssembly(docs.assemblyDir, docs.config),
        }),
      );
      for (const pack of report.packs) expect(file('COMPLIANCE.md')).toContain(pack.pack);
    });

    test('lists the same relaxations as SECURITY.md, with their competency items', () => {
      const rows = tableRows(section(file('COMPLIANCE.md'), '## Relaxations in force'));
      expect(rows.map((row) => row.slice(0, 2))).toEqual([
        ['`domain`', 'not set'],
        ['`domain`', 'not set'],
        ['`management.bastionAccess`', '`ssh`'],
        ['`database.cache`', '`rds-memcached-option`'],
      ]);
      const security = tableRows(section(file('SECURITY.md'), '### From the config'));
      expect(rows.map((row) => row.slice(2, 4))).toEqual(security.map((row) => row.slice(1, 3)));
      expect(rows.map((row) => row[4])).toEqual(['2.11', '2.11', '2.2, 2.12', '2.11']);
    });
  });

  describe('index.html', () => {
    test('holds every document, the diagram inline and nothing external', () => {
      const html = file('index.html');
      for (const id of ['architecture', 'network', 'security', 'compliance', 'resilience', 'cost']) {
        expect(html).toContain(`<section class="document" id="doc-${id}">`);
      }
      expect(html).toContain(`<figure class="diagram">\n${file('architecture.svg').trim()}\n</figure>`);
      expect(html).not.toMatch(/<script|<link|<img|src="http/);
    });
  });
}
