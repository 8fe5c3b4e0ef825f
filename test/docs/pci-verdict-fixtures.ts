import { PocConfig } from '../../lib/config/schema';
import { DocsModel, loadDocsModel } from '../../lib/docs/assembly-model';
import { compareRequirements, V401_REQUIREMENT_TITLES } from '../../lib/docs/pci-requirements';
import { PCI_DSS_V401_STANDARD } from '../../lib/docs/pci-verdicts';
import { complianceVerdicts } from '../../lib/docs/standard-verdicts';
import { StandardVerdicts } from '../../lib/docs/verdict';
import { RequirementVerdict } from '../../lib/docs/verdict';

/**
 * Verdicts for tests of COMPLIANCE.md's rule tables on a hand-made compliance report, where the
 * verdicts are not what is tested: every requirement "customer responsibility", so that each has
 * a row.
 */
export const UNDECIDED_VERDICTS: readonly StandardVerdicts[] = [
  {
    standard: PCI_DSS_V401_STANDARD,
    verdicts: Object.keys(V401_REQUIREMENT_TITLES)
      .sort(compareRequirements)
      .map((requirement): RequirementVerdict => ({
        requirement,
        verdict: 'customer responsibility',
        reason: 'Not decided in this test.',
        mustShow: 'Nothing.',
        evidence: [],
      })),
  },
];

/** The documents' model of a synthesized assembly, loaded once per directory and config. */
const models = new Map<string, DocsModel>();
export function docsModelOf(assemblyDir: string, config: PocConfig): DocsModel {
  const key = `${assemblyDir}\u0000${config.customer.name}`;
  const model = models.get(key) ?? loadDocsModel(assemblyDir, config);
  models.set(key, model);
  return model;
}

/** The verdicts COMPLIANCE.md prints for a synthesized assembly, as `npm run docs` computes them. */
export function verdictsOfAssembly(assemblyDir: string, config: PocConfig): StandardVerdicts[] {
  return complianceVerdicts(docsModelOf(assemblyDir, config));
}
