import { Match } from 'aws-cdk-lib/assertions';
import { SynthesizedTemplates, exampleConfig, logicalIdAt, resourcesOfType, synthesizeDefaultAndExample } from './helpers';

const { poc, example } = synthesizeDefaultAndExample();

type Props = Record<string, unknown>;
const launchTemplatesOf = (synth: SynthesizedTemplates) =>
  Object.entries(resourcesOfType(synth.templates.app, 'AWS::EC2::LaunchTemplate')).filter(([id]) => /Tier/.test(id));

describe('tier launch templates', () => {
  test('AL2023 arm64 (Graviton), IMDSv2 required, encrypted gp3 root, no public IP, detailed monitoring', () => {
    const templates = launchTemplatesOf(poc);
    expect(templates.map(([id]) => id).sort()).toEqual([expect.stringMatching(/^AppTier/), expect.stringMatching(/^WebTier/)]);
    for (const [, template] of templates) {
      const data = template.Properties?.LaunchTemplateData as Props;
      expect(data.MetadataOptions).toEqual({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
      expect(data.BlockDeviceMappings).toEqual([
        { DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: true, Encrypted: true, VolumeSize: 20, VolumeType: 'gp3' } },
      ]);
      expect((data.NetworkInterfaces as Props[]).map((ni) => ni.AssociatePublicIpAddress)).toEqual([false]);
      expect(data.Monitoring).toEqual({ Enabled: true });
      expect(data.ImageId).toBe('resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64');
    }
  });

  test('each tier runs only in its own subnets and security group', () => {
    for (const [tier, group] of [
      ['WebTier', 'SecurityGroupsWeb'],
      ['AppTier', 'SecurityGroupsApp'],
    ]) {
      const [, template] = launchTemplatesOf(poc).find(([id]) => id.startsWith(tier)) ?? [];
      expect(JSON.stringify(template)).toMatch(new RegExp(group));
      const asg = Object.entries(resourcesOfType(poc.templates.app, 'AWS::AutoScaling::AutoScalingGroup')).find(([id]) =>
        id.startsWith(tier),
      );
      const zones = JSON.stringify(asg?.[1].Properties?.VPCZoneIdentifier);
      const subnetTier = tier === 'WebTier' ? 'web' : 'app';
      expect(zones.match(new RegExp(`Vpc${subnetTier}Subnet\\d`, 'g'))).toHaveLength(2);
      expect(zones).not.toMatch(/Vpc(public|data)Subnet/);
    }
  });
});

describe('Auto Scaling groups', () => {
  test('min 2 across two AZs, rolling replacement, CPU target tracking; web replaced on ELB health, app on EC2 health only', () => {
    const groups = Object.fromEntries(
      Object.entries(resourcesOfType(poc.templates.app, 'AWS::AutoScaling::AutoScalingGroup')).filter(([id]) => /Tier/.test(id)),
    );
    expect(Object.keys(groups)).toHaveLength(2);
    const webId = logicalIdAt(poc.templates.app, 'WebTier/Group/ASG');
    const appId = logicalIdAt(poc.templates.app, 'AppTier/Group/ASG');
    // The app tier's ALB check includes the database: a Multi-AZ failover must not replace every app instance.
    expect(groups[webId].Properties?.HealthCheckType).toBe('ELB');
    expect(groups[appId].Properties?.HealthCheckType).toBe('EC2');
    for (const group of Object.values(groups)) {
      expect(group.Properties).toEqual(expect.objectContaining({ MinSize: '2', MaxSize: '6', HealthCheckGracePeriod: 300 }));
      expect(group.UpdatePolicy).toEqual(
        expect.objectContaining({
          AutoScalingRollingUpdate: expect.objectContaining({ MinInstancesInService: 2, MaxBatchSize: 1 }),
        }),
      );
    }
    const policies = Object.values(resourcesOfType(poc.templates.app, 'AWS::AutoScaling::ScalingPolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.Properties).toEqual(
        expect.objectContaining({
          PolicyType: 'TargetTrackingScaling',
          TargetTrackingConfiguration: expect.objectContaining({
            PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' },
            TargetValue: 60,
          }),
        }),
      );
    }
  });

  test('the example config scales 3 to 9 with the desired size it asks for', () => {
    example.templates.app.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      MinSize: '3',
      MaxSize: '9',
      DesiredCapacity: '3',
    });
  });

  test('the app tier may read the database secret, the web tier may not', () => {
    const policies = Object.entries(resourcesOfType(poc.templates.app, 'AWS::IAM::ManagedPolicy'));
    const readers = policies.filter(([, policy]) =>
      JSON.stringify(policy.Properties?.PolicyDocument).includes('secretsmanager:GetSecretValue'),
    );
    expect(readers).toHaveLength(1);
    expect(JSON.stringify(readers[0][1].Properties?.Roles)).toMatch(/AppTierInstanceRole/);
  });
});

describe('load balancers', () => {
  test('both internal: the web load balancer in the ingress subnets, the internal ALB in the app subnets, access logs on', () => {
    for (const synth of [poc, example]) {
      const albs = resourcesOfType(synth.templates.app, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
      expect(Object.keys(albs).sort()).toEqual([expect.stringMatching(/^InternalAlb/), expect.stringMatching(/^WebAlb/)]);
      for (const [id, alb] of Object.entries(albs)) {
        const [tier, prefix] = id.startsWith('WebAlb') ? ['ingress', 'alb/web'] : ['app', 'alb/internal'];
        expect(alb.Properties?.Scheme).toBe('internal');
        expect(JSON.stringify(alb.Properties?.Subnets).match(new RegExp(`Vpc${tier}Subnet\\d`, 'g'))).toHaveLength(
          synth === poc ? 2 : 3,
        );
        expect(alb.Properties?.LoadBalancerAttributes).toEqual(
          expect.arrayContaining([
            { Key: 'access_logs.s3.enabled', Value: 'true' },
            { Key: 'access_logs.s3.prefix', Value: prefix },
            { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
          ]),
        );
      }
    }
  });

  const webListeners = (synth: SynthesizedTemplates) =>
    Object.values(resourcesOfType(synth.templates.app, 'AWS::ElasticLoadBalancingV2::Listener')).filter((listener) =>
      JSON.stringify(listener.Properties?.LoadBalancerArn).includes('WebAlb'),
    );

  test('without a domain: one HTTP listener on 80 that forwards to the web tier; no origin secret, no 403 gate', () => {
    expect(webListeners(poc).map((listener) => listener.Properties)).toEqual([
      expect.objectContaining({
        Port: 80,
        Protocol: 'HTTP',
        DefaultActions: [
          expect.objectContaining({ Type: 'forward', TargetGroupArn: { Ref: expect.stringMatching(/^WebTargets/) } }),
        ],
      }),
    ]);
    for (const synth of [poc, example]) {
      synth.templates.app.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 0);
      synth.templates.app.resourceCountIs('AWS::SecretsManager::Secret', 0);
      synth.templates.edge.resourceCountIs('AWS::SecretsManager::Secret', 0);
      expect(JSON.stringify([synth.templates.app.toJSON(), synth.templates.edge.toJSON()])).not.toMatch(
        /X-Origin-Verify|fixed-response/,
      );
    }
  });

  test('with a domain: one HTTPS listener on 443 with the configured certificate and a modern policy, no HTTP at all', () => {
    expect(webListeners(example).map((listener) => listener.Properties)).toEqual([
      expect.objectContaining({
        Port: 443,
        Protocol: 'HTTPS',
        Certificates: [{ CertificateArn: exampleConfig().domain?.albCertificateArn }],
        SslPolicy: expect.stringMatching(/^ELBSecurityPolicy-TLS13/),
        DefaultActions: [expect.objectContaining({ Type: 'forward' })],
      }),
    ]);
  });

  test('WAF web ACL with the three AWS managed rule groups guards both load balancers, with logs', () => {
    poc.templates.app.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'].map((name) =>
        Match.objectLike({ Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } } }),
      ),
    });
    for (const alb of ['^WebAlb', '^InternalAlb']) {
      poc.templates.app.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
        ResourceArn: { Ref: Match.stringLikeRegexp(alb) },
      });
    }
    poc.templates.app.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', Match.anyValue());
  });
});

describe('bastion hosts: public addresses', () => {
  const bastionLaunchData = (synth: SynthesizedTemplates) => {
    const [, template] =
      Object.entries(resourcesOfType(synth.templates.app, 'AWS::EC2::LaunchTemplate')).find(([id]) =>
        id.startsWith('Bastions'),
      ) ?? [];
    return template?.Properties?.LaunchTemplateData as Props;
  };

  test('ssh mode: a public address (reached from the corporate ranges only)', () => {
    const [nic] = bastionLaunchData(poc).NetworkInterfaces as Props[];
    expect(nic.AssociatePublicIpAddress).toBe(true);
  });

  test('ssm mode: no instance or launch template of the POC has a public address; the bastions reach Session Manager through NAT', () => {
    const [nic] = bastionLaunchData(example).NetworkInterfaces as Props[];
    expect(nic.AssociatePublicIpAddress).toBe(false);
    for (const template of Object.values(example.templates)) {
      for (const instance of Object.values(resourcesOfType(template, 'AWS::EC2::Instance'))) {
        const nics = (instance.Properties?.NetworkInterfaces as Props[] | undefined) ?? [];
        expect(nics.map((candidate) => candidate.AssociatePublicIpAddress)).not.toContain(true);
      }
      for (const launch of Object.values(resourcesOfType(template, 'AWS::EC2::LaunchTemplate'))) {
        const nics = ((launch.Properties?.LaunchTemplateData as Props).NetworkInterfaces as Props[] | undefined) ?? [];
        expect(nics.map((candidate) => candidate.AssociatePublicIpAddress)).not.toContain(true);
      }
      template.resourceCountIs('AWS::EC2::EIP', template === example.templates.network ? 3 : 0);
    }
  });
});

describe('tier instance roles', () => {
  test('each tier ships logs only to its own encrypted log group and metrics only to the agent namespace', () => {
    const template = poc.templates.app;
    const logGroups = Object.entries(resourcesOfType(template, 'AWS::Logs::LogGroup')).filter(([id]) => /Tier/.test(id));
    expect(logGroups.map(([id]) => id.replace(/Logs.*$/, '')).sort()).toEqual(['AppTier', 'WebTier']);
    for (const [id, group] of logGroups) {
      expect(group.Properties).toEqual(expect.objectContaining({ RetentionInDays: 365, KmsKeyId: expect.anything() }));
      const tier = id.replace(/Logs.*$/, '');
      const policy = Object.values(resourcesOfType(template, 'AWS::IAM::ManagedPolicy')).find((p) =>
        JSON.stringify(p.Properties?.Roles).includes(`${tier}InstanceRole`),
      );
      const statements = (policy?.Properties?.PolicyDocument as Props).Statement as Props[];
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [id, 'Arn'] },
          }),
          expect.objectContaining({
            Action: 'cloudwatch:PutMetricData',
            Condition: { StringEquals: { 'cloudwatch:namespace': 'CWAgent' } },
          }),
        ]),
      );
      const otherTierLogs = logGroups.find(([otherId]) => otherId !== id)?.[0];
      expect(JSON.stringify(statements)).not.toContain(String(otherTierLogs));
    }
  });
});
