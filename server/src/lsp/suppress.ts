// "Disable <rule> for this line / file" code actions: they insert an inline comment that the engine
// honours (server/src/core/suppress.ts). The convention:
//   imgproxy-url-lint-disable-line [rule ...]        on the line of the finding
//   imgproxy-url-lint-disable-next-line [rule ...]   on the line before it
//   imgproxy-url-lint-disable [rule ...]             anywhere in the file: the whole file
// in whatever comment syntax the language has (the engine's core/suppress.ts honours them).
import { DISABLE_MARKER, type OffsetEdit } from '../core/index.js';

export const DISABLE_NEXT_LINE = `${DISABLE_MARKER}-next-line`;
export const DISABLE_FILE = DISABLE_MARKER;

interface CommentSyntax { start: string; end: string }

const LINE_COMMENT: Record<string, string> = {};
for (const id of ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'jsonc', 'c', 'cpp', 'csharp', 'java', 'go', 'rust', 'swift', 'kotlin', 'scala', 'dart', 'php', 'scss', 'less', 'groovy', 'objective-c', 'objective-cpp', 'fsharp', 'vue-html']) LINE_COMMENT[id] = '//';
for (const id of ['python', 'ruby', 'shellscript', 'yaml', 'toml', 'dockerfile', 'perl', 'r', 'makefile', 'powershell', 'properties', 'dotenv', 'elixir', 'nix', 'julia', 'coffeescript', 'crystal', 'graphql']) LINE_COMMENT[id] = '#';
for (const id of ['sql', 'lua', 'haskell', 'elm', 'ada']) LINE_COMMENT[id] = '--';
for (const id of ['latex', 'tex', 'erlang', 'matlab']) LINE_COMMENT[id] = '%';
for (const id of ['ini', 'clojure', 'lisp', 'scheme']) LINE_COMMENT[id] = ';';
const BLOCK_COMMENT: Record<string, CommentSyntax> = {
  html: { start: '<!--', end: ' -->' },
  xml: { start: '<!--', end: ' -->' },
  xsl: { start: '<!--', end: ' -->' },
  markdown: { start: '<!--', end: ' -->' },
  vue: { start: '<!--', end: ' -->' },
  svelte: { start: '<!--', end: ' -->' },
  handlebars: { start: '{{!--', end: ' --}}' },
  css: { start: '/*', end: ' */' },
};

/** The comment syntax of a language, or undefined when it has none (JSON, plain text). */
export function commentSyntax(languageId: string): CommentSyntax | undefined {
  const line = LINE_COMMENT[languageId];
  if (line) return { start: line, end: '' };
  return BLOCK_COMMENT[languageId];
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** A comment line above the line holding `offset`, indented like it, disabling `rule` for that line. */
export function disableNextLineEdit(text: string, offset: number, rule: string, languageId: string): OffsetEdit | undefined {
  const syntax = commentSyntax(languageId);
  if (!syntax) return undefined;
  const start = lineStartOf(text, offset);
  const indent = /^[ \t]*/.exec(text.slice(start, Math.min(text.length, start + 200)))![0];
  return { start, end: start, newText: `${indent}${syntax.start} ${DISABLE_NEXT_LINE} ${rule}${syntax.end}${eolOf(text)}` };
}

/** A comment at the top of the file (after a `#!` line or an XML declaration) disabling `rule` in it. */
export function disableFileEdit(text: string, rule: string, languageId: string): OffsetEdit | undefined {
  const syntax = commentSyntax(languageId);
  if (!syntax) return undefined;
  let at = 0;
  if (text.startsWith('#!') || text.startsWith('<?xml') || text.startsWith('<?php')) {
    const nl = text.indexOf('\n');
    at = nl === -1 ? text.length : nl + 1;
  }
  const eol = eolOf(text);
  const prefix = at === text.length && at > 0 && !text.endsWith('\n') ? eol : '';
  return { start: at, end: at, newText: `${prefix}${syntax.start} ${DISABLE_FILE} ${rule}${syntax.end}${eol}` };
}
