import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tempDir } from '../helpers/tempDir.js';

export const CLI = resolve('dist/cli.js');

export function runCli(args: string[], cwd: string, env: Record<string, string> = {}, cli = CLI) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temp folder holding the given files (path → content); removed when the test process exits. */
export function tree(files: Record<string, string | Buffer>): string {
  const root = tempDir('iul-cli-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

export const UPPER = 'https://imgproxy.example.com/insecure/rs:fit:300:300/plain/https://CDN.Example.com/a.jpg';
export const UPPER_B64 = `https://imgproxy.example.com/insecure/w:300/${Buffer.from('https://Media.Example.com/b.png').toString('base64url')}.webp`;
export const CLEAN = 'https://imgproxy.example.com/insecure/rs:fit:300:300/plain/https://cdn.example.com/a.jpg';
