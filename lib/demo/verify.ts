import { z } from 'zod';
import { errorParts } from './errors';
import { excerpt, HttpAnswer, HttpClientOptions, parseJson, probeHealth, request } from './http';

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface VerifyOptions extends HttpClientOptions {
  /** Names the test order, so an operator can find it in the database. */
  readonly now: () => number;
}

/** What the page must reference, and what the static behaviour of CloudFront must serve. */
export const PAGE_ASSETS = ['/static/app.css', '/static/app.js'] as const;

const orderBody = z.looseObject({
  id: z.union([z.string().min(1), z.int()]),
  item: z.string(),
  quantity: z.int(),
  createdAt: z.string(),
});
const createdOrder = z.looseObject({ order: orderBody });
const readOrder = z.looseObject({ order: orderBody, source: z.enum(['cache', 'database']) });

/** Every check of `npm run verify`, in order; each one runs whatever the previous ones found. */
export async function runVerify(options: VerifyOptions): Promise<CheckResult[]> {
  return [...(await checkPage(options)), ...(await checkHealth(options)), ...(await checkOrderRoundTrip(options))];
}

async function answerOf(options: HttpClientOptions, method: 'GET' | 'POST', path: string, json?: unknown) {
  try {
    return { answer: await request(options, method, path, json) };
  } catch (error) {
    return { problem: errorParts(error).message };
  }
}

function statusLine(method: string, path: string, answer: HttpAnswer): string {
  return `${method} ${path} -> ${answer.status}${answer.contentType ? ` ${answer.contentType.split(';')[0]}` : ''}`;
}

async function checkPage(options: HttpClientOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const page = await answerOf(options, 'GET', '/');
  if (!page.answer) {
    results.push({ name: 'page', ok: false, detail: page.problem });
  } else if (page.answer.status !== 200 || !page.answer.contentType.startsWith('text/html')) {
    results.push({ name: 'page', ok: false, detail: `${statusLine('GET', '/', page.answer)}, expected 200 text/html` });
  } else {
    const missing = PAGE_ASSETS.filter((asset) => !page.answer.body.includes(asset));
    results.push(
      missing.length === 0
        ? { name: 'page', ok: true, detail: `${statusLine('GET', '/', page.answer)}, references ${PAGE_ASSETS.join(' and ')}` }
        : {
            name: 'page',
            ok: false,
            detail: `${statusLine('GET', '/', page.answer)} but does not reference ${missing.join(' nor ')}: is the web tier serving the sample page?`,
          },
    );
  }
  for (const asset of PAGE_ASSETS) {
    const fetched = await answerOf(options, 'GET', asset);
    if (!fetched.answer) {
      results.push({ name: `static ${asset}`, ok: false, detail: fetched.problem });
      continue;
    }
    const { answer } = fetched;
    // CloudFront says whether the edge cache answered: worth seeing when the customer asks.
    const cache = answer.headers.get('x-cache');
    const where = cache ? ` (${cache})` : '';
    if (answer.status === 200 && answer.body.length > 0) {
      results.push({
        name: `static ${asset}`,
        ok: true,
        detail: `${statusLine('GET', asset, answer)}${where}, ${answer.body.length} bytes`,
      });
    } else {
      const fix =
        answer.status === 403 || answer.status === 404
          ? ': upload the static assets to the StaticAssetsBucketName bucket under static/'
          : '';
      results.push({
        name: `static ${asset}`,
        ok: false,
        detail: `${statusLine('GET', asset, answer)}${where}, expected 200 and a body${fix}`,
      });
    }
  }
  return results;
}

async function checkHealth(options: HttpClientOptions): Promise<CheckResult[]> {
  const sample = await probeHealth(options);
  if (!sample.body) {
    const detail = sample.state === 'no answer' ? sample.detail : `GET /api/health -> ${sample.detail}`;
    return [{ name: 'api health', ok: false, detail }];
  }
  const { status } = sample.body;
  const reports = `/api/health reports "${status}"`;
  const serviceLog = 'the service log of the app tier (stream service) has the error';
  return [
    {
      // Degraded still serves orders from the database: the failure belongs to the cache check below.
      name: 'api health',
      ok: sample.state === 'healthy' || sample.state === 'degraded',
      detail: `GET /api/health -> ${sample.detail}`,
    },
    // The status alone tells which dependency failed: unhealthy is MySQL, degraded is memcached.
    status === 'unhealthy'
      ? {
          name: 'database',
          ok: false,
          detail: `down: ${reports}; the API cannot reach MySQL; check the DB instance status and the app tier -> database rule on 3306 (${serviceLog})`,
        }
      : { name: 'database', ok: true, detail: `up: ${reports}` },
    status === 'healthy'
      ? { name: 'cache', ok: true, detail: `up: ${reports}` }
      : status === 'degraded'
        ? {
            name: 'cache',
            ok: false,
            detail: `down: ${reports}; the API answers from the database only; check the memcached endpoint (RDS MEMCACHED option or ElastiCache, port 11211) and the app tier -> cache rule (${serviceLog})`,
          }
        : {
            name: 'cache',
            ok: false,
            detail: `not known: ${reports}, which says nothing of the cache while MySQL is down; check again once the database check passes`,
          },
  ];
}

async function checkOrderRoundTrip(options: VerifyOptions): Promise<CheckResult[]> {
  const wanted = { item: `verify ${new Date(options.now()).toISOString()}`, quantity: 1 };
  const created = await answerOf(options, 'POST', '/api/orders', wanted);
  const notRead: CheckResult = { name: 'order read', ok: false, detail: 'not run: no order was created' };
  if (!created.answer) return [{ name: 'order create', ok: false, detail: created.problem }, notRead];
  if (created.answer.status !== 201) {
    const detail = `${statusLine('POST', '/api/orders', created.answer)}, expected 201: ${excerpt(created.answer.body)}`;
    return [{ name: 'order create', ok: false, detail }, notRead];
  }
  const parsed = parseJson(created.answer, createdOrder);
  if (!parsed.ok) {
    return [{ name: 'order create', ok: false, detail: `POST /api/orders -> 201 but ${parsed.problem}` }, notRead];
  }
  const id = parsed.value.order.id;
  const results: CheckResult[] = [{ name: 'order create', ok: true, detail: `POST /api/orders -> 201, order ${id}` }];

  const path = `/api/orders/${encodeURIComponent(String(id))}`;
  const read = await answerOf(options, 'GET', path);
  if (!read.answer) return [...results, { name: 'order read', ok: false, detail: read.problem }];
  if (read.answer.status !== 200) {
    const detail = `${statusLine('GET', path, read.answer)}, expected 200: the order just created cannot be read back`;
    return [...results, { name: 'order read', ok: false, detail }];
  }
  const back = parseJson(read.answer, readOrder);
  if (!back.ok) return [...results, { name: 'order read', ok: false, detail: `GET ${path} -> 200 but ${back.problem}` }];
  const { order, source } = back.value;
  const differences = [
    String(order.id) === String(id) ? undefined : `id ${order.id}`,
    order.item === wanted.item ? undefined : `item ${JSON.stringify(order.item)}`,
    order.quantity === wanted.quantity ? undefined : `quantity ${order.quantity}`,
  ].filter((difference): difference is string => difference !== undefined);
  return [
    ...results,
    differences.length === 0
      ? { name: 'order read', ok: true, detail: `GET ${path} -> 200, same item and quantity (source: ${source})` }
      : {
          name: 'order read',
          ok: false,
          detail: `GET ${path} -> 200 but the order differs from what was sent (${differences.join(', ')}; sent ${JSON.stringify(wanted)})`,
        },
  ];
}

export function formatChecks(target: string, source: string, results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((result) => result.name.length));
  const lines = [
    `Verifying ${target}`,
    `  (from ${source})`,
    ...results.map((result) => `  ${result.ok ? 'PASS' : 'FAIL'}  ${result.name.padEnd(width)}  ${result.detail}`),
  ];
  const passed = results.filter((result) => result.ok).length;
  const verdict = passed === results.length ? 'all passed' : `${results.length - passed} failed`;
  lines.push(`${passed} of ${results.length} checks passed: ${verdict}`);
  return `${lines.join('\n')}\n`;
}
