// Read and lint one file with its project context: the step the CLI and the language server's
// workspace scan share.
import { lintText, type Finding } from '../core/index.js';
import { nodeFs, type WorkspaceFs } from './fs.js';
import type { ProjectContext } from './context.js';
import { readTextFile, type SkippedFile, type TextFile } from './read.js';

export interface LintedFile {
  kind: 'linted';
  file: TextFile;
  findings: Finding[];
}

/** Lints text already read (a WalkFile's `file`) with the context's options. */
export function lintTextFile(file: TextFile, context: ProjectContext): LintedFile {
  return { kind: 'linted', file, findings: lintText(file.text, context.options, file.path) };
}

/** Reads `path` (honouring the context's maxFileSize) and lints it; a skip when it cannot be linted. */
export async function lintFile(path: string, context: ProjectContext, fs: WorkspaceFs = nodeFs): Promise<LintedFile | SkippedFile> {
  const file = await readTextFile(path, context.maxFileSize, fs);
  return file.kind === 'skip' ? file : lintTextFile(file, context);
}
