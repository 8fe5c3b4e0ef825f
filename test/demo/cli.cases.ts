import { baseUrl, DEFAULT_CONFIG, parseCommandArgs, usage } from '../../lib/demo/cli';
import { FAILOVER_SPEC, LOAD_SPEC, VERIFY_SPEC } from '../../lib/demo/commands';
import { UsageError } from '../../lib/demo/errors';

function usageErrorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('-c config=PATH, read the way cdk reads it', () => {
  test('defaults to the AnyCompany Apparel config', () => {
    expect(parseCommandArgs([], VERIFY_SPEC).configFile).toBe(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG).toBe('config/anycompany-apparel.yaml');
  });

  test('-c, --context and -c=... all set it; the last one wins', () => {
    expect(parseCommandArgs(['-c', 'config=config/a.yaml'], VERIFY_SPEC).configFile).toBe('config/a.yaml');
    expect(parseCommandArgs(['--context', 'config=config/b.yaml'], VERIFY_SPEC).configFile).toBe('config/b.yaml');
    expect(parseCommandArgs(['-c', 'config=x.yaml', '-c', 'config=y.yaml'], VERIFY_SPEC).configFile).toBe('y.yaml');
  });

  test('another context key, or no path, is refused with the form to use', () => {
    expect(usageErrorOf(() => parseCommandArgs(['-c', 'stage=prod'], VERIFY_SPEC))).toMatch(
      /-c stage=prod: the only context key these commands read is config \(write -c config=PATH\)/,
    );
    expect(usageErrorOf(() => parseCommandArgs(['-c', 'config='], VERIFY_SPEC))).toMatch(/give the config file path/);
  });
});

describe('bounded integer flags', () => {
  test('defaults apply when a flag is absent', () => {
    const args = parseCommandArgs([], LOAD_SPEC);
    expect(args.integers).toEqual({ duration: 60, rate: 50, connections: 10, 'max-error-rate': 1 });
    expect(parseCommandArgs([], FAILOVER_SPEC).integers['max-downtime']).toBeUndefined();
  });

  test('values inside the range are taken as given', () => {
    const args = parseCommandArgs(['--duration', '600', '--rate', '1', '--connections', '100'], LOAD_SPEC);
    expect(args.integers).toMatchObject({ duration: 600, rate: 1, connections: 100 });
  });

  test.each([
    ['--duration', '601', /--duration must be a whole number of seconds from 1 to 600 \(got "601"\)/],
    ['--duration', '0', /--duration must be a whole number of seconds from 1 to 600 \(got "0"\)/],
    ['--rate', '5000', /--rate must be a whole number of requests\/s from 1 to 500 \(got "5000"\)/],
    ['--rate', '2.5', /--rate .* \(got "2.5"\)/],
    ['--connections', 'ten', /--connections must be a whole number of connections from 1 to 100 \(got "ten"\)/],
    ['--max-error-rate', '', /--max-error-rate .* \(got ""\)/],
  ])('%s %s is refused, naming the flag and the range', (flag, value, message) => {
    expect(usageErrorOf(() => parseCommandArgs([flag, value], LOAD_SPEC))).toMatch(message);
  });

  test('failover bounds: probe interval and timeout', () => {
    expect(usageErrorOf(() => parseCommandArgs(['--interval', '50'], FAILOVER_SPEC))).toMatch(
      /--interval must be a whole number of milliseconds from 200 to 10000/,
    );
    expect(usageErrorOf(() => parseCommandArgs(['--timeout', '7200'], FAILOVER_SPEC))).toMatch(/from 60 to 3600/);
  });

  test('an unknown flag, or a flag of another command, is refused with the usage text', () => {
    const message = usageErrorOf(() => parseCommandArgs(['--rate', '10'], VERIFY_SPEC));
    expect(message).toMatch(/Unknown option '--rate'/);
    expect(message).toMatch(/Usage: npm run verify -- \[-c config=PATH\]/);
    expect(usageErrorOf(() => parseCommandArgs(['--yes'], LOAD_SPEC))).toMatch(/Unknown option '--yes'/);
    expect(parseCommandArgs(['--yes'], FAILOVER_SPEC).yes).toBe(true);
  });
});

describe('--url', () => {
  test('is normalised to a base without a trailing slash', () => {
    expect(parseCommandArgs(['--url', 'http://127.0.0.1:8080/'], VERIFY_SPEC).url).toBe('http://127.0.0.1:8080');
    expect(baseUrl('https://shop.example.com')).toBe('https://shop.example.com');
    expect(baseUrl('https://shop.example.com/poc/')).toBe('https://shop.example.com/poc');
  });

  test.each([
    ['shop.example.com', /absolute http\(s\) URL/],
    ['ftp://shop.example.com', /must use http or https/],
    ['https://shop.example.com/?a=1', /must not carry a query/],
  ])('%s is refused', (url, message) => {
    expect(usageErrorOf(() => parseCommandArgs(['--url', url], VERIFY_SPEC))).toMatch(message);
  });
});

test('the usage text lists every flag with its range and default', () => {
  const text = usage(LOAD_SPEC);
  expect(text).toMatch(/--duration N\s+how long to send load \(1-600 seconds, default 60\)/);
  expect(text).toMatch(/--rate N\s+overall request rate \(1-500 requests\/s, default 50\)/);
  expect(usage(FAILOVER_SPEC)).toMatch(/--max-downtime N\s+.*\(1-3600 seconds, optional\)/);
  expect(usage(FAILOVER_SPEC)).toMatch(/--yes/);
});
