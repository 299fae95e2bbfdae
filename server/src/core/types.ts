// Shapes shared by the engine and every adapter. Offsets are UTF-16 code-unit indices into the
// original JS string (what LSP counts); adapters turn them into line/character with LineIndex.

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

export interface SigningSettings {
  pairs: SigningPair[];
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

/** What the live probe saw, carried by tls-* findings and printed by the CLI's JSON output. */
export interface ProbeEvidence {
  host: string;
  port: number;
  address?: string;
  verdict: string;
  asWritten: Record<string, unknown>;
  lowercased?: Record<string, unknown>;
}
