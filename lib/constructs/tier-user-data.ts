import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { CacheChoice } from './mysql-database';
import { SERVICE_BUNDLE_FILE } from './sample-app';

/**
 * Boot scripts of the tiers. Instances are never changed by hand (competency 2.2): they fetch
 * the sample application from the CDK assets bucket at boot, and a change here or in the
 * application rolls the Auto Scaling groups through their launch templates. They run no
 * `dnf upgrade`: Amazon Linux 2023 locks its repositories to the AMI's release, so an upgrade at
 * boot finds almost nothing newer; patches arrive with the newest AMI, which every launch starts from
 * (tier-fleet.ts).
 */

const WEB_DIR = '/opt/poc-web';
const APP_DIR = '/opt/poc-app';
export const APP_SERVICE_UNIT = 'poc-app.service';
export const APP_SERVICE_USER = 'poc-app';
/** The name of the application's database (created by its first migration). */
export const APP_DATABASE_NAME = 'poc';

/** The sample service's stdout and stderr, which the CloudWatch agent ships (systemd opens it, not the service). */
export const APP_SERVICE_LOG = '/var/log/poc-app/service.log';

/** Log files of each tier, beyond the system logs every instance ships. */
export const TIER_LOG_FILES = {
  web: [
    { path: '/var/log/nginx/access.log', stream: 'nginx-access' },
    { path: '/var/log/nginx/error.log', stream: 'nginx-error' },
  ],
  app: [{ path: APP_SERVICE_LOG, stream: 'service' }],
} as const;

/** The instance metadata service's IPv4 address (the IPv6 endpoint stays disabled, the launch templates' default). */
const IMDS_ADDRESS = '169.254.169.254';
export const IMDS_GUARD_UNIT = 'poc-imds-guard.service';
const IMDS_CHAIN = 'POC-IMDS';

/**
 * Whoever reaches the instance metadata service gets the instance role's credentials. Only root
 * (cloud-init, the SSM and CloudWatch agents) and the named service users may reach it, so a
 * shell or a compromised process under any other user cannot (PCI DSS 7.2.2). Rules set once
 * from user data would be gone after a reboot: a systemd unit sets them at every boot, before
 * the SSM agent accepts sessions.
 */
export function imdsGuardCommands(allowedUsers: readonly string[]): string[] {
  const iptables = (rule: string) => `/usr/sbin/iptables -w ${rule}`;
  const jump = `OUTPUT -d ${IMDS_ADDRESS}/32 -j ${IMDS_CHAIN}`;
  return [
    'dnf -y install iptables-nft',
    `cat > /etc/systemd/system/${IMDS_GUARD_UNIT} <<'UNIT'
[Unit]
Description=Instance metadata service reachable by root and the service users only
Before=amazon-ssm-agent.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=${iptables(`-N ${IMDS_CHAIN}`)}
${['root', ...allowedUsers].map((user) => `ExecStart=${iptables(`-A ${IMDS_CHAIN} -m owner --uid-owner ${user} -j ACCEPT`)}`).join('\n')}
ExecStart=${iptables(`-A ${IMDS_CHAIN} -j REJECT`)}
ExecStart=${iptables(`-I ${jump}`)}
ExecStop=${iptables(`-D ${jump}`)}
ExecStop=${iptables(`-F ${IMDS_CHAIN}`)}
ExecStop=${iptables(`-X ${IMDS_CHAIN}`)}

[Install]
WantedBy=multi-user.target
UNIT`,
    'systemctl daemon-reload',
    `systemctl enable --now ${IMDS_GUARD_UNIT}`,
  ];
}

/**
 * The user every Session Manager shell runs as (session-logging.ts: `runAsEnabled`). Not root,
 * no sudo, not in wheel, not the service user, and not one of the users the metadata guard
 * admits: a shell on an instance reaches neither root nor the instance role's credentials (PCI
 * DSS 7.2.2, 8.2.2). Root on an instance is break-glass (the connect-to-instances runbook).
 */
export const SESSION_USER = 'poc-session';

/**
 * Creates the session user, which must exist before Session Manager opens a shell as it, and
 * stops the boot if a sudo rule grants it anything (the SSM agent's own ssm-user, which would
 * get sudo, is not used once run-as is on).
 */
export function sessionUserCommands(): string[] {
  return [
    `id -u ${SESSION_USER} >/dev/null 2>&1 || useradd --create-home --shell /bin/bash ${SESSION_USER}`,
    `if sudo -l -U ${SESSION_USER} | grep -q 'may run'; then echo '${SESSION_USER} must not have sudo rights' >&2; exit 1; fi`,
  ];
}

/** Moves the stock nginx server off port 80, which the web tier may use. */
const NGINX_DEFAULT_SERVER_OFF_PORT_80 =
  "sed -i 's/listen\\s*80;/listen 127.0.0.1:8081;/; s/listen\\s*\\[::\\]:80;//' /etc/nginx/nginx.conf";

export interface WebTierUserDataProps {
  /** The port nginx listens on (`web.port`). */
  readonly webPort: number;
  /** The port of the app tier (`app.port`), behind the internal load balancer. */
  readonly appPort: number;
  /** The internal load balancer's DNS name, where nginx proxies `/api/`. */
  readonly internalAlbDnsName: string;
  /** `app/web` zipped: nginx.conf.template and index.html. */
  readonly webAsset: s3assets.Asset;
}

/** nginx on the web port: the page, `/healthz` for the web load balancer, `/api/` proxied to the internal ALB. */
export function webTierUserData(props: WebTierUserDataProps): ec2.UserData {
  const userData = ec2.UserData.forLinux();
  userData.addCommands('set -euo pipefail', 'dnf -y install nginx unzip', ...sessionUserCommands());
  // nginx needs no role credentials: root alone reaches the metadata service.
  userData.addCommands(...imdsGuardCommands([]));
  const archive = userData.addS3DownloadCommand({
    bucket: props.webAsset.bucket,
    bucketKey: props.webAsset.s3ObjectKey,
    localFile: `${WEB_DIR}/web.zip`,
  });
  userData.addCommands(
    `rm -rf ${WEB_DIR}/release && unzip -q ${archive} -d ${WEB_DIR}/release`,
    `install -D -m 0644 ${WEB_DIR}/release/index.html ${WEB_DIR}/html/index.html`,
    `sed -e 's/@WEB_PORT@/${props.webPort}/' -e 's|@APP_UPSTREAM@|http://${props.internalAlbDnsName}:${props.appPort}|' ` +
      `${WEB_DIR}/release/nginx.conf.template > /etc/nginx/conf.d/poc.conf`,
    NGINX_DEFAULT_SERVER_OFF_PORT_80,
    'nginx -t',
    'systemctl enable --now nginx',
  );
  return userData;
}

export interface AppTierUserDataProps {
  /** The port the service listens on (`app.port`). */
  readonly appPort: number;
  /** The bundled service (one JavaScript file). */
  readonly serviceAsset: s3assets.Asset;
  /** The database endpoint's address. */
  readonly databaseHost: string;
  /** The database endpoint's port. */
  readonly databasePort: number;
  /** ARN of the Secrets Manager secret with the database credentials: the service reads it at start. */
  readonly databaseSecretArn: string;
  /** The region of the stack, for the AWS SDK of the service. */
  readonly region: string;
  /** Which cache the service talks to (`database.cache`). */
  readonly cacheMode: CacheChoice;
  /** host:port of the memcached interface (RDS option) or the ElastiCache configuration endpoint. */
  readonly cacheEndpoint: string;
}

/**
 * The sample service as a systemd unit under its own non-root user, on the distribution's
 * Node.js 20. The unit's environment holds endpoints and the secret's ARN, never a credential.
 */
export function appTierUserData(props: AppTierUserDataProps): ec2.UserData {
  const userData = ec2.UserData.forLinux();
  userData.addCommands(
    'set -euo pipefail',
    'dnf -y install nodejs20',
    `id -u ${APP_SERVICE_USER} >/dev/null 2>&1 || useradd --system --no-create-home --shell /sbin/nologin ${APP_SERVICE_USER}`,
    ...sessionUserCommands(),
  );
  // The service reads its database secret with the role's credentials.
  userData.addCommands(...imdsGuardCommands([APP_SERVICE_USER]));
  const bundle = userData.addS3DownloadCommand({
    bucket: props.serviceAsset.bucket,
    bucketKey: props.serviceAsset.s3ObjectKey,
    localFile: `${APP_DIR}/${SERVICE_BUNDLE_FILE}`,
  });
  const environment: Record<string, string | number> = {
    POC_PORT: props.appPort,
    POC_DB_HOST: props.databaseHost,
    POC_DB_PORT: props.databasePort,
    POC_DB_NAME: APP_DATABASE_NAME,
    POC_DB_SECRET_ARN: props.databaseSecretArn,
    AWS_REGION: props.region,
    POC_CACHE_MODE: props.cacheMode,
    POC_CACHE_ENDPOINT: props.cacheEndpoint,
  };
  // A port below 1024 needs the one capability to bind it; any other port needs none.
  const capabilities =
    props.appPort < 1024
      ? 'AmbientCapabilities=CAP_NET_BIND_SERVICE\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE'
      : 'CapabilityBoundingSet=';
  // The sandbox scores 2.0 or lower in `systemd-analyze security` (test/integration/systemd-unit.test.ts).
  // Left out on purpose: MemoryDenyWriteExecute (V8 compiles to executable memory), PrivateNetwork
  // and IPAddressDeny (the service calls MySQL, memcached and AWS APIs), PrivateUsers (a user
  // namespace would void CAP_NET_BIND_SERVICE on a low port), ProcSubset=pid (libuv reads
  // /proc/stat and /proc/meminfo). AF_NETLINK stays: glibc's getaddrinfo lists the interfaces.
  // A filtered system call fails with EPERM instead of killing the process.
  const sandbox = [
    'UMask=0077',
    'NoNewPrivileges=yes',
    'ProtectSystem=strict',
    'ProtectHome=yes',
    'PrivateTmp=yes',
    'PrivateDevices=yes',
    'PrivateMounts=yes',
    'ProtectHostname=yes',
    'ProtectClock=yes',
    'ProtectKernelTunables=yes',
    'ProtectKernelModules=yes',
    'ProtectKernelLogs=yes',
    'ProtectControlGroups=yes',
    'ProtectProc=invisible',
    'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK',
    'RestrictNamespaces=yes',
    'RestrictRealtime=yes',
    'RestrictSUIDSGID=yes',
    'LockPersonality=yes',
    'RemoveIPC=yes',
    'SystemCallArchitectures=native',
    'SystemCallFilter=@system-service',
    'SystemCallFilter=~@privileged',
    'SystemCallErrorNumber=EPERM',
    capabilities,
  ].join('\n');
  userData.addCommands(
    `chown root:root ${bundle} && chmod 0444 ${bundle}`,
    `install -d -m 0750 ${APP_SERVICE_LOG.slice(0, APP_SERVICE_LOG.lastIndexOf('/'))}`,
    `cat > /etc/${APP_SERVICE_USER}.env <<'ENV'\n${Object.entries(environment)
      .map(([name, value]) => `${name}=${value}`)
      .join('\n')}\nENV`,
    `cat > /etc/systemd/system/${APP_SERVICE_UNIT} <<'UNIT'
[Unit]
Description=PCI POC sample app service (orders API)
Wants=network-online.target
After=network-online.target

[Service]
User=${APP_SERVICE_USER}
EnvironmentFile=/etc/${APP_SERVICE_USER}.env
ExecStart=/usr/bin/node-20 ${bundle}
StandardOutput=append:${APP_SERVICE_LOG}
StandardError=inherit
Restart=always
RestartSec=5
${sandbox}

[Install]
WantedBy=multi-user.target
UNIT`,
    'systemctl daemon-reload',
    `systemctl enable --now ${APP_SERVICE_UNIT}`,
  );
  return userData;
}
