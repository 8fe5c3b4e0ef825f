import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

/**
 * The folders the kit generates (the documents of a customer, the runbooks) are replaced whole
 * on every run. So that a run never deletes what a person put there, each folder lists the files
 * the kit wrote in it, and a folder holding any other file is refused.
 */

/** Written into every generated folder: the files the kit wrote there, one per line. */
export const WRITTEN_FILES = '.pci-poc-kit-files';

/** A folder the kit would replace holds files it did not write. */
export class ForeignFilesError extends Error {}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Whether `file` (relative to a generated folder) is the list of files of that folder or of one of its sub-folders. */
const isFileList = (file: string) => basename(file) === WRITTEN_FILES;

/**
 * The files of `dir` (relative paths, sorted) that the kit did not write there: listed by no list
 * of written files in it or in one of its sub-folders (`npm run runbooks` writes one of those).
 * None when `dir` does not exist; `.` when it is a file.
 */
export function foreignFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) return ['.'];
  const present = filesUnder(dir).map((path) => relative(dir, path));
  const written = new Set([...present.filter(isFileList), ...listsAbove(dir)].flatMap((list) => listedFiles(dir, list)));
  return present.filter((file) => !isFileList(file) && !written.has(file)).sort();
}

/** The lists of written files of the folders above `dir` (`dir` may be a sub-folder of a generated folder), relative to `dir`. */
function listsAbove(dir: string): string[] {
  const lists: string[] = [];
  for (let folder = dirname(dir); folder !== dirname(folder); folder = dirname(folder)) {
    if (existsSync(join(folder, WRITTEN_FILES))) lists.push(relative(dir, join(folder, WRITTEN_FILES)));
  }
  return lists;
}

/** The files a list names, relative to `dir`. */
function listedFiles(dir: string, list: string): string[] {
  return readFileSync(join(dir, list), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((file) => relative(dir, join(dir, dirname(list), file)));
}

/** Refuses, in one line naming the folder, a few of its files and the fix, a folder the kit did not write. */
export function assertKitFolder(dir: string, flag: string): void {
  const foreign = foreignFiles(dir);
  if (foreign.length === 0) return;
  const shown = foreign.length > 3 ? `${foreign.slice(0, 3).join(', ')} and ${foreign.length - 3} more` : foreign.join(', ');
  throw new ForeignFilesError(
    foreign[0] === '.'
      ? `${flag} ${dir}: is a file, not a folder`
      : `${flag} ${dir}: holds files the kit did not write (${shown}), which replacing it would delete; give a new or empty folder, or move them away first`,
  );
}

/** `files` and the list of them the folder keeps. */
function withManifest(files: Readonly<Record<string, string>>): Record<string, string> {
  return { ...files, [WRITTEN_FILES]: `${Object.keys(files).sort().join('\n')}\n` };
}

/**
 * Replaces `dir` with exactly `files` (relative paths, sub-folders allowed) and their list:
 * written into a sibling temporary folder first, then swapped in by renames, so a failure leaves
 * either the old folder or the new one, never half of each. A folder holding a file the kit did
 * not write is refused before anything is written (`assertKitFolder`).
 */
export function replaceGeneratedFolder(dir: string, files: Readonly<Record<string, string>>, flag = '--out'): void {
  assertKitFolder(dir, flag);
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const staging = join(parent, `.${basename(dir)}.${process.pid}.tmp`);
  const previous = join(parent, `.${basename(dir)}.${process.pid}.old`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    for (const [file, content] of Object.entries(withManifest(files))) {
      mkdirSync(dirname(join(staging, file)), { recursive: true });
      writeFileSync(join(staging, file), content);
    }
    if (existsSync(dir)) renameSync(dir, previous);
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (existsSync(previous) && !existsSync(dir)) renameSync(previous, dir);
    throw error;
  }
  rmSync(previous, { recursive: true, force: true });
}

/** Files that differ between what `replaceGeneratedFolder(dir, files)` would write and what `dir` holds, sorted. */
export function differingFiles(dir: string, files: Readonly<Record<string, string>>): string[] {
  const expected = withManifest(files);
  // The list of a sub-folder the kit wrote on its own (`npm run runbooks`) is not a difference.
  const present = existsSync(dir)
    ? filesUnder(dir)
        .map((path) => relative(dir, path))
        .filter((file) => file === WRITTEN_FILES || !isFileList(file))
    : [];
  const names = [...new Set([...present, ...Object.keys(expected)])].sort();
  return names.filter((name) => {
    const path = join(dir, name);
    return expected[name] === undefined || !existsSync(path) || readFileSync(path, 'utf8') !== expected[name];
  });
}
