import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunbookError } from './facts';

/**
 * Runbook prose lives in Markdown templates (`lib/runbooks/templates/<name>.md`) with named slots
 * that the topic fills from the facts: `{{slot}}` inside a line takes text; a line that is only
 * `{{slot}}` takes lines (commands, tables, an optional paragraph), none removing the line. A slot
 * the template names and the topic does not fill, or one the topic fills and the template does not
 * name, is an error: prose and code cannot drift apart silently.
 */

export const TEMPLATES_FOLDER = join(__dirname, 'templates');

export type SlotValue = string | readonly string[];
export type Slots = Readonly<Record<string, SlotValue>>;

const SLOT = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g;
const WHOLE_LINE = /^\{\{([A-Za-z][A-Za-z0-9]*)\}\}$/;

/** The template's lines, as written (one trailing newline dropped). */
export function templateLines(name: string): string[] {
  const file = join(TEMPLATES_FOLDER, `${name}.md`);
  if (!existsSync(file)) {
    throw new RunbookError(`${file}: no such runbook template; the runbooks read their prose from ${TEMPLATES_FOLDER}`);
  }
  return readFileSync(file, 'utf8').replace(/\n$/, '').split('\n');
}

/** Every slot a template names, in order of first use. */
export function slotsOf(name: string): string[] {
  return [...new Set(templateLines(name).flatMap((line) => [...line.matchAll(SLOT)].map((match) => match[1])))];
}

/** Every template of the folder, by name. */
export function templateNames(): string[] {
  return readdirSync(TEMPLATES_FOLDER)
    .filter((file) => file.endsWith('.md'))
    .map((file) => file.slice(0, -'.md'.length))
    .sort();
}

export function fillTemplate(name: string, slots: Slots): string[] {
  const named = slotsOf(name);
  const missing = named.filter((slot) => !(slot in slots));
  const unknown = Object.keys(slots).filter((slot) => !named.includes(slot));
  if (missing.length > 0 || unknown.length > 0) {
    throw new RunbookError(
      `runbook template ${name}.md: ` +
        [
          missing.length > 0 ? `slots not filled: ${missing.join(', ')}` : '',
          unknown.length > 0 ? `slots it does not name: ${unknown.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; '),
    );
  }
  return templateLines(name).flatMap((line) => {
    const whole = WHOLE_LINE.exec(line)?.[1];
    if (whole !== undefined) {
      const value = slots[whole];
      return typeof value === 'string' ? [value] : [...value];
    }
    return [
      line.replace(SLOT, (_match, slot: string) => {
        const value = slots[slot];
        if (typeof value !== 'string') {
          throw new RunbookError(`runbook template ${name}.md: slot ${slot} sits inside a line and takes text, not lines`);
        }
        return value;
      }),
    ];
  });
}
