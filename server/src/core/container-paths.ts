// Where a file that a container reads sits in the project: a compose file's bind mounts (short syntax,
// `- ./keys:/etc/imageproxy:ro`) and file secrets (`/run/secrets/NAME` from `secrets: NAME: file: ./x`).
// Text only: the adapter that wants the file reads it.

const BIND_MOUNT = /^[ \t]*-[ \t]*["']?((?:\.{1,2}\/|\/|~\/)[^:"'\s]*):(\/[^:"'\s]*)(?::[a-z,]+)?["']?[ \t]*(?:#.*)?$/gm;

/**
 * The host path (as written: relative to the compose file's folder, or absolute) of the file a container
 * sees at `containerPath`, when a bind mount or a file secret in `text` puts it there; else undefined.
 */
export function hostPathOf(text: string, containerPath: string): string | undefined {
  const secret = /^\/run\/secrets\/([\w.-]+)$/.exec(containerPath);
  if (secret) {
    const file = new RegExp(String.raw`^[ \t]+${secret[1].replace(/[.]/g, '\\.')}:[ \t]*\r?\n[ \t]+file:[ \t]*["']?([^"'\s#]+)`, 'm').exec(text);
    if (file) return file[1];
  }
  for (const m of text.matchAll(BIND_MOUNT)) {
    const [, source, target] = m;
    if (target === containerPath) return source;
    const folder = target.endsWith('/') ? target : `${target}/`;
    if (containerPath.startsWith(folder)) return `${source.replace(/\/$/, '')}/${containerPath.slice(folder.length)}`;
  }
  return undefined;
}
