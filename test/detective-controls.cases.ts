import { Match } from 'aws-cdk-lib/assertions';
import { CONFIG_RULES } from '../lib/shared/config-rules';
import { resourcesOfType, synthesized, SynthesizedTemplates, variant } from './helpers';

let poc: SynthesizedTemplates;
let existingBaseline: SynthesizedTemplates;
beforeAll(() => {
  poc = synthesized('default');
  existingBaseline = variant('existing-account-baseline');
});

type Props = Record<string, unknown>;
const topicRef = (synth: SynthesizedTemplates) => {
  const ids = Object.keys(resourcesOfType(synth.templates.operations, 'AWS::SNS::Topic'));
  expect(ids).toHaveLength(1);
  return { Ref: ids[0] };
};

describe('AWS Config (competency 2.10 and the other checks Config can run)', () => {
  test('managed rules for public buckets and the other checklist items', () => {
    const identifiers = Object.values(resourcesOfType(poc.templates.operations, 'AWS::Config::ConfigRule')).map(
      (rule) => (rule.Properties?.Source as Props).SourceIdentifier,
    );
    expect(identifiers.sort()).toEqual(Object.keys(CONFIG_RULES).sort());
    expect(identifiers).toEqual(
      expect.arrayContaining([
        'S3_BUCKET_PUBLIC_READ_PROHIBITED',
        'S3_BUCKET_PUBLIC_WRITE_PROHIBITED',
        'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED',
      ]),
    );
  });

  test('a recorder and delivery channel exist (KMS-encrypted history) and the rules wait for them', () => {
    const template = poc.templates.operations;
    template.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
      RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true },
    });
    template.hasResourceProperties('AWS::Config::DeliveryChannel', { S3KmsKeyArn: Match.anyValue() });
    const recorderId = Object.keys(resourcesOfType(template, 'AWS::Config::ConfigurationRecorder'))[0];
    for (const rule of Object.values(resourcesOfType(template, 'AWS::Config::ConfigRule'))) {
      expect(rule.DependsOn).toEqual(expect.arrayContaining([recorderId]));
    }
  });

  test('every NON_COMPLIANT evaluation of those rules goes to the alarm topic', () => {
    const template = poc.templates.operations;
    const ruleIds = Object.keys(resourcesOfType(template, 'AWS::Config::ConfigRule'));
    const route = Object.values(resourcesOfType(template, 'AWS::Events::Rule')).find(
      (rule) => (rule.Properties?.EventPattern as Props).source?.toString() === 'aws.config',
    );
    expect(route?.Properties?.EventPattern).toEqual({
      source: ['aws.config'],
      'detail-type': ['Config Rules Compliance Change'],
      detail: {
        configRuleName: ruleIds.map((id) => ({ Ref: id })),
        newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
      },
    });
    expect(route?.Properties?.Targets).toEqual([expect.objectContaining({ Arn: topicRef(poc) })]);
  });

  test('an account that already records gets the rules but no second recorder', () => {
    existingBaseline.templates.operations.resourceCountIs('AWS::Config::ConfigurationRecorder', 0);
    existingBaseline.templates.operations.resourceCountIs('AWS::Config::DeliveryChannel', 0);
    existingBaseline.templates.operations.resourceCountIs('AWS::Config::ConfigRule', Object.keys(CONFIG_RULES).length);
  });
});

describe('CloudTrail', () => {
  test('multi-region, log file validation, KMS, CloudWatch Logs kept a year, archive kept over a year', () => {
    const template = poc.templates.operations;
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      KMSKeyId: Match.anyValue(),
      CloudWatchLogsLogGroupArn: Match.anyValue(),
      IsLogging: true,
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 365,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditTrailKey'), 'Arn'] },
    });
    const archive = Object.entries(resourcesOfType(template, 'AWS::S3::Bucket')).find(([id]) =>
      id.startsWith('AuditTrailArchive'),
    );
    const rules = ((archive?.[1].Properties?.LifecycleConfiguration as Props).Rules as Props[])[0];
    expect(rules.ExpirationInDays).toBeGreaterThanOrEqual(365);
  });

  test('none when an organization trail already covers the account', () => {
    existingBaseline.templates.operations.resourceCountIs('AWS::CloudTrail::Trail', 0);
  });
});

describe('GuardDuty, Security Hub, Inspector', () => {
  test('GuardDuty detector, and high-severity findings to the alarm topic', () => {
    const template = poc.templates.operations;
    template.hasResourceProperties('AWS::GuardDuty::Detector', { Enable: true });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.guardduty'],
        'detail-type': ['GuardDuty Finding'],
        detail: { severity: [{ numeric: ['>=', 7] }] },
      },
      Targets: [Match.objectLike({ Arn: topicRef(poc) })],
    });
  });

  test('Security Hub with the PCI DSS v4.0.1 standard', () => {
    const template = poc.templates.operations;
    template.hasResourceProperties('AWS::SecurityHub::Hub', { EnableDefaultStandards: false });
    template.hasResourceProperties('AWS::SecurityHub::Standard', {
      StandardsArn: {
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:', { Ref: 'AWS::Region' }, '::standards/pci-dss/v/4.0.1'],
        ],
      },
    });
  });

  test('Inspector EC2 scanning is enabled through the Inspector2 API (no CloudFormation resource exists)', () => {
    const calls = Object.values(resourcesOfType(poc.templates.operations, 'Custom::AWS')).map((resource) =>
      JSON.stringify(resource.Properties?.Create),
    );
    expect(calls).toEqual([expect.stringMatching(/Inspector2.*enable.*EC2/s)]);
  });

  test('each is off when the account already has it', () => {
    const template = existingBaseline.templates.operations;
    template.resourceCountIs('AWS::GuardDuty::Detector', 0);
    template.resourceCountIs('AWS::SecurityHub::Hub', 0);
    template.resourceCountIs('Custom::AWS', 0);
  });
});
