import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, PCIDSS321Checks } from 'cdk-nag';

/** Pack names as they appear in the validation report. */
export const ENFORCED_PACKS = ['AwsSolutions', 'PCI.DSS.321'] as const;

/** Enforced packs: an unacknowledged error fails `cdk synth`, and tests fail on any finding. */
export function attachCompliancePacks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new PCIDSS321Checks(app));
}
