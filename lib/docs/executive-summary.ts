import { PocConfig } from '../config/schema';
import { CostOutcome } from '../cost/document';
import { usd } from '../cost/format';
import { regionSentence } from '../cost/render';
import { componentTitle, formatFigure } from '../resilience/markdown';
import { Failure, FAILURES, Figure, QUALIFIERS, RecoveryObjective } from '../resilience/objectives';
import { distributionsByName, DocsModel, sortedSubnets, subnetAz } from './assembly-model';
import { componentsOf } from './components';
import { relaxationsInForce, settingOf } from './relaxations';
import { NotInPlace, StandardVerdicts, verdictCounts, VerdictKind } from './verdict';

/**
 * The executive summary that opens index.html, as plain data: what is deployed (read from the
 * model of the synthesized templates), the monthly cost and the recovery objectives (computed by
 * the same functions as COST.md and RESILIENCE.md, printed with the same formatting), the
 * compliance status per standard, the relaxations in force and what the customer still has to do.
 */

export interface DeployedFleet {
  /** `web tier`, `app tier`, `bastions`. */
  readonly role: string;
  readonly instanceType: string;
  readonly min: number;
  readonly max: number;
  readonly azs: readonly string[];
}

export interface Deployed {
  readonly stacks: number;
  /** Where the stacks go, with how many each: a region, or the region of the deploying credentials. */
  readonly regions: readonly string[];
  readonly azs: readonly string[];
  readonly fleets: readonly DeployedFleet[];
  /** Instance class, engine and version, Multi-AZ or single AZ. */
  readonly database?: string;
  readonly cache?: string;
  /** One entry per CloudFront distribution, with its aliases. */
  readonly cdn: readonly string[];
  readonly webAcls: number;
}

export type SummaryCost =
  | {
      readonly kind: 'estimate';
      /** The region priced and why that one, as COST.md says it (regionSentence). */
      readonly region: string;
      /** As COST.md prints the totals. */
      readonly min: string;
      readonly max: string;
      /** Lines the totals leave out for want of a price. */
      readonly missingPrices: number;
    }
  | { readonly kind: 'unavailable'; readonly problems: readonly string[] };

/** The longest figure of one failure over every component, as RESILIENCE.md prints it, and the components it is theirs. */
export interface WorstFigure {
  readonly text: string;
  readonly components: readonly string[];
}

export interface SummaryRecovery {
  readonly failure: Failure;
  readonly rto: WorstFigure;
  readonly rpo: WorstFigure;
}

export interface StandardStatus {
  readonly standard: string;
  readonly counts: Readonly<Record<VerdictKind, number>>;
  readonly notInPlace: readonly NotInPlace[];
}

export interface SummaryRelaxation {
  /** The config setting, as a Markdown phrase (settingOf). */
  readonly setting: string;
  readonly relaxation: string;
  readonly remedy: string;
}

export interface CustomerTodo {
  readonly standard: string;
  readonly requirement: string;
  readonly mustShow: string;
}

export interface ExecutiveSummary {
  readonly customer: string;
  readonly deployed: Deployed;
  readonly cost: SummaryCost;
  readonly recovery: readonly SummaryRecovery[];
  readonly compliance: readonly StandardStatus[];
  readonly relaxations: readonly SummaryRelaxation[];
  readonly customerTodos: readonly CustomerTodo[];
}

export interface ExecutiveSummaryInput {
  readonly model: DocsModel;
  /** The objectives RESILIENCE.md prints (recoveryObjectives). */
  readonly objectives: readonly RecoveryObjective[];
  /** The estimate COST.md prints (costOutcome). */
  readonly cost: CostOutcome;
  readonly compliance: readonly StandardVerdicts[];
}

export function executiveSummary(input: ExecutiveSummaryInput): ExecutiveSummary {
  const { config } = input.model;
  return {
    customer: config.customer.name,
    deployed: deployedOf(input.model),
    cost: summaryCost(input.cost),
    recovery: recoverySummary(input.objectives, config),
    ...complianceSummary(input.compliance),
    relaxations: relaxationsInForce(config).map((relaxation) => ({
      setting: settingOf(relaxation),
      relaxation: relaxation.relaxation,
      remedy: relaxation.remedy,
    })),
  };
}

/** Per failure, the longest RTO and the longest RPO over every component, as RESILIENCE.md prints them. */
export function recoverySummary(objectives: readonly RecoveryObjective[], config: PocConfig): SummaryRecovery[] {
  return FAILURES.map((failure) => {
    const ofFailure = objectives.filter((objective) => objective.failure === failure);
    const title = (objective: RecoveryObjective) => componentTitle(objective.component, config);
    return {
      failure,
      rto: worstFigure(ofFailure.map((objective) => ({ figure: objective.rto, component: title(objective) }))),
      rpo: worstFigure(ofFailure.map((objective) => ({ figure: objective.rpo, component: title(objective) }))),
    };
  });
}

/** Counts per verdict kind and every "not in place" per standard; the customer responsibilities as to-dos. */
export function complianceSummary(
  standards: readonly StandardVerdicts[],
): Pick<ExecutiveSummary, 'compliance' | 'customerTodos'> {
  return {
    compliance: standards.map(statusOf),
    customerTodos: standards.flatMap(({ standard, verdicts }) =>
      verdicts.flatMap((verdict) =>
        verdict.verdict === 'customer responsibility'
          ? [{ standard, requirement: verdict.requirement, mustShow: verdict.mustShow }]
          : [],
      ),
    ),
  };
}

function deployedOf(model: DocsModel): Deployed {
  const components = componentsOf(model);
  const describe = (zone: string) => {
    const component = components.find((candidate) => candidate.zone === zone);
    return component && [component.instanceType, ...component.details].filter(Boolean).join(', ');
  };
  const regionOf = (stack: (typeof model.stacks)[number]) => stack.region ?? 'the region of the deploying credentials';
  const regions = [...new Set(model.stacks.map(regionOf))]
    .sort((a, b) => Number(b.startsWith('the ')) - Number(a.startsWith('the ')) || a.localeCompare(b))
    .map((region) => {
      const count = model.stacks.filter((stack) => regionOf(stack) === region).length;
      return `${region} (${count} stack${count === 1 ? '' : 's'})`;
    });
  return {
    stacks: model.stacks.length,
    regions,
    azs: [...new Set(sortedSubnets(model).map(subnetAz))].sort(),
    fleets: components
      .filter((component) => component.kind === 'Auto Scaling group')
      .map((component) => ({
        role: component.zone === 'bastion' ? 'bastions' : `${component.zone} tier`,
        instanceType: component.instanceType ?? 'unknown instance type',
        min: component.min ?? NaN,
        max: component.max ?? NaN,
        azs: component.azs,
      })),
    database: describe('database'),
    cache: describe('cache'),
    cdn: distributionsByName(model).map((distribution) =>
      distribution.literalAliases.length > 0
        ? `Amazon CloudFront (${distribution.literalAliases.join(', ')})`
        : 'Amazon CloudFront (its *.cloudfront.net name)',
    ),
    webAcls: model.poc.webAcls.length,
  };
}

export function summaryCost(outcome: CostOutcome): SummaryCost {
  if (outcome.kind === 'unavailable') return outcome;
  const { estimate } = outcome;
  return {
    kind: 'estimate',
    region: regionSentence(estimate),
    min: usd(estimate.totals.min),
    max: usd(estimate.totals.max),
    missingPrices: estimate.missingPrices.length,
  };
}

/** How long a figure is, for finding the longest: unbounded beats any time, a time beats n/a; equal times, the weaker qualifier. */
function length(figure: Figure): number {
  switch (figure.kind) {
    case 'unbounded':
      return Infinity;
    case 'not-applicable':
      return -1;
    case 'time':
      return figure.minutes + QUALIFIERS.indexOf(figure.qualifier) / QUALIFIERS.length / 1000;
  }
}

function worstFigure(figures: readonly { figure: Figure; component: string }[]): WorstFigure {
  const longest = Math.max(...figures.map(({ figure }) => length(figure)));
  const worst = figures.filter(({ figure }) => length(figure) === longest);
  return { text: worst.length > 0 ? formatFigure(worst[0].figure) : 'n/a', components: worst.map(({ component }) => component) };
}

function statusOf({ standard, verdicts }: StandardVerdicts): StandardStatus {
  return {
    standard,
    counts: verdictCounts(verdicts),
    notInPlace: verdicts.filter((verdict): verdict is NotInPlace => verdict.verdict === 'not in place'),
  };
}
