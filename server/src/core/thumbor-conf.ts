// thumbor's configuration file (`thumbor.conf`: a Python module thumbor executes) read for the settings
// this tool needs: SECURITY_KEY (a string) and ALLOWED_SOURCES (a list of strings and re.compile()
// patterns). Only literals are read: a value computed by code (`os.environ[...]`, `+`) is not known.
import { fileName } from './text.js';

/** A Python string literal: its value, and where its text sits (inside the quotes). */
export interface PyString {
  value: string;
  start: number;
  end: number;
  /** The text at [start, end) is the value itself (no escape inside), so a fix may rewrite it. */
  verbatim: boolean;
}

/** One ALLOWED_SOURCES entry: a plain string, or `re.compile(pattern[, flags])`. */
export interface AllowedSourceEntry {
  pattern: PyString;
  compiled: boolean;
  /** re.compile was given flags (re.I, re.IGNORECASE, ...) or the pattern sets them inline: its case is not judged. */
  flags: boolean;
}

export interface ThumborConf {
  /** The last literal SECURITY_KEY, if any. */
  securityKey?: PyString;
  /** The entries of the last literal ALLOWED_SOURCES list (those that are literals). */
  allowedSources: AllowedSourceEntry[];
}

/** Files thumbor is configured by (`thumbor.conf`, `thumbor_prod.conf`, `config/thumbor.conf`). */
export function isThumborConfFile(path: string): boolean {
  return /thumbor[^/\\]*\.conf$/i.test(fileName(path));
}

/** thumbor.conf's signing key as a variable, for an env file named by `signing.envFile` that is a thumbor.conf. */
export function thumborConfVariables(text: string): Map<string, string> {
  const key = readThumborConf(text).securityKey;
  return new Map(key === undefined ? [] : [['SECURITY_KEY', key.value]]);
}

const TOP_LEVEL = /^(SECURITY_KEY|ALLOWED_SOURCES)[ \t]*=[ \t]*/gm;

export function readThumborConf(text: string): ThumborConf {
  const conf: ThumborConf = { allowedSources: [] };
  for (const m of text.matchAll(TOP_LEVEL)) {
    const reader = new PyReader(text, m.index! + m[0].length);
    if (m[1] === 'SECURITY_KEY') {
      const key = reader.string();
      conf.securityKey = key !== undefined && reader.atStatementEnd() ? key : undefined;
    } else {
      conf.allowedSources = reader.allowedSources() ?? [];
    }
  }
  return conf;
}

const STRING_START = /([rRuUbB]{0,2})('''|"""|'|")/y;
const ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', '\n': '' };

/** Reads Python literals from an offset: strings, lists and tuples of strings and re.compile() calls. */
class PyReader {
  constructor(private readonly text: string, private at: number) {}

  /** Skips blanks, and inside brackets newlines and comments too. */
  private skip(multiline: boolean): void {
    const blank = multiline ? /(?:[ \t\r\n]+|#[^\n]*)*/y : /[ \t]*/y;
    blank.lastIndex = this.at;
    blank.exec(this.text);
    this.at = blank.lastIndex;
  }

  /** Nothing but a comment follows on the line: the statement is the literal just read. */
  atStatementEnd(): boolean {
    this.skip(false);
    return /^(#[^\n]*)?(\r?\n|$)/.test(this.text.slice(this.at, this.at + 2000));
  }

  string(multiline = false): PyString | undefined {
    this.skip(multiline);
    STRING_START.lastIndex = this.at;
    const m = STRING_START.exec(this.text);
    if (!m) return undefined;
    const raw = /[rR]/.test(m[1]);
    const quote = m[2];
    const start = this.at + m[0].length;
    // Find the closing quote first (no string is built per character: a megabyte-long literal stays linear).
    let i = start;
    for (;;) {
      if (i >= this.text.length) return undefined;
      if (this.text.startsWith(quote, i)) break;
      const c = this.text.charCodeAt(i);
      if (c === 0x0a && quote.length === 1) return undefined;
      i += c === 0x5c ? 2 : 1;
    }
    const written = this.text.slice(start, i);
    const value = raw || !written.includes('\\') ? written : written.replace(/\\([^]?)/g, (escape, next: string) => ESCAPES[next] ?? escape);
    this.at = i + quote.length;
    // Adjacent literals concatenate ('a' 'b'): not one span, so not read.
    const after = this.at;
    this.skip(multiline);
    if (/^[rRuUbB]{0,2}['"]/.test(this.text.slice(this.at, this.at + 3))) return undefined;
    this.at = after;
    return { value, start, end: i, verbatim: value === written };
  }

  /** `[ ... ]` or `( ... )` of entries; undefined when the value is not such a literal. */
  allowedSources(): AllowedSourceEntry[] | undefined {
    this.skip(false);
    const open = this.text[this.at];
    const close = open === '[' ? ']' : open === '(' ? ')' : undefined;
    if (close === undefined) return undefined;
    this.at++;
    const entries: AllowedSourceEntry[] = [];
    for (;;) {
      this.skip(true);
      if (this.text[this.at] === close) return entries;
      const entry = this.entry();
      if (entry === undefined) return entries.length > 0 ? entries : undefined; // code we do not read: keep what was read
      entries.push(entry);
      this.skip(true);
      if (this.text[this.at] === ',') this.at++;
      else if (this.text[this.at] !== close) return entries;
    }
  }

  private entry(): AllowedSourceEntry | undefined {
    const compile = /re\.compile[ \t]*\(/y;
    compile.lastIndex = this.at;
    if (!compile.exec(this.text)) {
      const pattern = this.string(true);
      return pattern && { pattern, compiled: false, flags: /\(\?[a-zA-Z]/.test(pattern.value) };
    }
    this.at = compile.lastIndex;
    const pattern = this.string(true);
    if (pattern === undefined) return undefined;
    this.skip(true);
    let flags = /\(\?[a-zA-Z]/.test(pattern.value);
    if (this.text[this.at] === ',') {
      this.at++;
      this.skip(true);
      flags ||= this.text[this.at] !== ')';
      const end = this.text.indexOf(')', this.at);
      if (end === -1) return undefined;
      this.at = end;
    }
    if (this.text[this.at] !== ')') return undefined;
    this.at++;
    return { pattern, compiled: true, flags };
  }
}
