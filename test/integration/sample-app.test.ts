import { readFileSync } from 'node:fs';
import mysql from 'mysql2/promise';
import {
  api,
  APP_USER,
  eventually,
  FakeConfigurationEndpoint,
  freePort,
  Harness,
  MemcachedServer,
  requireServers,
  SECRET_ARN,
  ServiceProcess,
} from './harness';

/**
 * The sample service against real MariaDB (TLS required) and memcached servers, logged in as
 * its own restricted user (DML on its schema, made by the deployment's database step). One set
 * of servers for the file; each test leaves them running and healthy for the next.
 */

let harness: Harness;
let service: ServiceProcess;

beforeAll(async () => {
  harness = await Harness.start();
  await harness.provision();
  service = await harness.startService();
});

afterAll(async () => {
  await service?.stop();
  await harness?.close();
});

type Order = { id: number; item: string; quantity: number; createdAt: string };

async function createOrder(item: string, quantity: number, url = service.url): Promise<Order> {
  const response = await api(url, '/api/orders', { method: 'POST', body: { item, quantity } });
  expect(response.status).toBe(201);
  return response.body.order as Order;
}

/** The service log lines that record a change of health, with the checks behind it. */
const healthChanges = (process: ServiceProcess = service) => process.logs().filter((line) => line.message === 'health changed');

describe('health', () => {
  test('the status alone, after reading the secret from Secrets Manager: no instance, AZ, check or error in the answer', async () => {
    const response = await fetch(`${service.url}/api/health`, { signal: AbortSignal.timeout(10000) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'healthy' });
    expect([...response.headers.keys()].filter((name) => /zone|instance|poc/i.test(name))).toEqual([]);
    expect(harness.secrets.requests).toContain(`secretsmanager.GetSecretValue ${SECRET_ARN}`);
    // Where it runs goes to the service log, which the CloudWatch agent ships.
    expect(service.logs().find((line) => line.message === 'listening')).toEqual(
      expect.objectContaining({ availabilityZone: 'eu-west-3a', instanceId: 'i-0123456789abcdef0' }),
    );
  });

  test('MariaDB refuses the credentials without TLS, so the healthy service is talking TLS', async () => {
    const options = { host: 'localhost', port: harness.mariadb.port, user: APP_USER.username, password: APP_USER.password };
    await expect(mysql.createConnection(options)).rejects.toThrow(/Access denied/);
    const tls = await mysql.createConnection({ ...options, ssl: { ca: readFileSync(harness.mariadb.tls.ca, 'utf8') } });
    const [rows] = await tls.query("SHOW SESSION STATUS LIKE 'Ssl_version'");
    await tls.end();
    expect((rows as { Value: string }[])[0].Value).toMatch(/^TLSv1\.[23]$/);
  });
});

describe('orders', () => {
  test('created orders are listed newest first and found by id; unknown ids are 404', async () => {
    const first = await createOrder('Denim jacket', 2);
    const second = await createOrder('Wool scarf', 5);
    expect(second.id).toBeGreaterThan(first.id);
    expect(first).toEqual({ id: expect.any(Number), item: 'Denim jacket', quantity: 2, createdAt: expect.any(String) });
    expect(new Date(first.createdAt).toISOString()).toBe(first.createdAt);

    const list = await api(service.url, '/api/orders');
    expect(list.status).toBe(200);
    const ids = (list.body.orders as Order[]).map((order) => order.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));

    const found = await api(service.url, `/api/orders/${first.id}`);
    expect(found.status).toBe(200);
    expect(found.body.order).toEqual(first);
    expect((await api(service.url, '/api/orders/999999')).status).toBe(404);
  });

  test.each([
    [{ item: '', quantity: 1 }, /^item must be 1-100 characters$/],
    [{ item: 'x'.repeat(101), quantity: 1 }, /^item must be 1-100 characters$/],
    [{ item: 42, quantity: 1 }, /^item must be a string$/],
    [{ quantity: 1 }, /^item must be a string$/],
    [{ item: 'Socks' }, /^quantity must be a number$/],
    [{ item: 'Socks', quantity: '2' }, /^quantity must be a number$/],
    [{ item: 'Socks', quantity: 0 }, /^quantity must be between 1 and 1000$/],
    [{ item: 'Socks', quantity: 1001 }, /^quantity must be between 1 and 1000$/],
    [{ item: 'Socks', quantity: 1.5 }, /^quantity must be a whole number$/],
    [{ item: 'Socks', quantity: 1, price: 3 }, /^unknown field price$/],
    ['not json', /JSON object with item and quantity/],
    [[1, 2], /JSON object with item and quantity/],
  ])('a bad body %j is refused with 400 naming the field', async (body, message) => {
    const response = await api(service.url, '/api/orders', { method: 'POST', body });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(message);
  });

  test('orders survive a service restart (read back from MySQL, not the cache)', async () => {
    const order = await createOrder('Linen shirt', 3);
    await service.stop();
    await harness.memcached.command('flush_all');
    service = await harness.startService();
    const found = await api(service.url, `/api/orders/${order.id}`);
    expect(found).toEqual({ status: 200, body: { order, source: 'database' } });
  });
});

describe('cache', () => {
  test('a second read comes from memcached, and a write invalidates the cached list', async () => {
    await createOrder('Canvas tote', 1);
    const first = await api(service.url, '/api/orders');
    expect(first.body.source).toBe('database');
    const second = await api(service.url, '/api/orders');
    expect(second.body).toEqual({ orders: first.body.orders, source: 'cache' });
    // The list really is in memcached, in the container the RDS option serves.
    expect(JSON.parse((await harness.memcached.get('@@poc_cache.orders:recent')) ?? 'null')).toEqual(first.body.orders);

    const added = await createOrder('Leather belt', 1);
    expect(await harness.memcached.get('@@poc_cache.orders:recent')).toBeUndefined();
    const afterWrite = await api(service.url, '/api/orders');
    expect(afterWrite.body.source).toBe('database');
    expect((afterWrite.body.orders as Order[])[0]).toEqual(added);
    expect((await api(service.url, '/api/orders')).body.source).toBe('cache');
  });

  test('a single order is cached on first read', async () => {
    const order = await createOrder('Rain boots', 1);
    expect((await api(service.url, `/api/orders/${order.id}`)).body.source).toBe('database');
    expect(await api(service.url, `/api/orders/${order.id}`)).toEqual({ status: 200, body: { order, source: 'cache' } });
  });

  test('a cached value that does not parse as orders is ignored (memcached has no authentication)', async () => {
    await api(service.url, '/api/orders');
    await harness.memcached.command('set @@poc_cache.orders:recent 0 60 17\r\n[{"id":"forged"}]');
    const response = await api(service.url, '/api/orders');
    expect(response.body.source).toBe('database');
  });
});

describe('failures', () => {
  test('database down: health 503 unhealthy (the ALB check fails), orders 503; recovers when MariaDB returns', async () => {
    await harness.mariadb.crash();
    try {
      const down = await eventually('health reports the database down', async () => {
        const response = await api(service.url, '/api/health');
        return response.status === 503 ? response : undefined;
      });
      expect(down.body).toEqual({ status: 'unhealthy' });
      expect(healthChanges().at(-1)).toEqual(
        expect.objectContaining({
          level: 'warn',
          status: 'unhealthy',
          database: { status: 'down', latencyMs: expect.any(Number), error: expect.any(String) },
          cache: { status: 'up', latencyMs: expect.any(Number) },
        }),
      );
      const write = await api(service.url, '/api/orders', { method: 'POST', body: { item: 'Hat', quantity: 1 } });
      expect(write).toEqual({ status: 503, body: { error: 'database unavailable' } });
    } finally {
      await harness.mariadb.start();
    }
    const healthy = await eventually('health recovers', async () => {
      const response = await api(service.url, '/api/health');
      return response.status === 200 ? response : undefined;
    });
    expect(healthy.body).toEqual({ status: 'healthy' });
    expect(healthChanges().at(-1)).toEqual(expect.objectContaining({ level: 'info', status: 'healthy' }));
    expect((await api(service.url, '/api/orders', { method: 'POST', body: { item: 'Hat', quantity: 1 } })).status).toBe(201);
  });

  test('cache down: health 200 degraded, orders still served from MySQL; recovers when memcached returns', async () => {
    await harness.memcached.stop();
    try {
      const degraded = await api(service.url, '/api/health');
      expect(degraded.status).toBe(200);
      expect(degraded.body).toEqual({ status: 'degraded' });
      expect(healthChanges().at(-1)).toEqual(
        expect.objectContaining({
          status: 'degraded',
          database: { status: 'up', latencyMs: expect.any(Number) },
          cache: { status: 'down', latencyMs: expect.any(Number), error: expect.any(String) },
        }),
      );
      const order = await createOrder('Wool socks', 4);
      const list = await api(service.url, '/api/orders');
      expect(list.status).toBe(200);
      expect(list.body.source).toBe('database');
      expect((list.body.orders as Order[])[0]).toEqual(order);
    } finally {
      await harness.memcached.start();
    }
    await eventually('health recovers', async () => {
      const response = await api(service.url, '/api/health');
      return response.body.status === 'healthy' ? response : undefined;
    });
  });

  test('a rotated password: the service reads the secret again and carries on', async () => {
    const readsBefore = harness.secrets.requests.length;
    await harness.mariadb.sql("ALTER USER 'poc_app'@'%' IDENTIFIED BY 'rotated-Passw0rd'");
    harness.secrets.setSecret({ username: APP_USER.username, password: 'rotated-Passw0rd', engine: 'mysql', host: 'localhost' });
    // Open connections keep their session: drop them, as a failover or idle timeout would.
    const sessions = (await harness.mariadb.sql("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = 'poc_app'")) as {
      ID: number;
    }[];
    for (const session of sessions) await harness.mariadb.sql(`KILL ${Number(session.ID)}`);
    const response = await eventually('orders served with the rotated password', async () => {
      const list = await api(service.url, '/api/orders');
      return list.status === 200 ? list : undefined;
    });
    expect(response.status).toBe(200);
    expect(harness.secrets.requests.length).toBeGreaterThan(readsBefore);
  });
});

describe('a rotation under way', () => {
  const credentials = (password: string) => ({ username: APP_USER.username, password, engine: 'mysql', host: 'localhost' });
  const killSessions = async () => {
    // Open connections keep their session: drop them, as a failover or idle timeout would.
    const sessions = (await harness.mariadb.sql("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = 'poc_app'")) as {
      ID: number;
    }[];
    for (const session of sessions) await harness.mariadb.sql(`KILL ${Number(session.ID)}`);
  };
  // A write always reaches MySQL (a read may come from memcached).
  const ordersServed = () =>
    eventually('an order written to MySQL', async () => {
      const created = await api(service.url, '/api/orders', { method: 'POST', body: { item: 'Rotation scarf', quantity: 1 } });
      return created.status === 201 ? created : undefined;
    });

  test('the database already has the new password, AWSCURRENT still the old one: the service uses AWSPENDING', async () => {
    await harness.mariadb.sql("ALTER USER 'poc_app'@'%' IDENTIFIED BY 'before-Passw0rd'");
    harness.secrets.setSecret(credentials('before-Passw0rd'));
    await killSessions();
    await ordersServed();
    try {
      // The rotation's setSecret step: the password changes in the database, the new version is still AWSPENDING.
      harness.secrets.setPending(credentials('pending-Passw0rd'));
      await harness.mariadb.sql("ALTER USER 'poc_app'@'%' IDENTIFIED BY 'pending-Passw0rd'");
      const readsBefore = harness.secrets.requests.length;
      await killSessions();
      expect((await ordersServed()).status).toBe(201);
      expect(harness.secrets.requests.slice(readsBefore)).toContain(`secretsmanager.GetSecretValue ${SECRET_ARN} AWSPENDING`);
    } finally {
      // finishSecret: the new version becomes AWSCURRENT.
      harness.secrets.setSecret(credentials('pending-Passw0rd'));
      harness.secrets.setPending(undefined);
    }
  });
});

describe('ElastiCache path', () => {
  test('TLS memcached found through the configuration endpoint (auto discovery): cached reads, invalidation on write', async () => {
    const { tls } = harness.mariadb;
    const node = await MemcachedServer.create(requireServers().memcached, tls);
    // The cluster is unreachable when the service starts: it must discover it later.
    const endpointPort = await freePort();
    const instance = await harness.startService({
      POC_CACHE_MODE: 'elasticache-memcached',
      POC_CACHE_ENDPOINT: `localhost:${endpointPort}`,
      POC_CACHE_REDISCOVERY_SECONDS: '1',
      // ElastiCache presents a publicly trusted certificate; the test CA stands in for that trust.
      NODE_EXTRA_CA_CERTS: tls.ca,
    });
    const endpoint = await FakeConfigurationEndpoint.create(tls, node.port, endpointPort);
    try {
      expect((await api(instance.url, '/api/health')).body.status).toBe('degraded');
      const health = await eventually('cache discovered and reachable over TLS', async () => {
        const response = await api(instance.url, '/api/health');
        return response.body.status === 'healthy' ? response : undefined;
      });
      expect(health.status).toBe(200);
      await createOrder('Silk tie', 1, instance.url);
      expect((await api(instance.url, '/api/orders')).body.source).toBe('database');
      expect((await api(instance.url, '/api/orders')).body.source).toBe('cache');
      expect(await node.get('poc:orders:recent')).toContain('Silk tie');
      await createOrder('Cotton cap', 2, instance.url);
      expect(await node.get('poc:orders:recent')).toBeUndefined();
    } finally {
      await instance.stop();
      await Promise.all([node.stop(), endpoint.close()]);
    }
  });
});

describe('start-up', () => {
  test('a bad environment stops the service with every problem named', () => {
    const result = harness.runServiceToExit({ PATH: process.env.PATH ?? '', POC_PORT: 'eighty', POC_CACHE_MODE: 'redis' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid service environment');
    expect(result.stderr).toContain('POC_PORT must be a TCP port number');
    expect(result.stderr).toContain('POC_DB_SECRET_ARN is required');
    expect(result.stderr).toContain('POC_CACHE_MODE must be one of rds-memcached-option, elasticache-memcached');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
