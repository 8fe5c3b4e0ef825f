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
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}
