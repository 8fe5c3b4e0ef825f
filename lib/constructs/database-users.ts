import { join } from 'node:path';
import { CustomResource, DockerImage, Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../compliance/acknowledge';
import { DATABASE_USERS_RESOURCE_TYPE, MYSQL_PORT } from '../segmentation';
import { MysqlDatabase, rotateNowStatements, rotationFunctionArnOf, secretReadStatements } from './mysql-database';
import { bundleInputsHash, bundleService, DATABASE_USERS_BUNDLE, SampleAppSources } from './sample-app';
import { encryptedLogGroup } from './secure-defaults';

/** The app's own MySQL user: DML on its schema (app/service/src/database-users.ts). Multi-user rotation alternates it with `poc_app_clone`. */
export const APP_DATABASE_USER = 'poc_app';
/** The user the migrations run as: DML and DDL on the app's schema, nothing else. */
export const MIGRATION_DATABASE_USER = 'poc_migration';

/** How often the app's and the migration's passwords change (PCI DSS 8.3.9, 8.6.3), as the master's. */
const ROTATION_INTERVAL = Duration.days(30);

export interface DatabaseUsersProps {
  /** The database the users are created in, with the master secret the functions log in with. */
  readonly database: MysqlDatabase;
  /** The POC VPC. */
  readonly vpc: ec2.IVpc;
  /**
   * Where the deploy-time function and the rotation functions run: like the master's rotation,
   * they need the database on 3306 and the Secrets Manager API on 443 (through the NAT gateways).
   */
  readonly subnets: ec2.SubnetSelection;
  /** The rotation group of the segmentation table: 3306 to the database, 443 out, nothing in. */
  readonly securityGroup: ec2.ISecurityGroup;
  /** Where the sample app's sources are: the deploy-time function is bundled from its service. */
  readonly sources: SampleAppSources;
  /** The application's schema. */
  readonly schema: string;
  /** The RDS MEMCACHED option is present: the deployment registers the cache container. */
  readonly withMemcachedOption: boolean;
}

/**
 * The app's and the migration's database users, made by the deployment so that the app never
 * holds the master password (PCI DSS 7.2.1, 7.2.2, 8.2.2). Each user has its own generated
 * secret, encrypted with the database's key and attached to the instance (the secret carries the
 * endpoint). A custom resource runs, as the master user, the statements of
 * app/service/src/database-users.ts for both users, then the app's migrations as the migration
 * user: at creation and at every update of the function's code (all of it idempotent). Both
 * secrets rotate with alternating users, driven by the master: the app keeps a valid login
 * throughout a rotation, and either secret can be brought back in line by a rotation alone when
 * the database no longer knows its password (a restored snapshot), which a single-user rotation,
 * logging in as the user itself, could not.
 */
export class DatabaseUsers extends Construct {
  /** The app user's secret (attached: it holds the endpoint too). The app role reads this one only. */
  public readonly appSecret: secretsmanager.ISecret;
  public readonly migrationSecret: secretsmanager.ISecret;
  /** The function the app secret's multi-user rotation schedule calls. */
  public readonly appRotationFunctionArn: string;
  public readonly function: lambda.Function;
  public readonly resource: CustomResource;

  private readonly database: MysqlDatabase;

  constructor(scope: Construct, id: string, props: DatabaseUsersProps) {
    super(scope, id);
    const { database } = props;
    this.database = database;
    const userSecret = (secretId: string, username: string) =>
      new rds.DatabaseSecret(this, secretId, {
        username,
        encryptionKey: database.key,
        // Multi-user rotation logs in as the master to create and grant the alternate user.
        masterSecret: database.secret,
      }).attach(database.instance);
    this.appSecret = userSecret('AppSecret', APP_DATABASE_USER);
    this.migrationSecret = userSecret('MigrationSecret', MIGRATION_DATABASE_USER);

    const logGroup = encryptedLogGroup(this, 'Logs', database.key);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Creates the database users ${APP_DATABASE_USER} and ${MIGRATION_DATABASE_USER} and runs the migrations`,
      // Lambda creates the function's network interfaces in the app subnets with its role's rights;
      // lambda.Function adds this policy only to a role it creates itself.
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole')],
    });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Database users function: read the master, app and migration secrets, write its own logs',
      roles: [role],
      statements: [
        ...[database.secret, this.appSecret, this.migrationSecret].flatMap((secret) =>
          secretReadStatements(secret.secretArn, database.key),
        ),
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
      ],
    });

    this.function = new lambda.Function(this, 'Function', {
      description: `Creates the app's and the migration's database users and runs the migrations (schema ${props.schema})`,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(join(props.sources.sampleAppDir, 'service'), {
        bundling: {
          // Bundling always runs locally with the kit's esbuild, as the service's (sample-app.ts);
          // the image is only the fallback CDK requires, and tryBundle never declines.
          image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24-alpine'),
          local: {
            tryBundle(outputDir) {
              bundleService(props.sources.sampleAppDir, join(outputDir, 'index.js'), DATABASE_USERS_BUNDLE);
              return true;
            },
          },
        },
      }),
      timeout: Duration.minutes(5),
      memorySize: 256,
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [props.securityGroup],
      role,
      logGroup,
    });
    acknowledgeRule(
      role,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
      'The AWS policy for a function in a VPC: the network-interface calls Lambda makes to place it in the app subnets, and log writes; the secrets it reads are in its own customer-managed policy',
    );

    // The provider framework's function relays CloudFormation's request to this one and uploads the
    // answer to CloudFormation's pre-signed URL. Its role is ours, with a managed policy of exactly
    // that: no AWS managed policy, no inline policy (the framework's own grants are dropped).
    const providerLogs = encryptedLogGroup(this, 'ProviderLogs', database.key);
    const providerRole = new iam.Role(this, 'ProviderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Custom resource provider framework of the database users: invokes their function',
    });
    const providerPolicy = new iam.ManagedPolicy(this, 'ProviderPolicy', {
      description: 'Database users provider framework: invoke and look up the database users function, write its own logs',
      roles: [providerRole],
      statements: [
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunction', 'lambda:GetFunction'],
          resources: [this.function.functionArn],
        }),
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [providerLogs.logGroupArn],
        }),
      ],
    });
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.function,
      logGroup: providerLogs,
      frameworkOnEventRole: providerRole.withoutPolicyUpdates(),
    });
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: DATABASE_USERS_RESOURCE_TYPE,
      properties: {
        Schema: props.schema,
        DatabaseHost: database.instance.dbInstanceEndpointAddress,
        DatabasePort: String(MYSQL_PORT),
        MasterSecretArn: database.secret.secretArn,
        AppSecretArn: this.appSecret.secretArn,
        MigrationSecretArn: this.migrationSecret.secretArn,
        MemcachedOption: String(props.withMemcachedOption),
        // Not read by the function: a change of its code (a new migration, new grants) changes this
        // property, and CloudFormation then sends the update that runs it again.
        BundleInputs: bundleInputsHash(props.sources.sampleAppDir, DATABASE_USERS_BUNDLE),
      },
    });
    // Otherwise CloudFormation may invoke the function before its policy is attached to its role.
    this.resource.node.addDependency(policy, providerPolicy);
    this.acknowledgeProviderFramework(provider);

    const rotationPlacement = {
      automaticallyAfter: ROTATION_INTERVAL,
      vpcSubnets: props.subnets,
      securityGroup: props.securityGroup,
    };
    const appRotation = database.instance.addRotationMultiUser('AppUserRotation', {
      secret: this.appSecret,
      ...rotationPlacement,
    });
    const migrationRotation = database.instance.addRotationMultiUser('MigrationUserRotation', {
      secret: this.migrationSecret,
      ...rotationPlacement,
    });
    // A new rotation schedule rotates at once, and a rotation needs its user to exist.
    for (const rotation of [appRotation, migrationRotation]) rotation.node.addDependency(this.resource);
    this.appRotationFunctionArn = rotationFunctionArnOf(appRotation);
  }

  /** What the app role (and the database administrator, for read checks) may read: the app user's secret only. */
  appCredentialsReadStatements(): iam.PolicyStatement[] {
    return secretReadStatements(this.appSecret.secretArn, this.database.key);
  }

  /** Rotate the app user's secret now, as its schedule would. */
  appRotateNowStatements(): iam.PolicyStatement[] {
    return rotateNowStatements(this.appSecret.secretArn, this.appRotationFunctionArn);
  }

  /**
   * The provider framework's function only relays CloudFormation's request to the database users
   * function and uploads the answer to CloudFormation's pre-signed URL: it reaches no VPC
   * resource and reads no secret.
   */
  private acknowledgeProviderFramework(provider: cr.Provider): void {
    const framework = provider.node.findChild('framework-onEvent');
    acknowledgeRule(
      framework,
      'PCI.DSS.321-LambdaInsideVPC',
      'Deploy-time relay of the custom resource provider framework: it invokes the database users function (which runs in the VPC) and answers CloudFormation; it reaches no VPC resource and reads no secret, and in the VPC it would only add a NAT path',
    );
  }
}
