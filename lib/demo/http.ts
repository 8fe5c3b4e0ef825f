import { z } from 'zod';
import { errorParts } from './errors';

/** The global fetch, injectable so tests can point the commands at a local server. */
export type Fetch = typeof fetch;

export const USER_AGENT = 'pci-poc-kit-demo';

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly headers: Headers;
  readonly body: string;
}

export interface HttpClientOptions {
  readonly baseUrl: string;
  readonly fetch: Fetch;
  readonly timeoutMs: number;
}

/**
 * One request to the site, answered or thrown: a network failure or a timeout rejects with an
 * Error whose message says which request failed and why.
 */
export async function request(
  options: HttpClientOptions,
  method: 'GET' | 'POST',
  path: string,
  json?: unknown,
): Promise<HttpAnswer> {
  const init: RequestInit = {
    method,
    headers: { 'user-agent': USER_AGENT, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
    body: json === undefined ? undefined : JSON.stringify(json),
    signal: AbortSignal.timeout(options.timeoutMs),
  };
  try {
    const response = await options.fetch(`${options.baseUrl}${path}`, init);
    const body = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', headers: response.headers, body };
  } catch (error) {
    throw new Error(`${method} ${path}: no answer (${describeFetchError(error, options.timeoutMs)})`, { cause: error });
  }
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  const { name, message, cause } = errorParts(error);
  if (name === 'TimeoutError' || name === 'AbortError') return `no response within ${timeoutMs} ms`;
  if (cause === undefined) return message;
  // undici puts the socket-level reason (ECONNREFUSED, ENOTFOUND, ...) in `cause`.
  const code = (cause as { code?: unknown }).code;
  return `${message}: ${typeof code === 'string' ? code : errorParts(cause).message}`;
}

/** Parses a JSON body against `schema`; the error names the first field that does not match. */
export function parseJson<T>(answer: HttpAnswer, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(answer.body);
  } catch {
    return { ok: false, problem: `body is not JSON (content-type ${answer.contentType || 'none'}): ${excerpt(answer.body)}` };
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.length > 0 ? issue.path.join('.') : 'body';
    return { ok: false, problem: `unexpected JSON: ${field}: ${issue.message}` };
  }
  return { ok: true, value: result.data };
}

export function excerpt(text: string, length = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}...` : flat || '(empty)';
}

/**
 * GET /api/health, as the sample application answers it: the status alone. Strict: a field
 * beyond it (an error, an instance id) is detail the public endpoint must not give away.
 */
export const healthBody = z.strictObject({ status: z.enum(['healthy', 'degraded', 'unhealthy']) });
export type HealthBody = z.infer<typeof healthBody>;

/** What one look at /api/health found. `healthy` is the only state that counts as up. */
export interface HealthSample {
  readonly state: 'healthy' | 'degraded' | 'unhealthy' | 'no answer';
  readonly httpStatus?: number;
  readonly body?: HealthBody;
  readonly detail: string;
}

export async function probeHealth(options: HttpClientOptions): Promise<HealthSample> {
  let answer: HttpAnswer;
  try {
    answer = await request(options, 'GET', '/api/health');
  } catch (error) {
    return { state: 'no answer', detail: errorParts(error).message };
  }
  const parsed = parseJson(answer, healthBody);
  if (!parsed.ok) return { state: 'unhealthy', httpStatus: answer.status, detail: `HTTP ${answer.status}, ${parsed.problem}` };
  const body = parsed.value;
  const detail = `HTTP ${answer.status} ${body.status}`;
  // Healthy or degraded with a status other than 200 breaks the contract: not up.
  const state = answer.status === 200 ? body.status : 'unhealthy';
  return { state, httpStatus: answer.status, body, detail };
}
