// The registry of dialects: one entry per proxy URL language. Adding a dialect is one folder and one
// entry here. A URL is read by a dialect only on that dialect's evidence, and only when the evidence
// favours one dialect: where the best readings tie, the URL is not judged (precision before recall). A URL
// on a hosted proxy that is none of them (foreign-hosts.ts) is read only where a dialect's hosts name it.
import { imgproxyDialect } from './imgproxy/index.js';
import { thumborDialect } from './thumbor/index.js';
import { imageproxyDialect } from './imageproxy/index.js';
import { goCamoDialect } from './go-camo/index.js';
import { imaginaryDialect } from './imaginary/index.js';
import { picfitDialect } from './picfit/index.js';
import { onForeignProxyHost } from './foreign-hosts.js';
import { DIALECT_IDS, type Dialect, type DialectId, type DialectReading } from './types.js';
import type { LintOptions } from '../types.js';

export const DIALECTS: readonly Dialect[] = [imgproxyDialect as unknown as Dialect, thumborDialect as unknown as Dialect, imageproxyDialect as unknown as Dialect, goCamoDialect as unknown as Dialect, imaginaryDialect as unknown as Dialect, picfitDialect as unknown as Dialect];

/** One URL as the dialect that owns it reads it. */
export interface DialectRead<R extends DialectReading = DialectReading> { dialect: Dialect<R>; reading: R; evidence: number }

const enabledBy = new WeakMap<readonly DialectId[], readonly Dialect[]>();

/** The dialects enabled by `options` (all by default), worked out once per `dialects` setting. */
function enabled(options: LintOptions): readonly Dialect[] {
  const wanted: readonly DialectId[] = options.dialects ?? DIALECT_IDS;
  let dialects = enabledBy.get(wanted);
  if (!dialects) enabledBy.set(wanted, (dialects = DIALECTS.filter((dialect) => dialect.serves.some((id) => wanted.includes(id)))));
  return dialects;
}

/** Evidence 3: a configured host (or a key that verifies), the only evidence a foreign proxy's URL can outweigh. */
const CONFIGURED = 3;

/** `url` read by the one dialect whose evidence is strongest, or null (no dialect's, or a tie). */
export function readUrl(url: string, options: LintOptions): DialectRead | null {
  let best: DialectRead | null = null;
  let tied = false;
  const least = onForeignProxyHost(url) ? CONFIGURED : 1;
  for (const dialect of enabled(options)) {
    // A dialect that cannot reach the best evidence so far changes nothing: not read at all.
    if (best && dialect.mostEvidence && dialect.mostEvidence(url, options) < best.evidence) continue;
    const read = dialect.read(url, options);
    if (!read || read.evidence < least) continue;
    if (best && read.evidence === best.evidence) tied = true;
    else if (!best || read.evidence > best.evidence) [best, tied] = [{ dialect, ...read }, false];
  }
  return tied ? null : best;
}
