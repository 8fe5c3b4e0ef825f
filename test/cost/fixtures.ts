import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Big from 'big.js';

/** Hand-written cloud assemblies: only the resources and properties the estimate reads. */

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }>;

export interface FixtureOptions {
  readonly instanceType?: string;
  readonly minSize?: number;
  readonly maxSize?: number;
  readonly natGateways?: number;
  readonly dbClass?: string;
  readonly engineVersion?: string;
  readonly lifecycleSupport?: string;
  readonly allocatedGiB?: number;
  readonly maxAllocatedGiB?: number;
  readonly backupRetentionDays?: number;
}

/** An Auto Scaling group of m7g.large (2-4), a NAT gateway and an RDS MySQL 8.0 Multi-AZ instance. */
export function pocResources(options: FixtureOptions = {}): Resources {
  const resources: Resources = {
    AppTemplate: {
      Type: 'AWS::EC2::LaunchTemplate',
      Properties: {
        LaunchTemplateData: {
          InstanceType: options.instanceType ?? 'm7g.large',
          BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20, VolumeType: 'gp3', Encrypted: true } }],
        },
      },
    },
    AppGroup: {
      Type: 'AWS::AutoScaling::AutoScalingGroup',
      Properties: {
        MinSize: String(options.minSize ?? 2),
        MaxSize: String(options.maxSize ?? 4),
        LaunchTemplate: { LaunchTemplateId: { Ref: 'AppTemplate' }, Version: '1' },
        VPCZoneIdentifier: ['subnet-a', 'subnet-b'],
      },
      Metadata: { 'aws:cdk:path': 'Fixture/AppTier/Group/ASG' },
    },
    Database: {
      Type: 'AWS::RDS::DBInstance',
      Properties: {
        DBInstanceClass: options.dbClass ?? 'db.m7g.large',
        Engine: 'mysql',
        EngineVersion: options.engineVersion ?? '8.0.46',
        ...(options.lifecycleSupport ? { EngineLifecycleSupport: options.lifecycleSupport } : {}),
        MultiAZ: true,
        StorageEncrypted: true,
        StorageType: 'gp3',
        AllocatedStorage: String(options.allocatedGiB ?? 50),
        MaxAllocatedStorage: options.maxAllocatedGiB ?? 100,
        BackupRetentionPeriod: options.backupRetentionDays ?? 7,
      },
      Metadata: { 'aws:cdk:path': 'Fixture/Database/Resource' },
    },
  };
  for (let index = 1; index <= (options.natGateways ?? 1); index++) {
    resources[`Nat${index}`] = { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: `subnet-${index}` } };
  }
  return resources;
}

/** Writes a one-stack cloud assembly (manifest + template) and returns its folder. */
export function writeAssembly(resources: Resources, region?: string, stackName = 'Fixture'): string {
  const dir = mkdtempSync(join(tmpdir(), 'poc-cost-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${stackName}.template.json`), JSON.stringify({ Resources: resources }));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      version: '48.0.0',
      artifacts: {
        [stackName]: {
          type: 'aws:cloudformation:stack',
          environment: `aws://unknown-account/${region ?? 'unknown-region'}`,
          properties: { templateFile: `${stackName}.template.json` },
        },
      },
    }),
  );
  return dir;
}

/** quantity x unit price, rounded half-up to the cent: the rule the estimate documents. */
export function cents(quantity: Big.BigSource, unitPrice: number): number {
  return Number(new Big(quantity).times(unitPrice).round(2, Big.roundHalfUp).toFixed(2));
}
