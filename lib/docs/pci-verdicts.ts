import { PocConfig } from '../config/schema';
import { DocsModel } from './assembly-model';
import { compareRequirements, V401_REQUIREMENT_TITLES } from './pci-requirements';
import { VerdictFacts, VerdictRule } from './pci-verdict-rules';
import { DATA_VERDICT_RULES } from './pci-verdict-rules-data';
import { NETWORK_VERDICT_RULES } from './pci-verdict-rules-network';
import { OPERATIONS_VERDICT_RULES } from './pci-verdict-rules-operations';
import { PROCESS_VERDICT_RULES } from './pci-verdict-rules-process';
import { relaxationsInForce } from './relaxations';
import { collectEncryptionAtRest } from './security-at-rest';
import { collectInTransit } from './security-encryption';
import { RequirementVerdict } from './verdict';

export type { VerdictFacts } from './pci-verdict-rules';

/**
 * The PCI DSS v4.0.1 verdicts of COMPLIANCE.md as data: one rule per requirement of
 * `V401_REQUIREMENT_TITLES`, each a pure function of the documents' facts. Rule outcomes of the
 * nag packs are never a verdict: they stay as supporting detail in COMPLIANCE.md.
 */
export const PCI_VERDICT_RULES: Readonly<Record<string, VerdictRule>> = {
  ...NETWORK_VERDICT_RULES,
  ...DATA_VERDICT_RULES,
  ...OPERATIONS_VERDICT_RULES,
  ...PROCESS_VERDICT_RULES,
};

export const PCI_DSS_V401_STANDARD = 'PCI DSS v4.0.1';

/** The facts the rules read, from the documents' model: the same rows SECURITY.md prints. */
export function verdictFacts(model: DocsModel, config: PocConfig = model.config): VerdictFacts {
  return {
    model,
    config,
    report: model.compliance,
    relaxations: relaxationsInForce(config),
    inTransit: collectInTransit(model),
    atRest: collectEncryptionAtRest(model),
  };
}

/** Every requirement's verdict, in the standard's order. */
export function verdictsOf(facts: VerdictFacts): RequirementVerdict[] {
  return Object.keys(V401_REQUIREMENT_TITLES)
    .sort(compareRequirements)
    .map((requirement) => {
      const rule = PCI_VERDICT_RULES[requirement] as VerdictRule | undefined;
      if (!rule) throw new Error(`PCI DSS ${requirement} has no verdict rule (lib/docs/pci-verdict-rules-*.ts)`);
      return { requirement, ...rule(facts) } as RequirementVerdict;
    });
}

/** The PCI DSS v4.0.1 verdicts of a POC: what COMPLIANCE.md and the executive summary print. */
export function pciVerdicts(model: DocsModel, config: PocConfig = model.config): RequirementVerdict[] {
  return verdictsOf(verdictFacts(model, config));
}
