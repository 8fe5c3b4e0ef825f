/**
 * What one pre-flight check found in one region. `blocker` means `cdk deploy` would fail, or the
 * POC would be deployed without a control the config promises; `warning` is worth reading but
 * does not stop the deploy.
 */
export type CheckStatus = 'ok' | 'warning' | 'blocker';

export interface CheckResult {
  readonly check: string;
  readonly region: string;
  readonly status: CheckStatus;
  readonly result: string;
  /** What to do; empty when nothing is to be done. */
  readonly fix: string;
}

export function ok(check: string, region: string, result: string): CheckResult {
  return { check, region, status: 'ok', result, fix: '' };
}

export function warning(check: string, region: string, result: string, fix: string): CheckResult {
  return { check, region, status: 'warning', result, fix };
}

export function blocker(check: string, region: string, result: string, fix: string): CheckResult {
  return { check, region, status: 'blocker', result, fix };
}

export function hasBlocker(results: readonly CheckResult[]): boolean {
  return results.some((result) => result.status === 'blocker');
}
