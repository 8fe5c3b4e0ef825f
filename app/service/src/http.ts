import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Cache } from './cache';
import { Database, DatabaseUnavailableError } from './database';
import { errorMessage, log } from './log';
import { newOrderSchema, Orders } from './orders';

/** The largest request body the API reads; nginx on the web tier refuses larger ones first (client_max_body_size). */
export const MAX_BODY_BYTES = 16 * 1024;

/** What /api/health answers: a status, nothing about the instance, its errors or its dependencies. */
export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

type Check = { status: 'up'; latencyMs: number } | { status: 'down'; latencyMs: number; error: string };

async function check(probe: () => Promise<number>): Promise<Check> {
  const started = performance.now();
  try {
    return { status: 'up', latencyMs: await probe() };
  } catch (error) {
    return { status: 'down', latencyMs: Math.round(performance.now() - started), error: errorMessage(error) };
  }
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `body must be at most ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    body = undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'body must be a JSON object with item and quantity');
  }
  return body;
}

export interface ApiDependencies {
  readonly database: Database;
  readonly cache: Cache;
  readonly orders: Orders;
}

/**
 * The API behind the internal ALB. `/api/health` is also the ALB health check: it answers 503
 * when MySQL is down, so the ALB takes the instance out; with only memcached down it answers
 * 200 "degraded", because every request can still be served from MySQL and taking all
 * instances out for a cache outage would turn a slowdown into an outage. It is reachable from
 * the internet through CloudFront, so it tells the status only; the checks behind a change of
 * status (errors, latencies) go to the service log.
 */
export function createApi(deps: ApiDependencies): Server {
  let lastHealth: HealthStatus | undefined;
  const routes = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = pathOf(request);
    const method = request.method ?? 'GET';

    if (path === '/api/health') {
      if (method !== 'GET') throw new HttpError(405, 'use GET');
      const [database, cache] = await Promise.all([check(() => deps.database.ping()), check(() => deps.cache.ping())]);
      const status: HealthStatus = database.status === 'down' ? 'unhealthy' : cache.status === 'down' ? 'degraded' : 'healthy';
      // The ALB asks every few seconds: log the changes, not every answer.
      if (status !== lastHealth) log(status === 'healthy' ? 'info' : 'warn', 'health changed', { status, database, cache });
      lastHealth = status;
      send(response, status === 'unhealthy' ? 503 : 200, { status });
      return;
    }

    if (path === '/api/orders') {
      if (method === 'GET') {
        send(response, 200, await deps.orders.recent());
        return;
      }
      if (method === 'POST') {
        const parsed = newOrderSchema.safeParse(await readJson(request));
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const field = issue.path.length > 0 ? issue.path.join('.') : undefined;
          const message = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}` : issue.message;
          throw new HttpError(400, field && !message.startsWith(field) ? `${field}: ${message}` : message);
        }
        send(response, 201, { order: await deps.orders.create(parsed.data) });
        return;
      }
      throw new HttpError(405, 'use GET or POST');
    }

    const byId = /^\/api\/orders\/(\d{1,15})$/.exec(path);
    if (byId) {
      if (method !== 'GET') throw new HttpError(405, 'use GET');
      const found = await deps.orders.byId(Number(byId[1]));
      if (!found) throw new HttpError(404, `order ${byId[1]} not found`);
      send(response, 200, found);
      return;
    }
    throw new HttpError(404, `no route ${method} ${path}`);
  };

  return createServer((request, response) => {
    routes(request, response).catch((error: unknown) => {
      if (error instanceof HttpError) return send(response, error.status, { error: error.message });
      if (error instanceof DatabaseUnavailableError) {
        log('warn', 'database unavailable', { path: pathOf(request), error: error.message });
        return send(response, 503, { error: 'database unavailable' });
      }
      log('error', 'request failed', { path: pathOf(request), error: errorMessage(error) });
      return send(response, 500, { error: 'internal error' });
    });
  });
}

/** The request path without its query string, which logs must never hold (it may carry anything a client typed). */
function pathOf(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'http://localhost').pathname;
}
