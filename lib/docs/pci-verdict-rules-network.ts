import { Flow, zoneLabel } from '../analysis';
import { ZoneId } from '../model';
import { formatRange } from '../model/ranges';
import { EXTERNAL_ZONES } from '../segmentation';
import {
  customer,
  evidenceOf,
  inPlace,
  name,
  nameOf,
  NETWORK_MATRIX_LINK,
  notInPlace,
  relaxationsOf,
  relaxed,
  VerdictFacts,
  VerdictRule,
} from './pci-verdict-rules';
import { TransitRow } from './security-encryption';
import { TemplateEvidence } from './verdict';

/** PCI DSS v4.0.1 requirements 1 and 2: read from the segmentation analysis (NETWORK.md) and the in-transit rows (SECURITY.md). */

const untrusted = (zone: ZoneId): boolean => (EXTERNAL_ZONES as readonly string[]).includes(zone);

const flowText = (flow: Pick<Flow, 'from' | 'to' | 'protocol' | 'ports'>): string =>
  `${zoneLabel(flow.from)} -> ${zoneLabel(flow.to)} ${flow.protocol} ${formatRange(flow.ports)}`;

/** What the segmentation analysis finds wrong: unexpected flows, routes out of isolated zones, rules it cannot check. */
function segmentationProblems(facts: VerdictFacts): string[] {
  const { analysis } = facts.model;
  return [
    ...analysis.unexpected.map((flow) => `unexpected flow ${flowText(flow)}`),
    ...analysis.isolation.map((finding) => `route out of the isolated ${zoneLabel(finding.zone)} zone in ${finding.subnet}`),
    ...analysis.unchecked.map((rule) => `security group rule the analysis cannot check: ${JSON.stringify(rule)}`),
  ];
}

/** The security group rules that let the selected flows through, as evidence. */
function securityGroupEvidence(facts: VerdictFacts, select: (flow: Flow) => boolean): TemplateEvidence[] {
  const seen = new Map<string, TemplateEvidence>();
  for (const flow of facts.model.analysis.flows.filter(select)) {
    for (const rule of flow.rules.filter((candidate) => candidate.kind === 'security-group')) {
      const key = `${rule.stack}/${rule.logicalId}`;
      // A rule declared as its own resource (AWS::EC2::SecurityGroupIngress) has no entry: its type says what it is.
      const property = rule.entry ?? facts.model.poc.resource(key)?.type ?? 'security group rule';
      const entry = evidenceOf(name(facts, key), property, rule.text);
      seen.set(`${entry.resource}\u0000${entry.property}\u0000${entry.value}`, entry);
    }
  }
  return [...seen.values()];
}

function segmentationBroken(facts: VerdictFacts, reason: string): ReturnType<VerdictRule> | undefined {
  const problems = segmentationProblems(facts);
  if (problems.length === 0) return undefined;
  return notInPlace(
    reason,
    `The segmentation analysis finds: ${problems.join('; ')} (${NETWORK_MATRIX_LINK}).`,
    'Remove the security group, NACL or route rule behind each finding, or add the flow to the design table if it is intended.',
  );
}

const fromUntrusted = (flow: Flow): boolean => untrusted(flow.from) && !untrusted(flow.to);

const r125: VerdictRule = (facts) =>
  segmentationBroken(facts, 'The templates allow traffic the design table does not list.') ??
  customer(
    `The templates allow exactly the ${facts.model.analysis.flows.length} flows of the segmentation matrix (${NETWORK_MATRIX_LINK}), each listed with its purpose in the design table.`,
    'The approval of each service, protocol and port of the design table, with its business need, by the people the customer names; insecure ones justified as 2.2.5 asks.',
  );

const r128: VerdictRule = () =>
  customer(
    'The security groups, NACLs and routes are declared in the CloudFormation templates the kit generates.',
    'That the templates and the config are kept under version control with restricted write access, reviewed before deployment, and that the deployed stacks match them (CloudFormation drift detection).',
  );

const r131: VerdictRule = (facts) =>
  segmentationBroken(facts, 'Traffic the design table does not list can reach the tiers.') ??
  inPlace(
    `Only the flows of the design table reach the tiers, and nothing else: the segmentation analysis of the templates finds no unexpected flow and no route out of the isolated data subnets (${NETWORK_MATRIX_LINK}). The security group rules below admit them.`,
    securityGroupEvidence(facts, (flow) => !untrusted(flow.to)),
  );

const r132: VerdictRule = (facts) => {
  const outbound = facts.model.analysis.flows.filter((flow) => flow.to === 'internet');
  return (
    segmentationBroken(facts, 'Traffic the design table does not list can leave the tiers.') ??
    customer(
      `Outbound traffic from the tiers is limited to the flows of the matrix (${NETWORK_MATRIX_LINK}); to the internet, ${outbound
        .map(flowText)
        .join(', ')}, to any address, through the NAT gateways.`,
      'That HTTPS to any internet address is necessary for the systems in scope, or an egress filter (a proxy or AWS Network Firewall domain list) that limits it to the package repositories and AWS endpoints they use.',
      securityGroupEvidence(facts, (flow) => flow.to === 'internet'),
    )
  );
};

const entryPoints: VerdictRule = (facts) => {
  const ssh = relaxationsOf(facts, 'management.bastionAccess');
  const entries = facts.model.analysis.flows.filter(fromUntrusted).map(flowText);
  return (
    segmentationBroken(facts, 'Traffic from untrusted networks the design table does not list can enter.') ??
    inPlace(
      `Traffic from untrusted networks enters the VPC only as ${entries.join(', ')}${
        ssh.length > 0 ? ' (the SSH ingress of `management.bastionAccess: ssh`, limited to the corporate ranges)' : ''
      }; security groups and NACLs stand between those entry points and every tier (${NETWORK_MATRIX_LINK}).`,
      securityGroupEvidence(facts, fromUntrusted),
    )
  );
};

const r144: VerdictRule = (facts) => {
  const { poc, analysis } = facts.model;
  const evidence: TemplateEvidence[] = [];
  const exposed: string[] = [];
  for (const db of poc.databases) {
    const value = String(db.publiclyAccessible ?? 'not set');
    evidence.push(evidenceOf(nameOf(db.source), 'PubliclyAccessible', value));
    if (db.publiclyAccessible !== false) exposed.push(`${nameOf(db.source)} PubliclyAccessible ${value}`);
  }
  for (const bucket of poc.buckets) {
    evidence.push(
      evidenceOf(
        nameOf(bucket.source),
        'PublicAccessBlockConfiguration',
        bucket.publicAccessBlocked ? 'all four settings true' : 'not all true',
      ),
    );
    if (!bucket.publicAccessBlocked) exposed.push(`${nameOf(bucket.source)} without all four Block Public Access settings`);
  }
  const direct = analysis.flows.filter((flow) => untrusted(flow.from) && ['database', 'cache'].includes(flow.to));
  exposed.push(...direct.map((flow) => `flow ${flowText(flow)}`), ...segmentationProblems(facts));
  if (exposed.length > 0) {
    return notInPlace(
      'A store of account data is reachable from an untrusted network.',
      exposed.join('; '),
      'Keep the database private (`PubliclyAccessible: false`), block public access on every bucket, and remove the rules behind each flow.',
      evidence,
    );
  }
  return inPlace(
    `No flow from an untrusted network reaches the database or the cache, the data subnets have no route out (${NETWORK_MATRIX_LINK}), the DB instance is not publicly accessible and every bucket blocks public access.`,
    evidence,
  );
};

const r151: VerdictRule = () =>
  customer(
    'The requirement concerns the computing devices of personnel (laptops) that connect to both untrusted networks and the CDE; the POC deploys none.',
    'The security controls (firewall, configuration the user cannot change) on every such device, and their policy.',
  );

/** Hops that carry no cardholder data in the clear only if nothing insecure runs on them. */
const insecureHops = (rows: readonly TransitRow[]): TransitRow[] =>
  rows.filter((row) => row.strength === 'plain' || row.strength === 'weak');

export const hopText = (row: TransitRow): string => `${zoneLabel(row.from)} -> ${zoneLabel(row.to)} ${row.protocol} ${row.ports}`;

/**
 * The evidence of hops: the resources SECURITY.md reads each protection from, with the same text;
 * for a hop the protocol protects (SSH), the security group rules that admit it.
 */
export function hopEvidence(facts: VerdictFacts, rows: readonly TransitRow[]): TemplateEvidence[] {
  return rows.flatMap((row) =>
    row.evidence.length > 0
      ? row.evidence.map((resource) => evidenceOf(resource, hopText(row), row.protection))
      : securityGroupEvidence(
          facts,
          (flow) =>
            flow.from === row.from &&
            flow.to === row.to &&
            flow.protocol === row.protocol &&
            formatRange(flow.ports) === row.ports,
        ),
  );
}

const r225: VerdictRule = (facts) => {
  const insecure = insecureHops(facts.inTransit);
  const evidence = insecure.flatMap((row) =>
    (row.evidence.length > 0 ? row.evidence : [hopText(row)]).map((resource) =>
      evidenceOf(resource, hopText(row), row.protection),
    ),
  );
  const causes = relaxationsOf(facts, 'domain', 'database.cache');
  if (causes.length > 0) {
    return relaxed(
      `Insecure protocols run on ${insecure.map(hopText).join(', ')} (SECURITY.md, Encryption in transit); the config chooses some of them.`,
      causes,
      evidence,
    );
  }
  if (insecure.length === 0) {
    return inPlace(
      'Every hop of the segmentation matrix is encrypted or redirected to HTTPS (SECURITY.md, Encryption in transit).',
      [],
    );
  }
  return customer(
    `Clear-text protocols remain on ${insecure.map(hopText).join(', ')}, inside the VPC, confined by security groups and NACLs to the two tiers of each hop (SECURITY.md, Encryption in transit).`,
    'The documented business justification of each clear-text hop and the compensating controls, or TLS on each (HTTPS listeners and target groups).',
    evidence,
  );
};

const r227: VerdictRule = (facts) => {
  const admin = facts.inTransit.filter((row) => row.ports === '22' || row.to === 'database');
  const weak = admin.filter((row) => row.strength !== 'strong' && row.strength !== 'encrypted');
  const evidence = hopEvidence(facts, admin);
  if (weak.length > 0) {
    return notInPlace(
      'An administrative path is not encrypted.',
      weak.map((row) => `${hopText(row)}: ${row.protection}`).join('; '),
      'Require TLS on the database (`require_secure_transport`) and reach the instances through Session Manager or SSH only.',
      evidence,
    );
  }
  return inPlace(
    `Administrators reach the instances through Session Manager (TLS)${
      admin.some((row) => row.ports === '22') ? ' or SSH' : ''
    } and the database over TLS only; no clear-text administrative protocol is open (SECURITY.md, Encryption in transit).`,
    evidence,
  );
};

export const NETWORK_VERDICT_RULES: Readonly<Record<string, VerdictRule>> = {
  '1.2.5': r125,
  '1.2.8': r128,
  '1.3.1': r131,
  '1.3.2': r132,
  '1.4.1': entryPoints,
  '1.4.2': entryPoints,
  '1.4.4': r144,
  '1.5.1': r151,
  '2.2.5': r225,
  '2.2.7': r227,
};
