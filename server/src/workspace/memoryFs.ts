// An in-memory WorkspaceFs for tests (as vscode-markdown-languageservice does): POSIX paths only,
// files, directories and symlinks, and a record of every call so tests can assert how often the
// workspace code touches the disk.
import { posix } from 'node:path';
import type { DirEntry, FileRead, FileStat, WorkspaceFs } from './fs.js';

type Node =
  | { type: 'file'; data: Uint8Array; mtimeMs: number; mode: number }
  | { type: 'dir'; mode: number }
  | { type: 'symlink'; target: string };

function fsError(code: string, syscall: string, path: string): Error {
  return Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });
}

export type MemoryFsMethod = 'readFile' | 'stat' | 'lstat' | 'readdir' | 'realpath';

export class MemoryFs implements WorkspaceFs {
  private readonly nodes = new Map<string, Node>([['/', { type: 'dir', mode: 0o40755 }]]);
  /** Every call made, in order. */
  readonly calls: { method: MemoryFsMethod; path: string }[] = [];

  /**
   * Builds a tree from `{ 'a/b.ts': 'text', 'link': { symlink: '../x' }, 'empty': {} }` under `root`.
   * Parent directories are created as needed.
   */
  constructor(tree: Record<string, string | Uint8Array | { symlink: string } | Record<string, never>> = {}, root = '/') {
    for (const [rel, value] of Object.entries(tree)) {
      const path = posix.resolve(root, rel);
      if (typeof value === 'string' || value instanceof Uint8Array) this.writeFile(path, value);
      else if ('symlink' in value) this.symlink(value.symlink, path);
      else this.mkdir(path);
    }
  }

  mkdir(path: string): void {
    const abs = posix.resolve(path);
    if (abs === '/') return;
    this.mkdir(posix.dirname(abs));
    if (!this.nodes.has(abs)) this.nodes.set(abs, { type: 'dir', mode: 0o40755 });
  }

  writeFile(path: string, content: string | Uint8Array, mtimeMs = 1_700_000_000_000): void {
    const abs = posix.resolve(path);
    this.mkdir(posix.dirname(abs));
    const data = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    this.nodes.set(abs, { type: 'file', data, mtimeMs, mode: 0o100644 });
  }

  symlink(target: string, path: string): void {
    const abs = posix.resolve(path);
    this.mkdir(posix.dirname(abs));
    this.nodes.set(abs, { type: 'symlink', target });
  }

  remove(path: string): void {
    const abs = posix.resolve(path);
    for (const key of [...this.nodes.keys()]) if (key === abs || key.startsWith(abs + '/')) this.nodes.delete(key);
  }

  /** How many calls of `method` were made (for `path` only, when given). */
  count(method: MemoryFsMethod, path?: string): number {
    return this.calls.filter((c) => c.method === method && (path === undefined || c.path === path)).length;
  }

  resetCalls(): void {
    this.calls.length = 0;
  }

  /** Resolves every symlink in `path` (the last one too, unless `followLast` is false). */
  private resolve(path: string, followLast: boolean, syscall: string): { real: string; node: Node } {
    let hops = 0;
    let pending = posix.resolve(path).split('/').filter(Boolean);
    let current = '/';
    while (pending.length > 0) {
      const name = pending.shift()!;
      const next = posix.join(current, name);
      const node = this.nodes.get(next);
      if (node === undefined) throw fsError('ENOENT', syscall, path);
      if (node.type === 'symlink' && (followLast || pending.length > 0)) {
        if (++hops > 40) throw fsError('ELOOP', syscall, path);
        const target = posix.resolve(current, node.target);
        pending = [...target.split('/').filter(Boolean), ...pending];
        current = '/';
        continue;
      }
      if (pending.length > 0 && node.type !== 'dir') throw fsError('ENOTDIR', syscall, path);
      current = next;
    }
    return { real: current, node: this.nodes.get(current)! };
  }

  private statOf(node: Node): FileStat {
    if (node.type === 'file') {
      return { isFile: true, isDirectory: false, isSymbolicLink: false, size: node.data.length, mtimeMs: node.mtimeMs, mode: node.mode };
    }
    if (node.type === 'dir') return { isFile: false, isDirectory: true, isSymbolicLink: false, size: 0, mtimeMs: 0, mode: node.mode };
    return { isFile: false, isDirectory: false, isSymbolicLink: true, size: node.target.length, mtimeMs: 0, mode: 0o120777 };
  }

  async readFile(path: string, options?: { maxBytes?: number }): Promise<FileRead> {
    this.calls.push({ method: 'readFile', path });
    const { node } = this.resolve(path, true, 'open');
    if (node.type === 'dir') throw fsError('EISDIR', 'read', path);
    const stat = this.statOf(node);
    if (node.type !== 'file') throw fsError('EINVAL', 'read', path);
    if (options?.maxBytes !== undefined && stat.size > options.maxBytes) return { stat };
    return { stat, data: node.data.slice() };
  }

  async stat(path: string): Promise<FileStat> {
    this.calls.push({ method: 'stat', path });
    return this.statOf(this.resolve(path, true, 'stat').node);
  }

  async lstat(path: string): Promise<FileStat> {
    this.calls.push({ method: 'lstat', path });
    return this.statOf(this.resolve(path, false, 'lstat').node);
  }

  async readdir(path: string): Promise<DirEntry[]> {
    this.calls.push({ method: 'readdir', path });
    const { real, node } = this.resolve(path, true, 'scandir');
    if (node.type !== 'dir') throw fsError('ENOTDIR', 'scandir', path);
    const prefix = real === '/' ? '/' : real + '/';
    const entries: DirEntry[] = [];
    for (const [key, child] of this.nodes) {
      if (key === real || !key.startsWith(prefix) || key.slice(prefix.length).includes('/')) continue;
      entries.push({ name: key.slice(prefix.length), type: child.type === 'dir' ? 'directory' : child.type });
    }
    return entries;
  }

  async realpath(path: string): Promise<string> {
    this.calls.push({ method: 'realpath', path });
    return this.resolve(path, true, 'realpath').real;
  }
}
