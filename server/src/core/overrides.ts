// ESLint-style overrides in the config file: `"overrides": [{ "files": [...], "excludedFiles": [...],
// "imgproxy": {...}, "rules": {...}, "checkAllUrls": ... }]`. Each entry whose globs match a file is laid
// over the options in order (a later entry wins), e.g. presets-only docs beside normal code.
import picomatch from 'picomatch';
import type { ProjectConfig } from './config.js';
import type { ImgproxySettings, SeveritySetting } from './types.js';

export interface ConfigOverride {
  /** Globs relative to the config file's folder; a glob without "/" matches a file name at any depth. */
  files: string[];
  excludedFiles?: string[];
  imgproxy?: Partial<Omit<ImgproxySettings, 'hosts'>> & { hosts?: string[] };
  rules?: Record<string, SeveritySetting>;
  checkAllUrls?: boolean;
  dialects?: ProjectConfig['dialects'];
  imagor?: ProjectConfig['imagor'];
  thumbor?: ProjectConfig['thumbor'];
  imageproxy?: ProjectConfig['imageproxy'];
  goCamo?: ProjectConfig['goCamo'];
  imaginary?: ProjectConfig['imaginary'];
  picfit?: ProjectConfig['picfit'];
}

const compiled = new WeakMap<ConfigOverride, (relPath: string) => boolean>();

function matcher(globs: readonly string[] | undefined): (relPath: string) => boolean {
  const tests = (globs ?? []).filter((g) => g !== '').map((g) => picomatch(g, { dot: true, basename: !g.includes('/') }));
  return (relPath) => tests.some((t) => t(relPath));
}

/** Whether an override applies to a path relative to the config file's folder (`/` separators). */
function overrideMatches(override: ConfigOverride, relPath: string): boolean {
  let test = compiled.get(override);
  if (!test) {
    const files = matcher(override.files);
    const excluded = matcher(override.excludedFiles);
    compiled.set(override, (test = (rel) => files(rel) && !excluded(rel)));
  }
  return test(relPath);
}

/** The overrides that apply to a path relative to the config file's folder, in order. */
function matchingOverrides(overrides: readonly ConfigOverride[] | undefined, relPath: string | undefined): ConfigOverride[] {
  return overrides === undefined || relPath === undefined ? [] : overrides.filter((o) => overrideMatches(o, relPath));
}

/** `config` with the given overrides laid over it, in order (objects key by key); the same object when none. */
export function withOverrides<T extends ProjectConfig>(config: T, overrides: readonly ConfigOverride[]): T {
  let result = config;
  for (const o of overrides) {
    result = {
      ...result,
      imgproxy: { ...result.imgproxy, ...o.imgproxy },
      rules: { ...result.rules, ...o.rules },
      checkAllUrls: o.checkAllUrls ?? result.checkAllUrls,
      dialects: o.dialects ?? result.dialects,
      imagor: { ...result.imagor, ...o.imagor },
      thumbor: { ...result.thumbor, ...o.thumbor },
      imageproxy: { ...result.imageproxy, ...o.imageproxy },
      goCamo: { ...result.goCamo, ...o.goCamo },
      imaginary: { ...result.imaginary, ...o.imaginary },
      picfit: { ...result.picfit, ...o.picfit },
    };
  }
  return result;
}

/**
 * A value for each combination of the overrides that match a path (relative to the config file's folder),
 * built once per combination: callers may cache what they derive from it by identity.
 */
export function perOverrideCombination<T>(overrides: readonly ConfigOverride[] | undefined, build: (matching: ConfigOverride[]) => T): (relPath: string | undefined) => T {
  const built = new Map<string, T>();
  return (relPath) => {
    const matching = matchingOverrides(overrides, relPath);
    const key = matching.map((o) => overrides!.indexOf(o)).join(',');
    let value = built.get(key);
    if (value === undefined) built.set(key, (value = build(matching)));
    return value;
  };
}
