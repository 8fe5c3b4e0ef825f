/**
 * The assessor's vocabulary: what COMPLIANCE.md concludes about one requirement (a PCI DSS
 * v4.0.1 requirement or a Retail Competency checklist item). Rule outcomes of the nag packs are
 * supporting detail of a verdict, never the verdict.
 */
export type VerdictKind = 'in place' | 'not in place' | 'customer responsibility' | 'not applicable';

/** One resource property of the synthesized templates that a verdict rests on. */
export interface TemplateEvidence {
  /** The resource's construct path (`Stack/Construct/Resource`), as the other documents print it. */
  readonly resource: string;
  /** The CloudFormation property, dotted (`DistributionConfig.ViewerCertificate.MinimumProtocolVersion`). */
  readonly property: string;
  /** The value the template gives it, as printed. */
  readonly value: string;
}

interface VerdictBase {
  /** `4.2.1`, `2.11`, ... */
  readonly requirement: string;
  /** One or two sentences an assessor reads: why this verdict, in plain words. */
  readonly reason: string;
}

/** The templates demonstrate the requirement's intent; `evidence` names what does. */
export interface InPlace extends VerdictBase {
  readonly verdict: 'in place';
  readonly evidence: readonly TemplateEvidence[];
}

/** A config relaxation or an acknowledged finding leaves the requirement unmet in this POC. */
export interface NotInPlace extends VerdictBase {
  readonly verdict: 'not in place';
  /** The config field and value, or the acknowledged finding, that causes it. */
  readonly cause: string;
  /** What restores the requirement (a config value, a change). */
  readonly fix: string;
  /** What the templates do show, when part of the requirement is met. */
  readonly evidence: readonly TemplateEvidence[];
}

/** The templates cannot show it: processes, application behaviour, reviews. */
export interface CustomerResponsibility extends VerdictBase {
  readonly verdict: 'customer responsibility';
  /** What the customer or the partner must show the assessor. */
  readonly mustShow: string;
  /** What the POC contributes, if anything (supporting controls). */
  readonly evidence: readonly TemplateEvidence[];
}

export interface NotApplicable extends VerdictBase {
  readonly verdict: 'not applicable';
}

export type RequirementVerdict = InPlace | NotInPlace | CustomerResponsibility | NotApplicable;

export const VERDICT_KINDS: readonly VerdictKind[] = ['in place', 'not in place', 'customer responsibility', 'not applicable'];

/** One standard's verdicts (PCI DSS v4.0.1, the competency checklist), as COMPLIANCE.md and the executive summary count them. */
export interface StandardVerdicts {
  readonly standard: string;
  readonly verdicts: readonly RequirementVerdict[];
}

/** How many requirements have each verdict, every kind present (0 included), in VERDICT_KINDS order. */
export function verdictCounts(verdicts: readonly RequirementVerdict[]): Record<VerdictKind, number> {
  const counts = Object.fromEntries(VERDICT_KINDS.map((kind) => [kind, 0])) as Record<VerdictKind, number>;
  for (const verdict of verdicts) counts[verdict.verdict]++;
  return counts;
}
