import { App, CfnResource, Validations } from 'aws-cdk-lib';
import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  IApplyRule,
  NagPack,
  NagPackProps,
  NagRuleCompliance,
  NIST80053R5Checks,
  PCIDSS321Checks,
} from 'cdk-nag';
import { IConstruct } from 'constructs';
import { CompetencyChecks } from './competency/pack';
import { PCI_DSS_401, PCIDSS401Checks } from './pci-dss-401/pack';

/** Pack names as they appear in the validation report. */
export const ENFORCED_PACKS = ['AwsSolutions', 'PCI.DSS.321', PCI_DSS_401, 'Competency'] as const;
export const REPORT_ONLY_PACKS = ['NIST.800.53.R5', 'HIPAA.Security'] as const;

export type RuleOutcome = 'pass' | 'finding' | 'not-applicable';

export interface RuleEvaluation {
  readonly pack: string;
  /** Rule id, with the finding in brackets for rules that report several (AwsSolutions-IAM5[Resource::*]). */
  readonly rule: string;
  readonly resource: string;
  readonly outcome: RuleOutcome;
  readonly description: string;
}

/**
 * Every rule evaluation of every pack, passes included: cdk-nag's report lists only findings,
 * but an auditor also asks what was checked and passed.
 */
export class EvaluationLog {
  private readonly entries: RuleEvaluation[] = [];

  record(entry: RuleEvaluation): void {
    this.entries.push(entry);
  }

  get evaluations(): readonly RuleEvaluation[] {
    return this.entries;
  }
}

type PackConstructor = new (scope?: IConstruct, props?: NagPackProps) => NagPack;

/** A pack that records the outcome of each rule on each resource in `log`. */
function recording(Base: PackConstructor, log: EvaluationLog): PackConstructor {
  // The cast exposes NagPack's protected applyRule to the subclass; every pack inherits it.
  return class extends (Base as new (scope?: IConstruct, props?: NagPackProps) => RecordingBase) {
    protected override applyRule(params: IApplyRule): void {
      const suffix = params.ruleSuffixOverride ?? params.rule.name;
      const rule = `${this.readPackName}-${suffix}`;
      const evaluate = params.rule;
      const note = (ruleId: string, outcome: RuleOutcome, resource: CfnResource) =>
        log.record({ pack: this.readPackName, rule: ruleId, resource: resource.node.path, outcome, description: params.info });
      super.applyRule({
        ...params,
        ruleSuffixOverride: suffix,
        rule: (node: CfnResource) => {
          const result = evaluate(node);
          if (Array.isArray(result)) {
            if (result.length === 0) note(rule, 'pass', node);
            for (const finding of result) note(`${rule}[${finding}]`, 'finding', node);
          } else if (result === NagRuleCompliance.COMPLIANT) {
            note(rule, 'pass', node);
          } else if (result === NagRuleCompliance.NON_COMPLIANT) {
            note(rule, 'finding', node);
          } else {
            note(rule, 'not-applicable', node);
          }
          return result;
        },
      });
    }
  };
}

/** Type only (emits nothing): a concrete cdk-nag pack, as every pack given to `recording` is. */
declare class RecordingBase extends NagPack {
  readonly name: string;
  protected checkResource(node: CfnResource): void;
}

export interface CompliancePacks {
  readonly log: EvaluationLog;
  /** Report-only packs, run with `validateScope` after synthesis so they never fail it; empty unless asked for. */
  readonly reportOnly: readonly NagPack[];
}

export interface CompliancePackOptions {
  /**
   * Also run the report-only packs (NIST 800-53 R5, HIPAA Security). They protect nothing (their
   * findings never fail synthesis) and cost about a fifth of a synth, so `cdk synth` leaves them
   * to `npm run compliance`.
   * @default false
   */
  readonly reportOnly?: boolean;
}

/**
 * Attaches the enforced packs (an unacknowledged error fails `cdk synth`, and tests fail on
 * any finding) and, when asked, prepares the report-only ones, all recording into one evaluation log.
 */
export function attachCompliancePacks(app: App, options: CompliancePackOptions = {}): CompliancePacks {
  const log = new EvaluationLog();
  const enforced = [AwsSolutionsChecks, PCIDSS321Checks, PCIDSS401Checks, CompetencyChecks].map(
    (pack) => new (recording(pack, log))(app),
  );
  Validations.of(app).addPlugins(...enforced);
  const reportOnly = options.reportOnly
    ? [NIST80053R5Checks, HIPAASecurityChecks].map((pack) => new (recording(pack, log))(app))
    : [];
  return { log, reportOnly };
}
