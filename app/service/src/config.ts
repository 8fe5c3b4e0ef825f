import { z } from 'zod';

/** How the cache is reached; the same names as `database.cache` in the POC config. */
export const CACHE_MODES = ['rds-memcached-option', 'elasticache-memcached'] as const;
export type CacheMode = (typeof CACHE_MODES)[number];

const port = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a TCP port number` })
    .int(`${name} must be a whole number`)
    .min(1, `${name} must be a TCP port 1-65535`)
    .max(65535, `${name} must be a TCP port 1-65535`);

const hostPort = /^[A-Za-z0-9.-]+:\d{1,5}$/;
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value.length > 0 ? value : undefined))
  .optional();

/**
 * The environment the systemd unit (user data) or the test harness passes. Credentials are
 * never part of it: only the ARN of the secret that holds them.
 */
const environmentSchema = z.object({
  POC_PORT: port('POC_PORT'),
  POC_DB_HOST: z.string().min(1, 'POC_DB_HOST must name the database endpoint'),
  POC_DB_PORT: port('POC_DB_PORT'),
  POC_DB_NAME: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'POC_DB_NAME must be a MySQL identifier (letters, digits, underscore)'),
  POC_DB_SECRET_ARN: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
      'POC_DB_SECRET_ARN must be a Secrets Manager secret ARN',
    ),
  AWS_REGION: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'AWS_REGION must be a region name such as eu-west-3'),
  POC_SECRET_REFRESH_SECONDS: z.coerce
    .number({ error: 'POC_SECRET_REFRESH_SECONDS must be a number of seconds' })
    .int('POC_SECRET_REFRESH_SECONDS must be a whole number of seconds')
    .min(1, 'POC_SECRET_REFRESH_SECONDS must be between 1 and 3600')
    .max(3600, 'POC_SECRET_REFRESH_SECONDS must be between 1 and 3600')
    .default(30),
  POC_DB_CA_FILE: optionalText,
  POC_CACHE_MODE: z.enum(CACHE_MODES, { error: `POC_CACHE_MODE must be one of ${CACHE_MODES.join(', ')}` }),
  POC_CACHE_ENDPOINT: z.string().regex(hostPort, 'POC_CACHE_ENDPOINT must be host:port'),
  POC_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  POC_CACHE_REDISCOVERY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  POC_AVAILABILITY_ZONE: optionalText,
  POC_INSTANCE_ID: optionalText,
});

export interface ServiceConfig {
  readonly port: number;
  readonly database: {
    readonly host: string;
    readonly port: number;
    readonly name: string;
    readonly secretArn: string;
    readonly region: string;
    /** Secrets Manager is read again at most this often when the database refuses the credentials. */
    readonly secretRefreshSeconds: number;
    /** A CA bundle to trust instead of the Amazon RDS bundle (local tests). TLS stays required either way. */
    readonly caFile?: string;
  };
  readonly cache: {
    readonly mode: CacheMode;
    readonly endpoint: string;
    readonly ttlSeconds: number;
    /** ElastiCache: how long without a ready node before the cluster is discovered again. */
    readonly rediscoverySeconds: number;
  };
  /** Overrides of what IMDSv2 reports, for runs outside EC2. */
  readonly identityOverride: { readonly availabilityZone?: string; readonly instanceId?: string };
}

export class ConfigError extends Error {}

/** Reads the service configuration, reporting every bad variable at once. */
export function loadConfig(environment: NodeJS.ProcessEnv): ServiceConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      const message = issue.code === 'invalid_type' && environment[name] === undefined ? `${name} is required` : issue.message;
      return `  ${message}`;
    });
    throw new ConfigError(`Invalid service environment:\n${problems.join('\n')}`);
  }
  const env = parsed.data;
  return {
    port: env.POC_PORT,
    database: {
      host: env.POC_DB_HOST,
      port: env.POC_DB_PORT,
      name: env.POC_DB_NAME,
      secretArn: env.POC_DB_SECRET_ARN,
      region: env.AWS_REGION,
      secretRefreshSeconds: env.POC_SECRET_REFRESH_SECONDS,
      caFile: env.POC_DB_CA_FILE,
    },
    cache: {
      mode: env.POC_CACHE_MODE,
      endpoint: env.POC_CACHE_ENDPOINT,
      ttlSeconds: env.POC_CACHE_TTL_SECONDS,
      rediscoverySeconds: env.POC_CACHE_REDISCOVERY_SECONDS,
    },
    identityOverride: { availabilityZone: env.POC_AVAILABILITY_ZONE, instanceId: env.POC_INSTANCE_ID },
  };
}
