import { competencyVerdicts } from './competency-checklist';
import { DocsModel } from './assembly-model';
import { PCI_DSS_V401_STANDARD, pciVerdicts } from './pci-verdicts';
import { StandardVerdicts } from './verdict';

export const COMPETENCY_STANDARD = 'AWS Retail Competency checklist';

/**
 * The verdicts of a POC per standard: the one place that chooses what COMPLIANCE.md concludes and
 * the executive summary of index.html counts, so the two never disagree.
 */
export function complianceVerdicts(model: DocsModel): StandardVerdicts[] {
  return [
    { standard: PCI_DSS_V401_STANDARD, verdicts: pciVerdicts(model) },
    {
      standard: COMPETENCY_STANDARD,
      verdicts: competencyVerdicts({ report: model.compliance, config: model.config, poc: model.poc }),
    },
  ];
}
