import { CheckResult, formatChecks, runVerify } from '../../lib/demo/verify';
import { FakeSite, FakeSiteBehaviour } from './fake-site';

const NOW = Date.parse('2026-11-20T10:00:00.000Z');

async function verifyAgainst(behaviour: FakeSiteBehaviour): Promise<{ results: CheckResult[]; site: FakeSite }> {
  const site = await new FakeSite(behaviour).start();
  try {
    const results = await runVerify({ baseUrl: site.url, fetch, timeoutMs: 10_000, now: () => NOW });
    return { results, site };
  } finally {
    await site.stop();
  }
}

function byName(results: readonly CheckResult[]): Record<string, CheckResult> {
  return Object.fromEntries(results.map((result) => [result.name, result]));
}

function failing(results: readonly CheckResult[]): string[] {
  return results.filter((result) => !result.ok).map((result) => result.name);
}

test('a healthy POC passes every check, each request going where the contract says', async () => {
  const { results, site } = await verifyAgainst({});
  expect(failing(results)).toEqual([]);
  expect(results.map((result) => result.name)).toEqual([
    'page',
    'static /static/app.css',
    'static /static/app.js',
    'api health',
    'database',
    'cache',
    'order create',
    'order read',
  ]);
  expect(site.requests).toEqual([
    { method: 'GET', path: '/' },
    { method: 'GET', path: '/static/app.css' },
    { method: 'GET', path: '/static/app.js' },
    { method: 'GET', path: '/api/health' },
    { method: 'POST', path: '/api/orders' },
    { method: 'GET', path: '/api/orders/1' },
  ]);
  const checks = byName(results);
  expect(checks['static /static/app.css'].detail).toBe('GET /static/app.css -> 200 text/css (Hit from cloudfront), 18 bytes');
  expect(checks['api health'].detail).toBe('GET /api/health -> HTTP 200 healthy');
  expect(checks['order read'].detail).toBe('GET /api/orders/1 -> 200, same item and quantity (source: cache)');
});

test('the report: one line per check and a verdict', async () => {
  const { results } = await verifyAgainst({ stylesheetStatus: 404 });
  const text = formatChecks(
    'https://d111111abcdef8.cloudfront.net',
    'output DistributionDomainName of AnyCompanyApparel-Edge',
    results,
  );
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toBe('Verifying https://d111111abcdef8.cloudfront.net');
  expect(lines[1]).toBe('  (from output DistributionDomainName of AnyCompanyApparel-Edge)');
  expect(lines).toContain(
    '  PASS  page                    GET / -> 200 text/html, references /static/app.css and /static/app.js',
  );
  expect(lines.filter((line) => line.startsWith('  FAIL  '))).toEqual([
    '  FAIL  static /static/app.css  GET /static/app.css -> 404 application/xml (Hit from cloudfront), expected 200 and a body: ' +
      'upload the static assets to the StaticAssetsBucketName bucket under static/',
  ]);
  expect(lines[lines.length - 1]).toBe('7 of 8 checks passed: 1 failed');
});

test('a page that does not reference the static assets fails the page check', async () => {
  const { results } = await verifyAgainst({ page: 'no-assets' });
  expect(failing(results)).toEqual(['page']);
  expect(byName(results).page.detail).toMatch(/does not reference \/static\/app.css nor \/static\/app.js/);
});

test('an origin error on the page fails the page check with its status', async () => {
  const { results } = await verifyAgainst({ page: 502 });
  expect(byName(results).page).toEqual({ name: 'page', ok: false, detail: 'GET / -> 502 text/html, expected 200 text/html' });
});

test('database down: 503 unhealthy fails the API health and database checks, the cache check too', async () => {
  const { results } = await verifyAgainst({ health: ['unhealthy'] });
  const checks = byName(results);
  expect(checks['api health']).toMatchObject({
    ok: false,
    detail: 'GET /api/health -> HTTP 503 unhealthy',
  });
  expect(checks.database.ok).toBe(false);
  expect(checks.database.detail).toMatch(/^down: \/api\/health reports "unhealthy"; the API cannot reach MySQL/);
  expect(checks.cache).toMatchObject({ ok: false, detail: expect.stringMatching(/^not known: .*MySQL is down/) });
});

test('a health answer that gives away more than its status (an instance id, an error) fails the API health check', async () => {
  const { results } = await verifyAgainst({ healthDetail: { instanceId: 'i-0123456789abcdef0' } });
  expect(byName(results)['api health']).toEqual({
    name: 'api health',
    ok: false,
    detail: expect.stringMatching(/^GET \/api\/health -> HTTP 200, unexpected JSON: body: .*"instanceId"/),
  });
});

test('degraded (cache down) is reported as a failure of the cache check alone', async () => {
  const { results } = await verifyAgainst({ health: ['degraded'] });
  expect(failing(results)).toEqual(['cache']);
  expect(byName(results).cache.detail).toMatch(
    /^down: \/api\/health reports "degraded"; the API answers from the database only; check the memcached endpoint/,
  );
});

test('an order that cannot be read back fails the round trip', async () => {
  const { results } = await verifyAgainst({ orders: 'lost' });
  expect(failing(results)).toEqual(['order read']);
  expect(byName(results)['order read'].detail).toBe(
    'GET /api/orders/1 -> 404 application/json, expected 200: the order just created cannot be read back',
  );
});

test('an order read back with other values fails the round trip, showing what was sent', async () => {
  const { results } = await verifyAgainst({ orders: 'altered' });
  expect(failing(results)).toEqual(['order read']);
  expect(byName(results)['order read'].detail).toBe(
    'GET /api/orders/1 -> 200 but the order differs from what was sent (quantity 2; sent {"item":"verify 2026-11-20T10:00:00.000Z","quantity":1})',
  );
});

test('an order that is not created fails both order checks', async () => {
  const { results, site } = await verifyAgainst({ orders: 503 });
  expect(failing(results)).toEqual(['order create', 'order read']);
  expect(byName(results)['order create'].detail).toBe(
    'POST /api/orders -> 503 application/json, expected 201: {"error":"database unavailable"}',
  );
  expect(byName(results)['order read'].detail).toBe('not run: no order was created');
  expect(site.requests.filter((request) => request.path.startsWith('/api/orders/'))).toEqual([]);
});

test('no answer at all: every check fails with the reason, nothing hangs', async () => {
  const site = await new FakeSite().start();
  const url = site.url;
  await site.stop();
  const results = await runVerify({ baseUrl: url, fetch, timeoutMs: 10_000, now: () => NOW });
  expect(failing(results)).toEqual([
    'page',
    'static /static/app.css',
    'static /static/app.js',
    'api health',
    'order create',
    'order read',
  ]);
  expect(byName(results)['api health'].detail).toBe('GET /api/health: no answer (fetch failed: ECONNREFUSED)');
});
