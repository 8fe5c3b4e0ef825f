import { Bucket, Subnet, WebAcl } from '../model';
import { zoneLabel } from '../analysis';
import { formatAddressRange, formatRange } from '../model/ranges';
import {
  compareTiers,
  distributionsByName,
  DocsModel,
  nameOf,
  nameOfKey,
  resourcesOfType,
  sortedSubnets,
  subnetAz,
  subnetTier,
} from './assembly-model';
import { Component, componentsOf } from './components';
import { architectNotes, cell, code, GENERATED_NOTE, SOURCE_NOTE } from './markdown';

export const DIAGRAM_FILE = 'architecture.svg';
/** Introduces the Mermaid source of the diagram, for Markdown viewers that draw it; index.html drops both (it shows the SVG). */
export const MERMAID_INTRO = 'The same graph as Mermaid, for Markdown viewers that draw it:';

/** ARCHITECTURE.md: overview, the diagram (SVG beside it, Mermaid inline), a table per subnet tier, what sits outside the VPC. */
export function renderArchitectureMarkdown(model: DocsModel, mermaid: string): string {
  const { config } = model;
  const subnets = sortedSubnets(model);
  const tiers = [...new Set(subnets.map((subnet) => subnetTier(subnet)))].sort(compareTiers);
  const azs = [...new Set(subnets.map((subnet) => subnetAz(subnet)))].sort();
  const components = componentsOf(model);
  const vpcs = [...model.network.vpcs.values()];

  const lines = [
    `# Architecture of the ${config.customer.name} POC`,
    '',
    SOURCE_NOTE,
    '',
    '## Overview',
    '',
    `- **Stacks:** ${model.stacks.length}; ${regionSummary(model)}.`,
    `- **VPC:** ${vpcs.map((vpc) => vpc.cidrs.map(formatAddressRange).join(', ')).join('; ')} over ${azs.length} AZs (${azs.join(', ')}), subnet tiers ${tiers.join(', ')}.`,
    `- **Entry points:** ${entryPoints(model)}.`,
    `- **Compute:** ${components
      .filter((component) => component.kind === 'Auto Scaling group')
      .map(
        (component) =>
          `${component.zone === 'bastion' ? 'bastions' : `${component.zone} tier`} ${component.instanceType} x ${component.min}-${component.max}`,
      )
      .join('; ')}.`,
    `- **Data:** ${components
      .filter((component) => component.zone === 'database' || component.zone === 'cache')
      .map((component) => `${component.zone}: ${[component.instanceType, ...component.details].filter(Boolean).join(', ')}`)
      .join('; ')}.`,
    '',
    '| stack | region | resources | description |',
    '| --- | --- | ---: | --- |',
    ...model.stacks.map(
      (stack) =>
        `| ${code(stack.name)} | ${stack.region ?? 'deployment region'} | ${stack.resources} | ${cell(stack.description ?? '')} |`,
    ),
    '',
    '## Diagram',
    '',
    `![Architecture of the ${config.customer.name} POC](${DIAGRAM_FILE})`,
    '',
    'Boxes are the zones of the segmentation analysis inside their subnet tier, each with its AWS Architecture Icon; arrows are',
    'the flows it allows (protocol and ports on the label, computed from the security groups, NACLs and routes, see NETWORK.md);',
    'traffic out to the internet is written in the box it leaves ("out: ..."); dashed red lines join a WAF web ACL to the load',
    'balancer it filters.',
    '',
    MERMAID_INTRO,
    '',
    '```mermaid',
    mermaid.trimEnd(),
    '```',
    '',
    '## Tiers',
  ];
  for (const tier of tiers) {
    const tierSubnets = subnets.filter((subnet) => subnetTier(subnet) === tier);
    const tierComponents = components.filter((component) => component.tiers.includes(tier));
    lines.push(
      '',
      `### ${tier} tier`,
      '',
      '| subnet | AZ | CIDR | default route | network ACL |',
      '| --- | --- | --- | --- | --- |',
      ...tierSubnets.map(
        (subnet) =>
          `| ${code(nameOfKey(model, subnet.key))} | ${subnetAz(subnet)} | ${formatAddressRange(subnet.cidr)} | ${defaultRoute(model, subnet)} | ${code(nameOfKey(model, subnet.nacl.key))} |`,
      ),
      '',
    );
    if (tierComponents.length === 0) {
      lines.push('Nothing of the assembly has a network interface in this tier.');
      continue;
    }
    lines.push(
      '| component | kind | instance type | min | max | AZs | public IP | inbound (allowed by the analysis) |',
      '| --- | --- | --- | ---: | ---: | --- | --- | --- |',
      ...tierComponents.map(componentRow),
    );
  }
  lines.push('', '## Outside the VPC', '', '| resource | kind | facts |', '| --- | --- | --- |', ...outsideRows(model), '');
  lines.push(...architectNotes([GENERATED_NOTE]));
  return `${lines.join('\n')}\n`;
}

/** Which stacks go where: environment-agnostic ones to the region of the deploying credentials, pinned ones to theirs. */
function regionSummary(model: DocsModel): string {
  const byRegion = new Map<string, string[]>();
  for (const stack of model.stacks) {
    const region = stack.region ?? 'the region of the deploying credentials (environment-agnostic)';
    byRegion.set(region, [...(byRegion.get(region) ?? []), code(stack.name)]);
  }
  return [...byRegion.entries()].map(([region, stacks]) => `${stacks.join(', ')} in ${region}`).join('; ');
}

function componentRow(component: Component): string {
  const value = (number?: number) => (number === undefined || Number.isNaN(number) ? '' : String(number));
  return `| ${code(component.name)} | ${cell(component.kind)} | ${component.instanceType ?? ''} | ${value(component.min)} | ${value(component.max)} | ${component.azs.join(', ')} | ${component.publicIp ? 'yes' : 'no'} | ${cell(component.inbound.join('<br>') || 'none')} |`;
}

function defaultRoute(model: DocsModel, subnet: Subnet): string {
  const route = subnet.routeTable.routes.find(
    (candidate) => candidate.destination.from === 0 && candidate.destination.to === 2 ** 32 - 1,
  );
  if (!route) return 'none (no route out of the VPC)';
  switch (route.target.kind) {
    case 'internet-gateway':
      return 'internet gateway';
    case 'nat-gateway': {
      const natSubnet = model.network.subnets.get(route.target.nat.subnetKey);
      return `NAT gateway in ${natSubnet ? subnetAz(natSubnet) : 'another subnet'}`;
    }
    case 'local':
      return 'local';
    case 'other':
      return route.target.description;
  }
}

function entryPoints(model: DocsModel): string {
  const entries: string[] = [];
  for (const distribution of distributionsByName(model)) {
    const aliases = distribution.literalAliases;
    entries.push(`CloudFront${aliases.length > 0 ? ` (${aliases.join(', ')})` : ' (its `*.cloudfront.net` name)'}`);
  }
  const inbound = new Map<string, string[]>();
  for (const flow of model.analysis.flows) {
    if ((flow.from !== 'internet' && flow.from !== 'corporate') || flow.to === 'cloudfront') continue;
    const key = `the ${zoneLabel(flow.to)} from ${flow.from === 'internet' ? 'the internet' : 'the corporate ranges'}`;
    inbound.set(key, [...(inbound.get(key) ?? []), `${flow.protocol} ${formatRange(flow.ports)}`]);
  }
  for (const [key, ports] of inbound) entries.push(`${key} (${ports.join(', ')})`);
  return entries.join('; ');
}

function outsideRows(model: DocsModel): string[] {
  const rows: string[] = [];
  for (const distribution of distributionsByName(model)) {
    const origins = distribution.origins.map((origin) => {
      const target = origin.domainName;
      const name =
        target.kind === 'resource'
          ? nameOfKey(model, `${target.stack}/${target.logicalId}`)
          : target.kind === 'literal'
            ? target.value
            : '?';
      return code(name);
    });
    rows.push(
      `| ${code(nameOfKey(model, distribution.source.key))} | CloudFront distribution | origins: ${origins.join(', ')} |`,
    );
  }
  const aclName = (acl: WebAcl) => nameOfKey(model, acl.source.key);
  for (const acl of [...model.poc.webAcls].sort((a, b) => aclName(a).localeCompare(aclName(b)))) {
    rows.push(`| ${code(aclName(acl))} | AWS WAF web ACL (${acl.scope ?? '?'}) | rules: ${cell(acl.rules.join(', '))} |`);
  }
  const bucketName = (bucket: Bucket) => nameOfKey(model, bucket.source.key);
  for (const bucket of [...model.poc.buckets].sort((a, b) => bucketName(a).localeCompare(bucketName(b)))) {
    rows.push(`| ${code(bucketName(bucket))} | S3 bucket | versioning ${bucket.versioned ? 'on' : 'off'} |`);
  }
  for (const vault of resourcesOfType(model, 'AWS::Backup::BackupVault')) {
    const region = model.stacks.find((stack) => stack.name === vault.stack)?.region ?? 'deployment region';
    rows.push(`| ${code(nameOf(vault))} | AWS Backup vault | ${region} |`);
  }
  return rows;
}
