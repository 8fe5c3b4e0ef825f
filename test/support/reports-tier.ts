import { pocConfigSchemaFor, PocConfig } from '../../lib/config/schema';
import { MYSQL_PORT, TierSpec, Topology, TOPOLOGY } from '../../lib/shared/topology';

/**
 * A test-only tier: the POC's own table plus a `reports` tier (test/topology.test.ts). Its POC is
 * a test variant (test/support/variants.ts), synthesized once per run by the global setup.
 */
export const REPORTS = {
  name: 'reports',
  subnet: { name: 'reports', cidrMask: 24, addressOrder: 5 },
  balancer: { label: 'reports load balancer' },
  healthCheck: { path: '/reports/health', checksSharedDependency: false },
  calledBy: 'app',
  requests: 'report',
  calls: [{ zone: 'database', port: MYSQL_PORT, purpose: 'report queries' }],
  config: { defaultPort: 9090, description: 'Reports tier behind its own internal ALB.' },
} as const satisfies TierSpec;
export const WITH_REPORTS = [...TOPOLOGY, REPORTS] as const satisfies Topology;
export const REPORTS_PORT = 9090;
export const REPORTS_FIELD = { instanceType: 't4g.small', minCapacity: 2, maxCapacity: 4 } as const;

/** `base` with the reports tier's field, validated by the schema of the table with that tier. */
export function withReportsTier(base: PocConfig): PocConfig {
  // Round-trip through JSON: a mutable deep copy of the frozen config.
  const raw = { ...(JSON.parse(JSON.stringify(base)) as Record<string, unknown>), reports: REPORTS_FIELD };
  // The config type names the POC's own tiers; this one also carries the reports field.
  return pocConfigSchemaFor(WITH_REPORTS).parse(raw) as PocConfig;
}
