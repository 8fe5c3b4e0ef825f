import { renderMarkdown, zoneLabel } from '../analysis';
import { describeTraffic, NaclEntry, SgRule } from '../model';
import { formatAddressRange } from '../model/ranges';
import { byName, DocsModel, nameOf, nameOfKey, resourcesOfType, sortedSubnets, subnetAz, subnetTier } from './assembly-model';
import { cell, code, GENERATED_NOTE } from './markdown';

/**
 * NETWORK.md: the who-can-reach-whom matrix of the segmentation analysis, then what it is
 * computed from: every security group and its rules, every network ACL and its entries, every
 * route table.
 */
export function renderNetworkMarkdown(model: DocsModel): string {
  const lines = [
    `# Network of the ${model.config.customer.name} POC`,
    '',
    GENERATED_NOTE,
    '',
    'The matrix and the design table come from the segmentation analysis (`npm run analyze`); the sections after them list the',
    'rules it reads.',
    '',
    renderMarkdown(model.analysis).trimEnd(),
    '',
    ...vpcSection(model),
    ...securityGroupsSection(model),
    ...naclSection(model),
    ...routeTableSection(model),
  ];
  return `${lines.join('\n')}\n`;
}

function vpcSection(model: DocsModel): string[] {
  const { poc } = model;
  const lines = ['## VPC and subnets', ''];
  for (const vpc of resourcesOfType(model, 'AWS::EC2::VPC')) {
    const cidrs = model.network.vpcs.get(vpc.key)?.cidrs.map(formatAddressRange).join(', ') ?? '?';
    const gateway = model.network.vpcs.get(vpc.key)?.hasInternetGateway ? 'an internet gateway' : 'no internet gateway';
    const flowLogs = byName(poc.flowLogs).filter((log) => log.resource === vpc.key);
    const endpoints = byName(poc.vpcEndpoints).filter((endpoint) => endpoint.vpc === vpc.key);
    lines.push(
      `- ${code(nameOf(vpc))}: ${cidrs}, ${gateway}.`,
      `- Flow logs: ${
        flowLogs.map((log) => `${log.trafficType ?? '?'} traffic to ${log.destinationType ?? '?'}`).join('; ') || 'none'
      }.`,
      `- VPC endpoints: ${
        endpoints.map((endpoint) => `${endpoint.serviceName ?? endpoint.servicePattern} (${endpoint.endpointType})`).join('; ') ||
        'none'
      }.`,
    );
  }
  const nats = byName(poc.natGateways);
  lines.push(
    `- NAT gateways: ${
      nats
        .map((nat) => {
          const subnet = model.network.subnets.get(nat.subnet ?? '');
          return `${code(nameOf(nat.source))} in ${subnet ? `${subnetAz(subnet)} (${formatAddressRange(subnet.cidr)})` : '?'}`;
        })
        .join('; ') || 'none'
    }.`,
    '',
    '| subnet | tier | AZ | CIDR | public IP on launch | route table | network ACL |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...sortedSubnets(model).map(
      (subnet) =>
        `| ${code(nameOfKey(model, subnet.key))} | ${subnetTier(subnet)} | ${subnetAz(subnet)} | ${formatAddressRange(subnet.cidr)} | ${subnet.mapPublicIpOnLaunch ? 'yes' : 'no'} | ${code(nameOfKey(model, subnet.routeTable.key))} | ${code(nameOfKey(model, subnet.nacl.key))} |`,
    ),
    '',
  );
  return lines;
}

function securityGroupsSection(model: DocsModel): string[] {
  const lines = [
    '## Security groups',
    '',
    'Every rule of every group, inline or declared as a separate resource; a group without egress rules keeps the EC2',
    'default allow-all egress rule, listed as such. Rules that differ only by CIDR share a row.',
    '',
  ];
  for (const resource of byName(model.poc.securityGroups)) {
    const entry = resource.source;
    const group = model.network.groups.get(entry.key);
    if (!group) continue;
    const wearers = model.placements.endpoints.filter((endpoint) => endpoint.groups.some((worn) => worn.key === entry.key));
    lines.push(
      `### ${code(nameOf(entry))}`,
      '',
      `${resource.description ?? ''}`.trim() || '(no description)',
      '',
      `Worn by: ${
        wearers.map((endpoint) => `${code(endpoint.name.replace(/\/Resource$/, ''))} (${zoneLabel(endpoint.zone)})`).join(', ') ||
        'no resource of the assembly'
      }.`,
      '',
      '| direction | traffic | peer | description |',
      '| --- | --- | --- | --- |',
      ...sgRows(model, 'inbound', group.ingress),
      ...sgRows(model, 'outbound', group.egress),
      '',
    );
  }
  return lines;
}

function sgRows(model: DocsModel, direction: string, rules: readonly SgRule[]): string[] {
  if (rules.length === 0) return [`| ${direction} | none | | |`];
  const rows = new Map<string, { traffic: string; peers: string[]; description: string }>();
  for (const rule of rules) {
    const traffic = describeTraffic(rule.protocol, rule.ports);
    const description = ruleDescription(model, rule);
    const peer =
      rule.peer.kind === 'cidr'
        ? formatAddressRange(rule.peer.range)
        : rule.peer.kind === 'group'
          ? `security group ${code(nameOfKey(model, rule.peer.key))}`
          : `prefix list ${rule.peer.list.id}`;
    const key = rule.peer.kind === 'cidr' ? `${traffic}\u0000${description}` : `${traffic}\u0000${description}\u0000${peer}`;
    const row = rows.get(key) ?? { traffic, peers: [], description };
    row.peers.push(peer);
    rows.set(key, row);
  }
  return [...rows.values()].map(
    (row) => `| ${direction} | ${row.traffic} | ${cell(row.peers.join(', '))} | ${cell(row.description)} |`,
  );
}

/** The Description the template gives the rule (inline entry or separate resource), or what the analysis says of an implicit one. */
function ruleDescription(model: DocsModel, rule: SgRule): string {
  if (!model.poc.resource(`${rule.rule.stack}/${rule.rule.logicalId}`)) return '';
  if (rule.rule.entry === 'default egress rule') return 'implicit: no egress rule declared';
  return model.poc.ruleDescription(rule.rule) ?? '';
}

function naclSection(model: DocsModel): string[] {
  const lines = [
    '## Network ACLs',
    '',
    'Stateless, evaluated in rule-number order, first match wins; what no rule matches is denied (`*`). Replies to clients',
    'use the ephemeral ports 1024-65535, so each tier allows them explicitly in the direction of the reply.',
    '',
  ];
  const nacls = new Map([...model.network.subnets.values()].map((subnet) => [subnet.nacl.key, subnet.nacl]));
  for (const nacl of [...nacls.values()].sort((a, b) => nameOfKey(model, a.key).localeCompare(nameOfKey(model, b.key)))) {
    const subnets = sortedSubnets(model).filter((subnet) => subnet.nacl.key === nacl.key);
    const ordered = [...nacl.entries].sort((a, b) => Number(a.egress) - Number(b.egress) || a.ruleNumber - b.ruleNumber);
    lines.push(
      `### ${code(nameOfKey(model, nacl.key))}`,
      '',
      `Subnets: ${subnets.map((subnet) => `${subnetTier(subnet)} ${subnetAz(subnet)} ${formatAddressRange(subnet.cidr)}`).join(', ')}.`,
      '',
      '| direction | rule | action | traffic | CIDR |',
      '| --- | ---: | --- | --- | --- |',
      ...ordered.map(naclRow),
      '| inbound | * | deny | all traffic | 0.0.0.0/0 |',
      '| outbound | * | deny | all traffic | 0.0.0.0/0 |',
      '',
    );
  }
  return lines;
}

function naclRow(entry: NaclEntry): string {
  return `| ${entry.egress ? 'outbound' : 'inbound'} | ${entry.ruleNumber} | ${entry.allow ? 'allow' : 'deny'} | ${describeTraffic(entry.protocol, entry.ports)} | ${formatAddressRange(entry.cidr)} |`;
}

function routeTableSection(model: DocsModel): string[] {
  const lines = ['## Route tables', ''];
  const tables = new Map([...model.network.subnets.values()].map((subnet) => [subnet.routeTable.key, subnet.routeTable]));
  for (const table of [...tables.values()].sort((a, b) => nameOfKey(model, a.key).localeCompare(nameOfKey(model, b.key)))) {
    const subnets = sortedSubnets(model).filter((subnet) => subnet.routeTable.key === table.key);
    lines.push(
      `### ${code(nameOfKey(model, table.key))}`,
      '',
      `Subnets: ${subnets.map((subnet) => `${subnetTier(subnet)} ${subnetAz(subnet)} ${formatAddressRange(subnet.cidr)}`).join(', ')}.`,
      '',
      '| destination | target |',
      '| --- | --- |',
      ...table.routes.map((route) => {
        const target =
          route.target.kind === 'local'
            ? 'local'
            : route.target.kind === 'internet-gateway'
              ? `internet gateway ${code(nameOfKey(model, route.target.id))}`
              : route.target.kind === 'nat-gateway'
                ? `NAT gateway ${code(nameOfKey(model, route.target.nat.key))}`
                : route.target.description;
        return `| ${formatAddressRange(route.destination)} | ${target} |`;
      }),
      ...gatewayEndpointRows(model, table.key),
      '',
    );
  }
  return lines;
}

/** Gateway VPC endpoints add a route to their service's prefix list in the tables they name. */
function gatewayEndpointRows(model: DocsModel, tableKey: string): string[] {
  return byName(model.poc.vpcEndpoints)
    .filter((endpoint) => endpoint.routeTables.includes(tableKey))
    .map((endpoint) => `| prefix list of ${endpoint.servicePattern} | gateway endpoint ${code(nameOf(endpoint.source))} |`);
}
