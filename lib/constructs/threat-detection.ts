import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { PocConfig } from '../config/schema';
import { acknowledgeRule, wildcardResourceFinding } from '../compliance/acknowledge';
import { customerManagedKey, encryptedLogGroup } from './secure-defaults';

export interface ThreatDetectionProps {
  /** Create a GuardDuty detector (false when the account already has one). */
  readonly guardDuty: boolean;
  /** The protection plans of the detector, when `guardDuty` creates one. */
  readonly guardDutyProtection: PocConfig['guardDutyProtection'];
  /** Enable Security Hub with the PCI DSS v4.0.1 standard. */
  readonly securityHub: boolean;
  /** Enable Amazon Inspector EC2 scanning. */
  readonly inspector: boolean;
  /** Where GuardDuty findings of high severity are sent. */
  readonly alarmTopic: sns.ITopic;
}

/**
 * The detector's features (AWS::GuardDuty::Detector Features; the DataSources property is
 * deprecated), every one named so that none is left to the API's defaults: a feature a request
 * leaves out is turned on, except Runtime Monitoring. EKS audit logs cost nothing without an EKS
 * cluster and stay on for clusters the account adds; Runtime Monitoring manages its agent on EC2
 * only, the one compute the POC runs.
 */
export function guardDutyFeatures(
  protection: PocConfig['guardDutyProtection'],
): guardduty.CfnDetector.CFNFeatureConfigurationProperty[] {
  const status = (on: boolean) => (on ? 'ENABLED' : 'DISABLED');
  return [
    { name: 'S3_DATA_EVENTS', status: status(protection.s3DataEvents) },
    { name: 'EKS_AUDIT_LOGS', status: 'ENABLED' },
    { name: 'EBS_MALWARE_PROTECTION', status: status(protection.ebsMalwareProtection) },
    { name: 'RDS_LOGIN_EVENTS', status: status(protection.rdsLoginEvents) },
    { name: 'LAMBDA_NETWORK_LOGS', status: status(protection.lambdaNetworkLogs) },
    {
      name: 'RUNTIME_MONITORING',
      status: status(protection.runtimeMonitoring),
      additionalConfiguration: [{ name: 'EC2_AGENT_MANAGEMENT', status: status(protection.runtimeMonitoring) }],
    },
  ];
}

/** GuardDuty findings at or above this severity (0-10, "high" starts at 7) page the alarm topic. */
export const GUARDDUTY_ALERT_SEVERITY = 7;

/**
 * The account-wide detective services, each one a switch because each is a singleton per
 * account and region: GuardDuty with every protection plan set explicitly (high findings to the
 * alarm topic), Security Hub with the
 * PCI DSS v4.0.1 standard, and Amazon Inspector EC2 scanning (competency 2.13).
 */
export class ThreatDetection extends Construct {
  constructor(scope: Construct, id: string, props: ThreatDetectionProps) {
    super(scope, id);
    const stack = Stack.of(this);

    if (props.guardDuty) {
      new guardduty.CfnDetector(this, 'GuardDuty', {
        enable: true,
        findingPublishingFrequency: 'FIFTEEN_MINUTES',
        features: guardDutyFeatures(props.guardDutyProtection),
      });
      new events.Rule(this, 'GuardDutyHighFindings', {
        description: `GuardDuty findings of severity ${GUARDDUTY_ALERT_SEVERITY} or more, to the alarm topic`,
        eventPattern: {
          source: ['aws.guardduty'],
          detailType: ['GuardDuty Finding'],
          detail: { severity: events.Match.greaterThanOrEqual(GUARDDUTY_ALERT_SEVERITY) },
        },
        targets: [new targets.SnsTopic(props.alarmTopic)],
      });
    }

    if (props.securityHub) {
      const hub = new securityhub.CfnHub(this, 'SecurityHub', {
        enableDefaultStandards: false,
        controlFindingGenerator: 'SECURITY_CONTROL',
      });
      const pciDss = new securityhub.CfnStandard(this, 'PciDss401', {
        standardsArn: `arn:${stack.partition}:securityhub:${stack.region}::standards/pci-dss/v/4.0.1`,
      });
      pciDss.addResourceDependency(hub);
    }

    if (props.inspector) {
      const serviceLinkedRoles = stack.formatArn({
        service: 'iam',
        region: '',
        resource: 'role',
        resourceName: 'aws-service-role/inspector2.amazonaws.com/*',
      });
      // Inspector v2 has no CloudFormation resource that turns scanning on: the API call is it.
      const call = (action: 'enable' | 'disable'): cr.AwsSdkCall => ({
        service: 'Inspector2',
        action,
        parameters: { resourceTypes: ['EC2'] },
        physicalResourceId: cr.PhysicalResourceId.of('inspector2-ec2-scanning'),
      });
      const inspector = new cr.AwsCustomResource(this, 'InspectorEc2Scanning', {
        onCreate: call('enable'),
        onDelete: call('disable'),
        installLatestAwsSdk: false,
        logGroup: encryptedLogGroup(
          this,
          'InspectorCallLogs',
          customerManagedKey(this, 'InspectorCallLogKey', 'Logs of the Inspector enablement call', { forLogs: true }),
        ),
        policy: cr.AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({
            actions: ['inspector2:Enable', 'inspector2:Disable', 'inspector2:BatchGetAccountStatus'],
            resources: ['*'],
          }),
          new iam.PolicyStatement({
            actions: ['iam:CreateServiceLinkedRole'],
            resources: [serviceLinkedRoles],
            conditions: { StringEquals: { 'iam:AWSServiceName': 'inspector2.amazonaws.com' } },
          }),
        ]),
      });
      acknowledgeRule(
        inspector,
        'AwsSolutions-IAM5[Resource::*]',
        'inspector2:Enable, Disable and BatchGetAccountStatus act on the account and have no resource-level permission',
      );
      acknowledgeRule(
        inspector,
        wildcardResourceFinding('AwsSolutions-IAM5', this, serviceLinkedRoles),
        'Creating the Inspector service-linked role, whose name AWS assigns; limited by the iam:AWSServiceName condition',
      );
      acknowledgeRule(
        inspector,
        'PCI.DSS.321-IAMNoInlinePolicy',
        'CDK attaches the one-shot enablement call permissions inline to its provider role',
      );
      const provider = stack.node.findChild(cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '').replace(/^/, 'AWS'));
      acknowledgeRule(
        provider,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'The CDK provider function of the Inspector enablement call only writes its own logs',
      );
      acknowledgeRule(
        provider,
        'PCI.DSS.321-LambdaInsideVPC',
        'The Inspector enablement call runs once at deploy, reaches only the Inspector API and touches no cardholder data',
      );
    }
  }
}
