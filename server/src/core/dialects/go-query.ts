// Go's net/url query handling, byte for byte, for the proxies that sign their sorted query (Imaginary,
// picfit): url.ParseQuery, url.Values.Encode and url.PathUnescape. Keys and values are byte strings
// (one JS character per byte, 0-255), so sorting them compares bytes as Go's sort.Strings does.

/** One decoded `key=value` pair of a query, in the order written. */
export type GoQueryPair = [key: string, value: string];

/** `text` as UTF-8 bytes, one character per byte. */
function utf8Bytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** Go's unescape: `%XX` to a byte (and `+` to a space in a query); undefined on a bad escape. */
function unescapeBytes(text: string, plusIsSpace: boolean): string | undefined {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '%') {
      if (!/^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) return undefined;
      out += String.fromCharCode(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out += plusIsSpace && c === '+' ? ' ' : c;
  }
  return out;
}

/** url.ParseQuery: pairs split on `&`; a pair with `;` or a bad escape is dropped, as Go drops it. */
export function goParseQuery(rawQuery: string): GoQueryPair[] {
  const pairs: GoQueryPair[] = [];
  for (const pair of utf8Bytes(rawQuery).split('&')) {
    if (pair === '' || pair.includes(';')) continue;
    const eq = pair.indexOf('=');
    const key = unescapeBytes(eq === -1 ? pair : pair.slice(0, eq), true);
    const value = unescapeBytes(eq === -1 ? '' : pair.slice(eq + 1), true);
    if (key !== undefined && value !== undefined) pairs.push([key, value]);
  }
  return pairs;
}

/** url.QueryEscape over a byte string: unreserved characters kept, a space as `+`, the rest `%XX`. */
function queryEscape(bytes: string): string {
  let out = '';
  for (const c of bytes) {
    if (/[A-Za-z0-9_.~-]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** url.Values.Encode: keys sorted by bytes, each key's values in the order written, all escaped. */
export function goEncodeQuery(pairs: readonly GoQueryPair[]): string {
  const values = new Map<string, string[]>();
  for (const [key, value] of pairs) {
    const list = values.get(key);
    if (list) list.push(value);
    else values.set(key, [value]);
  }
  return [...values.keys()].sort().flatMap((key) => values.get(key)!.map((value) => `${queryEscape(key)}=${queryEscape(value)}`)).join('&');
}

/** url.URL.Path of a path as written (`%XX` decoded, `+` kept), as bytes; the path as written on a bad escape. */
export function goPathBytes(rawPath: string): string {
  const bytes = utf8Bytes(rawPath === '' ? '/' : rawPath);
  return unescapeBytes(bytes, false) ?? bytes;
}
