import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { buildBundle, bundleInputsHash, DATABASE_USERS_BUNDLE, SERVICE_BUNDLE_FILE } from '../lib/constructs/sample-app';
import { SYSTEM_LOG_FILES } from '../lib/constructs/cloudwatch-agent';
import { APP_SERVICE_LOG, APP_SERVICE_UNIT, appTierUserData } from '../lib/constructs/tier-user-data';
import { STATIC_KEY_PREFIX, STATIC_PATH_PATTERN } from '../lib/stacks/edge-stack';
import {
  logicalIdAt,
  renderUserData,
  resourcesOfType,
  ROOT,
  SOURCES,
  SynthesizedTemplates,
  synthesizeDefaultAndExample,
  tierUserData,
} from './helpers';

const { poc, example } = synthesizeDefaultAndExample();

type Props = Record<string, unknown>;

const userDataOf = tierUserData;

interface FileAsset {
  readonly source: { readonly path: string; readonly packaging?: string };
  readonly destinations: Record<string, { readonly objectKey: string }>;
}

/** The file assets a stack publishes, read from its asset manifest in the cloud assembly. */
function assetsOf(synth: SynthesizedTemplates, stackName: string): { path: string; objectKey: string; packaging: string }[] {
  const manifest = JSON.parse(readFileSync(join(synth.assembly.directory, `${stackName}.assets.json`), 'utf8')) as {
    files: Record<string, FileAsset>;
  };
  return Object.values(manifest.files)
    .filter((asset) => !asset.source.path.endsWith('.json'))
    .map((asset) => ({
      path: join(synth.assembly.directory, asset.source.path),
      objectKey: Object.values(asset.destinations)[0].objectKey,
      packaging: asset.source.packaging ?? 'file',
    }));
}

const serviceAsset = (synth: SynthesizedTemplates) => {
  const found = assetsOf(synth, 'AnyCompanyApparel-App').find((asset) => asset.objectKey.endsWith('.js'));
  if (!found) throw new Error('no service bundle asset in the App stack');
  return found;
};
const webAsset = (synth: SynthesizedTemplates) => {
  const found = assetsOf(synth, 'AnyCompanyApparel-App').find(
    (asset) => asset.packaging === 'zip' && existsSync(join(asset.path, 'nginx.conf.template')),
  );
  if (!found) throw new Error('no web asset in the App stack');
  return found;
};

describe('app tier: the sample service', () => {
  const userData = userDataOf(poc, 'AppTier');

  test('the bundled service is an asset of the assembly: one JavaScript file with the API and its dependencies', () => {
    const asset = serviceAsset(poc);
    const code = readFileSync(asset.path, 'utf8');
    expect(code).toContain('/api/health');
    // No DDL in the app: the deployment's database users function runs the migrations.
    expect(code).not.toContain('GET_LOCK');
    expect(code).not.toMatch(/CREATE (TABLE|DATABASE)/);
    expect(code).toMatch(/GetSecretValueCommand/);
    expect(code).not.toMatch(/require\("(mysql2|memcache-plus|@aws-sdk\/client-secrets-manager|zod)/);
  });

  test('user data downloads exactly that object and runs it as a systemd unit under a non-root user on Node.js 20', () => {
    const { objectKey } = serviceAsset(poc);
    expect(userData).toContain('dnf -y install nodejs20');
    expect(userData).toContain('useradd --system --no-create-home --shell /sbin/nologin poc-app');
    expect(userData).toMatch(
      new RegExp(`aws s3 cp 's3://.*cdk-hnb659fds-assets-.*/${objectKey}' '/opt/poc-app/${SERVICE_BUNDLE_FILE}'`),
    );
    expect(userData).toContain('User=poc-app');
    expect(userData).toContain(`ExecStart=/usr/bin/node-20 /opt/poc-app/${SERVICE_BUNDLE_FILE}`);
    expect(userData).toContain('Restart=always');
    expect(userData).toContain('CapabilityBoundingSet=\n');
    expect(userData).toMatch(/^systemctl enable --now poc-app\.service$/m);
    expect(userData).not.toMatch(/\bssh\b|authorized_keys/);
  });

  test('the unit sandboxes the service: kernel, namespaces, address families, system calls, personality, umask', () => {
    const unit = new RegExp(`${APP_SERVICE_UNIT} <<'UNIT'\\n([\\s\\S]*?)\\nUNIT`).exec(userData)?.[1] ?? '';
    for (const directive of [
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
      'ProtectKernelTunables=yes',
      'ProtectKernelModules=yes',
      'ProtectKernelLogs=yes',
      'ProtectControlGroups=yes',
      'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK',
      'RestrictNamespaces=yes',
      'SystemCallFilter=@system-service',
      'SystemCallFilter=~@privileged',
      'SystemCallErrorNumber=EPERM',
      'LockPersonality=yes',
      'UMask=0077',
    ]) {
      expect(unit.split('\n')).toContain(directive);
    }
    // V8 compiles to executable memory: the service would not start with it.
    expect(unit).not.toContain('MemoryDenyWriteExecute');
  });

  test("the unit gets endpoints and the app user's secret ARN, never a credential", () => {
    const env = /cat > \/etc\/poc-app\.env <<'ENV'\n([\s\S]*?)\nENV/.exec(userData)?.[1] ?? '';
    const names = env.split('\n').map((line) => line.split('=')[0]);
    expect(names).toEqual([
      'POC_PORT',
      'POC_DB_HOST',
      'POC_DB_PORT',
      'POC_DB_NAME',
      'POC_DB_SECRET_ARN',
      'AWS_REGION',
      'POC_CACHE_MODE',
      'POC_CACHE_ENDPOINT',
    ]);
    expect(env).toMatch(/^POC_DB_SECRET_ARN=\{"Fn::ImportValue":"[^"]*:ExportsOutputRefDatabaseUsersAppSecretAttachment/m);
    expect(env).toMatch(/^AWS_REGION=\{"Ref":"AWS::Region"\}$/m);
    expect(env).toMatch(/^POC_PORT=8080$/m);
    expect(env).toMatch(/^POC_CACHE_MODE=rds-memcached-option$/m);
    expect(env).toMatch(/^POC_CACHE_ENDPOINT=.*DatabaseInstance.*EndpointAddress.*:11211$/m);
    expect(userData).not.toMatch(/resolve:secretsmanager|password/i);
  });

  test('with ElastiCache the service is pointed at the cluster configuration endpoint', () => {
    const env = userDataOf(example, 'AppTier');
    expect(env).toMatch(/^POC_CACHE_MODE=elasticache-memcached$/m);
    expect(env).toMatch(/^POC_CACHE_ENDPOINT=.*CacheCluster.*ConfigurationEndpointAddress.*:11211$/m);
  });

  test('a port below 1024 gives the unit only the capability to bind it', () => {
    const stack = new Stack(new App());
    const asset = new s3assets.Asset(stack, 'Bundle', { path: join(ROOT, 'app/static/app.js') });
    const rendered = stack.resolve(
      appTierUserData({
        appPort: 443,
        serviceAsset: asset,
        databaseHost: 'db.example',
        databasePort: 3306,
        databaseSecretArn: 'arn:aws:secretsmanager:eu-west-3:111122223333:secret:db-AbCdEf',
        region: 'eu-west-3',
        cacheMode: 'rds-memcached-option',
        cacheEndpoint: 'db.example:11211',
      }).render(),
    );
    expect(renderUserData(rendered)).toContain(
      'AmbientCapabilities=CAP_NET_BIND_SERVICE\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE\n',
    );
  });

  test('the app role reads its bundle object and nothing else of the assets bucket', () => {
    const statements = policyStatementsOf(poc, 'AppTier');
    const s3 = statements.filter((statement) => JSON.stringify(statement.Action).includes('s3:'));
    expect(s3).toEqual([{ Effect: 'Allow', Action: 's3:GetObject', Resource: expect.anything() }]);
    expect(JSON.stringify(s3[0].Resource)).toContain(`/${serviceAsset(poc).objectKey}`);
  });

  test('the internal ALB health check is /api/health with the default 200 matcher, so a 503 takes the instance out', () => {
    const groups = Object.values(resourcesOfType(poc.templates.app, 'AWS::ElasticLoadBalancingV2::TargetGroup')).map(
      (group) => group.Properties ?? {},
    );
    const app = groups.find((group) => group.HealthCheckPath === '/api/health');
    expect(app).toEqual(expect.objectContaining({ Port: 8080, HealthCheckPath: '/api/health' }));
    expect(app?.Matcher).toBeUndefined();
  });
});

describe('web tier: nginx and the page', () => {
  const userData = userDataOf(poc, 'WebTier');

  test('the web files are an asset of the assembly: the page and the nginx template', () => {
    const asset = webAsset(poc);
    expect(readdirSync(asset.path).sort()).toEqual(['index.html', 'nginx.conf.template']);
    const page = readFileSync(join(asset.path, 'index.html'), 'utf8');
    expect(page).toContain('href="/static/app.css"');
    expect(page).toContain('src="/static/app.js"');
    const template = readFileSync(join(asset.path, 'nginx.conf.template'), 'utf8');
    expect(template).toContain('location = /healthz');
    expect(template).toContain('location /api/');
  });

  test('user data downloads the web files, renders the proxy to the internal ALB and starts nginx after a config test', () => {
    const { objectKey } = webAsset(poc);
    expect(userData).toMatch(new RegExp(`aws s3 cp 's3://.*/${objectKey}' '/opt/poc-web/web.zip'`));
    expect(userData).toMatch(/s\/@WEB_PORT@\/80\//);
    expect(userData).toMatch(/s\|@APP_UPSTREAM@\|http:\/\/\{"Fn::GetAtt":\["InternalAlb[0-9A-F]+","DNSName"\]\}:8080\|/);
    expect(userData).toMatch(/^nginx -t\nsystemctl enable --now nginx$/m);
  });

  test('the web role reads its web object and nothing else of the assets bucket', () => {
    const s3 = policyStatementsOf(poc, 'WebTier').filter((statement) => JSON.stringify(statement.Action).includes('s3:'));
    expect(s3).toEqual([{ Effect: 'Allow', Action: 's3:GetObject', Resource: expect.anything() }]);
    expect(JSON.stringify(s3[0].Resource)).toContain(`/${webAsset(poc).objectKey}`);
  });
});

describe('static files: S3 through CloudFront', () => {
  const deployment = Object.values(resourcesOfType(poc.templates.edge, 'Custom::CDKBucketDeployment'));

  test('app/static is deployed into the static-assets bucket under the prefix CloudFront serves, then invalidated', () => {
    expect(`/${STATIC_KEY_PREFIX}*`).toBe(STATIC_PATH_PATTERN);
    expect(deployment).toHaveLength(1);
    const props = deployment[0].Properties ?? {};
    expect(props).toEqual(
      expect.objectContaining({
        DestinationBucketKeyPrefix: 'static/',
        DestinationBucketName: { Ref: expect.stringMatching(/^StaticAssets[0-9A-F]+$/) },
        DistributionPaths: ['/static/*'],
        Prune: true,
      }),
    );
    const [key] = props.SourceObjectKeys as string[];
    const files = assetsOf(poc, 'AnyCompanyApparel-Edge').find((asset) => asset.objectKey === key);
    expect(files && readdirSync(files.path).sort()).toEqual(['app.css', 'app.js']);
  });

  test('its role has one customer-managed policy: no wildcard action, writes only under static/', () => {
    const roles = Object.entries(resourcesOfType(poc.templates.edge, 'AWS::IAM::Role')).filter(([id]) =>
      id.startsWith('StaticFilesRole'),
    );
    expect(roles).toHaveLength(1);
    expect(roles[0][1].Properties?.ManagedPolicyArns).toBeUndefined();
    const inline = Object.values(resourcesOfType(poc.templates.edge, 'AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy.Properties?.Roles).includes(roles[0][0]),
    );
    expect(inline).toEqual([]);
    const [policy] = Object.entries(resourcesOfType(poc.templates.edge, 'AWS::IAM::ManagedPolicy')).filter(([id]) =>
      id.startsWith('StaticFilesPolicy'),
    );
    const statements = (policy[1].Properties?.PolicyDocument as { Statement: Props[] }).Statement;
    for (const statement of statements) expect(JSON.stringify(statement.Action)).not.toContain('*');
    const writes = statements.find((statement) => JSON.stringify(statement.Action).includes('s3:PutObject'));
    expect(JSON.stringify(writes?.Resource)).toMatch(/\/static\/\*"\]\]\}$/);
  });
});

describe('secrets', () => {
  test('the database password is referenced by the database instance only, in no other template or property', () => {
    const references: string[] = [];
    for (const [stack, template] of Object.entries(poc.templates)) {
      for (const [id, resource] of Object.entries(template.toJSON().Resources as Record<string, Props>)) {
        for (const [property, value] of Object.entries((resource.Properties ?? {}) as Props)) {
          if (/SecretString:password/.test(JSON.stringify(value))) references.push(`${stack}/${id}.${property}`);
        }
      }
    }
    expect(references).toEqual([expect.stringMatching(/^data\/DatabaseInstance[0-9A-F]+\.MasterUserPassword$/)]);
  });

  test('no template holds a literal secret value', () => {
    for (const template of Object.values(poc.templates)) {
      const text = JSON.stringify(template.toJSON());
      expect(text).not.toMatch(/"(SecretString|password|Password)":\s*"[^{"]/);
    }
  });
});

describe('bundling', () => {
  // The assembly's bundles were built by the global setup's synthesis (or an earlier one, through the
  // cache keyed by the same inputs): one more esbuild run here is a second, independent build.
  test('is deterministic: a fresh esbuild run gives the bytes of the bundle the assembly ships', () => {
    const fresh = join(mkdtempSync(join(tmpdir(), 'poc-bundle-')), 'service.js');
    buildBundle(SOURCES.sampleAppDir, fresh);
    expect(readFileSync(fresh, 'utf8')).toBe(readFileSync(serviceAsset(poc).path, 'utf8'));
  });

  test('the database users function is bundled the same way (deterministic, its own cache key): handler, user SQL, migrations', () => {
    const fresh = join(mkdtempSync(join(tmpdir(), 'poc-bundle-')), 'index.js');
    buildBundle(SOURCES.sampleAppDir, fresh, DATABASE_USERS_BUNDLE);
    const code = readFileSync(fresh, 'utf8');
    const shipped = assetsOf(poc, 'AnyCompanyApparel-Data')
      .map((asset) => join(asset.path, 'index.js'))
      .filter((file) => existsSync(file) && readFileSync(file, 'utf8').includes('GET_LOCK'));
    expect(shipped).toHaveLength(1);
    expect(readFileSync(shipped[0], 'utf8')).toBe(code);
    for (const part of ['GET_LOCK', 'REQUIRE SSL', 'GetSecretValueCommand', 'handler']) expect(code).toContain(part);
    expect(code).not.toContain('/api/health');
    expect(bundleInputsHash(SOURCES.sampleAppDir, DATABASE_USERS_BUNDLE)).not.toBe(bundleInputsHash(SOURCES.sampleAppDir));
  });

  test('the bundle cache is keyed by the service sources and the lock file', () => {
    const copy = mkdtempSync(join(tmpdir(), 'poc-bundle-inputs-'));
    const appDir = join(copy, 'app');
    cpSync(join(SOURCES.sampleAppDir, 'service'), join(appDir, 'service'), { recursive: true });
    cpSync(join(ROOT, 'package-lock.json'), join(copy, 'package-lock.json'));
    const original = bundleInputsHash(appDir);
    expect(bundleInputsHash(appDir)).toBe(original);
    appendFileSync(join(appDir, 'service', 'src', 'log.ts'), '\n');
    const sourceChanged = bundleInputsHash(appDir);
    expect(sourceChanged).not.toBe(original);
    appendFileSync(join(copy, 'package-lock.json'), '\n');
    expect(bundleInputsHash(appDir)).not.toBe(sourceChanged);
  });
});

function policyStatementsOf(synth: SynthesizedTemplates, tier: 'WebTier' | 'AppTier'): Props[] {
  const [policy] = Object.entries(resourcesOfType(synth.templates.app, 'AWS::IAM::ManagedPolicy')).filter(([id]) =>
    id.startsWith(`${tier}Policy`),
  );
  return (policy[1].Properties?.PolicyDocument as { Statement: Props[] }).Statement;
}

describe('CloudWatch agent: system and application logs to the tier log group', () => {
  test.each([
    ['WebTier', ['/var/log/nginx/access.log', '/var/log/nginx/error.log']],
    ['AppTier', [APP_SERVICE_LOG]],
  ] as const)('%s ships syslog, auth log, boot output and its own logs to its encrypted one-year log group', (tier, own) => {
    const userData = userDataOf(poc, tier);
    expect(userData).toContain('dnf -y install rsyslog amazon-cloudwatch-agent');
    expect(userData).toMatch(/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:/);
    const logGroupId = logicalIdAt(poc.templates.app, `${tier}/Logs`);
    // The agent config is JSON with the log group name resolved by CloudFormation inside it.
    const config = /<<'AGENT'\n([\s\S]*?)\nAGENT/.exec(userData)?.[1] ?? '';
    const shipped = [...config.matchAll(/"file_path":"([^"]+)","log_group_name":"(\{"Ref":"[^"]+"\})"/g)];
    expect(shipped.map(([, path]) => path)).toEqual([...SYSTEM_LOG_FILES.map((file) => file.path), ...own]);
    for (const [, , group] of shipped) expect(group).toBe(JSON.stringify({ Ref: logGroupId }));
    poc.templates.app.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 365,
      KmsKeyId: Match.anyValue(),
    });
    expect(resourcesOfType(poc.templates.app, 'AWS::Logs::LogGroup')[logGroupId].Properties).toEqual(
      expect.objectContaining({ RetentionInDays: 365, KmsKeyId: expect.anything() }),
    );
  });

  test('the service writes its output where the agent reads it', () => {
    expect(userDataOf(poc, 'AppTier')).toContain(`StandardOutput=append:${APP_SERVICE_LOG}`);
  });
});
