import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NagRuleCompliance } from 'cdk-nag';
import { InstancesReplacedFromLatestAmi } from '../lib/compliance/pci-dss-401/instances-replaced-from-latest-ami';
import { parseConfig } from '../lib/config/load';
import { renderComplianceMarkdown, parseComplianceReport } from '../lib/docs/compliance-doc';
import { loadModel } from '../lib/model';
import { rawDefaultConfig, renderUserData, resourcesOfType, SynthesizedTemplates, synthesizeDefaultAndExample } from './helpers';
import { UNDECIDED_VERDICTS } from './docs/pci-verdict-fixtures';

/**
 * PCI DSS 6.3.3 on the instances: every web, app and bastion instance starts from the newest
 * Amazon Linux 2023 AMI (EC2 reads AWS's public SSM parameter at each launch) and is replaced by a
 * fresh launch at the end of a maximum lifetime; bastions ship their logs like the tiers.
 */

const { poc, example } = synthesizeDefaultAndExample();
const DAY = 86400;
const AL2023_ARM = 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64';

type Props = Record<string, unknown>;
const groupsOf = (synth: SynthesizedTemplates) =>
  Object.entries(resourcesOfType(synth.templates.app, 'AWS::AutoScaling::AutoScalingGroup'));
const launchTemplatesOf = (synth: SynthesizedTemplates) =>
  Object.entries(resourcesOfType(synth.templates.app, 'AWS::EC2::LaunchTemplate'));
const bastionGroup = (synth: SynthesizedTemplates) => {
  const found = groupsOf(synth).find(([id]) => id.startsWith('BastionsGroup'));
  if (!found) throw new Error('no bastion group');
  return found[1];
};

describe('every launch starts from the newest Amazon Linux 2023 AMI', () => {
  test('the web, app and bastion launch templates name the public SSM parameter EC2 reads at each launch', () => {
    for (const synth of [poc, example]) {
      const templates = launchTemplatesOf(synth);
      expect(templates.map(([id]) => id.replace(/LaunchTemplate.*$/, '')).sort()).toEqual(['AppTier', 'Bastions', 'WebTier']);
      for (const [, template] of templates) {
        expect((template.Properties?.LaunchTemplateData as Props).ImageId).toBe(AL2023_ARM);
      }
    }
  });

  test('nothing fixes an AMI at synth or deploy time: no SSM template parameter, no context lookup, no standalone instance', () => {
    for (const synth of [poc, example]) {
      expect(Object.keys(synth.templates.app.toJSON().Parameters ?? {})).toEqual(['BootstrapVersion']);
      expect(synth.assembly.manifest.missing ?? []).toEqual([]);
      for (const template of Object.values(synth.templates)) {
        expect(Object.keys(resourcesOfType(template, 'AWS::EC2::Instance'))).toEqual([]);
      }
    }
  });

  test('no boot script runs dnf upgrade, which finds nothing newer than the AMI on Amazon Linux 2023', () => {
    for (const [id, template] of launchTemplatesOf(poc)) {
      const userData = renderUserData(((template.Properties?.LaunchTemplateData as Props).UserData as Props)['Fn::Base64']);
      expect({ id, upgrades: /dnf\b[^\n]*\bupgrade/.test(userData) }).toEqual({ id, upgrades: false });
    }
  });
});

describe('every instance is replaced at the end of its lifetime', () => {
  test('web, app and bastion groups: the configured lifetime (7 days by default, 3 in the example), launch before terminate', () => {
    for (const [synth, days] of [
      [poc, 7],
      [example, 3],
    ] as const) {
      const groups = groupsOf(synth);
      expect(groups).toHaveLength(3);
      for (const [id, group] of groups) {
        expect({ id, ...group.Properties }).toEqual(
          expect.objectContaining({
            id,
            MaxInstanceLifetime: days * DAY,
            InstanceMaintenancePolicy: { MinHealthyPercentage: 100, MaxHealthyPercentage: 200 },
          }),
        );
      }
    }
  });

  test.each([
    [0, 'between 1 and 365 days'],
    [366, 'between 1 and 365 days'],
    [2.5, 'whole number'],
  ])('patching.maxInstanceLifetimeDays %p is refused, naming the field', (days, message) => {
    const raw = rawDefaultConfig();
    raw.patching = { maxInstanceLifetimeDays: days };
    expect(() => parseConfig(raw, 'test')).toThrow(new RegExp(`patching\\.maxInstanceLifetimeDays \\(${days}\\): .*${message}`));
  });

  test('the lifetime defaults to 7 days when the config leaves patching out', () => {
    const raw = rawDefaultConfig();
    delete raw.patching;
    expect(parseConfig(raw, 'test').patching.maxInstanceLifetimeDays).toBe(7);
  });
});

describe('bastions', () => {
  test('one Auto Scaling group, one instance per subnet of its tier (public in ssh mode, web in ssm mode), room for a replacement, rolled one at a time', () => {
    for (const [synth, count, tier] of [
      [poc, 2, 'public'],
      [example, 3, 'web'],
    ] as const) {
      const group = bastionGroup(synth);
      expect(group.Properties).toEqual(expect.objectContaining({ MinSize: String(count), MaxSize: String(count + 1) }));
      expect(group.Properties?.DesiredCapacity).toBeUndefined();
      expect(group.Properties?.TargetGroupARNs).toBeUndefined();
      const subnets = JSON.stringify(group.Properties?.VPCZoneIdentifier);
      expect(subnets.match(new RegExp(`Vpc${tier}Subnet\\dSubnet`, 'g'))).toHaveLength(count);
      expect(subnets).not.toMatch(
        new RegExp(`Vpc(${['public', 'ingress', 'web', 'app', 'data'].filter((other) => other !== tier).join('|')})Subnet`),
      );
      expect(group.UpdatePolicy).toEqual(
        expect.objectContaining({
          AutoScalingRollingUpdate: expect.objectContaining({ MinInstancesInService: count, MaxBatchSize: 1 }),
        }),
      );
    }
  });

  test('IMDSv2 only, a public address, an encrypted root volume, the bastion security group', () => {
    const [, template] = launchTemplatesOf(poc).find(([id]) => id.startsWith('Bastions')) ?? [];
    const data = template?.Properties?.LaunchTemplateData as Props;
    expect(data.MetadataOptions).toEqual({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
    expect(data.BlockDeviceMappings).toEqual([
      { DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: true, Encrypted: true, VolumeSize: 10, VolumeType: 'gp3' } },
    ]);
    const [nic] = data.NetworkInterfaces as Props[];
    expect(nic.AssociatePublicIpAddress).toBe(true);
    expect(JSON.stringify(nic.Groups)).toMatch(/SecurityGroupsBastion/);
  });

  test('ship /var/log/secure and the system logs to their own KMS-encrypted log group kept 365 days, and may write only there', () => {
    const template = poc.templates.app;
    const [logGroupId, logGroup] =
      Object.entries(resourcesOfType(template, 'AWS::Logs::LogGroup')).find(([id]) => id.startsWith('BastionsLogs')) ?? [];
    expect(logGroup?.Properties).toEqual(expect.objectContaining({ RetentionInDays: 365, KmsKeyId: expect.anything() }));
    expect(logGroup?.DeletionPolicy).toBe('Retain');

    const [, launchTemplate] = launchTemplatesOf(poc).find(([id]) => id.startsWith('Bastions')) ?? [];
    const userData = renderUserData(((launchTemplate?.Properties?.LaunchTemplateData as Props).UserData as Props)['Fn::Base64']);
    expect(userData).toContain('dnf -y install rsyslog amazon-cloudwatch-agent');
    const config = /<<'AGENT'\n([\s\S]*?)\nAGENT/.exec(userData)?.[1] ?? '';
    const files = (
      JSON.parse(config.replace(/\{"Ref":"[A-Za-z0-9]+"\}/g, 'LOG_GROUP')) as {
        logs: { logs_collected: { files: { collect_list: { file_path: string; log_group_name: string }[] } } };
      }
    ).logs.logs_collected.files.collect_list;
    expect(files.map((file) => file.file_path)).toEqual([
      '/var/log/messages',
      '/var/log/secure',
      '/var/log/cloud-init-output.log',
    ]);
    expect(config).toContain(`{"Ref":"${logGroupId}"}`);

    const policy = Object.values(resourcesOfType(template, 'AWS::IAM::ManagedPolicy')).find((candidate) =>
      JSON.stringify(candidate.Properties?.Roles).includes('BastionsRole'),
    );
    const statements = (policy?.Properties?.PolicyDocument as { Statement: Props[] }).Statement;
    const logs = statements.find((statement) => JSON.stringify(statement.Action).includes('logs:'));
    expect(logs?.Resource).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
    expect(JSON.stringify(statements)).not.toMatch(/"(logs|ssm|s3):\*"/);
  });

  test('a bastion out of service pages the alarm topic, and so do their launches and terminations', () => {
    const operations = poc.templates.operations.toJSON() as { Resources: Record<string, { Type: string; Properties: Props }> };
    const alarms = Object.values(operations.Resources).filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm');
    const bastionAlarm = alarms.find(
      (alarm) => alarm.Properties.AlarmName === 'AnyCompanyApparel-Bastion-InServiceBelowMinimum-Critical',
    );
    expect(bastionAlarm?.Properties).toEqual(
      expect.objectContaining({ MetricName: 'GroupInServiceInstances', Threshold: 2, ComparisonOperator: 'LessThanThreshold' }),
    );
    expect(JSON.stringify(bastionAlarm?.Properties.Dimensions)).toMatch(/BastionsGroupASG/);
    const rule = Object.values(operations.Resources).find(
      (resource) =>
        resource.Type === 'AWS::Events::Rule' && JSON.stringify(resource.Properties.EventPattern).includes('aws.autoscaling'),
    );
    expect(JSON.stringify(rule?.Properties.EventPattern)).toMatch(/BastionsGroupASG/);
    expect(bastionGroup(poc).Properties?.MetricsCollection).toEqual([
      { Granularity: '1Minute', Metrics: ['GroupInServiceInstances'] },
    ]);
  });
});

describe('PCI.DSS.401-InstancesReplacedFromLatestAmi (requirement 6.3.3)', () => {
  function stackWithVpc(): { stack: Stack; vpc: ec2.Vpc } {
    const stack = new Stack(new App(), 'Rule');
    return { stack, vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 }) };
  }

  function group(image: ec2.IMachineImage, lifetime?: Duration): autoscaling.CfnAutoScalingGroup {
    const { stack, vpc } = stackWithVpc();
    const launchTemplate = new ec2.LaunchTemplate(stack, 'Template', {
      machineImage: image,
      instanceType: new ec2.InstanceType('t4g.small'),
    });
    const asg = new autoscaling.AutoScalingGroup(stack, 'Group', { vpc, launchTemplate, maxInstanceLifetime: lifetime });
    return asg.node.defaultChild as autoscaling.CfnAutoScalingGroup;
  }

  const atLaunch = () =>
    ec2.MachineImage.resolveSsmParameterAtLaunch('/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64');

  test('passes a group that reads its AMI at launch and bounds instance age', () => {
    expect(InstancesReplacedFromLatestAmi(group(atLaunch(), Duration.days(7)))).toBe(NagRuleCompliance.COMPLIANT);
  });

  test('fails a group without a lifetime, one whose AMI is fixed at deploy time, and a standalone instance', () => {
    expect(InstancesReplacedFromLatestAmi(group(atLaunch()))).toBe(NagRuleCompliance.NON_COMPLIANT);
    const deployTime = ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 });
    expect(InstancesReplacedFromLatestAmi(group(deployTime, Duration.days(7)))).toBe(NagRuleCompliance.NON_COMPLIANT);
    const { stack, vpc } = stackWithVpc();
    const instance = new ec2.Instance(stack, 'Instance', {
      vpc,
      machineImage: atLaunch(),
      instanceType: new ec2.InstanceType('t4g.small'),
    });
    expect(InstancesReplacedFromLatestAmi(instance.node.defaultChild as ec2.CfnInstance)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  test('the default POC passes it on its three groups, and COMPLIANCE.md says how fast a fix reaches every instance', () => {
    const report = parseComplianceReport(
      JSON.parse(readFileSync(join(poc.assembly.directory, 'compliance-report.json'), 'utf8')),
      'compliance-report.json',
    );
    const rule = report.packs
      .find((pack) => pack.pack === 'PCI.DSS.401')
      ?.rules.find((candidate) => candidate.rule === 'PCI.DSS.401-InstancesReplacedFromLatestAmi');
    expect(rule?.passed.map((resource) => resource.replace(/^.*\/(\w+)\/Group\/ASG$/, '$1')).sort()).toEqual([
      'AppTier',
      'Bastions',
      'WebTier',
    ]);
    expect(rule?.findings).toEqual([]);
    expect(rule?.acknowledged).toEqual([]);

    const row = renderComplianceMarkdown({
      report,
      config: poc.config,
      poc: loadModel(poc.assembly.directory),
      verdicts: UNDECIDED_VERDICTS,
    })
      .split('\n')
      .find((line) => line.startsWith('| 6.3.3 |'));
    expect(row).toContain('`PCI.DSS.401-InstancesReplacedFromLatestAmi`†: 3 pass');
    expect(row).toContain('reaches every instance at most 7 days after AWS publishes an AMI that contains it');
    expect(row).toContain('[patch the instances](../../runbooks/patch-instances.md)');
  });
});
