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

export const STACK_ROLES = ['Network', 'Data', 'App', 'Edge', 'Operations'] as const;
export type StackRole = (typeof STACK_ROLES)[number];

export function stackName(config: PocConfig, role: StackRole): string {
  return `${customerStackPrefix(config)}-${role}`;
}
