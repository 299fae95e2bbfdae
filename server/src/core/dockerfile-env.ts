// Dockerfile ENV, CMD and ENTRYPOINT instructions read as Docker reads them: line continuations (`\` at
// the end of a line, comment lines inside dropped), several `key=value` pairs per instruction, double and
// single quotes, backslash escapes, the legacy `ENV key value` form, and the exec (JSON) and shell forms
// of a command. Offsets are those of the value in the text.
import { imageOwner, type EnvOwner } from './env-owner.js';
import { stickyMatchEnd } from './text.js';

export interface DockerEnv {
  name: string;
  value: string;
  start: number;
  end: number;
  /** The text at [start, end) is the value itself: no quote, escape or continuation inside it. */
  verbatim: boolean;
}

const ENV_INSTRUCTION = /^[ \t]*ENV[ \t]+/gim;

export function readDockerfileEnv(text: string): DockerEnv[] {
  const found: DockerEnv[] = [];
  for (const m of text.matchAll(ENV_INSTRUCTION)) found.push(...readInstruction(text, m.index! + m[0].length));
  return found;
}

const CONTINUATION = /\\[ \t]*\r?\n/y;
const COMMENT_LINE = /[ \t]*#[^\n]*\n/y;

/** A reader over one instruction's arguments that steps over line continuations. */
class Args {
  constructor(private readonly text: string, public at: number) {}

  /** Skips a continuation (`\` then spaces then a newline) and the comment lines after it. */
  private skipContinuation(): boolean {
    const end = this.text.charCodeAt(this.at) === 0x5c ? stickyMatchEnd(CONTINUATION, this.text, this.at) : -1;
    if (end === -1) return false;
    this.at = end;
    for (let next = stickyMatchEnd(COMMENT_LINE, this.text, this.at); next !== -1; next = stickyMatchEnd(COMMENT_LINE, this.text, this.at)) this.at = next;
    return true;
  }

  /** The next character of the instruction, continuations removed; undefined at its end. */
  peek(): string | undefined {
    while (this.skipContinuation());
    const c = this.text[this.at];
    return c === undefined || c === '\n' || (c === '\r' && this.text[this.at + 1] === '\n') ? undefined : c;
  }

  skipBlanks(): void {
    for (let c = this.peek(); c === ' ' || c === '\t'; c = this.peek()) this.at++;
  }
}

/** One word (a key, or a value up to the next unquoted blank), with quotes and escapes undone. */
function readWord(args: Args, stopAtEquals: boolean): { value: string; start: number; end: number; verbatim: boolean } {
  let value = '';
  let verbatim = true;
  args.peek(); // past a continuation before the word
  const start = args.at;
  let end = start;
  for (let c = args.peek(); c !== undefined && c !== ' ' && c !== '\t' && !(stopAtEquals && c === '='); c = args.peek()) {
    if (args.at !== end) verbatim = false; // a continuation inside the word
    if (c === '"' || c === "'") {
      verbatim = false;
      args.at++;
      for (let q = args.peek(); q !== undefined && q !== c; q = args.peek()) {
        if (q === '\\' && c === '"') args.at++;
        value += args.peek() ?? '';
        args.at++;
      }
      args.at++; // the closing quote
    } else if (c === '\\') {
      verbatim = false;
      args.at++;
      value += args.peek() ?? '';
      args.at++;
    } else {
      value += c;
      args.at++;
    }
    end = args.at;
  }
  return { value, start, end, verbatim };
}

/** A quoted value whose quotes are its only syntax: its offsets move inside them, so a fix keeps them. */
function insideQuotes(text: string, word: { value: string; start: number; end: number; verbatim: boolean }): { start: number; end: number; verbatim: boolean } {
  const q = text[word.start];
  if ((q === '"' || q === "'") && text[word.end - 1] === q && text.slice(word.start + 1, word.end - 1) === word.value) {
    return { start: word.start + 1, end: word.end - 1, verbatim: true };
  }
  return word;
}

function readInstruction(text: string, from: number): DockerEnv[] {
  const args = new Args(text, from);
  const first = readWord(args, true);
  if (first.value === '') return [];
  if (args.peek() !== '=') {
    // Legacy form: `ENV key the rest of the line`.
    args.skipBlanks();
    const start = args.at;
    let value = '';
    let end = start;
    let verbatim = true;
    for (let c = args.peek(); c !== undefined; c = args.peek()) {
      if (args.at !== end) verbatim = false;
      value += c;
      args.at++;
      end = args.at;
    }
    const trimmed = value.replace(/[ \t]+$/, '');
    return [{ name: first.value, value: trimmed, start, end: start + trimmed.length, verbatim: verbatim && !/["'\\]/.test(trimmed) }];
  }
  const pairs: DockerEnv[] = [];
  let key = first;
  for (;;) {
    args.at++; // '='
    const word = readWord(args, false);
    pairs.push({ name: key.value, value: word.value, ...insideQuotes(text, word) });
    args.skipBlanks();
    if (args.peek() === undefined) break;
    key = readWord(args, true);
    if (key.value === '' || args.peek() !== '=') break;
  }
  return pairs;
}

/** One word of a command line (or a value), with its offsets; verbatim when the text there is the word itself. */
export interface CommandWord { value: string; start: number; end: number; verbatim: boolean }

export interface DockerfileStage {
  /** Where the stage's FROM is (0 for commands before any FROM). */
  at: number;
  /** Whose image the stage builds on (FROM). */
  imageOwner: EnvOwner;
  commands: { instruction: 'CMD' | 'ENTRYPOINT'; words: CommandWord[] }[];
}

const STAGE_OR_COMMAND = /^[ \t]*(FROM|CMD|ENTRYPOINT)[ \t]+/gim;

/** Each stage's image owner and its CMD / ENTRYPOINT words (exec form or shell form). */
export function readDockerfileCommands(text: string): DockerfileStage[] {
  const stages: DockerfileStage[] = [];
  for (const m of text.matchAll(STAGE_OR_COMMAND)) {
    const at = m.index! + m[0].length;
    const instruction = m[1].toUpperCase();
    if (instruction === 'FROM') {
      const image = /^(?:--\S+[ \t]+)*(\S+)/.exec(text.slice(at, at + 500));
      stages.push({ at: m.index!, imageOwner: image ? imageOwner(image[1]) : 'unknown', commands: [] });
      continue;
    }
    if (stages.length === 0) stages.push({ at: 0, imageOwner: 'unknown', commands: [] });
    stages[stages.length - 1].commands.push({ instruction: instruction as 'CMD' | 'ENTRYPOINT', words: text[at] === '[' ? execForm(text, at) : shellForm(text, at) });
  }
  return stages;
}

/** `["/app/imageproxy", "-allowHosts", "a.com"]`: JSON strings on one line (a string with escapes is not verbatim). */
function execForm(text: string, at: number): CommandWord[] {
  const end = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at);
  const words: CommandWord[] = [];
  for (const m of text.slice(at, end).matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    let value: string;
    try {
      value = JSON.parse(m[0]) as string;
    } catch {
      return [];
    }
    const start = at + m.index! + 1;
    words.push({ value, start, end: start + m[1].length, verbatim: value === m[1] });
  }
  return words;
}

/**
 * A one-line command (a compose or Kubernetes string) split into words as a shell splits it: blanks
 * separate, quotes group and are removed, escapes are undone. `at` is the line's offset in its text.
 */
export function shellWords(line: string, at: number): CommandWord[] {
  return shellForm(line, 0).map((word) => ({ ...word, start: word.start + at, end: word.end + at }));
}

/** The shell form: words as Docker hands them to `/bin/sh -c`, continuations removed. */
function shellForm(text: string, at: number): CommandWord[] {
  const args = new Args(text, at);
  const words: CommandWord[] = [];
  for (args.skipBlanks(); args.peek() !== undefined; args.skipBlanks()) {
    const word = readWord(args, false);
    if (word.value === '' && word.start === word.end) break;
    words.push({ value: word.value, ...insideQuotes(text, word) });
  }
  return words;
}
