import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IConstruct } from 'constructs';
import { CompliancePacks, ENFORCED_PACKS, RuleEvaluation } from './packs';

/** Written beside the templates; the docs generator reads it, never the constructs. */
export const COMPLIANCE_REPORT_FILE = 'compliance-report.json';

export interface Acknowledgement {
  readonly resource: string;
  readonly acknowledgedAt: string;
  readonly reason: string;
}

export interface RuleReport {
  readonly rule: string;
  readonly description: string;
  readonly passed: readonly string[];
  readonly acknowledged: readonly Acknowledgement[];
  readonly findings: readonly string[];
}

export interface PackReport {
  readonly pack: string;
  readonly mode: 'enforced' | 'report-only';
  readonly rules: readonly RuleReport[];
}

export interface ComplianceReport {
  readonly packs: readonly PackReport[];
}

interface SuppressedViolation {
  readonly ruleName: string;
  readonly reason: string;
  readonly acknowledgedAt: string;
  readonly violatingConstructs: readonly { readonly constructPath: string }[];
}

function acknowledgementsIn(outdir: string): Map<string, Acknowledgement> {
  const file = join(outdir, 'validation-report.json');
  const byFinding = new Map<string, Acknowledgement>();
  if (!existsSync(file)) return byFinding;
  const report = JSON.parse(readFileSync(file, 'utf8')) as { pluginReports: { suppressedViolations?: SuppressedViolation[] }[] };
  for (const suppressed of report.pluginReports.flatMap((plugin) => plugin.suppressedViolations ?? [])) {
    for (const construct of suppressed.violatingConstructs) {
      byFinding.set(`${suppressed.ruleName}|${construct.constructPath}`, {
        resource: construct.constructPath,
        acknowledgedAt: suppressed.acknowledgedAt,
        reason: suppressed.reason,
      });
    }
  }
  return byFinding;
}

function groupBy<T>(values: readonly T[], key: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const group = groups.get(key(value));
    if (group) group.push(value);
    else groups.set(key(value), [value]);
  }
  return groups;
}

const sorted = <T>(values: Iterable<T>, key: (value: T) => string = String): T[] =>
  [...values].sort((a, b) => key(a).localeCompare(key(b)));

/**
 * Runs the report-only packs, then builds the per-rule report of every pack (passed
 * resources, acknowledged findings with their reasons, open findings) from the evaluation log
 * and the acknowledgements CDK recorded in validation-report.json.
 */
export function buildComplianceReport(root: IConstruct, packs: CompliancePacks, outdir: string): ComplianceReport {
  for (const pack of packs.reportOnly) pack.validateScope(root);
  const acknowledged = acknowledgementsIn(outdir);
  const byPack = groupBy(packs.log.evaluations, (evaluation) => evaluation.pack);
  const enforced = new Set<string>(ENFORCED_PACKS);
  const packReports = [...byPack.entries()].map(([pack, evaluations]): PackReport => {
    const byRule = groupBy(evaluations, (evaluation) => evaluation.rule);
    const rules = sorted(byRule.entries(), ([rule]) => rule).map(([rule, ruleEvaluations]): RuleReport => {
      const resources = (outcome: RuleEvaluation['outcome']) =>
        new Set(ruleEvaluations.filter((e) => e.outcome === outcome).map((e) => e.resource));
      const failing = sorted(resources('finding'));
      return {
        rule,
        description: ruleEvaluations[0].description,
        passed: sorted(resources('pass')),
        acknowledged: failing.flatMap((resource) => acknowledged.get(`${rule}|${resource}`) ?? []),
        findings: failing.filter((resource) => !acknowledged.has(`${rule}|${resource}`)),
      };
    });
    return { pack, mode: enforced.has(pack) ? 'enforced' : 'report-only', rules };
  });
  return { packs: sorted(packReports, (report) => `${report.mode === 'enforced' ? 0 : 1}${report.pack}`) };
}

export function writeComplianceReport(root: IConstruct, packs: CompliancePacks, outdir: string): ComplianceReport {
  const report = buildComplianceReport(root, packs, outdir);
  writeFileSync(join(outdir, COMPLIANCE_REPORT_FILE), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}
