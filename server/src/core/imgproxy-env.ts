// imgproxy's own configuration where it is written down: IMGPROXY_* variables in .env files,
// docker-compose files, Kubernetes manifests (`- name: X` / `value: Y`) and Helm values.

export interface EnvAssignment {
  name: string;
  value: string;
  /** Offsets of the value in the text (inside quotes). */
  start: number;
  end: number;
}

/** Files where IMGPROXY_* assignments are configuration (not code that reads the variable). */
const CONFIG_FILE_NAME = /^(\.env.*|.*\.env|.*\.ya?ml|Dockerfile.*|.*\.dockerfile)$/i;

export function isImgproxyConfigFile(path: string): boolean {
  // The name only: a pattern anchored at every separator of a long path costs more than linting.
  return CONFIG_FILE_NAME.test(path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1));
}

// NAME=value, NAME: value, export NAME=value, ENV NAME=value, - NAME=value, - "NAME=value"
const ASSIGNMENT = /^([ \t]*(?:-[ \t]*)?(?:export[ \t]+|ENV[ \t]+)?)(["']?)(IMGPROXY_[A-Z0-9_]+)\2?[ \t]*[=:][ \t]*(.*)$/gm;
// Kubernetes: - name: IMGPROXY_X, then value: Y on one of the next lines
const K8S_NAME = /^[ \t]*-?[ \t]*name:[ \t]*["']?(IMGPROXY_[A-Z0-9_]+)["']?[ \t]*$/gm;
const K8S_VALUE = /^[ \t]*value:[ \t]*(.*)$/m;

function unquote(raw: string, at: number): { value: string; start: number; end: number } {
  let value = raw.replace(/[ \t]+$/, '');
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2) {
    const close = value.indexOf(quote, 1);
    if (close !== -1) return { value: value.slice(1, close), start: at + 1, end: at + close };
  }
  value = value.replace(/[ \t]+#.*$/, '').replace(/["']$/, '');
  return { value, start: at, end: at + value.length };
}

export function findImgproxyEnv(text: string): EnvAssignment[] {
  if (!text.includes('IMGPROXY_')) return [];
  const found: EnvAssignment[] = [];
  for (const m of text.matchAll(ASSIGNMENT)) {
    const valueAt = m.index! + m[0].length - m[4].length;
    found.push({ name: m[3], ...unquote(m[4], valueAt) });
  }
  for (const m of text.matchAll(K8S_NAME)) {
    const after = m.index! + m[0].length + 1;
    const next = text.slice(after, after + 300).split('\n').slice(0, 3).join('\n');
    const value = K8S_VALUE.exec(next);
    if (value) found.push({ name: m[1], ...unquote(value[1], after + value.index + value[0].length - value[1].length) });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The variables as a map (the last assignment wins), for reading the workspace's imgproxy settings. */
export function imgproxyEnvMap(text: string): Map<string, string> {
  return new Map(findImgproxyEnv(text).map((a) => [a.name, a.value]));
}
