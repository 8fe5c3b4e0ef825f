import type autocannon from 'autocannon';
import { formatLoadSummary, formatProgress, LOAD_MIX, LoadOptions, LoadProgress, runLoad, summarize } from '../../lib/demo/load';
import { FakeSite, FakeSiteBehaviour } from './fake-site';

async function loadAgainst(behaviour: FakeSiteBehaviour, durationSeconds: number) {
  const site = await new FakeSite(behaviour).start();
  const progress: LoadProgress[] = [];
  try {
    // A second or two at 30 req/s: short and bounded, enough to see the mix and the progress.
    const summary = await runLoad({
      baseUrl: site.url,
      durationSeconds,
      rate: 30,
      connections: 3,
      maxErrorPercent: 1,
      onProgress: (update) => progress.push(update),
    });
    return { summary, progress, site };
  } finally {
    await site.stop();
  }
}

const countBy = (paths: readonly string[]) =>
  paths.reduce<Record<string, number>>((counts, path) => ({ ...counts, [path]: (counts[path] ?? 0) + 1 }), {});

test('sends the mix (/, /api/health, /api/orders) within the rate bound and passes on a healthy site', async () => {
  const { summary, progress, site } = await loadAgainst({}, 2);
  const counts = countBy(site.requests.map((request) => request.path));
  expect(Object.keys(counts).sort()).toEqual([...LOAD_MIX].sort());
  expect(site.requests.every((request) => request.method === 'GET')).toBe(true);
  // Every connection cycles through the mix in order, so the three paths are within one round of each other.
  expect(Math.max(...Object.values(counts)) - Math.min(...Object.values(counts))).toBeLessThanOrEqual(3);
  // Bounded: autocannon allows `rate` requests per one-second window and stops at the first
  // sample tick after the duration, so 30 req/s for 2 s sends at most 30 x (2 + 2).
  expect(site.requests.length).toBeGreaterThan(10);
  expect(site.requests.length).toBeLessThanOrEqual(120);
  // Requests still in flight when the time is up reach the server but are not counted: at most one per connection.
  expect(summary.responses).toBeLessThanOrEqual(site.requests.length);
  expect(summary.responses).toBeGreaterThanOrEqual(site.requests.length - 3);
  expect(summary).toMatchObject({
    non2xx: 0,
    errors: 0,
    errorPercent: 0,
    passed: true,
    statusCodes: { '200': summary.responses },
  });
  expect(progress.map((update) => update.elapsedSeconds)).toEqual([1, 2]);
  expect(progress[1].responses).toBeGreaterThanOrEqual(progress[0].responses);
});

test('fails when the error rate is above the limit: here every page answers 502', async () => {
  const { summary, site } = await loadAgainst({ page: 502 }, 1);
  const pages = site.requests.filter((request) => request.path === '/').length;
  // Every page answer is a 502 (those still in flight at the end, one per connection at most, are not counted).
  expect(summary.non2xx).toBeGreaterThan(0);
  expect(summary.non2xx).toBeLessThanOrEqual(pages);
  expect(summary.non2xx).toBeGreaterThanOrEqual(pages - 3);
  expect(summary.statusCodes['502']).toBe(summary.non2xx);
  expect(summary.errorPercent).toBeCloseTo((summary.non2xx / summary.responses) * 100, 5);
  expect(summary.passed).toBe(false);
  expect(formatLoadSummary(summary)).toMatch(/error rate {5}\d+\.\d\d % \(limit 1 %\): FAIL/);
});

describe('summary', () => {
  const options: LoadOptions = {
    baseUrl: 'https://d111111abcdef8.cloudfront.net',
    durationSeconds: 60,
    rate: 50,
    connections: 10,
    maxErrorPercent: 1,
    onProgress: () => undefined,
  };
  const histogram = { average: 0, mean: 0, stddev: 0, min: 0, max: 0, total: 0, sent: 0 };
  function result(fields: { total: number; non2xx: number; errors: number; codes?: Record<string, number> }): autocannon.Result {
    return {
      duration: 60.02,
      requests: { ...histogram, total: fields.total, sent: fields.total + fields.errors },
      latency: { ...histogram, p50: 12, p99: 80, max: 240 },
      non2xx: fields.non2xx,
      errors: fields.errors,
      timeouts: fields.errors,
      statusCodeStats: Object.fromEntries(Object.entries(fields.codes ?? {}).map(([code, count]) => [code, { count }])),
    } as unknown as autocannon.Result;
  }

  test('error rate counts non-2xx answers and unanswered requests over all attempts', () => {
    const summary = summarize(options, result({ total: 2990, non2xx: 20, errors: 10, codes: { '200': 2970, '503': 20 } }));
    expect(summary.errorPercent).toBeCloseTo(1.0, 5);
    expect(summary.passed).toBe(true);
    expect(summarize({ ...options, maxErrorPercent: 0 }, result({ total: 2990, non2xx: 20, errors: 10 })).passed).toBe(false);
  });

  test('no answer at all fails whatever the limit', () => {
    const summary = summarize({ ...options, maxErrorPercent: 100 }, result({ total: 0, non2xx: 0, errors: 40 }));
    expect(summary.errorPercent).toBe(100);
    expect(summary.passed).toBe(false);
  });

  test('report lines: requests, p50/p99 latency, non-2xx, verdict', () => {
    const text = formatLoadSummary(
      summarize(options, result({ total: 3000, non2xx: 3, errors: 0, codes: { '503': 3, '200': 2997 } })),
    );
    expect(text.split('\n')).toEqual([
      'Load test of https://d111111abcdef8.cloudfront.net: /, /api/health, /api/orders',
      '  duration       60.0 s, 10 connections, 50 req/s requested, 50.0 req/s answered',
      '  responses      3000 (200: 2997, 503: 3)',
      '  latency        p50 12 ms, p99 80 ms, max 240 ms',
      '  non-2xx        3',
      '  no answer      0 (timeouts 0)',
      '  error rate     0.10 % (limit 1 %): PASS',
      '',
    ]);
  });

  test('progress line', () => {
    expect(formatProgress({ elapsedSeconds: 5, durationSeconds: 60, responses: 250, non2xx: 1, errors: 0, lastSecond: 50 })).toBe(
      '    5/60 s  250 responses (50/s)  non-2xx 1  errors 0\n',
    );
  });
});
