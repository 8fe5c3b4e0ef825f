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
