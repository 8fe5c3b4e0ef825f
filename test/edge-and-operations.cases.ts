import { Match, Template } from 'aws-cdk-lib/assertions';
import { STATIC_PATH_PATTERN } from '../lib/stacks/edge-stack';
import {
  exampleConfig,
  importedValue,
  logicalIdAt,
  resourcesOfType,
  SynthesizedTemplates,
  synthesizeDefaultAndExample,
} from './helpers';

const { poc, example } = synthesizeDefaultAndExample();

type Props = Record<string, unknown>;

describe('Edge: static assets and CloudFront', () => {
  test('static bucket: KMS-encrypted, versioned, access-logged, reachable only through CloudFront OAC', () => {
    poc.templates.edge.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 's3/static-assets/' }),
    });
    poc.templates.edge.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      }),
    });
    const policy = Object.values(resourcesOfType(poc.templates.edge, 'AWS::S3::BucketPolicy'))[0];
    const allows = ((policy.Properties?.PolicyDocument as Props).Statement as Props[]).filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Condition: expect.anything(),
      }),
    ]);
  });

  test('CloudFront: HTTPS for viewers, the web load balancer through a VPC origin by default, S3 for the static path, logging on', () => {
    poc.templates.edge.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        CacheBehaviors: [Match.objectLike({ PathPattern: STATIC_PATH_PATTERN, ViewerProtocolPolicy: 'redirect-to-https' })],
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
        Origins: Match.arrayWith([
          Match.objectLike({
            VpcOriginConfig: { VpcOriginId: { 'Fn::GetAtt': [Match.stringLikeRegexp('VpcOrigin'), 'Id'] } },
            CustomOriginConfig: Match.absent(),
            OriginCustomHeaders: Match.absent(),
          }),
        ]),
      }),
    });
    poc.templates.edge.hasResourceProperties('AWS::CloudFront::VpcOrigin', {
      VpcOriginEndpointConfig: Match.objectLike({ OriginProtocolPolicy: 'http-only', HTTPPort: 80 }),
    });
  });

  test('with a domain: viewer TLS 1.2+ on the ACM certificate, HTTPS through the VPC origin to the origin hostname', () => {
    const config = exampleConfig();
    example.templates.edge.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: [config.domain?.name],
        ViewerCertificate: Match.objectLike({
          AcmCertificateArn: config.domain?.cloudFrontCertificateArn,
          MinimumProtocolVersion: 'TLSv1.2_2021',
        }),
        Origins: Match.arrayWith([
          Match.objectLike({ DomainName: config.domain?.originHostname, VpcOriginConfig: Match.anyValue() }),
        ]),
      }),
    });
    example.templates.edge.hasResourceProperties('AWS::CloudFront::VpcOrigin', {
      VpcOriginEndpointConfig: Match.objectLike({
        OriginProtocolPolicy: 'https-only',
        HTTPSPort: 443,
        OriginSSLProtocols: ['TLSv1.2'],
        Name: `northwind-traders-web-${config.environment?.region}`,
      }),
    });
  });
});

describe('every bucket of the POC', () => {
  test('blocks all public access, enforces TLS, is encrypted and retained', () => {
    for (const synth of [poc, example]) {
      const templates = Object.values(synth.templates);
      const buckets = templates.flatMap((template) => Object.entries(resourcesOfType(template, 'AWS::S3::Bucket')));
      expect(buckets.length).toBeGreaterThanOrEqual(2);
      for (const [id, bucket] of buckets) {
        expect({ id, block: bucket.Properties?.PublicAccessBlockConfiguration }).toEqual({
          id,
          block: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        });
        expect(bucket.Properties?.BucketEncryption).toBeDefined();
        expect(bucket.DeletionPolicy).toBe('Retain');
        const policy = templates
          .flatMap((template) => Object.values(resourcesOfType(template, 'AWS::S3::BucketPolicy')))
          .find((p) => JSON.stringify(p.Properties?.Bucket).includes(id));
        const statements = (policy?.Properties?.PolicyDocument as Props).Statement as Props[];
        expect(statements).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        );
      }
    }
  });
});

describe('Operations: alarm topic and operator roles', () => {
  test('alarm topic is KMS-encrypted, TLS-only and mailed to the configured address', () => {
    const template = poc.templates.operations;
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'poc-alerts@anycompany-apparel.example',
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('four operator roles, each assumable only by this account with MFA, for at most an hour', () => {
    const roles = Object.entries(resourcesOfType(poc.templates.operations, 'AWS::IAM::Role'))
      .filter(([id]) => id.startsWith('Roles'))
      .map(([, role]) => role);
    expect(roles.map((role) => role.Properties?.Description).sort()).toEqual([
      'Database administration: failover tests, snapshots, credentials',
      'Day-to-day operations: sessions on tier instances, scaling, health',
      'Full administration of the POC account (break-glass, MFA)',
      'Read-only review of configuration and logs (QSA / internal audit)',
    ]);
    for (const role of roles) {
      expect(role.Properties?.MaxSessionDuration).toBe(3600);
      expect((role.Properties?.AssumeRolePolicyDocument as Props).Statement).toEqual([
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: {
            AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] },
          },
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
      ]);
    }
  });

  test('only the administrator holds AdministratorAccess; the operator has no database access', () => {
    const roles = Object.entries(resourcesOfType(poc.templates.operations, 'AWS::IAM::Role'));
    const admins = roles.filter(([, role]) =>
      JSON.stringify(role.Properties?.ManagedPolicyArns ?? []).includes('AdministratorAccess'),
    );
    expect(admins.map(([id]) => id)).toEqual([expect.stringMatching(/^RolesAdministrator/)]);
    const operatorPolicies = Object.values(resourcesOfType(poc.templates.operations, 'AWS::IAM::ManagedPolicy')).filter(
      (policy) => JSON.stringify(policy.Properties?.Roles).includes('RolesOperator'),
    );
    expect(operatorPolicies).toHaveLength(1);
    expect(JSON.stringify(operatorPolicies[0])).not.toMatch(/rds:|secretsmanager:/);
    // Its one KMS right is the session key's data keys (test/session-logging.cases.ts), never the database key.
    const kms = JSON.stringify(operatorPolicies[0]).match(/"kms:[A-Za-z]+"|[A-Za-z0-9]*Key[A-Za-z0-9]*[0-9A-F]{8}/g);
    expect(kms).toEqual(['"kms:GenerateDataKey"', expect.stringMatching(/^SessionLoggingKey/)]);
  });

  describe('rotating the database secret on demand', () => {
    const ROTATION_ACTIONS = ['secretsmanager:RotateSecret', 'lambda:InvokeFunction'];

    test("the database administrator may rotate the master and the app user's secrets and invoke their rotation functions, nothing more", () => {
      for (const synth of [poc, example]) {
        const statements = statementsOfRole(synth.templates.operations, 'RolesDatabaseAdministrator');
        const schedules = Object.values(resourcesOfType(synth.templates.data, 'AWS::SecretsManager::RotationSchedule'));
        // The master's, the app user's and the migration user's; the migration user's is the deployment's alone.
        expect(schedules).toHaveLength(3);
        const migration = logicalIdAt(synth.templates.data, 'DatabaseUsers/MigrationSecret/Attachment');
        const rotatable = schedules
          .map((schedule) => schedule.Properties ?? {})
          .filter((props) => JSON.stringify(props.SecretId) !== JSON.stringify({ Ref: migration }));
        expect(rotatable).toHaveLength(2);

        const rotate = statements.filter((statement) => grants(statement, 'secretsmanager:RotateSecret'));
        const invoke = statements.filter((statement) => grants(statement, 'lambda:InvokeFunction'));
        expect(rotate).toHaveLength(2);
        // CDK merges the two InvokeFunction statements into one naming both functions, and nothing else.
        expect(invoke).toHaveLength(1);
        expect(Object.keys(invoke[0]).sort()).toEqual(['Action', 'Effect', 'Resource']);
        expect(invoke[0].Action).toBe('lambda:InvokeFunction');
        const invoked = [invoke[0].Resource].flat().map((resource) => JSON.stringify(dataOutput(synth, resource)));
        expect(invoked.sort()).toEqual(rotatable.map((props) => JSON.stringify(props.RotationLambdaARN)).sort());
        for (const { SecretId: secret, RotationLambdaARN: rotationFunction } of rotatable) {
          expect(rotationFunction).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Outputs.RotationLambdaARN'] });
          const forSecret = rotate.filter(
            (statement) => JSON.stringify(dataOutput(synth, statement.Resource)) === JSON.stringify(secret),
          );
          expect(forSecret).toHaveLength(1);
          expect(forSecret[0].Action).toBe('secretsmanager:RotateSecret');
          const condition = forSecret[0].Condition as { StringEqualsIfExists: Props; BoolIfExists: Props };
          expect(condition.BoolIfExists).toEqual({ 'secretsmanager:ModifyRotationRules': 'false' });
          expect(dataOutput(synth, condition.StringEqualsIfExists['secretsmanager:RotationLambdaARN'])).toEqual(rotationFunction);
        }
      }
    });

    test('the operator and the auditor may not rotate it', () => {
      const roles = resourcesOfType(poc.templates.operations, 'AWS::IAM::Role');
      const awsManaged = (prefix: string) =>
        Object.entries(roles)
          .filter(([id]) => id.startsWith(prefix))
          .flatMap(([, role]) => JSON.stringify(role.Properties?.ManagedPolicyArns ?? []).match(/policy\/\w+/g) ?? []);
      // SecurityAudit is AWS's read-only job-function policy: it grants no write-level action.
      expect(awsManaged('RolesAuditor')).toEqual(['policy/SecurityAudit']);
      expect(awsManaged('RolesOperator')).toEqual([]);
      for (const role of ['RolesOperator', 'RolesAuditor']) {
        const statements = statementsOfRole(poc.templates.operations, role);
        expect(statements.length).toBeGreaterThan(0);
        expect({ role, rotation: statements.filter((s) => ROTATION_ACTIONS.some((action) => grants(s, action))) }).toEqual({
          role,
          rotation: [],
        });
      }
    });

    test('a wildcard action counts as granting rotation', () => {
      const statement = (Action: string | string[]): Statement => ({ Effect: 'Allow', Action, Resource: '*' });
      for (const action of ['*', 'secretsmanager:*', 'secretsmanager:Rotate*', ['s3:GetObject', 'SecretsManager:rotatesecret']]) {
        expect({ action, grants: grants(statement(action), 'secretsmanager:RotateSecret') }).toEqual({ action, grants: true });
      }
      expect(grants(statement('lambda:Invoke?unction'), 'lambda:InvokeFunction')).toBe(true);
      expect(grants(statement('secretsmanager:GetSecretValue'), 'secretsmanager:RotateSecret')).toBe(false);
      expect(grants({ ...statement('*'), Effect: 'Deny' }, 'lambda:InvokeFunction')).toBe(false);
    });
  });
});

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Props;
}

/** The statements of every identity policy (inline or managed by the account) attached to the role with this id prefix. */
function statementsOfRole(template: Template, prefix: string): Statement[] {
  const [role, ...others] = Object.keys(resourcesOfType(template, 'AWS::IAM::Role')).filter((id) => id.startsWith(prefix));
  if (!role || others.length > 0) throw new Error(`expected one role ${prefix}*`);
  const attached = ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].flatMap((type) =>
    Object.values(resourcesOfType(template, type)).filter((policy) =>
      ((policy.Properties?.Roles as unknown[] | undefined) ?? []).some((ref) => (ref as { Ref?: string }).Ref === role),
    ),
  );
  const inline = (resourcesOfType(template, 'AWS::IAM::Role')[role].Properties?.Policies as Props[] | undefined) ?? [];
  return [...attached.map((policy) => policy.Properties ?? {}), ...inline].flatMap(
    (policy) => (policy.PolicyDocument as { Statement: Statement[] }).Statement,
  );
}

/** Whether an Allow statement names `action`, itself or through IAM wildcards (`*`, `?`; actions are case-insensitive). */
function grants(statement: Statement, action: string): boolean {
  if (statement.Effect !== 'Allow') return false;
  return [statement.Action].flat().some((pattern) => {
    const regex = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    return new RegExp(`^${regex}$`, 'i').test(action);
  });
}

/** What an Fn::ImportValue in the Operations stack stands for in the Data template. */
const dataOutput = (synth: SynthesizedTemplates, reference: unknown): unknown => importedValue(synth.templates.data, reference);

describe('IAM across every stack', () => {
  test('no policy statement grants a wildcard action', () => {
    const actions: string[] = [];
    for (const synth of [poc, example]) {
      for (const template of Object.values(synth.templates)) {
        const documents = [
          ...Object.values(resourcesOfType(template, 'AWS::IAM::Policy')).map((p) => p.Properties?.PolicyDocument),
          ...Object.values(resourcesOfType(template, 'AWS::IAM::Role')).flatMap((r) =>
            ((r.Properties?.Policies as Props[] | undefined) ?? []).map((p) => p.PolicyDocument),
          ),
          ...Object.values(resourcesOfType(template, 'AWS::IAM::ManagedPolicy')).map((p) => p.Properties?.PolicyDocument),
        ] as Props[];
        actions.push(
          ...documents.flatMap((doc) => (doc.Statement as Props[]).flatMap((s) => [s.Action ?? []].flat() as string[])),
        );
      }
    }
    expect(actions).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue', 'ssm:StartSession']));
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
  });
});
