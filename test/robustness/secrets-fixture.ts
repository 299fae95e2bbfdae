// Secrets for the leak tests (CLI and language server) and the check that greps every output for them.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';

// Printable raw values, so that a leak of the raw bytes is caught as well as a leak of the hex.
export const KEY_RAW = 'k3y-Of-The-Imgproxy-Signing-0001';
export const SALT_RAW = 'sAlt-Of-The-Imgproxy-Signing-002';
export const ENC_RAW = 'EncryptionKey-for-AES256-cbc!!32';
export const KEY_HEX = Buffer.from(KEY_RAW).toString('hex');
export const SALT_HEX = Buffer.from(SALT_RAW).toString('hex');
export const ENC_HEX = Buffer.from(ENC_RAW).toString('hex');

/** Every spelling of every secret, and pieces of them (a leak may be truncated). */
export function secretNeedles(): string[] {
  const out: string[] = [];
  for (const [raw, hex] of [[KEY_RAW, KEY_HEX], [SALT_RAW, SALT_HEX], [ENC_RAW, ENC_HEX]]) {
    out.push(raw, hex, hex.toUpperCase(), Buffer.from(raw).toString('base64'), Buffer.from(raw).toString('base64url'), hex.slice(0, 16), hex.slice(-16), raw.slice(0, 12));
  }
  return out;
}

export function assertNoSecret(output: string, where: string): void {
  for (const needle of secretNeedles()) {
    const at = output.toLowerCase().indexOf(needle.toLowerCase());
    assert.equal(at, -1, `${where}: a secret (${needle.slice(0, 6)}…) appears in the output: …${output.slice(Math.max(0, at - 80), at + 80)}…`);
  }
}

export function signPath(path: string, size = 32): string {
  return createHmac('sha256', Buffer.from(KEY_RAW)).update(Buffer.from(SALT_RAW)).update(path).digest().subarray(0, size).toString('base64url');
}

export function signedUrl(rest: string): string {
  return `https://imgproxy.example.com/${signPath('/' + rest)}/${rest}`;
}

export const SECRET_FILES = {
  'src/valid.ts': `export const a = "${signedUrl('rs:fit:300:300/plain/https://CDN.Example.com/a.jpg')}";\n`,
  'src/base64.ts': `export const b = "${signedUrl(`w:300/${Buffer.from('https://Media.Example.com/b.png').toString('base64url')}.webp`)}";\n`,
  'src/mismatch.md': `![x](https://imgproxy.example.com/${signPath('/other')}/rs:fit:300:300/plain/https://cdn.example.com/a.jpg)\n`,
  'src/enc.html': '<img src="https://imgproxy.example.com/unsafe/rs:fit:300:300/enc/p5VjorNdhs7mRRw8gA9TWoRlGci3l1kuzqN43UQlRaRIQ0qtBKW3qFABIsx-ZRz_cVc8iVTYbhsNsxNBL1BHaQ">\n',
};

