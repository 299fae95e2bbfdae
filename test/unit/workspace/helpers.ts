// Test helpers: real temp folders built from a small tree description, and walk results as lists.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { removeTempDir, tempDir } from '../../helpers/tempDir.js';
import { walkFiles, type WalkEntry, type WalkOptions } from '../../../server/src/workspace/index.js';

export type TreeSpec = Record<string, string | Uint8Array | { symlink: string } | { dir: true }>;

/** A fresh temp folder (realpath'd) holding `spec`; removed by the returned cleanup. */
export function makeTree(spec: TreeSpec): { root: string; cleanup: () => void } {
  const root = tempDir('iul-ws-');
  writeTree(root, spec);
  return { root, cleanup: () => removeTempDir(root) };
}

export function writeTree(root: string, spec: TreeSpec): void {
  for (const [rel, value] of Object.entries(spec)) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    if (typeof value === 'string' || value instanceof Uint8Array) writeFileSync(path, value);
    else if ('symlink' in value) symlinkSync(value.symlink, path);
    else mkdirSync(path, { recursive: true });
  }
}

/** Walks and returns `rel path` for files and `rel path [reason]` for skips, in walk order. */
export async function walkList(root: string, roots: string[], options: WalkOptions = {}): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of walkFiles(roots, options)) out.push(describe(root, entry));
  return out;
}

export function describe(root: string, entry: WalkEntry): string {
  const rel = relative(root, entry.path).split(sep).join('/');
  return entry.kind === 'file' ? rel : `${rel} [${entry.reason}]`;
}
