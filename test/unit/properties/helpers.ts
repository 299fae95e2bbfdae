// Engine options for generated URLs, and the fix-all step, for the property tests.
import { applyEdits, lintText, resolveLintOptions, selectNonOverlapping, signingFromEnv, type LintOptions } from '../../../server/src/core/index.js';
import type { BuiltUrl, Signer } from './builder.js';

export interface Config {
  pathPrefix: string;
  separator: string;
  base64UrlIncludesFilename: boolean;
  /** The imgproxy endpoints named in imgproxy.hosts (empty: recognised by shape). */
  hosts: string[];
  /** The key the linter knows (null: none). */
  signer: Signer | null;
}

export function lintOptionsFor(config: Config): LintOptions {
  const env = new Map<string, string>();
  if (config.signer) {
    env.set('IMGPROXY_KEY', config.signer.key.toString('hex'));
    env.set('IMGPROXY_SALT', config.signer.salt.toString('hex'));
    env.set('IMGPROXY_SIGNATURE_SIZE', String(config.signer.size));
  }
  return resolveLintOptions(
    {
      imgproxy: {
        pathPrefix: config.pathPrefix,
        argumentsSeparator: config.separator,
        base64UrlIncludesFilename: config.base64UrlIncludesFilename,
        hosts: config.hosts,
      },
    },
    signingFromEnv(env, 'property test'),
  );
}

export function configFor(built: BuiltUrl, configureHost: boolean, signer: Signer | null = built.signer): Config {
  return {
    pathPrefix: built.pathPrefix,
    separator: built.separator,
    base64UrlIncludesFilename: built.base64UrlIncludesFilename,
    hosts: configureHost ? [built.endpointAuthority] : [],
    signer,
  };
}

/** Applies every fix the engine offers (non-overlapping, as --fix and fix-all do). */
export function fixAll(text: string, options: LintOptions): string {
  const edits = lintText(text, options).flatMap((f) => (f.fix ? [f.fix] : []));
  return applyEdits(text, selectNonOverlapping(edits));
}

/** A short description of a failing case, for assertion messages. */
export function show(built: BuiltUrl): string {
  return JSON.stringify({ url: built.url, source: built.source, optionSource: built.optionSource, encoding: built.encoding, prefix: built.pathPrefix, sep: built.separator, signed: built.signer ? { key: built.signer.key.toString('hex'), salt: built.signer.salt.toString('hex'), size: built.signer.size } : null });
}
