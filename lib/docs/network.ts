import { renderMarkdown, zoneLabel } from '../analysis';
import { DocsModel } from './assembly-model';
import { architectNotes, cell, code, GENERATED_NOTE, SOURCE_NOTE } from './markdown';
import { collectNetwork, NaclRows, NetworkRows, Peer, RouteTableRows, RouteTarget, SecurityGroupRows } from './network-rows';

/**
 * NETWORK.md: the who-can-reach-whom matrix of the segmentation analysis, then what it is
 * computed from (`collectNetwork`): every security group and its rules, every network ACL and its
 * entries, every route table.
 */
export function renderNetworkMarkdown(model: DocsModel): string {
  const rows = collectNetwork(model);
  const lines = [
    `# Network of the ${model.config.customer.name} POC`,
    '',
    SOURCE_NOTE,
    '',
    'The matrix and the design table come from the segmentation analysis of the templates; the sections after them list the',
    'rules it reads.',
    '',
    renderMarkdown(model.analysis).trimEnd(),
    '',
    ...vpcSection(rows),
    ...securityGroupsSection(rows.securityGroups),
    ...naclSection(rows.nacls),
    ...routeTableSection(rows.routeTables),
    '',
    ...architectNotes([GENERATED_NOTE, '`npm run analyze` prints the segmentation analysis of an assembly alone.']),
  ];
  return `${lines.join('\n')}\n`;
}

function vpcSection(rows: NetworkRows): string[] {
  const lines = ['## VPC and subnets', ''];
  for (const vpc of rows.vpcs) {
    lines.push(
      `- ${code(vpc.name)}: ${vpc.cidrs}, ${vpc.internetGateway ? 'an internet gateway' : 'no internet gateway'}.`,
      `- Flow logs: ${vpc.flowLogs.join('; ') || 'none'}.`,
      `- VPC endpoints: ${vpc.endpoints.join('; ') || 'none'}.`,
    );
  }
  lines.push(
    `- NAT gateways: ${rows.natGateways.map((nat) => `${code(nat.name)} in ${nat.placement}`).join('; ') || 'none'}.`,
    '',
    '| subnet | tier | AZ | CIDR | public IP on launch | route table | network ACL |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.subnets.map(
      (subnet) =>
        `| ${code(subnet.name)} | ${subnet.tier} | ${subnet.az} | ${subnet.cidr} | ${subnet.publicIpOnLaunch ? 'yes' : 'no'} | ${code(subnet.routeTable)} | ${code(subnet.nacl)} |`,
    ),
    '',
  );
  return lines;
}

function securityGroupsSection(groups: readonly SecurityGroupRows[]): string[] {
  return [
    '## Security groups',
    '',
    'Every rule of every group, inline or declared as a separate resource; a group without egress rules keeps the EC2',
    'default allow-all egress rule, listed as such. Rules that differ only by CIDR share a row.',
    '',
    ...groups.flatMap((group) => [
      `### ${code(group.name)}`,
      '',
      group.description ?? '(no description)',
      '',
      `Worn by: ${
        group.wornBy.map((wearer) => `${code(wearer.name)} (${zoneLabel(wearer.zone)})`).join(', ') ||
        'no resource of the assembly'
      }.`,
      '',
      '| direction | traffic | peer | description |',
      '| --- | --- | --- | --- |',
      ...group.rules.map((rule) =>
        rule.traffic === undefined
          ? `| ${rule.direction} | none | | |`
          : `| ${rule.direction} | ${rule.traffic} | ${cell(rule.peers.map(peerText).join(', '))} | ${cell(rule.description)} |`,
      ),
      '',
    ]),
  ];
}

function peerText(peer: Peer): string {
  if (peer.kind === 'cidr') return peer.name;
  return peer.kind === 'group' ? `security group ${code(peer.name)}` : `prefix list ${peer.name}`;
}

function naclSection(nacls: readonly NaclRows[]): string[] {
  return [
    '## Network ACLs',
    '',
    'Stateless, evaluated in rule-number order, first match wins; what no rule matches is denied (`*`). Replies to clients',
    'use the ephemeral ports 1024-65535, so each tier allows them explicitly in the direction of the reply.',
    '',
    ...nacls.flatMap((nacl) => [
      `### ${code(nacl.name)}`,
      '',
      `Subnets: ${nacl.subnets.join(', ')}.`,
      '',
      '| direction | rule | action | traffic | CIDR |',
      '| --- | ---: | --- | --- | --- |',
      ...nacl.entries.map(
        (entry) => `| ${entry.direction} | ${entry.rule} | ${entry.action} | ${entry.traffic} | ${entry.cidr} |`,
      ),
      '',
    ]),
  ];
}

function routeTableSection(tables: readonly RouteTableRows[]): string[] {
  return [
    '## Route tables',
    '',
    ...tables.flatMap((table) => [
      `### ${code(table.name)}`,
      '',
      `Subnets: ${table.subnets.join(', ')}.`,
      '',
      '| destination | target |',
      '| --- | --- |',
      ...table.routes.map((route) => `| ${route.destination} | ${targetText(route.target)} |`),
      '',
    ]),
  ];
}

function targetText(target: RouteTarget): string {
  switch (target.kind) {
    case 'local':
      return 'local';
    case 'internet-gateway':
      return `internet gateway ${code(target.name)}`;
    case 'nat-gateway':
      return `NAT gateway ${code(target.name)}`;
    case 'gateway-endpoint':
      return `gateway endpoint ${code(target.name)}`;
    case 'other':
      return target.description;
  }
}
