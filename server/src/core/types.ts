// Shapes shared by the engine and every adapter. Offsets are UTF-16 code-unit indices into the
// original JS string (what LSP counts); adapters turn them into line/character with LineIndex.
import type { DialectId } from './dialects/types.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** A replacement of text[start, end) by newText, in UTF-16 offsets of the linted text. */
export interface OffsetEdit { start: number; end: number; newText: string }

/** How imgproxy is configured: the settings that change how its URLs are read (spec §1.8). */
export interface ImgproxySettings {
  /** Hosts (`imgproxy.example.com`, `localhost:8080`) whose URLs are imgproxy URLs whatever their shape. */
  hosts: string[];
  /** IMGPROXY_PATH_PREFIX, e.g. `/imgproxy`; empty for none. */
  pathPrefix: string;
  /** IMGPROXY_ARGUMENTS_SEPARATOR, default `:`. */
  argumentsSeparator: string;
  /** IMGPROXY_BASE64_URL_INCLUDES_FILENAME. */
  base64UrlIncludesFilename: boolean;
  /** IMGPROXY_ONLY_PRESETS. */
  onlyPresets: boolean;
  /** IMGPROXY_BASE_URL; empty for none. */
  baseUrl: string;
}

/** One IMGPROXY_KEY / IMGPROXY_SALT pair, already hex-decoded. Never printed anywhere. */
export interface SigningPair { key: Uint8Array; salt: Uint8Array }

/** imagor's signing: IMAGOR_SECRET, IMAGOR_SIGNER_TYPE, IMAGOR_SIGNER_TRUNCATE (0 keeps it whole). */
export interface ImagorSigning { secret: string; type: 'sha1' | 'sha256' | 'sha512'; truncate: number }

export interface SigningSettings {
  pairs: SigningPair[];
  /** imagor's key, when known. */
  imagor?: ImagorSigning;
  /** imageproxy's -signatureKey (IMAGEPROXY_SIGNATUREKEY): keys separated by spaces; `fileKeys` are the bytes of its `@file` keys. */
  imageproxy?: { signatureKey: string; fileKeys?: Uint8Array[] };
  /** go-camo's GOCAMO_HMAC, when known. */
  goCamo?: { key: string };
  /** Imaginary's URL_SIGNATURE_KEY (its -url-signature-key), when known. */
  imaginary?: { key: string };
  /** picfit's secret_key (from its JSON config), given as PICFIT_SECRET_KEY, when known. */
  picfit?: { key: string };
  /** thumbor's SECURITY_KEY, when known. */
  thumbor?: { securityKey: string };
  /** IMGPROXY_SIGNATURE_SIZE, 1..32, default 32. */
  signatureSize: number;
  /** IMGPROXY_SOURCE_URL_ENCRYPTION_KEY, hex-decoded (16, 24 or 32 bytes); absent when unknown. */
  encryptionKey?: Uint8Array;
}

/** Everything the engine needs to lint one text. Built by adapters from settings and config files. */
export interface LintOptions {
  imgproxy: ImgproxySettings;
  signing: SigningSettings;
  /** Severity overrides by rule id; a rule not named keeps its default. */
  rules: Partial<Record<string, SeveritySetting>>;
  /** Also judge the host of every http(s) URL, not only imgproxy sources. */
  checkAllUrls: boolean;
  /** The proxies whose URLs are read (core/dialects); every dialect when absent. */
  dialects?: readonly DialectId[];
  /** Endpoints whose URLs are imagor's or thumbor's whatever their shape (as imgproxy.hosts). */
  imagor?: { hosts: string[] };
  thumbor?: { hosts: string[] };
  imageproxy?: { hosts: string[] };
  goCamo?: { hosts: string[] };
  imaginary?: { hosts: string[] };
  picfit?: { hosts: string[] };
}

export interface Finding {
  /** Rule id, kebab-case; the diagnostic `code`. */
  rule: string;
  severity: Severity;
  message: string;
  /** The range the finding underlines, UTF-16 offsets. */
  start: number;
  end: number;
  /** The imgproxy URL as written (or the plain URL, for checkAllUrls findings). */
  url: string;
  /** The decoded source URL, when the finding is about a source. */
  source?: string;
  /** The source host as written, when the finding is about a source host. */
  host?: string;
  /** An edit that fixes this finding and keeps the URL working, or null when there is no safe fix. */
  fix: OffsetEdit | null;
  /** Evidence from the live TLS probe, for tls-* findings (shape owned by server/src/probe). */
  probe?: ProbeEvidence;
}

/** How one TLS handshake attempt (or the step before it) ended. Owned by server/src/probe. */
export type ProbeOutcome =
  | 'ok'
  | 'expired'
  | 'not-yet-valid'
  | 'self-signed'
  | 'untrusted-chain'
  | 'untrusted'
  | 'name-mismatch'
  | 'tls-alert'
  | 'tls-error'
  | 'not-tls'
  | 'reset'
  | 'refused'
  | 'timeout'
  | 'unreachable'
  | 'dns-failure'
  | 'blocked-private-address';

/** The probe's conclusion across both attempts: a case-related verdict, or the as-written outcome. */
export type ProbeVerdict = 'sni-case-sensitive' | 'sni-case-sensitive-certificate' | ProbeOutcome;

/** The server certificate as read after a completed handshake. Dates are ISO 8601. */
export interface ProbeCertificate {
  subjectCN?: string;
  /** `subjectaltname` entries as Node prints them: `DNS:example.com`, `IP Address:127.0.0.1`. */
  subjectAltNames: string[];
  issuer: string;
  validFrom: string;
  validTo: string;
  /** Whole days from the probe to validTo; negative once expired. */
  daysLeft: number;
  fingerprint256: string;
  /** Certificates in the chain Node built, leaf included (a self-signed leaf is 1). */
  chainLength: number;
}

/** One handshake: the SNI sent, how it ended, and what the server showed. */
export interface ProbeAttempt {
  /** The SNI sent; null for IP literals (RFC 6066 forbids them in SNI). */
  servername: string | null;
  outcome: ProbeOutcome;
  /** Every certificate problem found, in order; outcome is the first one (empty when ok or no handshake). */
  flags: ProbeOutcome[];
  /** Whether TCP connected and whether the TLS handshake completed. */
  tcpConnected: boolean;
  handshake: boolean;
  /** For timeouts: the phase the deadline hit. */
  timeoutPhase?: 'tcp-connect' | 'tls-handshake';
  /** For tls-alert: the alert number and its RFC 8446 name (40 handshake_failure). */
  alert?: { number: number; name: string };
  errorCode?: string;
  errorMessage?: string;
  /** `socket.authorizationError`, e.g. CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT. */
  authorizationError?: string;
  protocol?: string;
  cipher?: string;
  certificate?: ProbeCertificate;
  durationMs: number;
}

/** What the live probe saw, carried by tls-* findings and printed by the CLI's JSON output. */
export interface ProbeEvidence {
  /** The host as written in the source URL, and the port probed. */
  host: string;
  port: number;
  /** The address both attempts dialled (after --connect-to), absent when resolution failed. */
  address?: string;
  verdict: ProbeVerdict;
  /** True when the two spellings were treated differently by the server. */
  caseRelated: boolean;
  asWritten: ProbeAttempt;
  /** Absent when the host is already lowercase, an IP literal, or the first attempt never reached TLS. */
  lowercased?: ProbeAttempt;
}
