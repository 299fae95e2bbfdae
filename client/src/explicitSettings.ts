// Pure part of client/src/settings.ts (no `vscode` import, so tests run it under node): which values the
// user set, merged the way the server expects.

export interface SettingsManifest {
  contributes?: { configuration?: { properties?: Record<string, { type?: string | string[] }> } };
  capabilities?: { untrustedWorkspaces?: { restrictedConfigurations?: string[] } };
}

/** What `WorkspaceConfiguration.inspect` returns, the levels used here. */
export interface Inspected {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** Keys the server does not read (the language client's own). */
const CLIENT_ONLY = new Set(['trace.server']);

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/**
 * The settings of `section` the user set at some level (user, workspace, folder; the narrowest wins,
 * objects merge key by key), nested as the server reads them. Defaults are left out: the server lays
 * these over the project config file, and a default must not hide what the file says. In an untrusted
 * workspace the workspace's own values of restricted settings do not count.
 */
export function explicitSettings(
  manifest: SettingsManifest,
  section: string,
  inspect: (key: string) => Inspected | undefined,
  trusted: boolean,
): Record<string, unknown> {
  const properties = manifest.contributes?.configuration?.properties ?? {};
  const restricted = new Set(manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? []);
  const result: Record<string, unknown> = {};
  for (const [fullKey, schema] of Object.entries(properties)) {
    if (!fullKey.startsWith(section + '.')) continue;
    const key = fullKey.slice(section.length + 1);
    if (CLIENT_ONLY.has(key)) continue;
    const inspected = inspect(key);
    if (!inspected) continue;
    const workspaceLevels = trusted || !restricted.has(fullKey) ? [inspected.workspaceValue, inspected.workspaceFolderValue] : [];
    const levels = [inspected.globalValue, ...workspaceLevels].filter((v) => v !== undefined);
    if (levels.length === 0) continue;
    const value = schema.type === 'object'
      ? Object.assign({}, ...levels.map((v) => (typeof v === 'object' && v !== null ? v : {})))
      : levels[levels.length - 1];
    setPath(result, key.split('.'), value);
  }
  return result;
}
