// Source URLs passed as string literals to imgproxy URL builders (text only, no parser per language):
// a known call name, an opening parenthesis, then the literal as the first argument or as the value of a
// `url:` / `value:` property inside the call.

export interface BuilderCall {
  /** The library's call as written, e.g. "generateImageUrl". */
  call: string;
  /** The source URL literal's content and its offsets (inside the quotes). */
  url: string;
  start: number;
  end: number;
}

/**
 * The calls understood (documented in docs/builders.md):
 * - @imgproxy/imgproxy-node: generateImageUrl({ url }), generateImageInfoUrl({ url }), url may be { value }
 * - @imgproxy/imgproxy-js-core: generateUrl({ value, type }), generateInfoUrl({ value, type })
 * - imgproxy (npm): imgproxy.builder()….generateUrl('…')
 * - imgproxy (Ruby gem): Imgproxy.url_for('…'), Imgproxy.info_url_for('…'), with or without parentheses
 * - imgproxy (PyPI, klen/imgproxy): ImgProxy('…', proxy_host=…)
 * - Go: github.com/unitedwardrobe/imgproxy-go builder ….Generate("…"); github.com/penyaev/imgproxyurl
 *   imgproxyurl.New("…") and imgproxyurl.NewFromEnvironment("…")
 */
const CALLS = /(?<![\w$])(generateImageUrl|generateImageInfoUrl|generateUrl|generateInfoUrl|Imgproxy\.url_for|Imgproxy\.info_url_for|ImgProxy|\.Generate|imgproxyurl\.New|imgproxyurl\.NewFromEnvironment)\s*(\(|\s(?=\s*['"]))/g;

/** Properties that carry the source URL in the object-argument builders. */
const URL_PROPERTY = /^\s*(?:url|value|["']url["']|["']value["'])\s*:\s*/;
const LITERAL = /^(['"`])((?:(?!\1)[^\\\n])*)\1/;
/** How far into a call the URL property is looked for. */
const CALL_WINDOW = 600;

/**
 * The builder calls whose source literal is one of the URLs already found in the text: each URL that
 * starts right after a quote is checked against the calls in the window before it, so files without
 * such URLs cost nothing here.
 */
export function findBuilderCalls(text: string, urls: readonly { start: number }[]): BuilderCall[] {
  const calls: BuilderCall[] = [];
  for (const { start } of urls) {
    const quote = text[start - 1];
    if (quote !== '"' && quote !== "'" && quote !== '`') continue;
    const windowStart = Math.max(0, start - CALL_WINDOW);
    let found: BuilderCall | undefined;
    for (const match of text.slice(windowStart, start).matchAll(CALLS)) {
      const argsStart = windowStart + match.index! + match[0].length;
      const literal = firstArgumentLiteral(text, argsStart) ?? propertyLiteral(text, argsStart);
      if (literal?.start === start) found = { call: match[1].replace(/^\./, ''), ...literal };
    }
    if (found) calls.push(found);
  }
  return calls;
}

function literalAt(text: string, at: number): { url: string; start: number; end: number } | undefined {
  const m = LITERAL.exec(text.slice(at, at + 4096));
  if (!m) return undefined;
  if (m[1] === '`' && m[2].includes('${')) return undefined;
  return { url: m[2], start: at + 1, end: at + 1 + m[2].length };
}

function firstArgumentLiteral(text: string, at: number) {
  const skip = /^\s*/.exec(text.slice(at, at + 200))![0].length;
  return literalAt(text, at + skip);
}

/** `url: '…'`, `value: '…'` or `url: { value: '…' }` at the call's top level or one object deep. */
function propertyLiteral(text: string, at: number) {
  const window = text.slice(at, at + CALL_WINDOW);
  let depth = 0;
  for (let i = 0; i < window.length; i++) {
    const ch = window[i];
    if (ch === '(' || ch === '{' || ch === '[') depth++;
    else if (ch === ')' || ch === '}' || ch === ']') {
      if (--depth < 0) return undefined;
    } else if ((ch === '"' || ch === "'" || ch === '`') && !(i > 0 && /[\w$]/.test(window[i - 1]))) {
      const skipped = LITERAL.exec(window.slice(i));
      if (skipped) i += skipped[0].length - 1;
      continue;
    }
    if (depth <= 2 && (i === 0 || /[\s,{(]/.test(window[i - 1])) && /[uv'"]/.test(ch)) {
      const property = URL_PROPERTY.exec(window.slice(i));
      if (property) {
        const valueAt = at + i + property[0].length;
        if (text[valueAt] === '{') return propertyLiteral(text, valueAt + 1);
        return literalAt(text, valueAt);
      }
    }
  }
  return undefined;
}
