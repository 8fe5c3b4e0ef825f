import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { differingFiles, foreignFiles, ForeignFilesError, replaceGeneratedFolder, WRITTEN_FILES } from '../lib/output-folder';

/** No command deletes or overwrites a file it did not write (issue 16 §5). */

const fresh = () => join(mkdtempSync(join(tmpdir(), 'output-folder-')), 'customer');

describe('replacing a generated folder', () => {
  test('writes exactly the new files and their list, sub-folders included, leaving no temporary folder', () => {
    const target = fresh();
    replaceGeneratedFolder(target, { 'A.md': 'old', 'STALE.md': 'gone' });
    replaceGeneratedFolder(target, { 'A.md': 'new', 'runbooks/B.md': 'b' });
    expect(readdirSync(target).sort()).toEqual([WRITTEN_FILES, 'A.md', 'runbooks'].sort());
    expect(readFileSync(join(target, 'A.md'), 'utf8')).toBe('new');
    expect(readFileSync(join(target, 'runbooks/B.md'), 'utf8')).toBe('b');
    expect(readFileSync(join(target, WRITTEN_FILES), 'utf8')).toBe('A.md\nrunbooks/B.md\n');
    expect(readdirSync(join(target, '..'))).toEqual(['customer']);
  });

  test('a folder holding a file the kit did not write is refused, and nothing in it changes', () => {
    const target = fresh();
    replaceGeneratedFolder(target, { 'A.md': 'kit' });
    writeFileSync(join(target, 'notes.txt'), 'mine');
    mkdirSync(join(target, 'drafts'));
    writeFileSync(join(target, 'drafts', 'plan.md'), 'mine too');
    expect(foreignFiles(target)).toEqual(['drafts/plan.md', 'notes.txt']);
    expect(() => replaceGeneratedFolder(target, { 'A.md': 'new' })).toThrow(
      new ForeignFilesError(
        `--out ${target}: holds files the kit did not write (drafts/plan.md, notes.txt), which replacing it would delete; give a new or empty folder, or move them away first`,
      ),
    );
    expect(readFileSync(join(target, 'A.md'), 'utf8')).toBe('kit');
    expect(readFileSync(join(target, 'notes.txt'), 'utf8')).toBe('mine');
  });

  test('a folder with files but no list of them (not written by the kit) is refused; an empty one is used', () => {
    const target = fresh();
    mkdirSync(target);
    replaceGeneratedFolder(target, { 'A.md': 'a' });
    expect(readFileSync(join(target, 'A.md'), 'utf8')).toBe('a');
    const other = fresh();
    mkdirSync(other);
    writeFileSync(join(other, 'ARCHITECTURE.md'), 'a document of the same name, written by a person');
    expect(() => replaceGeneratedFolder(other, { 'ARCHITECTURE.md': 'kit' })).toThrow(ForeignFilesError);
    expect(readFileSync(join(other, 'ARCHITECTURE.md'), 'utf8')).toBe('a document of the same name, written by a person');
  });

  test('the list of a sub-folder the kit wrote on its own counts as written', () => {
    const target = fresh();
    replaceGeneratedFolder(target, { 'A.md': 'a', 'runbooks/R.md': 'r' });
    replaceGeneratedFolder(join(target, 'runbooks'), { 'R.md': 'r2', 'S.md': 's' });
    expect(foreignFiles(target)).toEqual([]);
    // The folder's own list predates S.md: only it differs from what npm run docs would write.
    expect(differingFiles(target, { 'A.md': 'a', 'runbooks/R.md': 'r2', 'runbooks/S.md': 's' })).toEqual([WRITTEN_FILES]);
  });

  test('a failed write keeps the previous folder whole', () => {
    const target = fresh();
    replaceGeneratedFolder(target, { 'A.md': 'old' });
    // A file and a folder of the same name: the second write fails half-way through.
    expect(() => replaceGeneratedFolder(target, { 'A.md': 'new', 'A.md/B.md': 'b' })).toThrow(/EEXIST|ENOTDIR/);
    expect(readFileSync(join(target, 'A.md'), 'utf8')).toBe('old');
    expect(readdirSync(join(target, '..'))).toEqual(['customer']);
  });
});

test('differingFiles names missing, changed and extra files, the list of files included', () => {
  const dir = fresh();
  replaceGeneratedFolder(dir, { 'same.md': 'x', 'changed.md': 'old', 'extra.md': 'e' });
  expect(differingFiles(dir, { 'same.md': 'x', 'changed.md': 'new', 'missing.md': 'm' })).toEqual([
    WRITTEN_FILES,
    'changed.md',
    'extra.md',
    'missing.md',
  ]);
  expect(differingFiles(join(dir, 'absent'), { 'a.md': 'a' })).toEqual([WRITTEN_FILES, 'a.md']);
  expect(existsSync(join(dir, 'absent'))).toBe(false);
});
