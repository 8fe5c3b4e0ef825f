import { Analysis, Flow } from './analyze';
import { formatRule, Protocol } from '../model';
import { ZoneId } from '../model';
import { formatRange, Range } from '../model/ranges';
import { balancerZone, TOPOLOGY } from '../shared/topology';

/** The analysis as Markdown (the who-can-reach-whom matrix and what differs from the design) and as JSON. */

const ZONE_LABELS: Readonly<Record<string, string>> = {
  internet: 'internet',
  corporate: 'corporate CIDRs',
  cloudfront: 'CloudFront',
  ...Object.fromEntries(
    TOPOLOGY.flatMap((tier) => [
      [balancerZone(tier), tier.balancer.label],
      [tier.name, tier.name],
    ]),
  ),
  rotation: 'rotation',
  database: 'database',
  cache: 'cache',
  bastion: 'bastion',
};

export function zoneLabel(zone: ZoneId): string {
  return ZONE_LABELS[zone] ?? zone.replace(/^other:/, '');
}

export function describeFlow(flow: Pick<Flow, 'from' | 'to' | 'protocol' | 'ports'>): string {
  return `${zoneLabel(flow.from)} -> ${zoneLabel(flow.to)} ${flow.protocol} ${formatRange(flow.ports)}`;
}

function describePorts(entries: readonly { protocol: Protocol; ports: Range; unexpected: boolean }[]): string {
  const byProtocol = new Map<Protocol, string[]>();
  for (const entry of entries) {
    const text = `${formatRange(entry.ports)}${entry.unexpected ? ' ⚠' : ''}`;
    byProtocol.set(entry.protocol, [...(byProtocol.get(entry.protocol) ?? []), text]);
  }
  return [...byProtocol].map(([protocol, ports]) => `${protocol} ${ports.join(', ')}`).join('; ');
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function renderMarkdown(analysis: Analysis): string {
  const zones = analysis.zones.map((zone) => zone.zone);
  const isUnexpected = (flow: Flow, ports: Range) =>
    analysis.unexpected.some(
      (other) =>
        other.from === flow.from &&
        other.to === flow.to &&
        other.protocol === flow.protocol &&
        other.ports.from <= ports.to &&
        ports.from <= other.ports.to,
    );
  const lines: string[] = [];
  lines.push('## Who can reach whom', '');
  lines.push(
    'Computed from the synthesized templates alone: a flow is listed when the security groups, the NACLs of both subnets ' +
      'and the routes all let it through. TCP needs its reply too (the NACLs must pass the return traffic to the ephemeral ports, ' +
      'the route back must exist); UDP and ICMP are reported one way, as soon as the forward direction passes, since a datagram ' +
      'or an ICMP message is delivered without any reply. Rows are sources, columns destinations; ' +
      '⚠ marks traffic the design table does not list.',
    '',
  );
  lines.push(`| from \\ to | ${zones.map(zoneLabel).join(' | ')} |`);
  lines.push(`|---|${zones.map(() => '---').join('|')}|`);
  for (const from of zones) {
    const row = zones.map((to) => {
      const entries = analysis.flows
        .filter((flow) => flow.from === from && flow.to === to)
        .map((flow) => ({ protocol: flow.protocol, ports: flow.ports, unexpected: isUnexpected(flow, flow.ports) }));
      return cell(describePorts(entries));
    });
    lines.push(`| **${zoneLabel(from)}** | ${row.join(' | ')} |`);
  }
  lines.push('');

  lines.push('## Design table', '');
  lines.push('| from | to | port | purpose | verdict |', '|---|---|---|---|---|');
  for (const verdict of analysis.intended) {
    const { flow } = verdict;
    lines.push(
      `| ${zoneLabel(flow.from)} | ${zoneLabel(flow.to)} | ${flow.protocol} ${flow.port} | ${cell(flow.purpose)} | ${verdict.allowed ? 'allowed' : '**blocked**'} |`,
    );
  }
  lines.push('');

  if (analysis.unexpected.length > 0) {
    lines.push('## Flows outside the design table', '');
    for (const flow of analysis.unexpected) {
      lines.push(`- **${describeFlow(flow)}**, allowed by:`);
      for (const rule of flow.rules) lines.push(`  - ${formatRule(rule)}`);
    }
    lines.push('');
  }
  const blocked = analysis.intended.filter((verdict) => !verdict.allowed);
  if (blocked.length > 0) {
    lines.push('## Design flows the templates block', '');
    for (const verdict of blocked) {
      lines.push(
        `- **${describeFlow({ ...verdict.flow, ports: { from: verdict.flow.port, to: verdict.flow.port } })}** (${verdict.flow.purpose}):`,
      );
      for (const reason of verdict.reasons) lines.push(`  - ${reason}`);
    }
    lines.push('');
  }
  if (analysis.isolation.length > 0) {
    lines.push('## Routes out of the VPC from isolated zones', '');
    for (const finding of analysis.isolation) {
      lines.push(`- **${zoneLabel(finding.zone)}** (${finding.resource}) in ${finding.subnet}: ${formatRule(finding.rule)}`);
    }
    lines.push('');
  }

  if (analysis.inventory.length > 0) {
    lines.push('## Resources that differ from what the config implies', '');
    for (const finding of analysis.inventory) {
      lines.push(`- **${zoneLabel(finding.zone)}** (${finding.resources.join(', ')}): ${finding.problem}`);
    }
    lines.push('');
  }
  if (analysis.unchecked.length > 0) {
    lines.push('## Rules the analysis cannot check', '');
    for (const finding of analysis.unchecked) lines.push(`- ${formatRule(finding.rule)}: ${finding.reason}`);
    lines.push('');
  }

  lines.push('## Zones', '');
  lines.push('| zone | resources |', '|---|---|');
  for (const zone of analysis.zones) {
    const resources = zone.resources.map((resource) => {
      const count = resource.subnets.length;
      return `${resource.name} (${resource.kind}${count > 0 ? `; ${count} subnet${count === 1 ? '' : 's'}` : ''})`;
    });
    const outside = zone.zone === 'internet' || zone.zone === 'corporate' ? 'addresses outside the VPC' : '—';
    lines.push(`| ${zoneLabel(zone.zone)} | ${cell(resources.join('<br>') || outside)} |`);
  }
  lines.push('');
  if (analysis.notes.length > 0) {
    lines.push('## Notes', '');
    for (const note of analysis.notes) lines.push(`- ${note}`);
    lines.push('');
  }
  lines.push(
    analysis.ok ? 'Result: the templates match the design table.' : 'Result: the templates differ from the design table.',
  );
  return `${lines.join('\n')}\n`;
}

export function renderJson(analysis: Analysis): string {
  return `${JSON.stringify(analysis, null, 2)}\n`;
}
