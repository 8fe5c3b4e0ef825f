import { zoneLabel } from '../analysis';
import { compareZones } from '../analysis/analyze';
import { formatAddressRange, formatRange } from '../model/ranges';
import { ZoneId } from '../model';
import {
  byName,
  compareTiers,
  distributionsByName,
  DocsModel,
  endpointsOfZone,
  nameOf,
  sortedSubnets,
  subnetAz,
  subnetTier,
} from './assembly-model';
import { Component, componentsOf } from './components';
import { IconName, iconPlaceholder, ICON_SIZE_PX } from './aws-icons';

/**
 * The architecture as a graph: the VPC with one box per subnet tier (its subnets per AZ), a node
 * per zone of the segmentation analysis, the NAT gateways, and outside the VPC the internet,
 * the corporate ranges, CloudFront, the buckets it serves and the WAF web ACLs. Edges are the
 * flows the analysis allows (ports on the label), CloudFront's S3 origins and the WAF
 * associations. One model, rendered as Graphviz DOT (for the SVG) and as a Mermaid flowchart.
 */

export type NodeKind = 'external' | 'edge' | 'balancer' | 'compute' | 'data' | 'gateway' | 'storage' | 'firewall';

export interface DiagramNode {
  readonly id: string;
  readonly lines: readonly string[];
  readonly kind: NodeKind;
  /** The AWS Architecture Icon drawn above the lines. */
  readonly icon: IconName;
  /** Tier id the node sits in, undefined outside the VPC. */
  readonly tier?: string;
}

export interface DiagramTier {
  readonly id: string;
  readonly name: string;
  readonly subnets: readonly { readonly az: string; readonly cidr: string }[];
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /**
   * flow: allowed inbound or internal traffic; egress: allowed traffic out to the internet (directly or through the NAT
   * gateways); association: a WAF web ACL on a load balancer.
   */
  readonly style: 'flow' | 'egress' | 'association';
}

export interface Diagram {
  readonly title: string;
  readonly vpc: string;
  readonly tiers: readonly DiagramTier[];
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

const zoneId = (zone: ZoneId) => `zone_${zone.replace(/[^A-Za-z0-9]/g, '_')}`;
const tierId = (tier: string) => `tier_${tier.replace(/[^A-Za-z0-9]/g, '_')}`;

const ZONE_KIND: Readonly<Record<string, NodeKind>> = {
  internet: 'external',
  corporate: 'external',
  cloudfront: 'edge',
  webAlb: 'balancer',
  internalAlb: 'balancer',
  web: 'compute',
  app: 'compute',
  bastion: 'compute',
  rotation: 'compute',
  database: 'data',
  cache: 'data',
};

const ZONE_ICON: Readonly<Record<string, IconName>> = {
  internet: 'internet',
  corporate: 'corporate',
  cloudfront: 'cloudfront',
  webAlb: 'alb',
  internalAlb: 'alb',
  rotation: 'lambda',
  database: 'rds',
};

/** The zone's icon: by what its first member is when the zone alone does not say (an Auto Scaling group or an instance, a cache cluster or an RDS option). */
function zoneIcon(zone: ZoneId, first: Component | undefined): IconName {
  const icon = ZONE_ICON[zone];
  if (icon) return icon;
  if (first?.kind === 'Auto Scaling group') return 'autoScaling';
  if (zone === 'cache') return first?.kind.startsWith('RDS ') ? 'rds' : 'elasticache';
  return 'ec2';
}

export function architectureDiagram(model: DocsModel): Diagram {
  const vpcs = [...model.network.vpcs.values()];
  const vpcLabel = vpcs.map((vpc) => vpc.cidrs.map(formatAddressRange).join(', ')).join('; ');

  const tiers = new Map<string, DiagramTier>();
  for (const subnet of sortedSubnets(model)) {
    const tier = subnetTier(subnet);
    const existing = tiers.get(tier) ?? { id: tierId(tier), name: tier, subnets: [] };
    tiers.set(tier, {
      ...existing,
      subnets: [...existing.subnets, { az: subnetAz(subnet), cidr: formatAddressRange(subnet.cidr) }],
    });
  }

  const components = componentsOf(model);
  const zones = [...new Set<ZoneId>(model.analysis.zones.map((zone) => zone.zone))].sort(compareZones);
  const nodes: DiagramNode[] = [];
  for (const zone of zones) {
    const members = components.filter((component) => component.zone === zone);
    if (members.length === 0 && zone !== 'internet' && zone !== 'corporate' && zone !== 'cloudfront') continue;
    nodes.push({
      id: zoneId(zone),
      lines: zoneLines(model, zone, members),
      kind: ZONE_KIND[zone] ?? 'compute',
      icon: zoneIcon(zone, members[0]),
      tier: members[0]?.tiers[0] === undefined ? undefined : tierId(members[0].tiers[0]),
    });
  }

  const nats = byName(model.poc.natGateways);
  const natSubnets = nats.map((nat) => model.network.subnets.get(nat.subnet ?? ''));
  const natTier = natSubnets[0] ? subnetTier(natSubnets[0]) : undefined;
  if (nats.length > 0) {
    const azs = natSubnets.flatMap((subnet) => (subnet ? [subnetAz(subnet)] : []));
    nodes.push({
      id: 'nat',
      lines: [`NAT gateway${nats.length === 1 ? '' : ` x ${nats.length}`}`, azs.join(', ')],
      kind: 'gateway',
      icon: 'nat',
      tier: natTier === undefined ? undefined : tierId(natTier),
    });
  }

  const edges: DiagramEdge[] = [];
  const flowLabels = new Map<string, { from: ZoneId; to: ZoneId; ports: string[] }>();
  for (const flow of model.analysis.flows) {
    const key = `${flow.from}\u0000${flow.to}`;
    const entry = flowLabels.get(key) ?? { from: flow.from, to: flow.to, ports: [] };
    entry.ports.push(`${flow.protocol} ${formatRange(flow.ports)}`);
    flowLabels.set(key, entry);
  }
  const throughNat = new Set<ZoneId>();
  for (const { from, to, ports } of flowLabels.values()) {
    const label = ports.join(', ');
    if (to === 'internet' && nats.length > 0 && egressesThroughNat(model, from)) {
      throughNat.add(from);
      edges.push({ from: zoneId(from), to: 'nat', label, style: 'egress' });
    } else {
      edges.push({ from: zoneId(from), to: zoneId(to), label, style: to === 'internet' ? 'egress' : 'flow' });
    }
  }
  if (throughNat.size > 0) edges.push({ from: 'nat', to: zoneId('internet'), label: 'egress', style: 'egress' });

  // CloudFront's bucket origins: not network flows the analysis computes, but part of the path.
  for (const distribution of distributionsByName(model)) {
    for (const origin of distribution.origins) {
      if (!origin.s3) continue;
      const target = origin.domainName;
      if (target.kind !== 'resource') continue;
      const bucket = model.poc.resource(`${target.stack}/${target.logicalId}`);
      if (!bucket) continue;
      const paths = distribution.behaviors
        .filter((behavior) => behavior.targetOriginId === origin.id)
        .map((behavior) => behavior.pathPattern ?? 'default');
      const id = `bucket_${bucket.logicalId}`;
      if (!nodes.some((node) => node.id === id)) {
        nodes.push({ id, lines: ['S3 bucket', ...shortName(nameOf(bucket)).split('/')], kind: 'storage', icon: 's3' });
      }
      const access = origin.originAccessControl ? 'HTTPS, OAC' : 'HTTPS';
      edges.push({ from: zoneId('cloudfront'), to: id, label: `${paths.join(', ')} (${access})`, style: 'flow' });
    }
  }

  // WAF web ACLs and what they protect.
  for (const association of byName(model.poc.webAclAssociations)) {
    const acl = model.poc.webAcls.find((candidate) => candidate.source.key === association.webAcl);
    const protectedEndpoint = model.placements.endpoints.find((endpoint) => endpoint.key === association.resource);
    if (!acl || !protectedEndpoint) continue;
    const id = `waf_${acl.source.logicalId}`;
    if (!nodes.some((node) => node.id === id)) {
      const rules = acl.rules.length;
      nodes.push({
        id,
        lines: ['AWS WAF web ACL', `${rules} rule${rules === 1 ? '' : 's'}`, 'filters: dashed lines'],
        kind: 'firewall',
        icon: 'waf',
      });
    }
    edges.push({ from: id, to: zoneId(protectedEndpoint.zone), label: 'filters', style: 'association' });
  }

  return {
    title: `${model.config.customer.name} POC`,
    vpc: `VPC ${vpcLabel}`,
    tiers: [...tiers.values()].sort((a, b) => compareTiers(a.name, b.name)),
    nodes,
    edges: dedupe(edges),
  };
}

function dedupe(edges: readonly DiagramEdge[]): DiagramEdge[] {
  const seen = new Set<string>();
  return edges.filter((edge) => {
    const key = `${edge.from}\u0000${edge.to}\u0000${edge.label}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The zone's endpoints route 0.0.0.0/0 to a NAT gateway (rather than an internet gateway). */
function egressesThroughNat(model: DocsModel, zone: ZoneId): boolean {
  return endpointsOfZone(model, zone).some((endpoint) =>
    endpoint.placements.some(
      (placement) =>
        !placement.publicIp &&
        placement.subnet.routeTable.routes.some(
          (route) => route.target.kind === 'nat-gateway' && route.destination.from === 0 && route.destination.to === 2 ** 32 - 1,
        ),
    ),
  );
}

/** The last two segments of a construct path: enough to tell the box apart. */
function shortName(path: string): string {
  return path.split('/').slice(-2).join('/');
}

function zoneLines(model: DocsModel, zone: ZoneId, members: readonly Component[]): string[] {
  if (zone === 'internet') return ['Internet'];
  if (zone === 'corporate') return ['Corporate ranges', ...model.config.management.corporateCidrs];
  if (zone === 'cloudfront') return ['Amazon CloudFront'];
  const title = zoneLabel(zone);
  const first = members[0];
  if (!first) return [title];
  const lines = [members.length > 1 ? `${title} x ${members.length}` : title];
  if (first.kind === 'Auto Scaling group') {
    lines.push(`Auto Scaling ${first.min}-${first.max} x ${first.instanceType ?? '?'}`, `over ${first.azs.join(', ')}`);
  } else if (first.kind === 'EC2 instance') {
    lines.push(
      `${first.instanceType ?? '?'}${first.publicIp ? ', public IP' : ''}`,
      members.map((member) => member.azs.join(', ')).join(', '),
    );
  } else if (first.kind.includes('load balancer')) {
    lines.push(first.kind.replace(/^application /, 'ALB '), `listeners: ${first.details.join(', ') || 'none'}`);
  } else if (first.kind === 'RDS DB instance') {
    lines.push(`${first.details[0]} ${first.instanceType ?? ''}`.trim(), first.details[1]);
  } else {
    lines.push(first.details[0] ?? first.kind);
  }
  return lines;
}

// Rendering.

const DOT_FILL: Readonly<Record<NodeKind, string>> = {
  external: '#f2f2f2',
  edge: '#efe8f8',
  balancer: '#e3eef9',
  compute: '#fdf0de',
  data: '#e5f3e0',
  gateway: '#eeeeee',
  storage: '#e5f3e0',
  firewall: '#fbe3e5',
};

/** The longest line of a box, in characters: longer text wraps at a space, so no box widens the page beyond A4. */
const MAX_LINE = 26;

export function wrapLine(line: string, width = MAX_LINE): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current.length > 0 && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current.length > 0 ? `${current} ${word}` : word;
    }
  }
  return [...lines, current];
}

const escapeDot = (text: string) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A node as an HTML-like label: the AWS icon (a fixed-size placeholder the SVG step fills in) above its lines, the first in bold. */
function nodeLabel(node: DiagramNode): string {
  const [title, ...rest] = node.lines.flatMap((line) => wrapLine(line));
  const text = [`<b>${escapeHtml(title)}</b>`, ...rest.map(escapeHtml)].join('<br/>');
  return (
    '<<table border="0" cellborder="0" cellspacing="0" cellpadding="1">' +
    `<tr><td fixedsize="true" width="${ICON_SIZE_PX}" height="${ICON_SIZE_PX}"><img src="${iconPlaceholder(node.icon)}"/></td></tr>` +
    `<tr><td>${text}</td></tr></table>>`
  );
}

/**
 * Graphviz DOT: tiers as clusters inside the VPC cluster, each labelled with its subnets per AZ.
 * Sized for A4: text of 11 pt or more, boxes of at most MAX_LINE characters, so the page can be
 * scaled down to 180 mm without text under 7 pt (test/docs/index-html.cases.ts).
 */
export function toDot(diagram: Diagram): string {
  const lines = [
    'digraph architecture {',
    `  graph [label="${escapeDot(diagram.title)}", labelloc=t, fontname="Helvetica", fontsize=16, rankdir=TB, newrank=true, nodesep=0.12, ranksep=0.4];`,
    '  node [shape=box, style="rounded,filled", color="#888888", fontname="Helvetica", fontsize=11, margin="0.1,0.05"];',
    '  edge [fontname="Helvetica", fontsize=11, color="#555555"];',
  ];
  // Egress is written in the box it leaves, not drawn: its lines would cross the page upwards to the internet over
  // every tier and its labels.
  const egress = (node: DiagramNode) =>
    diagram.edges
      .filter((edge) => edge.style === 'egress' && edge.from === node.id)
      .map((edge) =>
        edge.to === 'nat'
          ? `out: ${edge.label} via NAT`
          : edge.from === 'nat'
            ? 'out: to the internet'
            : `out: ${edge.label} to internet`,
      );
  const nodeLine = (node: DiagramNode, indent: string) =>
    `${indent}${node.id} [label=${nodeLabel({ ...node, lines: [...node.lines, ...egress(node)] })}, fillcolor="${DOT_FILL[node.kind]}"];`;
  for (const node of diagram.nodes.filter((candidate) => candidate.tier === undefined)) lines.push(nodeLine(node, '  '));
  const sources = diagram.nodes.filter((node) => node.kind === 'external').map((node) => node.id);
  if (sources.length > 0) lines.push(`  { rank=min; ${sources.join('; ')}; }`);
  lines.push(
    '  subgraph cluster_vpc {',
    `    label="${escapeDot(diagram.vpc)}";`,
    '    style=rounded; color="#2e6da4"; penwidth=2; fontsize=14;',
  );
  for (const tier of diagram.tiers) {
    // One row per subnet, left-justified: the label keeps to the cluster's corner, mostly clear of the arrows that enter.
    const rows = tier.subnets
      .map((subnet) => `<tr><td align="left">${escapeHtml(subnet.az)}: ${escapeHtml(subnet.cidr)}</td></tr>`)
      .join('');
    lines.push(
      `    subgraph cluster_${tier.id} {`,
      `      label=<<table border="0" cellspacing="0" cellpadding="1"><tr><td align="left"><b>${escapeHtml(tier.name)} subnets</b></td></tr>${rows}</table>>;`,
      '      style="rounded,dashed"; color="#888888"; fontsize=11; labeljust=l;',
    );
    for (const node of diagram.nodes.filter((candidate) => candidate.tier === tier.id)) lines.push(nodeLine(node, '      '));
    lines.push('    }');
  }
  lines.push('  }');
  for (const edge of diagram.edges.filter((candidate) => candidate.style !== 'egress')) {
    // A WAF association is drawn, not labelled: its box says what the dashed line means. A label is a padded HTML
    // table: Graphviz sets it beside its line, and the padding keeps the line clear of the text whatever the font.
    const attributes =
      edge.style === 'association'
        ? ['style=dashed', 'arrowhead=none', 'color="#c9302c"']
        : [`label=<<table border="0" cellpadding="4"><tr><td>${escapeHtml(edge.label)}</td></tr></table>>`];
    lines.push(`  ${edge.from} -> ${edge.to} [${attributes.join(', ')}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

const escapeMermaid = (text: string) => text.replace(/"/g, '#quot;');

/** A Mermaid flowchart of the same graph: the VPC and its tiers as subgraphs. */
export function toMermaid(diagram: Diagram): string {
  const lines = ['flowchart TB'];
  const nodeLine = (node: DiagramNode, indent: string) => {
    const text = `"${node.lines.map(escapeMermaid).join('<br/>')}"`;
    const shape =
      node.kind === 'data'
        ? `[(${text})]`
        : node.kind === 'external'
          ? `([${text}])`
          : node.kind === 'firewall'
            ? `{{${text}}}`
            : `[${text}]`;
    return `${indent}${node.id}${shape}`;
  };
  for (const node of diagram.nodes.filter((candidate) => candidate.tier === undefined)) lines.push(nodeLine(node, '  '));
  lines.push(`  subgraph vpc["${escapeMermaid(diagram.vpc)}"]`);
  for (const tier of diagram.tiers) {
    const subnets = tier.subnets.map((subnet) => `${subnet.az} ${subnet.cidr}`).join(' · ');
    lines.push(`    subgraph ${tier.id}["${escapeMermaid(`${tier.name} subnets: ${subnets}`)}"]`);
    for (const node of diagram.nodes.filter((candidate) => candidate.tier === tier.id)) lines.push(nodeLine(node, '      '));
    lines.push('    end');
  }
  lines.push('  end');
  for (const edge of diagram.edges) {
    const arrow = edge.style === 'association' ? '-.-' : '-->';
    lines.push(`  ${edge.from} ${arrow}|"${escapeMermaid(edge.label)}"| ${edge.to}`);
  }
  return `${lines.join('\n')}\n`;
}
