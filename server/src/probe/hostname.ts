// Host spellings for the probe: the SNI exactly as written and ASCII-lowercased (RFC 4343 folding).
// Never String#toLowerCase (Unicode-aware) nor domainToASCII on ASCII names: both would destroy the
// as-written spelling, which is the whole point of the probe.
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';

/** Lowercases A-Z only. */
export function asciiLowercase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

export interface ProbeNames {
  /** The name used for the as-written SNI and the certificate name check (trailing dot stripped, IDN as A-labels). */
  asWritten: string;
  /** asWritten with A-Z folded; equal to asWritten when there is nothing to fold. */
  lowercased: string;
  /** True for IPv4/IPv6 literals: no SNI is sent and no lookup is made. */
  ipLiteral: boolean;
}

/** Returns null when the host cannot be probed (empty, or an IDN that has no ASCII form). */
export function probeNames(host: string): ProbeNames | null {
  let name = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(name) !== 0) return { asWritten: name, lowercased: name, ipLiteral: true };
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (name === '') return null;
  if (/[^\x00-\x7f]/.test(name)) {
    const ascii = domainToASCII(name);
    if (ascii === '') return null;
    return { asWritten: ascii, lowercased: ascii, ipLiteral: false };
  }
  return { asWritten: name, lowercased: asciiLowercase(name), ipLiteral: false };
}
