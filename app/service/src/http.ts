import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Cache } from './cache';
import { Database, DatabaseUnavailableError } from './database';
import { InstanceIdentity } from './identity';
import { errorMessage, log } from './log';
import { newOrderSchema, Orders } from './orders';

const MAX_BODY_BYTES = 16 * 1024;

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
  readonly identity: InstanceIdentity;
  readonly database: Database;
  readonly cache: Cache;
  readonly orders: Orders;
}

/**
 * The API behind the internal ALB. `/api/health` is also the ALB health check: it answers 503
 * when MySQL is down, so the ALB takes the instance out; with only memcached down it answers
 * 200 "degraded", because every request can still be served from MySQL and taking all
 * instances out for a cache outage would turn a slowdown into an outage.
 */
export function createApi(deps: ApiDependencies): Server {
  const routes = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const method = request.method ?? 'GET';

    if (path === '/api/health') {
      if (method !== 'GET') throw new HttpError(405, 'use GET');
      const [database, cache] = await Promise.all([check(() => deps.database.ping()), check(() => deps.cache.ping())]);
      const status = database.status === 'down' ? 'unhealthy' : cache.status === 'down' ? 'degraded' : 'healthy';
      send(response, status === 'unhealthy' ? 503 : 200, {
        status,
        availabilityZone: deps.identity.availabilityZone,
        instanceId: deps.identity.instanceId,
        checks: { database, cache },
      });
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
    response.setHeader('X-Poc-Availability-Zone', deps.identity.availabilityZone);
    routes(request, response).catch((error: unknown) => {
      if (error instanceof HttpError) return send(response, error.status, { error: error.message });
      if (error instanceof DatabaseUnavailableError) {
        log('warn', 'database unavailable', { path: request.url, error: error.message });
        return send(response, 503, { error: 'database unavailable' });
      }
      log('error', 'request failed', { path: request.url, error: errorMessage(error) });
      return send(response, 500, { error: 'internal error' });
    });
  });
}
