import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { STACK_ROLES } from '../lib/config/naming';
import { RUNBOOKS } from '../lib/runbooks';
import { ROOT } from './helpers';

/**
 * The README and the reference pages in docs/ state what is true (issue 16 §5): their figures
 * follow the code, and every link between them resolves, anchors included.
 */

const PAGES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
];

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const headings = readFileSync(join(ROOT, file), 'utf8').match(/^#{1,6} .*$/gm) ?? [];
  return new Set(headings.map((heading) => anchorOf(heading.replace(/^#+ /, ''))));
}

test.each(PAGES)('every relative link of %s resolves, its anchor too', (page) => {
  const text = readFileSync(join(ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '');
  const broken = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1])
    .filter((target) => !/^(https?:|mailto:)/.test(target))
    .filter((target) => {
      const [path, anchor] = target.split('#');
      const file = path === '' ? page : relative(ROOT, join(ROOT, dirname(page), path));
      if (!existsSync(join(ROOT, file))) return true;
      return anchor !== undefined && file.endsWith('.md') && !anchorsOf(file).has(anchor);
    });
  expect(broken).toEqual([]);
});

test('the README opens with the architect path, and its figures are those of the code', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const headings = readme.match(/^## .*$/gm) ?? [];
  expect(headings[0]).toBe("## The architect's path");
  expect(readme).toContain(`the default POC (${STACK_ROLES.length} stacks)`);
  const stackRows = readme.match(/^\| `<Customer>-\w+`/gm) ?? [];
  expect(stackRows).toHaveLength(STACK_ROLES.length);
  const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
  expect(readme).toContain(`holds ${words[RUNBOOKS.length]} runbooks`);
});
