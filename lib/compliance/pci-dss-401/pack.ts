import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { PCI_DSS_401_MAPPINGS } from './mapping';

/** The pack name in the validation report and in acknowledgement ids (`PCI.DSS.401::PCI.DSS.401-<Rule>`). */
export const PCI_DSS_401 = 'PCI.DSS.401';

/**
 * PCI DSS v4.0.1, the standard in force (cdk-nag ships only the retired 3.2.1). Each rule is a
 * cdk-nag or project rule; each finding names the v4.0.1 requirements it puts at risk and the
 * basis of that mapping (lib/compliance/pci-dss-401/mapping.ts).
 */
export class PCIDSS401Checks extends NagPack {
  readonly name = PCI_DSS_401;

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = PCI_DSS_401;
  }

  protected checkResource(node: CfnResource): void {
    for (const { rule, requirements, basis, info } of PCI_DSS_401_MAPPINGS) {
      this.applyRule({
        info: `${info} (PCI DSS v4.0.1 Req. ${requirements.join(', ')})`,
        explanation: `Mapping basis: ${basis}.`,
        level: NagMessageLevel.ERROR,
        rule,
        node,
      });
    }
  }
}
