// Precision on real code (issue 11): the built CLI on each repository of the corpus (repos.json), judged
// against a reviewed verdict for every finding (expectations.json). Fails on an aborted run, a finding at
// warning or error that is not a reviewed true finding, a true finding no longer found, and a --fix edit
// on a line that holds no true finding. Each failure names file:line:rule and the reviewer's reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { runCli } from '../cli/helpers.js';
import { DEFAULT_CORPUS, DEFAULT_MIRROR, EXPECTATIONS, REPOS, corpusName, isComplete, materialiseRepo, type CorpusRepo, type Expectation } from './corpus.js';

interface Finding { file: string; rule: string; severity: string; message: string; range: { start: { line: number } } }

const JUDGED = new Set(['warning', 'error']);
const key = (file: string, line: number, rule: string) => `${file}:${line}:${rule}`;

/** A fresh copy of the repository's files in a temp folder (outside any git repository or config). */
function freshCopy(entry: CorpusRepo): string | undefined {
  const out = mkdtempSync(join(tmpdir(), 'iul-real-'));
  const laidOut = join(DEFAULT_CORPUS, corpusName(entry.repo));
  if (existsSync(laidOut) && isComplete(entry, laidOut)) {
    cpSync(laidOut, join(out, corpusName(entry.repo)), { recursive: true });
    return join(out, corpusName(entry.repo));
  }
  const root = materialiseRepo(entry, out);
  if (root === undefined) rmSync(out, { recursive: true, force: true });
  return root;
}

function filesUnder(root: string, dir = root, into: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) filesUnder(root, path, into);
    else into.push(relative(root, path).split(sep).join('/'));
  }
  return into;
}

function cleanup(root: string) {
  rmSync(join(root, '..'), { recursive: true, force: true });
}

/** What is wrong with a lint run, one line per problem. */
function judgeFindings(name: string, findings: Finding[], expected: Expectation[]): string[] {
  const problems: string[] = [];
  const byKey = new Map(expected.map((e) => [key(e.file, e.line, e.rule), e]));
  const seen = new Set<string>();
  for (const f of findings) {
    const k = key(f.file, f.range.start.line + 1, f.rule);
    seen.add(k);
    if (!JUDGED.has(f.severity)) continue;
    const e = byKey.get(k);
    if (e === undefined) problems.push(`${k} (${f.severity}) is not reviewed: add a verdict to expectations.json["${name}"] (message: ${f.message})`);
    else if (!e.verdict) problems.push(`${k} (${f.severity}) is a false finding${e.class === undefined ? '' : ` (class ${e.class})`}: ${e.reason}`);
  }
  for (const e of expected) {
    const k = key(e.file, e.line, e.rule);
    if (e.verdict && !seen.has(k)) problems.push(`${k} is a true finding that is no longer reported: ${e.reason}`);
  }
  return problems;
}

/** Lines that --fix changed (1-based, in the original file) that hold no true finding. */
function judgeFix(original: string, fixed: string, expected: Expectation[]): string[] {
  const problems: string[] = [];
  const trueLines = new Set(expected.filter((e) => e.verdict).map((e) => `${e.file}:${e.line}`));
  const before = new Set(filesUnder(original));
  const after = filesUnder(fixed);
  for (const file of after) if (!before.has(file)) problems.push(`${file}: --fix created this file`);
  for (const file of before) {
    const fixedPath = join(fixed, file);
    if (!existsSync(fixedPath)) { problems.push(`${file}: --fix removed this file`); continue; }
    const a = readFileSync(join(original, file));
    const b = readFileSync(fixedPath);
    if (a.equals(b)) continue;
    const linesA = a.toString('utf8').split('\n');
    const linesB = b.toString('utf8').split('\n');
    if (linesA.length !== linesB.length) {
      problems.push(`${file}: --fix changed the number of lines (${linesA.length} -> ${linesB.length}); no fix may add or remove a line`);
      continue;
    }
    for (let i = 0; i < linesA.length; i++) {
      if (linesA[i] === linesB[i] || trueLines.has(`${file}:${i + 1}`)) continue;
      problems.push(`${file}:${i + 1}: --fix changed a line that holds no true finding:\n      was: ${JSON.stringify(linesA[i])}\n      now: ${JSON.stringify(linesB[i])}`);
    }
  }
  return problems;
}

test('every corpus repository has expectations and every expectation names a listed file', () => {
  const names = new Set(REPOS.map((r) => corpusName(r.repo)));
  for (const name of Object.keys(EXPECTATIONS)) assert.ok(names.has(name), `expectations.json has "${name}", which repos.json does not list`);
  for (const entry of REPOS) {
    assert.match(entry.commit, /^[0-9a-f]{40}$/, `${entry.repo}: commit must be 40 hex digits`);
    assert.ok(entry.license, `${entry.repo}: licence not noted`);
    for (const e of EXPECTATIONS[corpusName(entry.repo)] ?? []) {
      assert.ok(entry.files.includes(e.file), `${corpusName(entry.repo)}: expectation for ${e.file}, which repos.json does not list`);
      assert.ok(e.reason.trim(), `${corpusName(entry.repo)}: ${key(e.file, e.line, e.rule)} has no reason`);
    }
  }
});

for (const entry of REPOS) {
  const name = corpusName(entry.repo);
  const expected = EXPECTATIONS[name] ?? [];
  test(`real code: ${entry.repo}`, (t) => {
    const root = freshCopy(entry);
    if (root === undefined) {
      t.skip(`no corpus: neither ${join(DEFAULT_CORPUS, name)} nor a snapshot under ${DEFAULT_MIRROR} (set IMGPROXY_URL_LINT_MIRROR)`);
      return;
    }
    const fixRoot = join(mkdtempSync(join(tmpdir(), 'iul-real-fix-')), name);
    try {
      const problems: string[] = [];
      const lint = runCli(['--format', 'json', '.'], root);
      if (lint.code === 2 || lint.code === null) {
        problems.push(`the scan aborted (exit ${lint.code}), so nothing else was judged: ${lint.stderr.trim()}`);
      } else {
        problems.push(...judgeFindings(name, (JSON.parse(lint.stdout) as { findings: Finding[] }).findings, expected));
      }
      cpSync(root, fixRoot, { recursive: true });
      const fix = runCli(['--fix', '--format', 'json', '.'], fixRoot);
      if (fix.code === 2 || fix.code === null) problems.push(`--fix aborted (exit ${fix.code}): ${fix.stderr.trim()}`);
      problems.push(...judgeFix(root, fixRoot, expected));
      if (problems.length > 0) assert.fail(`${entry.repo} (${entry.commit.slice(0, 12)}), ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    } finally {
      cleanup(root);
      cleanup(fixRoot);
    }
  });
}
