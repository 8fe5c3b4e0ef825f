// The parts of memcache-plus 0.3 this service uses (the package ships no type declarations).
declare module 'memcache-plus' {
  interface MemcachePlusOptions {
    /** host:port entries; with autodiscover, the ElastiCache configuration endpoint. */
    hosts: string[];
    /** ElastiCache auto discovery: ask the configuration endpoint for the node list. */
    autodiscover?: boolean;
    /** Any object turns TLS on; the default trust store and host-name check apply. */
    tls?: Record<string, never> | null;
    /** false: fail a command at once while disconnected instead of queueing it. */
    queue?: boolean;
    /** Milliseconds a get/delete waits for its answer. */
    netTimeout?: number;
    /** Upper bound, in milliseconds, of the reconnect back-off. */
    backoffLimit?: number;
    reconnect?: boolean;
    onNetError?: (error: Error) => void;
  }

  class MemcachePlus {
    constructor(options: MemcachePlusOptions);
    /** The configured hosts, replaced by the discovered nodes once auto discovery succeeds. */
    readonly hosts: string[];
    get(key: string): Promise<unknown>;
    set(key: string, value: string, ttlSeconds?: number): Promise<void>;
    delete(key: string): Promise<boolean>;
    disconnect(): Promise<null>;
    ready(): boolean;
  }

  export = MemcachePlus;
}
