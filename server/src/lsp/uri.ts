// Document URIs and the paths the server keys files by.
import { fileURLToPath } from 'node:url';

/** `file:` URI → absolute path; undefined for other schemes. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * The path the engine is given for a document: the file's path, else the URI (untitled:Untitled-1), so
 * the engine decides by name, as for files on disk, whether the text is one of imgproxy's config files.
 */
export function enginePath(uri: string): string {
  return uriToPath(uri) ?? uri;
}

/** A key that is the same for two spellings of one file URI (VS Code and node encode differently). */
export function uriKey(uri: string): string {
  return uriToPath(uri) ?? uri;
}
