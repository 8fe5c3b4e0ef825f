import {
  BackupVault,
  backupVaultsOf,
  DatabaseOptionGroup,
  databaseOptionGroupsOf,
  DatabaseParameterGroup,
  databaseParameterGroupsOf,
} from './data';
import {
  Alarm,
  alarmsOf,
  ConfigRule,
  configRulesOf,
  Dashboard,
  dashboardsOf,
  DatabaseEventSubscription,
  databaseEventSubscriptionsOf,
  EventRule,
  eventRulesOf,
  LogGroup,
  logGroupsOf,
  TopicSubscription,
  topicSubscriptionsOf,
} from './monitoring';
import {
  outputsOf,
  SsmParameterRead,
  ssmParameterReadsOf,
  SsmParameterWrite,
  ssmParameterWritesOf,
  StackOutput,
} from './outputs';
import { EncryptionAtRest, encryptionAtRestOf, KmsKey, kmsKeysOf } from './keys';
import { Listener, listenersOf, TargetGroup, targetGroupsOf, WebAclAssociation, webAclAssociationsOf } from './listeners';
import { ResourceIndex } from './resources';
import { RetainedResource, retainedResourcesOf } from './retained';
import { ScalingPolicy, scalingPoliciesOf } from './scaling';
import {
  RotationSchedule,
  rotationSchedulesOf,
  Secret,
  SecretAttachment,
  secretAttachmentsOf,
  secretsOf,
  ServerlessApplication,
  serverlessApplicationsOf,
} from './secrets';
import { SessionDocument, sessionDocumentsOf } from './sessions';
import { FlowLog, flowLogsOf, NatGatewayResource, natGatewaysOf, SecurityGroupResource, securityGroupResourcesOf } from './vpc';

/**
 * The elements the documents and runbooks read beyond the infrastructure's: operations,
 * secrets, stateful resources, the outputs and parameters the stacks exchange. Each list keeps
 * stack order, then logical-id order, and is built on first read.
 */
export interface ReaderElements {
  /** Every stack output, with what it resolves to and whether another stack consumes it. */
  readonly outputs: readonly StackOutput[];
  readonly ssmParameterReads: readonly SsmParameterRead[];
  readonly ssmParameterWrites: readonly SsmParameterWrite[];
  readonly alarms: readonly Alarm[];
  readonly topicSubscriptions: readonly TopicSubscription[];
  readonly dashboards: readonly Dashboard[];
  readonly eventRules: readonly EventRule[];
  readonly configRules: readonly ConfigRule[];
  readonly logGroups: readonly LogGroup[];
  readonly databaseEventSubscriptions: readonly DatabaseEventSubscription[];
  readonly databaseParameterGroups: readonly DatabaseParameterGroup[];
  readonly databaseOptionGroups: readonly DatabaseOptionGroup[];
  readonly backupVaults: readonly BackupVault[];
  readonly secrets: readonly Secret[];
  readonly secretAttachments: readonly SecretAttachment[];
  readonly rotationSchedules: readonly RotationSchedule[];
  readonly serverlessApplications: readonly ServerlessApplication[];
  /** SSM Session documents: Session Manager preferences among them. */
  readonly sessionDocuments: readonly SessionDocument[];
  readonly scalingPolicies: readonly ScalingPolicy[];
  /** What the top-level stacks keep when they are deleted. */
  readonly retained: readonly RetainedResource[];
  readonly kmsKeys: readonly KmsKey[];
  /** Every data store and how the template encrypts it at rest, grouped by kind. */
  readonly encryptionAtRest: readonly EncryptionAtRest[];
  readonly listeners: readonly Listener[];
  readonly targetGroups: readonly TargetGroup[];
  readonly webAclAssociations: readonly WebAclAssociation[];
  readonly flowLogs: readonly FlowLog[];
  readonly natGateways: readonly NatGatewayResource[];
  /** Every security group resource with its description (its rules: `network.groups`). */
  readonly securityGroups: readonly SecurityGroupResource[];
}

export const READER_ELEMENTS: { readonly [K in keyof ReaderElements]: (index: ResourceIndex) => ReaderElements[K] } = {
  outputs: outputsOf,
  ssmParameterReads: ssmParameterReadsOf,
  ssmParameterWrites: ssmParameterWritesOf,
  alarms: alarmsOf,
  topicSubscriptions: topicSubscriptionsOf,
  dashboards: dashboardsOf,
  eventRules: eventRulesOf,
  configRules: configRulesOf,
  logGroups: logGroupsOf,
  databaseEventSubscriptions: databaseEventSubscriptionsOf,
  databaseParameterGroups: databaseParameterGroupsOf,
  databaseOptionGroups: databaseOptionGroupsOf,
  backupVaults: backupVaultsOf,
  secrets: secretsOf,
  secretAttachments: secretAttachmentsOf,
  rotationSchedules: rotationSchedulesOf,
  serverlessApplications: serverlessApplicationsOf,
  sessionDocuments: sessionDocumentsOf,
  scalingPolicies: scalingPoliciesOf,
  retained: retainedResourcesOf,
  kmsKeys: kmsKeysOf,
  encryptionAtRest: encryptionAtRestOf,
  listeners: listenersOf,
  targetGroups: targetGroupsOf,
  webAclAssociations: webAclAssociationsOf,
  flowLogs: flowLogsOf,
  natGateways: natGatewaysOf,
  securityGroups: securityGroupResourcesOf,
};
