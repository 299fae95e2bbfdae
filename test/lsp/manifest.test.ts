// The VS Code manifest (package.json) against the engine and the server: every setting documented and
// scoped, setting names equal to the config file's keys, defaults equal to the engine's, and every
// command the client registers contributed under one category.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_MAX_FILE_SIZE, defaultLintOptions, EMPTY_SIGNING, parseConfig, resolveLintOptions, SEVERITY_SETTINGS } from '../../server/src/core/index.js';
import { DEFAULT_PROBE_TIMEOUT } from '../../server/src/probe/index.js';
import { ClientCommands, Commands, FIX_ALL_KIND } from '../../server/src/lsp/protocol.js';
import { DEFAULT_PROBE } from '../../server/src/lsp/settings.js';

interface Property { type?: string; default?: unknown; scope?: string; description?: string; markdownDescription?: string; additionalProperties?: { enum?: string[] } }

const manifest = JSON.parse(readFileSync(process.env.IUL_MANIFEST ?? 'package.json', 'utf8'));
const properties: Record<string, Property> = manifest.contributes.configuration.properties;
/** Settings only the editor has (the config file has no such key). */
const EDITOR_ONLY = new Set(['enable', 'run', 'languages', 'trace.server']);

function nest(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    const path = key.split('.');
    let node = out;
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]] = value;
  }
  return out;
}

test('every setting has a description, a type, a default and a scope', () => {
  assert.ok(Object.keys(properties).length >= 20);
  for (const [key, p] of Object.entries(properties)) {
    assert.ok(key.startsWith('imgproxyUrlLint.'), key);
    assert.ok(p.description || p.markdownDescription, `${key}: description`);
    assert.ok(p.type, `${key}: type`);
    assert.ok('default' in p, `${key}: default`);
    assert.ok(p.scope, `${key}: scope`);
  }
  assert.equal(properties['imgproxyUrlLint.rules'].scope, 'resource');
  assert.equal(properties['imgproxyUrlLint.signing.envFile'].scope, 'machine-overridable');
  assert.deepEqual(properties['imgproxyUrlLint.rules'].additionalProperties?.enum, [...SEVERITY_SETTINGS]);
});

test('setting names are the config file\'s keys, and their defaults are the engine\'s', () => {
  const projectEntries = Object.entries(properties)
    .map(([key, p]) => [key.slice('imgproxyUrlLint.'.length), p.default] as [string, unknown])
    .filter(([key]) => !EDITOR_ONLY.has(key));
  const defaults = nest(projectEntries);
  // parseConfig rejects unknown keys: every setting name is a config key.
  const config = parseConfig(JSON.stringify(defaults), 'package.json');
  const { envFile: _e, ...signing } = (defaults.signing ?? {}) as Record<string, unknown>;
  assert.deepEqual(signing, {});
  assert.deepEqual(resolveLintOptions(config, EMPTY_SIGNING), defaultLintOptions());
  assert.equal(config.maxFileSize, DEFAULT_MAX_FILE_SIZE);
  assert.deepEqual(config.probe, { ...DEFAULT_PROBE });
  assert.equal(DEFAULT_PROBE.timeout, DEFAULT_PROBE_TIMEOUT);
  // And every config key has a setting.
  const keys = new Set(projectEntries.map(([key]) => key.split('.')[0]));
  for (const key of ['imgproxy', 'dialects', 'imagor', 'thumbor', 'imageproxy', 'goCamo', 'imaginary', 'picfit', 'signing', 'rules', 'include', 'exclude', 'checkAllUrls', 'maxFileSize', 'probe']) assert.ok(keys.has(key), key);
});

test('commands: all contributed, one palette category; probe settings restricted in untrusted workspaces', () => {
  const contributed = new Map<string, { category?: string; title: string }>(manifest.contributes.commands.map((c: { command: string }) => [c.command, c]));
  for (const id of [...Object.values(Commands), ...Object.values(ClientCommands)]) {
    assert.ok(contributed.has(id), id);
    assert.equal(contributed.get(id)!.category, 'imgproxy URL Lint', id);
  }
  assert.ok(manifest.contributes.menus['explorer/context'].some((m: { command: string }) => m.command === ClientCommands.scanFolder));
  const untrusted = manifest.capabilities.untrustedWorkspaces;
  assert.equal(untrusted.supported, 'limited');
  for (const key of Object.keys(properties).filter((k) => k.startsWith('imgproxyUrlLint.probe.'))) assert.ok(untrusted.restrictedConfigurations.includes(key), key);
  for (const key of untrusted.restrictedConfigurations) assert.ok(properties[key], key);
  assert.ok(manifest.capabilities.virtualWorkspaces);
  assert.equal(FIX_ALL_KIND, 'source.fixAll.imgproxyUrlLint');
});

test('activation is cheap and the entry points are the bundles', () => {
  assert.equal(manifest.main, './dist/client.js');
  assert.ok(!manifest.activationEvents.includes('*'));
  assert.deepEqual(manifest.extensionKind, ['workspace']);
});
