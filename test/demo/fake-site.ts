import { once } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** What /api/health answers on one call: a contract state, or no answer at all (the socket is destroyed). */
export type HealthReply = 'healthy' | 'degraded' | 'unhealthy' | 'drop';

export interface FakeSiteBehaviour {
  /** 'no-assets': the page does not reference the static files; a number: that status with an error page. */
  readonly page?: 'ok' | 'no-assets' | number;
  /** Status of GET /static/app.css (app.js is always served). */
  readonly stylesheetStatus?: number;
  /** Replies of successive /api/health calls; the last one repeats. */
  readonly health?: readonly HealthReply[];
  /** Fields /api/health adds to its status: detail the public endpoint must not give away. */
  readonly healthDetail?: Readonly<Record<string, unknown>>;
  /** 'lost': created orders cannot be read back; 'altered': they come back with another quantity; a number: POST answers it. */
  readonly orders?: 'ok' | 'lost' | 'altered' | number;
}

const PAGE = `<!doctype html><html><head><link rel="stylesheet" href="/static/app.css"></head>
<body><h1>AnyCompany Apparel</h1><script src="/static/app.js"></script></body></html>`;

/**
 * A local HTTP server that answers like the POC behind CloudFront, per the sample app's API
 * contract, with switchable faults. It records every request it receives.
 */
export class FakeSite {
  readonly requests: { method: string; path: string }[] = [];
  private readonly server: Server;
  private readonly orders = new Map<string, { id: string; item: string; quantity: number; createdAt: string }>();
  private healthCalls = 0;

  constructor(private readonly behaviour: FakeSiteBehaviour = {}) {
    this.server = createServer((request, response) => this.handle(request, response));
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    this.requests.push({ method, path });
    let body = '';
    for await (const chunk of request) body += chunk;

    if (method === 'GET' && path === '/') return this.page(response);
    if (method === 'GET' && path === '/static/app.css') {
      const status = this.behaviour.stylesheetStatus ?? 200;
      return send(
        response,
        status,
        status === 200 ? 'text/css' : 'application/xml',
        status === 200 ? 'h1 { color: navy }' : '<Error/>',
        {
          'x-cache': 'Hit from cloudfront',
        },
      );
    }
    if (method === 'GET' && path === '/static/app.js') return send(response, 200, 'text/javascript', 'console.log("ok")');
    if (method === 'GET' && path === '/api/health') return this.health(response);
    if (method === 'POST' && path === '/api/orders') return this.createOrder(response, body);
    if (method === 'GET' && path === '/api/orders')
      return json(response, 200, { orders: [...this.orders.values()], source: 'database' });
    const match = /^\/api\/orders\/([^/]+)$/.exec(path);
    if (method === 'GET' && match) return this.readOrder(response, decodeURIComponent(match[1]));
    return json(response, 404, { error: 'not found' });
  }

  private page(response: ServerResponse): void {
    const page = this.behaviour.page ?? 'ok';
    if (typeof page === 'number') return send(response, page, 'text/html', '<h1>502 Bad Gateway</h1>');
    send(response, 200, 'text/html; charset=utf-8', page === 'ok' ? PAGE : '<html><body>nginx default page</body></html>');
  }

  private health(response: ServerResponse): void {
    const script = this.behaviour.health ?? ['healthy'];
    const reply = script[Math.min(this.healthCalls++, script.length - 1)];
    if (reply === 'drop') {
      response.socket?.destroy();
      return;
    }
    json(response, reply === 'unhealthy' ? 503 : 200, { status: reply, ...this.behaviour.healthDetail });
  }

  private createOrder(response: ServerResponse, body: string): void {
    const behaviour = this.behaviour.orders ?? 'ok';
    if (typeof behaviour === 'number') return json(response, behaviour, { error: 'database unavailable' });
    const { item, quantity } = JSON.parse(body) as { item: string; quantity: number };
    const order = { id: String(this.orders.size + 1), item, quantity, createdAt: '2026-11-20T10:00:00.000Z' };
    if (behaviour !== 'lost') {
      this.orders.set(order.id, behaviour === 'altered' ? { ...order, quantity: quantity + 1 } : order);
    }
    json(response, 201, { order });
  }

  private readOrder(response: ServerResponse, id: string): void {
    const order = this.orders.get(id);
    if (!order) return json(response, 404, { error: `order ${id} not found` });
    json(response, 200, { order, source: 'cache' });
  }
}

function send(response: ServerResponse, status: number, contentType: string, body: string, headers = {}): void {
  response.writeHead(status, { 'content-type': contentType, ...headers });
  response.end(body);
}

function json(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json', JSON.stringify(value));
}
