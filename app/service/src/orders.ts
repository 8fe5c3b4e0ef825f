import type { RowDataPacket } from 'mysql2/promise';
import { z } from 'zod';
import { Cache } from './cache';
import { Database } from './database';
import { errorMessage, log } from './log';

export const orderSchema = z.object({
  id: z.number().int().positive(),
  item: z.string(),
  quantity: z.number().int(),
  createdAt: z.string(),
});
export type Order = z.infer<typeof orderSchema>;

/** What a client may send to create an order; each message names its field. */
export const newOrderSchema = z.strictObject({
  item: z
    .string({ error: 'item must be a string' })
    .trim()
    .min(1, 'item must be 1-100 characters')
    .max(100, 'item must be 1-100 characters'),
  quantity: z
    .number({ error: 'quantity must be a number' })
    .int('quantity must be a whole number')
    .min(1, 'quantity must be between 1 and 1000')
    .max(1000, 'quantity must be between 1 and 1000'),
});
export type NewOrder = z.infer<typeof newOrderSchema>;

export type Source = 'cache' | 'database';
export const RECENT_LIMIT = 50;
const RECENT_KEY = 'orders:recent';
const orderKey = (id: number) => `orders:${id}`;

interface OrderRow extends RowDataPacket {
  id: number;
  item: string;
  quantity: number;
  created_at: Date;
}

const toOrder = (row: OrderRow): Order => ({
  id: Number(row.id),
  item: row.item,
  quantity: Number(row.quantity),
  createdAt: row.created_at.toISOString(),
});

/**
 * Demo orders in MySQL, read through the cache (cache-aside): a read tries memcached, falls back
 * to MySQL and fills the cache; a write goes to MySQL and invalidates the cached list. Cached
 * values are checked against the schema before use: the memcached protocol has no
 * authentication, so a value that does not parse is treated as a miss. When memcached fails,
 * reads and writes go on against MySQL.
 */
export class Orders {
  constructor(
    private readonly database: Database,
    private readonly cache: Cache,
  ) {}

  async create(order: NewOrder): Promise<Order> {
    const result = await this.database.change('INSERT INTO orders (item, quantity) VALUES (?, ?)', [order.item, order.quantity]);
    const [row] = await this.database.query<OrderRow[]>('SELECT * FROM orders WHERE id = ?', [result.insertId]);
    const created = toOrder(row);
    await this.quietly('invalidate the recent orders', () => this.cache.delete(RECENT_KEY));
    return created;
  }

  async recent(): Promise<{ orders: Order[]; source: Source }> {
    const cached = z.array(orderSchema).safeParse(await this.cached(RECENT_KEY));
    if (cached.success) return { orders: cached.data, source: 'cache' };
    const rows = await this.database.query<OrderRow[]>('SELECT * FROM orders ORDER BY id DESC LIMIT ?', [RECENT_LIMIT]);
    const orders = rows.map(toOrder);
    await this.quietly('cache the recent orders', () => this.cache.set(RECENT_KEY, orders));
    return { orders, source: 'database' };
  }

  async byId(id: number): Promise<{ order: Order; source: Source } | undefined> {
    const cached = orderSchema.safeParse(await this.cached(orderKey(id)));
    if (cached.success && cached.data.id === id) return { order: cached.data, source: 'cache' };
    const [row] = await this.database.query<OrderRow[]>('SELECT * FROM orders WHERE id = ?', [id]);
    if (!row) return undefined;
    const order = toOrder(row);
    // Orders never change once written, so a cached order needs no invalidation.
    await this.quietly('cache an order', () => this.cache.set(orderKey(id), order));
    return { order, source: 'database' };
  }

  private async cached(key: string): Promise<unknown> {
    try {
      return await this.cache.get(key);
    } catch (error) {
      log('warn', 'cache read failed: serving from the database', { key, error: errorMessage(error) });
      return undefined;
    }
  }

  private async quietly(what: string, operation: () => Promise<void>): Promise<void> {
    try {
      await operation();
    } catch (error) {
      log('warn', `could not ${what}`, { error: errorMessage(error) });
    }
  }
}
