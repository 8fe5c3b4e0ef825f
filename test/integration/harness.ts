import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo, connect, createServer as createTcpServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { connect as tlsConnect, createServer as createTlsServer, Server as TlsServer } from 'node:tls';
import { delimiter, join } from 'node:path';
import mysql from 'mysql2/promise';
import type { DatabaseCredentials } from '../../app/service/src/credentials';
import type { DatabaseUser } from '../../app/service/src/database-users';
import { provisionDatabase, ProvisionResult } from '../../app/service/src/provision';
import { bundleService, SERVICE_BUNDLE_FILE } from '../../lib/constructs/sample-app';
import { ROOT } from '../helpers';
import { installCommand } from './prerequisites';

/**
 * Real servers for the sample service's integration tests: MariaDB (TLS required, like RDS
 * with require_secure_transport) and memcached run as this process's children on free ports
 * in a temporary folder; a stand-in for the Secrets Manager API serves the database secret;
 * the service runs as the same single-file bundle the CDK asset ships.
 */

const SEARCH_PATH = [
  ...(process.env.PATH ?? '').split(delimiter),
  '/usr/sbin',
  '/usr/bin',
  // Homebrew keeps MariaDB's server outside the PATH unless linked.
  '/opt/homebrew/opt/mariadb/bin',
  '/usr/local/opt/mariadb/bin',
];
const REQUIRED = ['mariadbd', 'mariadb-install-db', 'memcached', 'openssl'] as const;

function findExecutable(name: string, searchPath: readonly string[]): string | undefined {
  for (const dir of searchPath) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** The server binaries, or an error that says how to install them (CI must never skip these tests). */
export function requireServers(searchPath: readonly string[] = SEARCH_PATH): Record<(typeof REQUIRED)[number], string> {
  const found = Object.fromEntries(REQUIRED.map((name) => [name, findExecutable(name, searchPath)]));
  const missing = REQUIRED.filter((name) => found[name] === undefined);
  if (missing.length > 0) {
    throw new Error(
      `The sample app integration tests need real MariaDB and memcached servers; ${missing.join(', ')} not found. Install them: ${installCommand('servers')}`,
    );
  }
  return found as Record<(typeof REQUIRED)[number], string>;
}

export async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value, or fails with the last reason after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await sleep(100);
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Sends `signal`; a process still running 10 s later is killed, so a hung child never hangs the suite. */
async function stopProcess(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
  await exited;
  clearTimeout(timer);
}

/** A CA and a server certificate for localhost / 127.0.0.1, made with openssl. */
function makeCertificates(dir: string, openssl: string): { ca: string; cert: string; key: string } {
  const file = (name: string) => join(dir, name);
  const run = (...args: string[]) => execFileSync(openssl, args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run('req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=poc-test-ca');
  run('req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=localhost');
  writeFileSync(file('san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  run(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    file('san.ext'),
    '-out',
    file('server.pem'),
  );
  return { ca: file('ca.pem'), cert: file('server.pem'), key: file('server.key') };
}

/** MariaDB with TLS required on TCP; stop() and start() keep the data folder (a crash and a restart). */
export class MariaDbServer {
  private process?: ChildProcess;
  readonly socket: string;
  readonly port: number;

  constructor(
    private readonly binaries: ReturnType<typeof requireServers>,
    private readonly dir: string,
    port: number,
    readonly tls: { ca: string; cert: string; key: string },
  ) {
    this.socket = join(dir, 'mysqld.sock');
    this.port = port;
  }

  static async create(binaries: ReturnType<typeof requireServers>, dir: string): Promise<MariaDbServer> {
    // Each server its own temporary folder: two bootstraps sharing /tmp (two test files, in
    // parallel) delete each other's temporary tables and abort.
    mkdirSync(join(dir, 'tmp'));
    execFileSync(
      binaries['mariadb-install-db'],
      [
        '--no-defaults',
        `--datadir=${join(dir, 'data')}`,
        `--tmpdir=${join(dir, 'tmp')}`,
        '--user=root',
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        '--skip-name-resolve',
      ],
      { stdio: 'pipe' },
    );
    const server = new MariaDbServer(binaries, dir, await freePort(), makeCertificates(dir, binaries.openssl));
    await server.start();
    return server;
  }

  async start(): Promise<void> {
    const log: Buffer[] = [];
    this.process = track(
      spawn(
        this.binaries.mariadbd,
        [
          '--no-defaults',
          `--datadir=${join(this.dir, 'data')}`,
          `--tmpdir=${join(this.dir, 'tmp')}`,
          `--socket=${this.socket}`,
          `--pid-file=${join(this.dir, 'mariadbd.pid')}`,
          `--port=${this.port}`,
          '--bind-address=127.0.0.1',
          '--user=root',
          '--skip-name-resolve',
          '--skip-log-bin',
          '--innodb-buffer-pool-size=32M',
          '--innodb-flush-log-at-trx-commit=2',
          `--ssl-ca=${this.tls.ca}`,
          `--ssl-cert=${this.tls.cert}`,
          `--ssl-key=${this.tls.key}`,
          '--require-secure-transport=ON',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      ),
    );
    this.process.stderr?.on('data', (chunk: Buffer) => log.push(chunk));
    const exited = new Promise<never>((_, reject) =>
      this.process?.once('exit', (code) => reject(new Error(`mariadbd exited (${code}): ${Buffer.concat(log).toString()}`))),
    );
    await Promise.race([
      exited,
      eventually('MariaDB accepting connections', async () => {
        const connection = await this.rootConnection();
        await connection.end();
        return true;
      }),
    ]);
    exited.catch(() => undefined);
  }

  /** SIGKILL: the database vanishes the way a failed instance does. */
  async crash(): Promise<void> {
    await stopProcess(this.process, 'SIGKILL');
  }

  async stop(): Promise<void> {
    await stopProcess(this.process, 'SIGTERM');
  }

  /** root over the Unix socket (a local socket counts as secure transport). */
  rootConnection(): Promise<mysql.Connection> {
    return mysql.createConnection({ socketPath: this.socket, user: 'root', multipleStatements: false });
  }

  async sql(statement: string, values: unknown[] = []): Promise<unknown> {
    const connection = await this.rootConnection();
    try {
      const [result] = await connection.query(statement, values);
      return result;
    } finally {
      await connection.end();
    }
  }
}

export class MemcachedServer {
  private process?: ChildProcess;

  private constructor(
    private readonly binary: string,
    readonly port: number,
    /** Server certificate: TLS only, as ElastiCache with in-transit encryption. */
    private readonly tls?: { readonly ca: string; readonly cert: string; readonly key: string },
  ) {}

  static async create(binary: string, tls?: { ca: string; cert: string; key: string }): Promise<MemcachedServer> {
    const server = new MemcachedServer(binary, await freePort(), tls);
    await server.start();
    return server;
  }

  async start(): Promise<void> {
    const tls = this.tls ? ['-Z', '-o', `ssl_chain_cert=${this.tls.cert},ssl_key=${this.tls.key}`] : [];
    this.process = track(
      spawn(this.binary, ['-u', 'root', '-l', '127.0.0.1', '-p', String(this.port), '-U', '0', '-m', '16', ...tls], {
        stdio: 'ignore',
      }),
    );
    await eventually('memcached accepting connections', () => this.command('version').then((reply) => reply || undefined));
  }

  async stop(): Promise<void> {
    await stopProcess(this.process, 'SIGKILL');
  }

  /** One raw text-protocol command; the reply up to END / a status line. */
  command(line: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = this.tls
        ? tlsConnect({ port: this.port, host: '127.0.0.1', servername: 'localhost', ca: readFileSync(this.tls.ca) })
        : connect(this.port, '127.0.0.1');
      let reply = '';
      socket.setTimeout(2000, () => socket.destroy(new Error(`memcached did not answer ${line}`)));
      socket.on(this.tls ? 'secureConnect' : 'connect', () => socket.write(`${line}\r\n`));
      socket.on('data', (chunk) => {
        reply += chunk.toString();
        if (/(END|OK|STORED|NOT_STORED|VERSION [^\r]*|DELETED|NOT_FOUND|ERROR)\r\n$/.test(reply)) {
          socket.end();
          resolve(reply);
        }
      });
      socket.on('error', reject);
    });
  }

  /** The raw value stored under `key`, or undefined. */
  async get(key: string): Promise<string | undefined> {
    const match = /^VALUE \S+ \d+ \d+\r\n([\s\S]*)\r\nEND\r\n$/.exec(await this.command(`get ${key}`));
    return match?.[1];
  }
}

/**
 * An ElastiCache for Memcached configuration endpoint over TLS: answers `config get cluster`
 * (the auto discovery command) with the node list, here one TLS memcached node.
 */
export class FakeConfigurationEndpoint {
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: TlsServer,
    readonly port: number,
  ) {
    server.on('secureConnection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  static async create(tls: { cert: string; key: string }, nodePort: number, port = 0): Promise<FakeConfigurationEndpoint> {
    const nodes = `localhost|127.0.0.1|${nodePort}`;
    const server = createTlsServer({ cert: readFileSync(tls.cert), key: readFileSync(tls.key) }, (socket) => {
      let pending = '';
      socket.on('data', (chunk) => {
        pending += chunk.toString();
        const lines = pending.split('\r\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          if (line === 'config get cluster') {
            const body = `1\n${nodes}\n`;
            socket.write(`CONFIG cluster 0 ${Buffer.byteLength(body)}\r\n${body}\r\nEND\r\n`);
          } else {
            socket.write('ERROR\r\n');
          }
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return new FakeConfigurationEndpoint(server, (server.address() as AddressInfo).port);
  }

  close(): Promise<void> {
    this.sockets.forEach((socket) => socket.destroy());
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * The Secrets Manager GetSecretValue call, served locally; the SDK finds it through
 * AWS_ENDPOINT_URL_SECRETS_MANAGER. It keeps an AWSCURRENT version and, while a rotation is under
 * way, an AWSPENDING one; a label no version has is ResourceNotFoundException, as AWS answers.
 */
export class FakeSecretsManager {
  /** `<target> <SecretId>`, then ` <VersionStage>` when the call names one. */
  readonly requests: string[] = [];
  private secret: Record<string, unknown> = {};
  private pending?: Record<string, unknown>;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async create(): Promise<FakeSecretsManager> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeSecretsManager(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const target = String(request.headers['x-amz-target']);
        const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { SecretId?: string; VersionStage?: string };
        fake.requests.push(`${target} ${body.SecretId}${body.VersionStage ? ` ${body.VersionStage}` : ''}`);
        response.setHeader('Content-Type', 'application/x-amz-json-1.1');
        if (target !== 'secretsmanager.GetSecretValue') {
          response.statusCode = 400;
          response.end(JSON.stringify({ __type: 'InvalidRequestException', message: `unexpected ${target}` }));
          return;
        }
        const stage = body.VersionStage ?? 'AWSCURRENT';
        const value = stage === 'AWSPENDING' ? fake.pending : stage === 'AWSCURRENT' ? fake.secret : undefined;
        if (!value) {
          response.statusCode = 400;
          response.end(
            JSON.stringify({
              __type: 'ResourceNotFoundException',
              message: `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
            }),
          );
          return;
        }
        response.end(
          JSON.stringify({
            ARN: body.SecretId,
            Name: 'poc-test',
            SecretString: JSON.stringify(value),
            VersionId: stage === 'AWSPENDING' ? 'v2' : 'v1',
            VersionStages: [stage],
            CreatedDate: 0,
          }),
        );
      });
    });
    return fake;
  }

  setSecret(secret: Record<string, unknown>): void {
    this.secret = secret;
  }

  /** The AWSPENDING version of a rotation under way; undefined: no rotation (no version has the label). */
  setPending(secret: Record<string, unknown> | undefined): void {
    this.pending = secret;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface ServiceProcess {
  readonly url: string;
  readonly logs: () => Record<string, unknown>[];
  readonly stop: () => Promise<void>;
  readonly exited: Promise<number | null>;
}

export const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-3:111122223333:secret:poc-test-AbCdEf';

/** Stands in for the RDS master user: every privilege on every schema, and the right to grant them. */
export const MASTER: DatabaseCredentials = { username: 'pocadmin', password: 'master-Passw0rd-1' };
export const APP_USER: DatabaseUser = { account: 'app', username: 'poc_app', password: 'app-Passw0rd-1' };
export const MIGRATION_USER: DatabaseUser = { account: 'migration', username: 'poc_migration', password: 'migration-Passw0rd-1' };

/** Everything a test needs: the servers, the bundled service and a way to run it. */
export class Harness {
  private constructor(
    readonly dir: string,
    readonly bundle: string,
    readonly mariadb: MariaDbServer,
    readonly memcached: MemcachedServer,
    readonly secrets: FakeSecretsManager,
  ) {}

  static async start(): Promise<Harness> {
    const binaries = requireServers();
    const dir = mkdtempSync(join(tmpdir(), 'poc-sample-app-'));
    const bundle = join(dir, SERVICE_BUNDLE_FILE);
    bundleService(join(ROOT, 'app'), bundle);
    const [mariadb, memcached, secrets] = await Promise.all([
      MariaDbServer.create(binaries, dir),
      MemcachedServer.create(binaries.memcached),
      FakeSecretsManager.create(),
    ]);
    return new Harness(dir, bundle, mariadb, memcached, secrets);
  }

  /**
   * The deployment's database step (app/service/src/provision.ts, as the Data stack's custom
   * resource runs it): as the master user, the app's and the migration's users; as the
   * migration user, the schema. The fake Secrets Manager then serves the app user's secret, as
   * the app role reads it in AWS.
   */
  async provision(): Promise<ProvisionResult> {
    await this.mariadb.sql("CREATE USER IF NOT EXISTS ?@'%' IDENTIFIED BY ?", [MASTER.username, MASTER.password]);
    await this.mariadb.sql("GRANT ALL PRIVILEGES ON *.* TO ?@'%' WITH GRANT OPTION", [MASTER.username]);
    const result = await provisionDatabase(
      { host: 'localhost', port: this.mariadb.port, schema: 'poc', caFile: this.mariadb.tls.ca, withMemcachedOption: false },
      { master: [MASTER], app: APP_USER, migration: MIGRATION_USER },
    );
    this.secrets.setSecret({
      username: APP_USER.username,
      password: APP_USER.password,
      engine: 'mysql',
      host: 'localhost',
      port: this.mariadb.port,
    });
    return result;
  }

  environment(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '',
      POC_DB_HOST: 'localhost',
      POC_DB_PORT: String(this.mariadb.port),
      POC_DB_NAME: 'poc',
      POC_DB_SECRET_ARN: SECRET_ARN,
      POC_DB_CA_FILE: this.mariadb.tls.ca,
      AWS_REGION: 'eu-west-3',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: this.secrets.url,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_EC2_METADATA_DISABLED: 'true',
      POC_CACHE_MODE: 'rds-memcached-option',
      POC_CACHE_ENDPOINT: `127.0.0.1:${this.memcached.port}`,
      POC_CACHE_TTL_SECONDS: '60',
      POC_SECRET_REFRESH_SECONDS: '1',
      POC_AVAILABILITY_ZONE: 'eu-west-3a',
      POC_INSTANCE_ID: 'i-0123456789abcdef0',
      ...overrides,
    };
  }

  /** Runs the bundled service and waits until it listens (or fails when it exits first). */
  async startService(overrides: Record<string, string> = {}): Promise<ServiceProcess> {
    const port = await freePort();
    const child = track(
      spawn(process.execPath, [this.bundle], { env: this.environment({ POC_PORT: String(port), ...overrides }), stdio: 'pipe' }),
    );
    const lines: Record<string, unknown>[] = [];
    let stderr = '';
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      for (const line of complete) lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const failed = exited.then((code) => {
      throw new Error(`service exited (${code}) before listening: ${stderr}${JSON.stringify(lines)}`);
    });
    await Promise.race([failed, eventually('service listening', async () => lines.find((line) => line.message === 'listening'))]);
    failed.catch(() => undefined);
    return {
      url: `http://127.0.0.1:${port}`,
      logs: () => lines,
      stop: () => stopProcess(child, 'SIGTERM'),
      exited,
    };
  }

  /** Runs the bundle to completion (for start-up failures): exit code and output. */
  runServiceToExit(environment: Record<string, string>): { status: number | null; stderr: string; stdout: string } {
    try {
      const stdout = execFileSync(process.execPath, [this.bundle], { env: environment, stdio: 'pipe', timeout: 20000 });
      return { status: 0, stdout: stdout.toString(), stderr: '' };
    } catch (error) {
      const failure = error as { status: number | null; stdout: Buffer; stderr: Buffer };
      return { status: failure.status, stdout: failure.stdout.toString(), stderr: failure.stderr.toString() };
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.mariadb.stop(), this.memcached.stop(), this.secrets.close()]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface ApiResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export async function api(url: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<ApiResponse> {
  const response = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    signal: AbortSignal.timeout(10000),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
