// Temp folders for tests: each one is removed when the test process exits, whether its test passed,
// failed or forgot to clean up (node --test runs every test file in a process of its own).
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();

process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh, empty folder (realpath'd) in the system temp folder, named `<prefix>XXXXXX`. */
export function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  made.add(dir);
  return dir;
}

/** Removes a folder made by tempDir now rather than at exit. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  made.delete(dir);
}
