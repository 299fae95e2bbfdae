// What the VS Code client answers to the server's workspace/configuration, without VS Code: only values
// the user set (never defaults, which would hide the project config file), narrowest level winning,
// objects merged, and restricted settings not taken from an untrusted workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { explicitSettings, type Inspected } from '../../client/src/explicitSettings.js';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));

function inspector(values: Record<string, Inspected>): (key: string) => Inspected | undefined {
  return (key) => values[key] ?? {};
}

test('nothing set: nothing sent (the config file decides)', () => {
  assert.deepEqual(explicitSettings(manifest, 'imgproxyUrlLint', inspector({}), true), {});
});

test('the narrowest level wins; objects merge; keys nest as the config file\'s', () => {
  const sent = explicitSettings(manifest, 'imgproxyUrlLint', inspector({
    'rules': { globalValue: { 'host-uppercase': 'error', 'host-default-port': 'off' }, workspaceFolderValue: { 'host-uppercase': 'hint' } },
    'imgproxy.pathPrefix': { globalValue: '/a', workspaceValue: '/b', workspaceFolderValue: '/c' },
    'imgproxy.hosts': { workspaceValue: ['img.example.com'] },
    'run': { globalValue: 'onSave' },
    'trace.server': { globalValue: 'verbose' },
  }), true);
  assert.deepEqual(sent, {
    rules: { 'host-uppercase': 'hint', 'host-default-port': 'off' },
    imgproxy: { pathPrefix: '/c', hosts: ['img.example.com'] },
    run: 'onSave',
  });
});

test('untrusted: the workspace cannot set restricted settings (probe, signing env file); the user can', () => {
  const values = {
    'probe.enable': { workspaceValue: true },
    'probe.allowPrivateAddresses': { globalValue: false, workspaceFolderValue: true },
    'signing.envFile': { workspaceValue: '../../secrets/.env' },
    'rules': { workspaceValue: { 'host-uppercase': 'error' } },
  };
  assert.deepEqual(explicitSettings(manifest, 'imgproxyUrlLint', inspector(values), false), {
    probe: { allowPrivateAddresses: false },
    rules: { 'host-uppercase': 'error' },
  });
  assert.deepEqual(explicitSettings(manifest, 'imgproxyUrlLint', inspector(values), true), {
    probe: { enable: true, allowPrivateAddresses: true },
    signing: { envFile: '../../secrets/.env' },
    rules: { 'host-uppercase': 'error' },
  });
});
