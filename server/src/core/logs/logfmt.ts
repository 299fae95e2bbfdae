// The `key=value` tails of imgproxy's structured and pretty formats: values bare, or quoted with Go's
// strconv.Quote / %q (which, unlike JSON, may write \x, \a, \v and \U escapes).

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' };

/**
 * Reads a Go-quoted string starting at `text[start] === '"'`. Returns the value and the offset after
 * the closing quote, or undefined when the string never closes.
 */
export function readGoQuoted(text: string, start: number): { value: string; end: number } | undefined {
  let value = '';
  let i = start + 1;
  let runStart = i;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return { value: value + text.slice(runStart, i), end: i + 1 };
    if (c !== 0x5c) {
      i++;
      continue;
    }
    value += text.slice(runStart, i);
    const e = text[i + 1];
    if (e === undefined) return undefined;
    const hexLength = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLength > 0 && /^[0-9a-fA-F]+$/.test(text.slice(i + 2, i + 2 + hexLength)) && i + 2 + hexLength <= text.length) {
      const code = parseInt(text.slice(i + 2, i + 2 + hexLength), 16);
      value += e === 'x' ? String.fromCharCode(code) : code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
      i += 2 + hexLength;
    } else {
      value += SIMPLE_ESCAPES[e] ?? e;
      i += 2;
    }
    runStart = i;
  }
  return undefined;
}

/** Parses ` key=value key="quoted value"` pairs from `start`; stops at the first thing that is not a pair. */
export function parseLogfmt(text: string, start = 0): Map<string, string> {
  const fields = new Map<string, string>();
  let i = start;
  const n = text.length;
  while (i < n) {
    while (i < n && text.charCodeAt(i) === 0x20) i++;
    const eq = text.indexOf('=', i);
    if (eq <= i) break;
    const key = text.slice(i, eq);
    if (!/^[A-Za-z_][\w.-]*$/.test(key)) break;
    if (text.charCodeAt(eq + 1) === 0x22) {
      const quoted = readGoQuoted(text, eq + 1);
      if (!quoted) {
        fields.set(key, text.slice(eq + 2));
        break;
      }
      fields.set(key, quoted.value);
      i = quoted.end;
    } else {
      let end = text.indexOf(' ', eq + 1);
      if (end === -1) end = n;
      fields.set(key, text.slice(eq + 1, end));
      i = end;
    }
  }
  return fields;
}
