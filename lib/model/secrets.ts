import { ResourceIndex } from './resources';
import { PropertyReader, Source, sourceOf } from './source';

export interface Secret {
  readonly source: Source;
  /** The JSON template Secrets Manager generates the secret from (`GenerateSecretString.SecretStringTemplate`). */
  readonly stringTemplate?: string;
  /** The key of the KMS key that encrypts it; undefined: the AWS managed key `aws/secretsmanager`. */
  readonly kmsKey?: string;
  /** Regions it is replicated to (`ReplicaRegions`, literal entries). */
  readonly replicaRegions: readonly string[];
}

/** Ties a secret to the database (or cluster) whose connection details it holds. */
export interface SecretAttachment {
  readonly source: Source;
  readonly secret?: string;
  readonly target?: string;
}

export interface RotationSchedule {
  readonly source: Source;
  /** The key its SecretId names: the secret, or the attachment of the secret. */
  readonly secret?: string;
  /** The key of what runs the rotation (the serverless application of the rotation function). */
  readonly rotation?: string;
  readonly scheduleExpression?: string;
}

/** A serverless application (AWS SAM): here, the hosted rotation functions of Secrets Manager. */
export interface ServerlessApplication {
  readonly source: Source;
  /** Its `functionName` parameter: the name of the function it deploys. */
  readonly functionName?: string;
}

export function secretsOf(index: ResourceIndex): Secret[] {
  return index.sortedOfType('AWS::SecretsManager::Secret').map((entry) => {
    const secret = new PropertyReader(index, entry);
    return {
      source: sourceOf(entry),
      stringTemplate: secret.literal(secret.object(entry.props.GenerateSecretString).SecretStringTemplate),
      kmsKey: entry.props.KmsKeyId === undefined ? undefined : secret.keyOf(entry.props.KmsKeyId),
      replicaRegions: secret.objects(entry.props.ReplicaRegions).flatMap((replica) => secret.literal(replica.Region) ?? []),
    };
  });
}

export function secretAttachmentsOf(index: ResourceIndex): SecretAttachment[] {
  return index.sortedOfType('AWS::SecretsManager::SecretTargetAttachment').map((entry) => ({
    source: sourceOf(entry),
    secret: index.keyOf(entry.stack, entry.props.SecretId),
    target: index.keyOf(entry.stack, entry.props.TargetId),
  }));
}

export function rotationSchedulesOf(index: ResourceIndex): RotationSchedule[] {
  return index.sortedOfType('AWS::SecretsManager::RotationSchedule').map((entry) => {
    const schedule = new PropertyReader(index, entry);
    return {
      source: sourceOf(entry),
      secret: schedule.keyOf(entry.props.SecretId),
      rotation: entry.props.RotationLambdaARN === undefined ? undefined : schedule.keyOf(entry.props.RotationLambdaARN),
      scheduleExpression: schedule.literal(schedule.object(entry.props.RotationRules).ScheduleExpression),
    };
  });
}

export function serverlessApplicationsOf(index: ResourceIndex): ServerlessApplication[] {
  return index.sortedOfType('AWS::Serverless::Application').map((entry) => {
    const application = new PropertyReader(index, entry);
    return {
      source: sourceOf(entry),
      functionName: application.literal(application.object(entry.props.Parameters).functionName),
    };
  });
}
