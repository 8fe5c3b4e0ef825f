import { PocConfig } from './schema';

/** "AnyCompany Apparel" -> "AnyCompanyApparel": the stack-name prefix. */
export function customerStackPrefix(config: PocConfig): string {
  return config.customer.name
    .split(/[\s-]+/)
    .filter((word) => word.length > 0)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}

/** "AnyCompany Apparel" -> "anycompany-apparel": physical names and docs folders. */
export function customerSlug(config: PocConfig): string {
  return config.customer.name.toLowerCase().replace(/[\s-]+/g, '-');
}

/**
 * Every stack role, in the order `buildPoc` returns them. EdgeAlarms is always in us-east-1;
 * DisasterRecovery exists only with a DR copy region.
 */
export const STACK_ROLES = ['Network', 'Data', 'App', 'Edge', 'Operations', 'EdgeAlarms', 'DisasterRecovery'] as const;
export type StackRole = (typeof STACK_ROLES)[number];

/**
 * `<Prefix>-<Role>`. The EdgeAlarms stack always lives in us-east-1, whatever region the rest is
 * deployed to: with a pinned region its name carries that region, so that the POC rebuilt in a DR
 * region (same customer, another region) neither replaces nor destroys the primary's alarms.
 */
export function stackName(config: PocConfig, role: StackRole): string {
  const name = `${customerStackPrefix(config)}-${role}`;
  return role === 'EdgeAlarms' && config.environment ? `${name}-${config.environment.region}` : name;
}

/**
 * Name of the backup vault in the DR region that receives the database copies. Fixed, so the
 * Data stack can name it in its copy action's ARN without a cross-region reference.
 */
export function disasterRecoveryVaultName(config: PocConfig): string {
  return `${customerSlug(config)}-dr-copies`;
}

/**
 * SSM parameter in us-east-1 through which the Edge stack hands its distribution id to the
 * EdgeAlarms stack; per region when the region is pinned, for the reason given at stackName.
 */
export function distributionIdParameterName(config: PocConfig): string {
  const region = config.environment ? `/${config.environment.region}` : '';
  return `/pci-poc-kit/${customerSlug(config)}${region}/cloudfront-distribution-id`;
}
