/**
 * The one model of a synthesized POC. `loadAssembly` reads a cloud assembly (every stack, nested
 * stacks, regions); `Resolver` follows references across stacks; `ResourceIndex` finds resources
 * by type and names them; `buildNetworkModel` turns the templates into the network that the
 * segmentation analysis and the documents read. Only this folder reads raw template properties.
 */
export { AssemblyError, checkAssemblyOfConfig, isObject, loadAssembly } from './assembly';
export type { Assembly, CfnResource, CfnTemplate, StackTemplate } from './assembly';
export { Resolver } from './resolver';
export type { ParameterValues, Resolved } from './resolver';
export { keyOf, ResourceIndex } from './resources';
export type { IndexedResource } from './resources';
export { buildNetworkModel } from './network';
export { CLOUDFRONT_ORIGIN_FACING, describeTraffic } from './network-rules';
export { formatRule, PROTOCOLS, RULE_KINDS, ruleKey } from './network-types';
export type * from './network-types';
export { buildModel, loadModel } from './poc';
export type { ModelOptions, PocModel, StackInfo } from './poc';
export { sourceOf } from './source';
export type { Literal, Source } from './source';
export { launchTemplateOf } from './compute';
export type { Fleet, LoadBalancer, Volume } from './compute';
export type { BackupCopy, BackupPlan, Bucket, CacheCluster, Database } from './data';
export type { CacheBehavior, Distribution, DistributionOrigin, OriginConnection, VpcOrigin, WebAcl } from './edge';
export type { DetectorPlan, ThreatDetector, Trail, VpcEndpoint } from './operations';
export { dataEventBucketKeys } from './trail-selectors';
export { distributionsOf } from './edge';
export { describeExpression, resourceName } from './describe';
export { findPlacements } from './placements';
export type * from './placement-types';
export { referencedKeys, referrerMap } from './references';
export type { PolicyStatement, Principal, Role, RolePolicy } from './iam';
export type { BackupVault, DatabaseOptionGroup, DatabaseParameterGroup } from './data';
export type {
  Alarm,
  ConfigRule,
  Dashboard,
  DatabaseEventSubscription,
  EventRule,
  LogGroup,
  TopicSubscription,
} from './monitoring';
export type { SsmParameterRead, SsmParameterWrite, StackOutput } from './outputs';
export type { RetainedResource } from './retained';
export type { ScalingPolicy } from './scaling';
export type { RotationSchedule, Secret, SecretAttachment, ServerlessApplication } from './secrets';
export type { SessionDocument } from './sessions';
export type { ReaderElements } from './reader-elements';
export type { DataStoreKind, EncryptionAtRest, KeyReference, KmsKey } from './keys';
export type { Listener, TargetGroup, WebAclAssociation } from './listeners';
export type { FlowLog, NatGatewayResource, SecurityGroupResource } from './vpc';
