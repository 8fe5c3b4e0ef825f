import { zoneLabel } from '../analysis';
import { ZoneId } from '../model';
import { formatRange } from '../model/ranges';
import { detectiveControlsSection } from './detective-controls';
import { distributionsByName, DocsModel, nameOfKey } from './assembly-model';
import { architectNotes, cell, code, GENERATED_NOTE, SOURCE_NOTE } from './markdown';
import { acceptedFindings, relaxationsInForce, settingOf, summarizePaths } from './relaxations';
import { atRestSection } from './security-at-rest';
import { display, inTransitSection, kmsSection } from './security-encryption';
import { iamSection } from './security-iam';

/**
 * SECURITY.md: IAM roles and what each may do, KMS keys and what uses them, encryption at rest
 * per data store and in transit per allowed flow, public endpoints, the detective and protective
 * controls, and every relaxation of a secure default in force (from the config and from the
 * compliance acknowledgements).
 */
export function renderSecurityMarkdown(model: DocsModel): string {
  const lines = [
    `# Security of the ${model.config.customer.name} POC`,
    '',
    SOURCE_NOTE,
    '',
    ...relaxationsSection(model),
    ...publicEndpointsSection(model),
    ...atRestSection(model),
    ...inTransitSection(model),
    ...kmsSection(model),
    ...detectiveControlsSection(model),
    ...iamSection(model),
    '',
    ...architectNotes([GENERATED_NOTE]),
  ];
  return `${lines.join('\n')}\n`;
}

// Relaxations.

/** The relaxations section: it reads only the config and the compliance report. */
export function relaxationsSection(model: Pick<DocsModel, 'config' | 'compliance'>): string[] {
  const fromConfig = relaxationsInForce(model.config);
  const accepted = acceptedFindings(model.compliance);
  return [
    '## Relaxations of the secure defaults in force',
    '',
    'The kit deploys secure defaults (TLS wherever a hop allows it, KMS encryption at rest, IMDSv2, no public address but',
    'the ssh-mode bastions and the NAT gateways, Block Public Access and TLS-only policies on buckets, logs kept a year, Multi-AZ). A config',
    'relaxes one only through an explicit field, and each accepted compliance finding sits on one resource with its reason.',
    '',
    '### From the config',
    '',
    ...(fromConfig.length === 0
      ? ['None: this config relaxes no secure default.']
      : [
          '| setting | relaxation | what compensates / how to restore the default |',
          '| --- | --- | --- |',
          ...fromConfig.map((item) => `| ${settingOf(item)} | ${cell(item.relaxation)} | ${cell(item.remedy)} |`),
        ]),
    '',
    '### Accepted compliance findings',
    '',
    `Acknowledged findings of the enforced packs (${model.compliance.packs
      .filter((pack) => pack.mode === 'enforced')
      .map((pack) => pack.pack)
      .join(', ')}), from \`compliance-report.json\`, grouped by reason. COMPLIANCE.md lists every rule.`,
    '',
    ...(accepted.length === 0
      ? ['None.']
      : [
          '| resources | rules | reason |',
          '| --- | --- | --- |',
          ...accepted.map(
            (item) =>
              `| ${summarizePaths(item.resources).map(code).join('<br>')} | ${item.rules.map(code).join('<br>')} | ${cell(item.reason)} |`,
          ),
        ]),
    '',
  ];
}

// Public endpoints.

function publicEndpointsSection(model: DocsModel): string[] {
  const reachers = (zone: ZoneId) =>
    model.analysis.flows
      .filter((flow) => flow.to === zone && ['internet', 'corporate', 'cloudfront'].includes(flow.from))
      .map((flow) => `${zoneLabel(flow.from)}: ${flow.protocol} ${formatRange(flow.ports)}`);
  const rows: string[] = [];
  for (const distribution of distributionsByName(model)) {
    const { stack } = distribution.source;
    const aliases = distribution.aliases.map((alias) => display(model, stack, alias));
    rows.push(
      `| ${code(nameOfKey(model, distribution.source.key))} | CloudFront distribution | ${aliases.length > 0 ? aliases.join(', ') : 'its `*.cloudfront.net` name'} | ${reachers('cloudfront').join('<br>') || 'none'} |`,
    );
  }
  for (const endpoint of model.placements.endpoints.filter((candidate) =>
    candidate.placements.some((placement) => placement.publicIp),
  )) {
    rows.push(
      `| ${code(endpoint.name.replace(/\/Resource$/, ''))} | ${cell(endpoint.kind)} | public IP in ${endpoint.placements.length} subnet${endpoint.placements.length === 1 ? '' : 's'} | ${reachers(endpoint.zone).join('<br>') || 'nothing (no inbound flow allowed)'} |`,
    );
  }
  const buckets = [...model.poc.buckets].sort((a, b) =>
    nameOfKey(model, a.source.key).localeCompare(nameOfKey(model, b.source.key)),
  );
  const blocked = buckets.filter((bucket) => bucket.publicAccessBlocked);
  const open = buckets.filter((bucket) => !blocked.includes(bucket));
  return [
    '## Public endpoints',
    '',
    'What has an address on the internet, and what the segmentation analysis lets reach it.',
    '',
    '| resource | kind | address | reachable from |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    `S3 buckets: ${blocked.length} of ${buckets.length} with every Block Public Access setting on${
      open.length > 0 ? `; **without it: ${open.map((bucket) => code(nameOfKey(model, bucket.source.key))).join(', ')}**` : ''
    }. Databases and caches: ${
      model.placements.endpoints.filter(
        (endpoint) =>
          ['database', 'cache'].includes(endpoint.zone) && endpoint.placements.some((placement) => placement.publicIp),
      ).length === 0
        ? 'none publicly accessible'
        : '**publicly accessible**'
    }.`,
    '',
  ];
}
