import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_BODY_BYTES } from '../app/service/src/http';
import { LOAD_MIX } from '../lib/demo/load';
import { renderRunbooks } from '../lib/runbooks';
import { defaultConfig, ROOT } from './helpers';
import { assemblyDirectory } from './support/assemblies';

/**
 * The web tier's nginx server block (app/web/nginx.conf.template): the body limit the API has,
 * a per-client request rate limit on the API, and access logs without query strings.
 */

const TEMPLATE = readFileSync(join(ROOT, 'app/web/nginx.conf.template'), 'utf8');

/** The values of every `name ...;` directive, comments left out. */
function directives(name: string, text = TEMPLATE): string[] {
  const code = text
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, ''))
    .join('\n');
  return [...code.matchAll(new RegExp(`(?:^|[\\s{;])${name}\\s+([^;]*);`, 'g'))].map((match) => match[1].replace(/\s+/g, ' '));
}

/** The body of `location <path> { ... }` (no nested blocks in this template). */
function location(path: string): string {
  const match = new RegExp(`location ${path.replace(/[/.*+?^${}()|[\]\\]/g, '\\$&')} \\{([^}]*)\\}`).exec(TEMPLATE);
  if (!match) throw new Error(`no location ${path}`);
  return match[1];
}

describe('request bodies', () => {
  test('client_max_body_size is the API body limit: nginx refuses a larger body before the app tier sees it', () => {
    const [size] = directives('client_max_body_size');
    const bytes = Number(/^(\d+)k$/.exec(size)?.[1]) * 1024;
    expect(bytes).toBe(MAX_BODY_BYTES);
  });
});

describe('request rate', () => {
  const [zone] = directives('limit_req_zone');
  const ratePerSecond = Number(/rate=(\d+)r\/s/.exec(zone)?.[1]);

  test('the API is limited per client address, with a burst, and an excess answered 429', () => {
    expect(zone).toMatch(/^\$poc_client zone=poc_api:\d+m rate=\d+r\/s$/);
    expect(directives('limit_req', location('/api/'))).toEqual([expect.stringMatching(/^zone=poc_api burst=\d+ nodelay$/)]);
    expect(directives('limit_req_status')).toEqual(['429']);
    expect(ratePerSecond).toBeGreaterThan(0);
  });

  test("the client is the viewer CloudFront saw: the address before the ALB's in X-Forwarded-For, whatever the client sent", () => {
    const map = /map \$http_x_forwarded_for \$poc_client \{([^}]*)\}/.exec(TEMPLATE)?.[1] ?? '';
    const pattern = /"~([^"]+)" \$viewer;/.exec(map)?.[1];
    expect(map).toMatch(/default \$remote_addr;/);
    const viewer = (header: string) => new RegExp(pattern ?? '$^').exec(header)?.groups?.viewer;
    expect(viewer('203.0.113.7, 130.176.0.1')).toBe('203.0.113.7');
    expect(viewer('10.0.0.1, 192.0.2.1, 203.0.113.7, 130.176.0.1')).toBe('203.0.113.7');
    expect(viewer('203.0.113.7,130.176.0.1')).toBe('203.0.113.7');
    expect(viewer('130.176.0.1')).toBeUndefined();
  });

  test('the load-test runbook stays under the limit: its rate, two thirds of it API requests, over the web tier minimum', () => {
    const runbook = renderRunbooks({ assemblyDir: assemblyDirectory('default'), config: defaultConfig() })[
      'load-test-and-scaling.md'
    ];
    const rate = Number(/npm run demo:load -- .*--rate (\d+)/.exec(runbook)?.[1]);
    const apiShare = LOAD_MIX.filter((path) => path.startsWith('/api/')).length / LOAD_MIX.length;
    expect(rate).toBeGreaterThan(0);
    expect((rate * apiShare) / defaultConfig().web.minCapacity).toBeLessThan(ratePerSecond);
    const [, burst] = /burst=(\d+)/.exec(directives('limit_req', location('/api/'))[0]) ?? [];
    expect(runbook).toContain(`at most ${ratePerSecond} API requests/s per web instance (bursts of ${burst})`);
  });
});

describe('access log', () => {
  test('the server logs with a format that holds the path, never the query string or the referrer', () => {
    const [access] = directives('access_log', TEMPLATE.slice(TEMPLATE.indexOf('server {')));
    const [path, format] = access.split(' ');
    expect(path).toBe('/var/log/nginx/access.log');
    const definition = directives('log_format').find((value) => value.startsWith(`${format} `)) ?? '';
    expect(definition).toContain('$request_method $uri $server_protocol');
    for (const leak of ['$request ', '$request"', '$request_uri', '$args', '$query_string', '$is_args', '$http_referer']) {
      expect({ leak, found: definition.includes(leak) }).toEqual({ leak, found: false });
    }
  });
});
