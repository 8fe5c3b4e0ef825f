import { ComplianceReport } from '../compliance/report';
import { PocConfig } from '../config/schema';
import { PCI_DSS_401 } from '../compliance/pci-dss-401/pack';
import { DocsModel, nameOf, nameOfKey, reportPathName } from './assembly-model';
import { mappingsOf } from './compliance-report-parse';
import { findPack } from './report-queries';
import { Relaxation, settingOf } from './relaxations';
import { AtRestRow } from './security-at-rest';
import { TransitRow } from './security-encryption';
import { CustomerResponsibility, NotApplicable, NotInPlace, InPlace, TemplateEvidence } from './verdict';

/**
 * What the PCI DSS v4.0.1 verdict rules read: the documents' model of the synthesized POC, the
 * config and its relaxations in force, and the rows SECURITY.md prints (in transit, at rest), so
 * that a verdict and the document it rests on are computed from the same data.
 */
export interface VerdictFacts {
  readonly model: DocsModel;
  readonly config: PocConfig;
  readonly report: ComplianceReport;
  readonly relaxations: readonly Relaxation[];
  readonly inTransit: readonly TransitRow[];
  readonly atRest: readonly AtRestRow[];
}

type WithoutRequirement<T> = T extends unknown ? Omit<T, 'requirement'> : never;

/** A verdict before the table names its requirement. */
export type VerdictBody = WithoutRequirement<InPlace | NotInPlace | CustomerResponsibility | NotApplicable>;

/** One row of the verdict table: a pure function of the facts. */
export type VerdictRule = (facts: VerdictFacts) => VerdictBody;

/** NETWORK.md's segmentation matrix, linked from the verdicts of requirements 1.2-1.4. */
export const NETWORK_MATRIX_LINK = '[NETWORK.md, who can reach whom](NETWORK.md#who-can-reach-whom)';

export const inPlace = (reason: string, evidence: readonly TemplateEvidence[]): VerdictBody => ({
  verdict: 'in place',
  reason,
  evidence,
});

export const notInPlace = (
  reason: string,
  cause: string,
  fix: string,
  evidence: readonly TemplateEvidence[] = [],
): VerdictBody => ({ verdict: 'not in place', reason, cause, fix, evidence });

export const customer = (reason: string, mustShow: string, evidence: readonly TemplateEvidence[] = []): VerdictBody => ({
  verdict: 'customer responsibility',
  reason,
  mustShow,
  evidence,
});

export const notApplicable = (reason: string): VerdictBody => ({ verdict: 'not applicable', reason });

export const evidenceOf = (resource: string, property: string, value: string): TemplateEvidence => ({
  resource,
  property,
  value,
});

/** The relaxations in force of some config fields, in their fixed order. */
export function relaxationsOf(facts: VerdictFacts, ...fields: readonly string[]): Relaxation[] {
  return facts.relaxations.filter((relaxation) => fields.includes(relaxation.field));
}

/** A cause and a fix made of relaxations: each setting with what it relaxes, each remedy. */
export function causeAndFix(relaxations: readonly Relaxation[]): { cause: string; fix: string } {
  return {
    cause: `${relaxations.map((relaxation) => `${settingOf(relaxation)}: ${relaxation.relaxation.replace(/\.$/, '')}`).join('; ')}.`,
    fix: [...new Set(relaxations.map((relaxation) => relaxation.remedy))].join(' '),
  };
}

/** "not in place" because of relaxations, keeping what the templates still show. */
export function relaxed(
  reason: string,
  relaxations: readonly Relaxation[],
  evidence: readonly TemplateEvidence[] = [],
): VerdictBody {
  const { cause, fix } = causeAndFix(relaxations);
  return notInPlace(reason, cause, fix, evidence);
}

/** "customer responsibility" because a relaxation leaves the control to the account: its remedy says what to show. */
export function leftToAccount(reason: string, relaxations: readonly Relaxation[], evidence: readonly TemplateEvidence[] = []) {
  return customer(reason, relaxations.map((relaxation) => relaxation.remedy).join(' '), evidence);
}

export const name = (facts: VerdictFacts, key: string): string => nameOfKey(facts.model, key);
export { nameOf };

/** The trails the POC creates that log. */
export function loggingTrails(facts: VerdictFacts) {
  return facts.model.poc.trails.filter((trail) => trail.logging);
}

/** The Session Manager preferences document the POC sets, if any. */
export function sessionPreferences(facts: VerdictFacts) {
  return facts.model.poc.sessionDocuments.find((document) => document.name === 'SSM-SessionManagerRunShell');
}

/**
 * The acknowledged findings of the PCI DSS v4.0.1 pack, mapped to `requirement`, on the named
 * resources (or their children): what the pack was told to accept where a verdict is not in place.
 */
export function acknowledgedFindings(facts: VerdictFacts, requirement: string, resources: readonly string[]): string[] {
  const mappings = mappingsOf(facts.report);
  const concerns = (path: string) => resources.some((resource) => path === resource || path.startsWith(`${resource}/`));
  return (findPack(facts.report, PCI_DSS_401)?.rules ?? [])
    .filter((rule) => mappings.get(rule.rule)?.requirements.includes(requirement))
    .flatMap((rule) =>
      rule.acknowledged
        .filter((acknowledgement) => concerns(reportPathName(acknowledgement.resource)))
        .map((acknowledgement) => `\`${rule.rule}\` on \`${reportPathName(acknowledgement.resource)}\``),
    )
    .sort();
}

/** A cause followed by the acknowledged findings behind it, if any. */
export function withAcknowledged(cause: string, acknowledged: readonly string[]): string {
  return acknowledged.length === 0 ? cause : `${cause} Acknowledged findings: ${acknowledged.join(', ')}.`;
}
