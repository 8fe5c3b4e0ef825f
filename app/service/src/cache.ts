import MemcachePlus from 'memcache-plus';
import { CacheMode } from './config';
import { errorMessage, log } from './log';
import { CACHE_CONTAINER } from './migrations';

export interface CacheSettings {
  readonly mode: CacheMode;
  readonly endpoint: string;
  readonly ttlSeconds: number;
  readonly rediscoverySeconds: number;
}

const COMMAND_TIMEOUT_MS = 500;
const RECONNECT_BACKOFF_LIMIT_MS = 1000;
const HEALTH_KEY = 'health';

function withTimeout<T>(operation: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${COMMAND_TIMEOUT_MS} ms`)), COMMAND_TIMEOUT_MS);
  });
  return Promise.race([operation, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The memcached client, for both cache paths:
 * - `rds-memcached-option`: the InnoDB memcached interface of the database (DB endpoint, port
 *   11211, plaintext: the option offers no TLS), keys in the `poc_cache` container;
 * - `elasticache-memcached`: ElastiCache for Memcached over TLS, nodes found through the
 *   configuration endpoint (auto discovery) and keys spread over them by consistent hashing,
 *   so every app instance reads and invalidates a key on the same node.
 * The memcached protocol has no authentication: only non-sensitive data (demo orders) goes here.
 * Values are JSON without raw newlines, which the client's line-based reader needs.
 */
export class Cache {
  private client: MemcachePlus;
  private readonly prefix: string;
  private notReadySince?: number;
  private lastError = '';

  constructor(private readonly settings: CacheSettings) {
    this.prefix = settings.mode === 'elasticache-memcached' ? 'poc:' : `@@${CACHE_CONTAINER}.`;
    this.client = this.connect();
  }

  private connect(): MemcachePlus {
    const elastiCache = this.settings.mode === 'elasticache-memcached';
    return new MemcachePlus({
      hosts: [this.settings.endpoint],
      autodiscover: elastiCache,
      tls: elastiCache ? {} : null,
      queue: false,
      netTimeout: COMMAND_TIMEOUT_MS,
      backoffLimit: RECONNECT_BACKOFF_LIMIT_MS,
      reconnect: true,
      // Reconnects retry every second while memcached is down: log each distinct error once.
      onNetError: (error) => {
        const message = errorMessage(error);
        if (message !== this.lastError) log('warn', 'memcached connection error', { error: message });
        this.lastError = message;
      },
    });
  }

  /**
   * The client discovers the ElastiCache nodes once. When that fails (the cluster was
   * unreachable at start) it never tries again and treats the configuration endpoint as a node;
   * and it never learns of replaced nodes. So after a while without discovered, ready nodes,
   * discover the cluster anew. Connections to known nodes reconnect by themselves.
   */
  private rediscoverWhenStuck(): void {
    if (this.settings.mode !== 'elasticache-memcached') return;
    if (this.client.ready() && !this.client.hosts.includes(this.settings.endpoint)) {
      this.notReadySince = undefined;
      return;
    }
    this.notReadySince ??= Date.now();
    if (Date.now() - this.notReadySince < this.settings.rediscoverySeconds * 1000) return;
    log('warn', 'no discovered memcached node ready: discovering the ElastiCache cluster again');
    const stale = this.client;
    this.client = this.connect();
    this.notReadySince = undefined;
    void Promise.resolve()
      .then(() => stale.disconnect())
      .catch(() => undefined);
  }

  /** The cached value, or undefined on a miss. Throws when memcached cannot answer. */
  async get(key: string): Promise<unknown> {
    this.rediscoverWhenStuck();
    const value = await withTimeout(this.client.get(this.prefix + key), `memcached get ${key}`);
    if (typeof value !== 'string') return undefined;
    try {
      return JSON.parse(value);
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    await withTimeout(
      this.client.set(this.prefix + key, JSON.stringify(value), this.settings.ttlSeconds),
      `memcached set ${key}`,
    );
  }

  async delete(key: string): Promise<void> {
    await withTimeout(this.client.delete(this.prefix + key), `memcached delete ${key}`);
  }

  /** Round trip to memcached (a get of a key nobody sets), in milliseconds. */
  async ping(): Promise<number> {
    const started = performance.now();
    await this.get(HEALTH_KEY);
    return Math.round(performance.now() - started);
  }

  async close(): Promise<void> {
    await this.client.disconnect();
  }
}
