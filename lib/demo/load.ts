import autocannon from 'autocannon';
import { USER_AGENT } from './http';

/** The requests each connection cycles through: the page (web tier) and two API reads (app tier, database). */
export const LOAD_MIX = ['/', '/api/health', '/api/orders'] as const;

export interface LoadOptions {
  readonly baseUrl: string;
  readonly durationSeconds: number;
  /** Requests per second over all connections. */
  readonly rate: number;
  readonly connections: number;
  /** Error rate (non-2xx answers and failed requests, percent of all) above which the run fails. */
  readonly maxErrorPercent: number;
  readonly onProgress: (progress: LoadProgress) => void;
}

export interface LoadProgress {
  readonly elapsedSeconds: number;
  readonly durationSeconds: number;
  readonly responses: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Responses in the last second. */
  readonly lastSecond: number;
}

export interface LoadSummary {
  readonly target: string;
  readonly durationSeconds: number;
  readonly requestedRate: number;
  readonly connections: number;
  readonly responses: number;
  readonly non2xx: number;
  /** Requests that got no answer (connection errors, timeouts). */
  readonly errors: number;
  readonly timeouts: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly statusCodes: Readonly<Record<string, number>>;
  readonly errorPercent: number;
  readonly maxErrorPercent: number;
  readonly passed: boolean;
}

/** Runs autocannon against the mix, bounded by duration and overall rate, reporting progress every second. */
export async function runLoad(options: LoadOptions): Promise<LoadSummary> {
  let responses = 0;
  let non2xx = 0;
  let errors = 0;
  let elapsedSeconds = 0;
  let atLastTick = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseUrl,
        duration: options.durationSeconds,
        connections: options.connections,
        overallRate: options.rate,
        timeout: 10,
        headers: { 'user-agent': `${USER_AGENT} load` },
        requests: LOAD_MIX.map((path) => ({ method: 'GET' as const, path })),
      },
      (error: unknown, done: autocannon.Result) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, statusCode) => {
      responses++;
      if (statusCode < 200 || statusCode >= 300) non2xx++;
    });
    instance.on('reqError', () => errors++);
    instance.on('tick', () => {
      // autocannon ticks once more when it stops; the summary reports that last partial second.
      if (elapsedSeconds === options.durationSeconds) return;
      elapsedSeconds++;
      options.onProgress({
        elapsedSeconds,
        durationSeconds: options.durationSeconds,
        responses,
        non2xx,
        errors,
        lastSecond: responses - atLastTick,
      });
      atLastTick = responses;
    });
  });
  return summarize(options, result);
}

export function summarize(options: LoadOptions, result: autocannon.Result): LoadSummary {
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    statusCodes[code] = Number(stats?.count ?? 0);
  }
  const responses = result.requests.total;
  const attempts = responses + result.errors;
  const errorPercent = attempts === 0 ? 100 : ((result.non2xx + result.errors) / attempts) * 100;
  return {
    target: options.baseUrl,
    durationSeconds: result.duration,
    requestedRate: options.rate,
    connections: options.connections,
    responses,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    statusCodes,
    errorPercent,
    maxErrorPercent: options.maxErrorPercent,
    // No answer at all is a failure whatever the threshold.
    passed: responses > 0 && errorPercent <= options.maxErrorPercent,
  };
}

export function formatProgress(progress: LoadProgress): string {
  return (
    `  ${String(progress.elapsedSeconds).padStart(3)}/${progress.durationSeconds} s  ` +
    `${progress.responses} responses (${progress.lastSecond}/s)  non-2xx ${progress.non2xx}  errors ${progress.errors}\n`
  );
}

export function formatLoadSummary(summary: LoadSummary): string {
  const codes = Object.entries(summary.statusCodes)
    .map(([code, count]) => `${code}: ${count}`)
    .join(', ');
  const achieved = summary.durationSeconds > 0 ? summary.responses / summary.durationSeconds : 0;
  const lines = [
    `Load test of ${summary.target}: ${LOAD_MIX.join(', ')}`,
    `  duration       ${summary.durationSeconds.toFixed(1)} s, ${summary.connections} connections, ${summary.requestedRate} req/s requested, ${achieved.toFixed(1)} req/s answered`,
    `  responses      ${summary.responses} (${codes || 'none'})`,
    `  latency        p50 ${summary.latencyMs.p50} ms, p99 ${summary.latencyMs.p99} ms, max ${summary.latencyMs.max} ms`,
    `  non-2xx        ${summary.non2xx}`,
    `  no answer      ${summary.errors} (timeouts ${summary.timeouts})`,
    `  error rate     ${summary.errorPercent.toFixed(2)} % (limit ${summary.maxErrorPercent} %): ${summary.passed ? 'PASS' : 'FAIL'}`,
  ];
  return `${lines.join('\n')}\n`;
}
