/**
 * Just enough of the shell to read the runbooks' bash blocks: words with their quoting, command
 * substitutions, and the operators that separate commands. The runbooks are generated, so the
 * subset is small; anything outside it (here-documents, arithmetic, backquotes) is not used.
 */

/** A piece of a word: literal text (expanded unless single-quoted) or a command substitution. */
export type WordPart =
  | { readonly kind: 'text'; readonly value: string; readonly expand: boolean }
  | { readonly kind: 'substitution'; readonly commands: readonly SimpleCommand[] };

export interface Word {
  readonly parts: readonly WordPart[];
}

/** One command between operators (`;`, `|`, `&&`, `||`, `&`), as its words. */
export interface SimpleCommand {
  readonly words: readonly Word[];
}

/** A bash block of a runbook: its logical lines and the paragraph before it. */
export interface ShellBlock {
  readonly lines: readonly string[];
  /** The last non-empty line of text before the block's fence. */
  readonly before: string;
}

/** The ```bash blocks of a Markdown file, backslash-continued lines joined. */
export function bashBlocks(markdown: string): ShellBlock[] {
  const blocks: ShellBlock[] = [];
  let current: string[] | undefined;
  let pending = '';
  let before = '';
  for (const raw of markdown.split('\n')) {
    const line = raw.trim();
    if (current === undefined) {
      if (line === '```bash') current = [];
      else if (line.length > 0) before = line;
      continue;
    }
    if (line === '```') {
      blocks.push({ lines: current, before });
      current = undefined;
      continue;
    }
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trimEnd()} `;
      continue;
    }
    current.push(pending + line);
    pending = '';
  }
  return blocks;
}

/** The simple commands of one logical line, in order. */
export function parseLine(line: string): SimpleCommand[] {
  const parser = new Parser(line);
  const commands = parser.commands(false);
  return commands;
}

/** A word's text when it holds no substitution and no variable: a literal. */
export function literal(word: Word): string | undefined {
  let text = '';
  for (const part of word.parts) {
    if (part.kind !== 'text' || (part.expand && part.value.includes('$'))) return undefined;
    text += part.value;
  }
  return text;
}

class Parser {
  private position = 0;

  constructor(private readonly text: string) {}

  commands(nested: boolean): SimpleCommand[] {
    const commands: SimpleCommand[] = [];
    let words: Word[] = [];
    const end = () => {
      if (words.length > 0) commands.push({ words });
      words = [];
    };
    while (this.position < this.text.length) {
      const char = this.text[this.position];
      if (char === ' ' || char === '\t') {
        this.position += 1;
      } else if (char === '#') {
        this.position = this.text.length;
      } else if (char === ';' || char === '|' || char === '&') {
        end();
        this.position += this.text[this.position + 1] === char ? 2 : 1;
      } else if (char === ')' && nested) {
        this.position += 1;
        end();
        return commands;
      } else {
        words.push(this.word(nested));
      }
    }
    if (nested) throw new Error(`unclosed $( in: ${this.text}`);
    end();
    return commands;
  }

  private word(nested: boolean): Word {
    const parts: WordPart[] = [];
    let text = '';
    const flush = (expand: boolean) => {
      if (text.length > 0) parts.push({ kind: 'text', value: text, expand });
      text = '';
    };
    while (this.position < this.text.length) {
      const char = this.text[this.position];
      if (char === ' ' || char === '\t' || char === ';' || char === '|' || char === '&' || (char === ')' && nested)) break;
      if (char === "'") {
        flush(true);
        const close = this.text.indexOf("'", this.position + 1);
        if (close === -1) throw new Error(`unclosed ' in: ${this.text}`);
        parts.push({ kind: 'text', value: this.text.slice(this.position + 1, close), expand: false });
        this.position = close + 1;
      } else if (char === '"') {
        flush(true);
        this.position += 1;
        this.doubleQuoted(parts);
      } else if (char === '\\') {
        text += this.text[this.position + 1] ?? '';
        this.position += 2;
      } else if (char === '$' && this.text[this.position + 1] === '(') {
        flush(true);
        this.position += 2;
        parts.push({ kind: 'substitution', commands: this.commands(true) });
      } else {
        text += char;
        this.position += 1;
      }
    }
    flush(true);
    return { parts };
  }

  private doubleQuoted(parts: WordPart[]): void {
    let text = '';
    while (this.position < this.text.length) {
      const char = this.text[this.position];
      if (char === '"') {
        this.position += 1;
        if (text.length > 0) parts.push({ kind: 'text', value: text, expand: true });
        return;
      }
      if (char === '\\') {
        text += this.text[this.position + 1] ?? '';
        this.position += 2;
      } else if (char === '$' && this.text[this.position + 1] === '(') {
        if (text.length > 0) parts.push({ kind: 'text', value: text, expand: true });
        text = '';
        this.position += 2;
        parts.push({ kind: 'substitution', commands: this.commands(true) });
      } else {
        text += char;
        this.position += 1;
      }
    }
    throw new Error(`unclosed " in: ${this.text}`);
  }
}
