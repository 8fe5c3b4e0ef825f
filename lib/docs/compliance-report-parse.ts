import { z } from 'zod';
import { PCI_DSS_401 } from '../compliance/pci-dss-401/pack';
import { PCI_DSS_401_MAPPINGS, RequirementMapping } from '../compliance/pci-dss-401/mapping';
import { ComplianceReport } from '../compliance/report';
import { customerStackPrefix } from '../config/naming';
import { PocConfig } from '../config/schema';
import { findPack, sortedBy, stacksIn } from './report-queries';

/** The compliance report beside the templates, checked and put in a stable order, and the PCI DSS mappings of its rules. */

const acknowledgementSchema = z.object({ resource: z.string(), acknowledgedAt: z.string(), reason: z.string() });
const complianceReportSchema = z.object({
  packs: z.array(
    z.object({
      pack: z.string(),
      mode: z.enum(['enforced', 'report-only']),
      rules: z.array(
        z.object({
          rule: z.string(),
          description: z.string(),
          passed: z.array(z.string()),
          acknowledged: z.array(acknowledgementSchema),
          findings: z.array(z.string()),
        }),
      ),
    }),
  ),
});

/**
 * Checks that `json` (the parsed contents of `source`) is a compliance report as `cdk synth`
 * writes it, naming every field that is not.
 */
export function parseComplianceReport(json: unknown, source: string): ComplianceReport {
  const result = complianceReportSchema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  throw new Error(`${source} is not a compliance report of this kit (${problems.join('; ')}); regenerate it with npx cdk synth`);
}

/**
 * The report with packs (enforced first), rules, resources and acknowledgements sorted: whatever
 * order the report lists them in, the document has the same bytes.
 */
export function inStableOrder(report: ComplianceReport): ComplianceReport {
  const packs = sortedBy(report.packs, (pack) => `${pack.mode === 'enforced' ? 0 : 1}${pack.pack}`);
  return {
    packs: packs.map((pack) => ({
      ...pack,
      rules: sortedBy(pack.rules, (rule) => rule.rule).map((rule) => ({
        ...rule,
        passed: sortedBy(rule.passed, (resource) => resource),
        acknowledged: sortedBy(rule.acknowledged, (ack) => `${ack.resource}\n${ack.reason}`),
        findings: sortedBy(rule.findings, (resource) => resource),
      })),
    })),
  };
}

/** The report names stacks of this config's customer: a report of another config would document the wrong POC. */
export function checkSameCustomer(report: ComplianceReport, config: PocConfig): void {
  const prefix = `${customerStackPrefix(config)}-`;
  const foreign = stacksIn(report).filter((stack) => !stack.startsWith(prefix));
  if (foreign.length > 0) {
    throw new Error(
      `the compliance report covers stacks ${foreign.join(', ')}, not the ${prefix}* stacks of customer "${config.customer.name}": ` +
        'synthesize this config (npx cdk synth -c config=<its file>) and regenerate',
    );
  }
}

/**
 * The v4.0.1 mapping of each PCI.DSS.401 rule id of the report. A rule that reports findings one
 * by one (`RDSLoggingEnabled[LogExport::general]`) maps as its rule does.
 */
export function mappingsOf(report: ComplianceReport): Map<string, RequirementMapping> {
  const byBaseId = new Map(PCI_DSS_401_MAPPINGS.map((mapping) => [`${PCI_DSS_401}-${mapping.rule.name}`, mapping]));
  const byRuleId = new Map<string, RequirementMapping>();
  const unknown: string[] = [];
  for (const { rule } of findPack(report, PCI_DSS_401)?.rules ?? []) {
    const mapping = byBaseId.get(rule.replace(/\[[^\]]*\]$/, ''));
    if (mapping) byRuleId.set(rule, mapping);
    else unknown.push(rule);
  }
  if (unknown.length > 0) {
    throw new Error(
      `the compliance report holds ${PCI_DSS_401} rules that lib/compliance/pci-dss-401/mapping.ts does not map: ` +
        `${unknown.join(', ')}; the report is from another version of the kit: regenerate it with npx cdk synth`,
    );
  }
  return byRuleId;
}

/** "(Control IDs: 2.3, 4.1, 8.2.1)." at the end of a cdk-nag PCI DSS 3.2.1 rule's description. */
export function controlIdsOf(description: string): string[] {
  const match = /\(Control IDs?: ([^)]+)\)\.?\s*$/.exec(description);
  return match ? match[1].split(',').map((id) => id.trim()) : [];
}
