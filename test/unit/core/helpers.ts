import { defaultLintOptions, resolveLintOptions, signingFromEnv, type LintOptions, type ProjectConfig } from '../../../server/src/core/index.js';

/** The key and salt of imgproxy's own examples/signature.* (public test values, spec §2). */
export const EXAMPLES_KEY = '943b421c9eb07c830af81030552c86009268de4e532ba2ee2eab8247c6da0881';
export const EXAMPLES_SALT = '520f986b998545b4785e0defbc4f3c1203f22de2374a3d53cb7a7fe9fea309c5';
export const hex = (text: string) => Buffer.from(text).toString('hex');

export function options(config: ProjectConfig = {}, env: Record<string, string> = {}): LintOptions {
  if (Object.keys(config).length === 0 && Object.keys(env).length === 0) return defaultLintOptions();
  return resolveLintOptions(config, signingFromEnv(new Map(Object.entries(env)), 'test env'));
}

export const examplesSigning = { IMGPROXY_KEY: EXAMPLES_KEY, IMGPROXY_SALT: EXAMPLES_SALT };
export const secretHello = { IMGPROXY_KEY: hex('secret'), IMGPROXY_SALT: hex('hello') };
