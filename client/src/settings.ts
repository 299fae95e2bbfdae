// The settings the client hands the server (workspace/configuration): only values the user set, for the
// scope asked about. The logic is in explicitSettings.ts; this file binds it to VS Code.
import { workspace, type Uri } from 'vscode';
import { SETTINGS_SECTION } from '../../server/src/lsp/protocol.js';
import { explicitSettings as explicitFrom, type SettingsManifest } from './explicitSettings.js';

export type { SettingsManifest } from './explicitSettings.js';

export function explicitSettings(manifest: SettingsManifest, scope: Uri | undefined): Record<string, unknown> {
  const config = workspace.getConfiguration(SETTINGS_SECTION, scope);
  return explicitFrom(manifest, SETTINGS_SECTION, (key) => config.inspect(key), workspace.isTrusted);
}
