import { ResourceIndex } from './resources';
import { PropertyReader, Source, sourceOf } from './source';

/**
 * An SSM Session document: with the name `SSM-SessionManagerRunShell`, the regional Session
 * Manager preferences (where transcripts stream, which key encrypts them, when idle sessions end).
 */
export interface SessionDocument {
  readonly source: Source;
  readonly name?: string;
  readonly documentType?: string;
  /** `Content.sessionType` (`Standard_Stream`). */
  readonly sessionType?: string;
  /** `inputs.cloudWatchStreamingEnabled`: transcripts stream to CloudWatch Logs as the session runs. */
  readonly streaming: boolean;
  /** `inputs.cloudWatchEncryptionEnabled`: Session Manager refuses to log to an unencrypted log group. */
  readonly logEncryptionRequired: boolean;
  /** The key of the log group the transcripts go to. */
  readonly logGroup?: string;
  /** The key of the KMS key that encrypts the session data. */
  readonly kmsKey?: string;
  readonly idleTimeoutMinutes?: number;
}

export function sessionDocumentsOf(index: ResourceIndex): SessionDocument[] {
  return index.sortedOfType('AWS::SSM::Document').map((entry) => {
    const document = new PropertyReader(index, entry);
    const content = document.object(entry.props.Content);
    const inputs = document.object(content.inputs);
    const idle = document.integer(inputs.idleSessionTimeout);
    return {
      source: sourceOf(entry),
      name: document.literal(entry.props.Name),
      documentType: document.literal(entry.props.DocumentType),
      sessionType: typeof content.sessionType === 'string' ? content.sessionType : undefined,
      streaming: inputs.cloudWatchStreamingEnabled === true,
      logEncryptionRequired: inputs.cloudWatchEncryptionEnabled === true,
      logGroup: inputs.cloudWatchLogGroupName === undefined ? undefined : document.keyOf(inputs.cloudWatchLogGroupName),
      kmsKey: inputs.kmsKeyId === undefined ? undefined : document.keyOf(inputs.kmsKeyId),
      idleTimeoutMinutes: idle.known ? idle.value : undefined,
    };
  });
}
