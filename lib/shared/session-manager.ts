// A leaf module: the constructs create this document, the runbooks and preflight look for it.

/**
 * The name Session Manager reads its regional preferences from: one document per account and
 * region, used by every shell session started without `--document-name` (AWS Systems Manager
 * user guide, "Start a default shell session by specifying the default session document").
 */
export const SESSION_PREFERENCES_DOCUMENT = 'SSM-SessionManagerRunShell';
