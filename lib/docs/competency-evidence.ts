import { ComplianceReport, RuleReport } from '../compliance/report';
import { PocConfig } from '../config/schema';
import { PocModel, Source, Subnet } from '../model';
import { CONFIG_RULES } from '../shared/config-rules';
import { nameOf } from './assembly-model';
import { code, findRule, isApplicable, plural } from './report-queries';
import { RequirementVerdict, TemplateEvidence } from './verdict';

/**
 * The competency checklist's vocabulary, and the readers its verdicts share: rule outcomes of the
 * compliance report and typed elements of the POC model, never the config alone.
 */

export interface ChecklistInput {
  readonly report: ComplianceReport;
  readonly config: PocConfig;
  /** The synthesized POC: every piece of template evidence is read from it. */
  readonly poc: PocModel;
}

/** Supporting detail of a verdict (rule outcomes, generated documents): never the verdict itself. */
export interface Detail {
  /** Markdown. */
  readonly text: string;
  /** Markdown, one line each: the resources or figures behind the text. */
  readonly details: readonly string[];
}

/** The items of section 2 of the checklist this kit covers, in checklist order. */
export const COMPETENCY_ITEM_IDS = [
  '2.2',
  '2.3',
  '2.4',
  '2.5',
  '2.6',
  '2.7',
  '2.8',
  '2.9',
  '2.10',
  '2.11',
  '2.12',
  '2.13',
] as const;
export type CompetencyItemId = (typeof COMPETENCY_ITEM_IDS)[number];

export interface ChecklistItem {
  readonly item: CompetencyItemId;
  readonly title: string;
  /** The evidence the checklist asks for, in English. */
  readonly asks: string;
  /** What COMPLIANCE.md concludes about the item for this POC. */
  readonly verdict: (input: ChecklistInput) => RequirementVerdict;
  /** Rule outcomes and generated documents behind the verdict. */
  readonly detail: (input: ChecklistInput) => readonly Detail[];
  /** Markdown, one entry each: what only the partner can show; never a document the kit generates. */
  readonly partnerMustProvide: (input: ChecklistInput) => readonly string[];
}

export const detail = (text: string, details: readonly string[] = []): Detail => ({ text, details });

/** One property of a template resource, as a verdict names it. */
export const shown = (source: Source, property: string, value: string): TemplateEvidence => ({
  resource: nameOf(source),
  property,
  value,
});

/** The result of one rule of the report as supporting detail: passes, acknowledgements (with reasons) and open findings. */
export function ruleDetail({ report }: ChecklistInput, pack: string, ruleId: string, what: string): Detail {
  const rule = findRule(report, pack, ruleId);
  if (!rule || !isApplicable(rule)) {
    return detail(`${code(ruleId)} (${what}): no resource was checked by this rule in the compliance report.`);
  }
  const counts = [
    plural(rule.passed.length, 'resource passes', 'resources pass'),
    rule.acknowledged.length > 0 ? `${rule.acknowledged.length} acknowledged` : '',
    rule.findings.length > 0 ? `**${plural(rule.findings.length, 'open finding')}**` : '',
  ].filter(Boolean);
  return detail(`${code(ruleId)} (${what}): ${counts.join(', ')}.`, [
    ...rule.passed.map((resource) => `pass: ${code(resource)}`),
    ...rule.acknowledged.map((ack) => `acknowledged: ${code(ack.resource)}: ${ack.reason}`),
    ...rule.findings.map((resource) => `**open finding**: ${code(resource)}`),
  ]);
}

/**
 * The acknowledged and open findings of `rules`, as the cause of a "not in place" verdict; undefined
 * when every rule passes. A rule that checked nothing is a cause too: nothing shows the item.
 */
export function ruleCause(report: ComplianceReport, pack: string, ruleIds: readonly string[]): string | undefined {
  const causes = ruleIds.flatMap((ruleId) => {
    const rule: RuleReport | undefined = findRule(report, pack, ruleId);
    if (!rule || !isApplicable(rule)) return [`${code(ruleId)} checked no resource of the templates`];
    return [
      ...rule.findings.map((resource) => `open finding of ${code(ruleId)} on ${code(resource)}`),
      ...rule.acknowledged.map((ack) => `${code(ruleId)} acknowledged on ${code(ack.resource)} (${ack.reason})`),
    ];
  });
  return causes.length > 0 ? `${causes.join('; ')}.` : undefined;
}

/** The AWS Config managed rules of the Operations stack that watch `item`: identifier and purpose. */
export function configRulesFor(item: CompetencyItemId): [string, string][] {
  return Object.entries(CONFIG_RULES).filter(([, purpose]) => purpose.startsWith(`Competency ${item}:`));
}

/** The AWS Config managed rules of the templates that watch `item`, as template evidence. */
export function configRulesShown({ poc }: ChecklistInput, item: CompetencyItemId): TemplateEvidence[] {
  const identifiers = new Set(configRulesFor(item).map(([identifier]) => identifier));
  return poc.configRules
    .filter((rule) => rule.identifier !== undefined && identifiers.has(rule.identifier))
    .map((rule) => shown(rule.source, 'Source.SourceIdentifier', rule.identifier ?? ''));
}

/** The AWS Config managed rules of `item` the templates declare, and whose recorder they rely on, as supporting detail. */
export function configRulesDetail(input: ChecklistInput, item: CompetencyItemId): Detail {
  const rules = configRulesShown(input, item);
  const purposes = new Map(configRulesFor(item));
  if (rules.length === 0) return detail(`No AWS Config managed rule of item ${item} is declared in the templates.`);
  const { poc } = input;
  const recorders = poc.resourcesOfType('AWS::Config::ConfigurationRecorder').map((source) => code(nameOf(source)));
  const routes = poc.eventRules
    .filter((rule) => rule.eventSources.includes('aws.config'))
    .map((rule) => code(nameOf(rule.source)));
  const recorder =
    recorders.length > 0
      ? `The POC deploys its own Config recorder (${recorders.join(', ')}).`
      : "The templates hold no Config recorder: the rules evaluate only what the account's own recorder records.";
  const route =
    routes.length > 0
      ? ` EventBridge rules on their evaluations: ${routes.join(', ')}.`
      : ' No EventBridge rule of the templates matches their evaluations.';
  return detail(
    `AWS Config managed rules of the templates: ${rules.map((rule) => code(rule.value)).join(', ')}. ${recorder}${route}`,
    rules.map((rule) => `${code(rule.resource)}: ${purposes.get(rule.value)?.replace(/^Competency [\d.]+: /, '') ?? ''}`),
  );
}

/** The subnets of a tier (the `aws-cdk:subnet-name` group), sorted by AZ. */
export function subnetsOfTier(poc: PocModel, tier: string): Subnet[] {
  return [...poc.network.subnets.values()].filter((subnet) => subnet.group === tier).sort((a, b) => a.az.localeCompare(b.az));
}

/** The AZs of a set of subnet keys, sorted. */
export function azsOf(poc: PocModel, subnetKeys: readonly string[]): string[] {
  return [
    ...new Set(subnetKeys.map((key) => poc.network.subnets.get(key)?.az).filter((az): az is string => az !== undefined)),
  ].sort();
}

/** The Multi-AZ placement of the database and of every Auto Scaling group, as template evidence. */
export function multiAzShown({ poc }: ChecklistInput): TemplateEvidence[] {
  return [
    ...poc.databases.map((database) => shown(database.source, 'MultiAZ', String(database.multiAz))),
    ...poc.fleets
      .filter((fleet) => fleet.kind === 'auto-scaling-group')
      .map((fleet) =>
        shown(
          fleet.source,
          'VPCZoneIdentifier',
          `${plural(fleet.subnetCount, 'subnet')} in ${azsOf(poc, fleet.subnets).join(', ') || 'unknown AZs'}`,
        ),
      ),
  ];
}

/** Security-group rules that admit SSH (tcp 22) from addresses: an interactive path into the instances. */
export function sshIngress(poc: PocModel): TemplateEvidence[] {
  return [...poc.network.groups.values()].flatMap((group) =>
    group.ingress
      .filter((rule) => rule.peer.kind !== 'group' && rule.protocol !== 'udp' && rule.protocol !== 'icmp')
      .filter((rule) => rule.ports.from <= 22 && rule.ports.to >= 22)
      .map((rule) => ({ resource: poc.nameOf(group.key), property: 'SecurityGroupIngress', value: rule.rule.text })),
  );
}
