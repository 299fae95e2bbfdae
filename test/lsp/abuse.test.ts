// The language server under abuse: broken framing and JSON-RPC, unknown methods, requests out of
// protocol order, out-of-order and stormy didChange, a scan cancelled and started again, and clients
// that vanish. The server stays up and answers, or exits cleanly; it never hangs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CancellationTokenSource, DidChangeTextDocumentNotification, ExecuteCommandRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { SERVER, TestClient } from './client.js';

const UPPER = 'https://imgproxy.example.com/insecure/rs:fit:300:300/plain/https://CDN.Example.com/a.jpg';
const LOWER = 'https://imgproxy.example.com/insecure/rs:fit:300:300/plain/https://cdn.example.com/a.jpg';

function tempDir(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'iul-abuse-')));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** A bare server over stdio with raw framing (no protocol library), to send what a library never would. */
function rawServer() {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe' });
  let out = Buffer.alloc(0);
  let stderr = '';
  const messages: { id?: number | string | null; method?: string; result?: unknown; error?: { code: number; message: string } }[] = [];
  const waiters: (() => void)[] = [];
  child.stderr.on('data', (c) => { stderr += c; });
  child.stdout.on('data', (chunk: Buffer) => {
    out = Buffer.concat([out, chunk]);
    for (;;) {
      const headerEnd = out.indexOf('\r\n\r\n');
      if (headerEnd === -1) break;
      const length = Number(/Content-Length: (\d+)/i.exec(out.subarray(0, headerEnd).toString())?.[1]);
      if (out.length < headerEnd + 4 + length) break;
      messages.push(JSON.parse(out.subarray(headerEnd + 4, headerEnd + 4 + length).toString()));
      out = out.subarray(headerEnd + 4 + length);
      for (const w of waiters.splice(0)) w();
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return {
    child,
    messages,
    get stderr() { return stderr; },
    exited,
    send(text: string) { child.stdin.write(text); },
    request(id: number, method: string, params: unknown) { child.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', id, method, params }))); },
    notify(method: string, params: unknown) { child.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', method, params }))); },
    async response(id: number, ms = 10_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = messages.find((m) => m.id === id && m.method === undefined);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no response to request ${id} within ${ms} ms; stderr: ${stderr}`);
        await new Promise<void>((r) => { waiters.push(r); setTimeout(r, 100); });
      }
    },
    kill() { child.kill('SIGKILL'); },
  };
}

const INIT = { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null };

test('requests before initialize, a second initialize, requests after shutdown: errors, not crashes', async () => {
  const s = rawServer();
  try {
    s.request(1, 'textDocument/hover', { textDocument: { uri: 'file:///x.ts' }, position: { line: 0, character: 0 } });
    const early = await s.response(1);
    // LSP says -32002 ServerNotInitialized; vscode-languageserver answers null. Either way: answered, no crash.
    assert.ok(early.error?.code === -32002 || early.result === null, `ServerNotInitialized or null, got ${JSON.stringify(early)}`);
    s.request(2, 'initialize', INIT);
    assert.ok((await s.response(2)).result);
    s.notify('initialized', {});
    s.request(3, 'initialize', INIT);
    const again = await s.response(3);
    assert.ok(again.error || again.result, 'a second initialize gets an answer');
    s.request(4, 'shutdown', null);
    assert.equal((await s.response(4)).error, undefined);
    s.request(5, 'textDocument/hover', { textDocument: { uri: 'file:///x.ts' }, position: { line: 0, character: 0 } });
    const late = await s.response(5);
    // LSP says InvalidRequest (-32600) after shutdown; vscode-languageserver answers null. Answered either way.
    assert.ok(late.error?.code === -32600 || late.result === null, `InvalidRequest or null after shutdown, got ${JSON.stringify(late)}`);
    s.notify('exit', null);
    const { code } = await Promise.race([s.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no exit after shutdown + exit')), 5000))]);
    assert.equal(code, 0, 'exit after shutdown: code 0');
  } finally {
    s.kill();
  }
});

test('exit without shutdown: the server exits with code 1, as the protocol says', async () => {
  const s = rawServer();
  try {
    s.request(1, 'initialize', INIT);
    await s.response(1);
    s.notify('exit', null);
    const { code } = await Promise.race([s.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no exit')), 5000))]);
    assert.equal(code, 1);
  } finally {
    s.kill();
  }
});

test('broken framing and JSON-RPC: the server keeps answering well-formed requests after each', async () => {
  const s = rawServer();
  try {
    s.request(1, 'initialize', INIT);
    await s.response(1);
    s.notify('initialized', {});
    const garbage = [
      frame('{"jsonrpc":"2.0","id":'), // truncated JSON
      frame('not json at all'),
      frame('{"hello":"world"}'), // JSON, not JSON-RPC
      frame('[1,2,3]'), // a batch (JSON-RPC 2.0 batches are not LSP)
      frame('{"jsonrpc":"2.0","id":{"a":1},"method":"textDocument/hover","params":{}}'), // an object id
      frame('{"jsonrpc":"1.0","id":77,"method":"shutdown"}'),
      frame('{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":42,"text":null}}}'),
      frame('{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///never-opened.ts","version":2},"contentChanges":[{"text":"x"}]}}'),
      frame('{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"file:///never-opened.ts"}}}'),
      frame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///big.ts","languageId":"ts","version":1,"text":${JSON.stringify(`"${UPPER}"`.repeat(20_000))}}}}`),
      frame('{"jsonrpc":"2.0","id":78,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///big.ts"},"position":{"line":-1,"character":-5}}}'),
      frame('{"jsonrpc":"2.0","id":79,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///big.ts"},"position":{"line":99999999,"character":1e300}}}'),
      frame('{"jsonrpc":"2.0","id":80,"method":"workspace/executeCommand","params":{"command":"imgproxyUrlLint.scanWorkspace","arguments":[{"folders":["http://evil/"]}]}}'),
      frame('{"jsonrpc":"2.0","id":81,"method":"workspace/executeCommand","params":{"command":"imgproxyUrlLint.scanWorkspace","arguments":[{"folders":[null]}]}}'),
      frame('{"jsonrpc":"2.0","id":82,"method":"$/cancelRequest","params":{"id":99999}}'),
      frame('{"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"verbose"}}'),
      frame('{"jsonrpc":"2.0","method":"some/unknownNotification","params":[1,2]}'),
      'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n' + frame('{"jsonrpc":"2.0","method":"some/other","params":{}}'),
    ];
    let id = 100;
    for (const g of garbage) {
      s.send(g);
      // After each piece of garbage, a well-formed request still gets its answer.
      s.request(id, 'textDocument/hover', { textDocument: { uri: 'file:///nothing.ts' }, position: { line: 0, character: 0 } });
      const answer = await s.response(id);
      assert.ok(!answer.error || answer.error.code !== -32603, `after ${JSON.stringify(g.slice(0, 80))}: ${JSON.stringify(answer)}`);
      assert.equal(s.child.exitCode, null, `still running after ${JSON.stringify(g.slice(0, 80))}`);
      id++;
    }
    for (const oddId of [78, 79, 80, 81]) assert.ok(await s.response(oddId), `request ${oddId} answered`);
    s.request(200, 'no/suchMethod', {});
    assert.equal((await s.response(200)).error?.code, -32601, 'MethodNotFound');
    s.request(201, '$/no/suchMethod', {});
    assert.ok((await s.response(201)).error, '$/ request answered with an error');
  } finally {
    s.kill();
  }
});

test('out-of-order didChange versions: no crash, and what is published matches the text the server holds', async () => {
  const { client } = await TestClient.start();
  try {
    const uri = 'file:///ooo.ts';
    await client.open(uri, `"${UPPER}"`);
    const send = (version: number, text: string) => client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    await send(5, `"${UPPER}"\n"${UPPER}"\n"${UPPER}"`); // 3 problems at v5
    await send(3, `"${LOWER}"`); // an older version, sent later: 0 problems
    await send(4, `"${UPPER}"\n"${UPPER}"`); // 2 problems
    await client.waitFor('diagnostics after the reordered changes', () => {
      const last = client.lastDiagnostics(uri);
      return last && last.version !== 1 ? last : undefined;
    });
    // Let the debounce settle, then check the last publication against the server's own view (hover).
    await new Promise((r) => setTimeout(r, 800));
    const last = client.lastDiagnostics(uri)!;
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 70 } });
    // The server applied the changes in arrival order: the last text (v4) has two URLs, line 1 exists.
    assert.equal(last.diagnostics.filter((d) => d.code === 'host-uppercase').length, 2, JSON.stringify(last));
    assert.ok(hover !== undefined);
    assert.equal(client.process.exitCode, null);
  } finally {
    await client.stop();
  }
});

test('a didChange storm on a large document: the last version wins and the server stays responsive', async () => {
  const { client } = await TestClient.start();
  try {
    const uri = 'file:///storm.ts';
    const filler = `// ${'x'.repeat(100)}\n`.repeat(10_000); // ~1 MB
    const textWith = (n: number) => filler + Array.from({ length: n }, (_, i) => `const u${i} = "${UPPER.replace('a.jpg', `${i}.jpg`)}";`).join('\n') + '\n' + filler;
    await client.open(uri, textWith(1));
    let version = 1;
    const latencies: number[] = [];
    for (let i = 0; i < 200; i++) {
      version = await client.change(uri, textWith(1 + (i % 7)));
      // Bursts with pauses around the debounce time, so validations run (and publish) during the storm.
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 120 + (i % 3) * 40));
      if (i % 40 === 0) {
        const started = Date.now();
        await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } });
        latencies.push(Date.now() - started);
      }
    }
    const final = textWith(42);
    version = await client.change(uri, final);
    const published = await client.waitFor(`diagnostics for the last version ${version}`, () => client.publications.find((p) => p.uri === uri && p.version === version), 30_000);
    assert.equal(published.diagnostics.filter((d) => d.code === 'host-uppercase').length, 42);
    // Nothing older is published after the last version.
    await new Promise((r) => setTimeout(r, 1000));
    const after = client.publications.slice(client.publications.indexOf(published) + 1).filter((p) => p.uri === uri);
    assert.deepEqual(after.map((p) => p.version), [], 'a stale publication came after the last version');
    const versions = client.publications.filter((p) => p.uri === uri).map((p) => p.version ?? -1);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1], `version ${versions[i]} published after version ${versions[i - 1]}: ${versions.join(', ')}`);
    assert.ok(versions.length < 100, `debounced: ${versions.length} publications for 202 versions`);
    // Responsive: every request sent during the storm was answered (no absolute bound on the machine's speed).
    assert.equal(latencies.length, 5);
  } finally {
    await client.stop();
  }
});

test('a scan cancelled half-way and started again finishes and reports every file once', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 3000; i++) files[`d${i % 30}/f${i}.txt`] = `x ${UPPER}\n`.repeat(10);
  const root = tempDir(files);
  const { client } = await TestClient.start({ workspace: root });
  try {
    const source = new CancellationTokenSource();
    const first = client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.scanWorkspace' }, source.token);
    await client.waitFor('the first scan publishes something', () => client.publications.length > 5, 30_000);
    source.cancel();
    const partial = (await first.catch((e: Error) => ({ error: e.message }))) as { cancelled?: boolean; filesScanned?: number; error?: string };
    assert.ok(partial.error !== undefined || partial.cancelled === true, JSON.stringify(partial));
    // Start again at once, and again while that one runs: the last one completes.
    const second = client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.scanWorkspace' });
    const third = client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.scanWorkspace' });
    const [s2, s3] = (await Promise.all([second, third])) as { cancelled: boolean; filesScanned: number; findings: number }[];
    assert.equal(s3.cancelled, false);
    assert.equal(s3.filesScanned, 3000);
    assert.equal(s3.findings, 30_000);
    assert.ok(s2.cancelled || s2.filesScanned === 3000, 'the superseded scan says it was cancelled');
    // Every file's diagnostics: the last publication per file has its 10 findings.
    await new Promise((r) => setTimeout(r, 500));
    const last = new Map<string, number>();
    for (const p of client.publications) last.set(p.uri, p.diagnostics.length);
    const withTen = [...last.values()].filter((n) => n === 10).length;
    assert.equal(withTen, 3000, `${withTen} of 3000 files show their 10 findings`);
  } finally {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  }
});

test('a client that disappears (stdin closed, no shutdown): the server exits by itself', async () => {
  const { client } = await TestClient.start();
  await client.open('file:///a.ts', `"${UPPER}"`);
  client.process.stdin.end();
  const code = await Promise.race([client.exited, new Promise<'hang'>((r) => setTimeout(() => r('hang'), 10_000))]);
  if (code === 'hang') client.process.kill('SIGKILL');
  assert.notEqual(code, 'hang', 'the server is still running 10 s after its client went away');
});

test('a client process that dies (initialize processId) while the pipes stay open: the server exits', async () => {
  const parent = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  const s = rawServer();
  try {
    s.request(1, 'initialize', { ...INIT, processId: parent.pid });
    await s.response(1);
    s.notify('initialized', {});
    parent.kill('SIGKILL');
    const result = await Promise.race([s.exited, new Promise<'hang'>((r) => setTimeout(() => r('hang'), 15_000))]);
    assert.notEqual(result, 'hang', 'the server outlived its client process by 15 s');
  } finally {
    parent.kill('SIGKILL');
    s.kill();
  }
});

test('the client is killed mid-scan: the server exits, it does not keep scanning', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 3000; i++) files[`f${i}.txt`] = `x ${UPPER}\n`.repeat(10);
  const root = tempDir(files);
  const { client } = await TestClient.start({ workspace: root });
  try {
    void client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.scanWorkspace' }).catch(() => undefined);
    await client.waitFor('scan started', () => client.publications.length > 0, 30_000);
    client.connection.dispose();
    client.process.stdin.destroy();
    client.process.stdout.destroy();
    const code = await Promise.race([client.exited, new Promise<'hang'>((r) => setTimeout(() => r('hang'), 10_000))]);
    if (code === 'hang') client.process.kill('SIGKILL');
    assert.notEqual(code, 'hang');
  } finally {
    client.process.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  }
});

test('fixAll and code actions on a document that changed under them: no edit built on a stale version', async () => {
  const { client } = await TestClient.start();
  try {
    const uri = 'file:///race.ts';
    await client.open(uri, `"${UPPER}"`);
    const version = await client.change(uri, `// moved\n"${UPPER}"`);
    const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.fixAll', arguments: [{ uri, version: 1 }] }).catch((e: Error) => ({ error: e.message }));
    for (const applied of client.appliedEdits) {
      const changes = applied.edit.documentChanges ?? [];
      for (const change of changes) {
        if ('textDocument' in change) assert.equal(change.textDocument.version, version, `an edit for version ${change.textDocument.version}, document is at ${version}: ${JSON.stringify(result)}`);
      }
    }
    assert.equal(client.process.exitCode, null);
  } finally {
    await client.stop();
  }
});

test('a hostile workspace config (deeply nested, huge, binary) never takes the server down', async () => {
  for (const config of ['['.repeat(200_000), `{"include": [${'"x",'.repeat(200_000)}"y"]}`, '\u0000\u0001\u0002{', '{"imgproxy": {"hosts": 5}}']) {
    const root = tempDir({ '.imgproxy-url-lint.json': config, 'a.ts': `"${UPPER}"\n` });
    const { client } = await TestClient.start({ workspace: root });
    try {
      const uri = `file://${join(root, 'a.ts')}`;
      await client.open(uri, `"${UPPER}"\n`).catch(() => undefined);
      await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'imgproxyUrlLint.scanWorkspace' }).catch(() => undefined);
      // Still answering, and never a stack trace shown to the user.
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 1 } });
      assert.equal(client.process.exitCode, null, `the server died on config ${JSON.stringify(config.slice(0, 20))}`);
      for (const m of client.messages) assert.doesNotMatch(m.message, /\n\s+at /, `a stack trace shown to the user: ${m.message.slice(0, 300)}`);
    } finally {
      await client.stop();
      rmSync(root, { recursive: true, force: true });
    }
  }
});
