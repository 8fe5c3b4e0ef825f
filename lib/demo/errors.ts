/**
 * The two ways a demonstration command stops early. Both carry a message written for the
 * operator (what is wrong and what to do), printed without a stack trace.
 */

/** A bad command-line flag: exit code 2, like the shell's usage errors. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The command could not do its job (no stack, no credentials, instance not Multi-AZ, ...): exit code 1. */
export class DemoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoError';
  }
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * Name, message and cause of anything thrown. Read by shape rather than `instanceof Error`:
 * errors from another realm (undici's fetch under jest, for one) are not instances of this one's Error.
 */
export function errorParts(error: unknown): { name: string; message: string; cause?: unknown } {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { name, message, cause } = error as { name?: unknown; message: unknown; cause?: unknown };
    return { name: typeof name === 'string' ? name : 'Error', message: String(message), cause };
  }
  return { name: 'Error', message: String(error) };
}
