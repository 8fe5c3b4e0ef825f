import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Checks of the paths a command will write, made before it does any work, so a bad flag is
 * refused in one line instead of failing after minutes of synthesis with a stack trace.
 */

/** Why `folder` (created when missing) cannot receive files, or undefined. */
export function outputFolderProblem(folder: string): string | undefined {
  let existing = resolve(folder);
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  if (!statSync(existing).isDirectory()) return `${existing} is a file, not a folder`;
  return writableProblem(existing);
}

/** Why `file` cannot be written (its folder must exist), or undefined. */
export function outputFileProblem(file: string): string | undefined {
  const target = resolve(file);
  if (existsSync(target) && statSync(target).isDirectory()) return `${target} is a folder, not a file`;
  const folder = dirname(target);
  if (!existsSync(folder)) return `the folder ${folder} does not exist`;
  if (!statSync(folder).isDirectory()) return `${folder} is a file, not a folder`;
  return writableProblem(folder);
}

function writableProblem(folder: string): string | undefined {
  try {
    accessSync(folder, constants.W_OK);
    return undefined;
  } catch {
    return `the folder ${folder} is not writable`;
  }
}

/**
 * A failure of the file system (ENOENT, EACCES, ENOSPC, ...) after the checks above: Node's
 * message already names the operation, the cause and the path in one line.
 */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return hasCode(error) && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/**
 * Whether `error` carries Node's `code`. Checked by shape, not `instanceof`: errors made by
 * Node's own modules come from another realm when the command runs inside a test runner.
 */
function hasCode(error: unknown): error is Error & { readonly code: unknown } {
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

/** Where a command writes: the process's streams, or a test's buffers. */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** A command of scripts/: its exit code from its arguments, everything it prints through `io`. */
export type Command = (argv: readonly string[], io: CommandIo) => Promise<number>;

/** A flag the command does not understand: the message, then the usage, exit 2. */
export class UsageError extends Error {}

/** An error class whose message alone tells the user what to fix, and the exit code it ends in. */
export type ExpectedError = readonly [new (...args: never[]) => Error, number];

/**
 * What a command prints and returns for an error: bad flags get the usage and exit 2; the
 * `expected` errors and file-system failures (whose message names the path) one line; anything
 * else is a bug and is thrown on to `runCommand`.
 */
export function failureExit(
  error: unknown,
  io: CommandIo,
  usage: string,
  expected: readonly ExpectedError[],
  fileSystemExit = 1,
): number {
  const parseArgsError = hasCode(error) && String(error.code).startsWith('ERR_PARSE_ARGS');
  if (error instanceof UsageError || parseArgsError) {
    io.stderr(`${error.message}\n\n${usage.trimEnd()}\n`);
    return 2;
  }
  const match = expected.find(([type]) => error instanceof type);
  if (match) {
    io.stderr(`${(error as Error).message}\n`);
    return match[1];
  }
  if (isFileSystemError(error)) {
    io.stderr(`${error.message}\n`);
    return fileSystemExit;
  }
  throw error;
}

/**
 * The entry point of a script: runs `command` on the process's arguments and streams. An error
 * no command expected still ends in one line and exit 1, never a stack trace.
 */
export function runCommand(command: Command): void {
  const io: CommandIo = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) };
  command(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
