// Text that remembers where each of its characters came from in the original string, so a host found
// in a decoded source can be located (and rewritten) in the URL as written.

export interface MappedText {
  text: string;
  /** For each character of `text`, the original [start, end) it was decoded from (start === end if inserted). */
  starts: number[];
  ends: number[];
}

export function identityMapped(original: string, offset = 0): MappedText {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < original.length; i++) {
    starts.push(offset + i);
    ends.push(offset + i + 1);
  }
  return { text: original, starts, ends };
}

export function sliceMapped(mapped: MappedText, from: number, to = mapped.text.length): MappedText {
  return { text: mapped.text.slice(from, to), starts: mapped.starts.slice(from, to), ends: mapped.ends.slice(from, to) };
}

/** Inserts `insert` before index `at`; the inserted characters map to the zero-width point there. */
export function insertMapped(mapped: MappedText, at: number, insert: string): MappedText {
  const point = at < mapped.starts.length ? mapped.starts[at] : (mapped.ends[mapped.ends.length - 1] ?? 0);
  const fill = Array.from({ length: insert.length }, () => point);
  return {
    text: mapped.text.slice(0, at) + insert + mapped.text.slice(at),
    starts: [...mapped.starts.slice(0, at), ...fill, ...mapped.starts.slice(at)],
    ends: [...mapped.ends.slice(0, at), ...fill, ...mapped.ends.slice(at)],
  };
}

const HEX = /^[0-9a-fA-F]{2}$/;

/**
 * Percent-decodes as Go's url.PathUnescape does: every %XX becomes its byte, `+` stays, a malformed
 * escape is an error (returned as its index). Bytes are then read as UTF-8; each decoded character
 * maps to the whole escape run it came from.
 */
export function percentDecodeMapped(mapped: MappedText): MappedText | { badEscapeAt: number } {
  const { text } = mapped;
  if (!text.includes('%')) return mapped;
  const out: MappedText = { text: '', starts: [], ends: [] };
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '%') {
      out.text += text[i];
      out.starts.push(mapped.starts[i]);
      out.ends.push(mapped.ends[i]);
      i++;
      continue;
    }
    // A run of escapes decodes to bytes together (a UTF-8 character may span several).
    const bytes: number[] = [];
    const byteIndex: number[] = [];
    while (i < text.length && text[i] === '%') {
      const hex = text.slice(i + 1, i + 3);
      if (!HEX.test(hex)) return { badEscapeAt: i };
      bytes.push(parseInt(hex, 16));
      byteIndex.push(i);
      i += 3;
    }
    let b = 0;
    while (b < bytes.length) {
      const length = utf8SequenceLength(bytes, b);
      const chunk = Buffer.from(bytes.slice(b, b + length)).toString('utf8');
      const start = mapped.starts[byteIndex[b]];
      const end = mapped.ends[byteIndex[b + length - 1] + 2];
      for (const unit of chunk.split('')) {
        out.text += unit;
        out.starts.push(start);
        out.ends.push(end);
      }
      b += length;
    }
  }
  return out;
}

function utf8SequenceLength(bytes: number[], at: number): number {
  const lead = bytes[at];
  const want = lead >= 0xf0 && lead < 0xf8 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  if (want === 1) return 1;
  for (let k = 1; k < want; k++) {
    const next = bytes[at + k];
    if (next === undefined || (next & 0xc0) !== 0x80) return 1;
  }
  return want;
}

/** Whether a source was written with percent-escapes (some decoded character came from more than one). */
export function isPercentEncodedSource(source: { mapped?: MappedText }): boolean {
  const mapped = source.mapped;
  return mapped !== undefined && mapped.starts.some((start, i) => mapped.ends[i] - start > 1);
}
