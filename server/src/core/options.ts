// Turns a project config (and signing settings read by an adapter) into the engine's LintOptions.
import type { ProjectConfig } from './config.js';
import { DIALECT_IDS } from './dialects/types.js';
import { EMPTY_SIGNING } from './env.js';
import type { LintOptions, SigningSettings } from './types.js';

export function defaultLintOptions(): LintOptions {
  return resolveLintOptions({}, EMPTY_SIGNING);
}

export function resolveLintOptions(config: ProjectConfig, signing: SigningSettings): LintOptions {
  const imgproxy = config.imgproxy ?? {};
  return {
    imgproxy: {
      hosts: imgproxy.hosts ?? [],
      pathPrefix: imgproxy.pathPrefix ?? '',
      argumentsSeparator: imgproxy.argumentsSeparator ?? ':',
      base64UrlIncludesFilename: imgproxy.base64UrlIncludesFilename ?? false,
      onlyPresets: imgproxy.onlyPresets ?? false,
      baseUrl: imgproxy.baseUrl ?? '',
    },
    signing,
    rules: { ...(config.rules ?? {}) },
    checkAllUrls: config.checkAllUrls ?? false,
    dialects: config.dialects ?? [...DIALECT_IDS],
    imagor: { hosts: config.imagor?.hosts ?? [] },
    thumbor: { hosts: config.thumbor?.hosts ?? [] },
    imageproxy: { hosts: config.imageproxy?.hosts ?? [] },
    goCamo: { hosts: config.goCamo?.hosts ?? [] },
    imaginary: { hosts: config.imaginary?.hosts ?? [] },
    picfit: { hosts: config.picfit?.hosts ?? [] },
  };
}
