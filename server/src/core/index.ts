// The engine's public face: text in, findings and edits out. Pure: no vscode, no LSP, no fs, no net.
export type * from './types.js';
export { RULES, getRule, isRuleId, DOCS_BASE_URL, ruleDocPath, ruleDocUrl, effectiveSeverity, severityRank, SEVERITY_SETTINGS, type RuleId, type RuleMeta } from './rules.js';
export { parseConfig, ConfigError, CONFIG_FILE_NAME, DEFAULT_MAX_FILE_SIZE, type ProjectConfig, type ProbeConfig } from './config.js';
export { parseEnvText, signingFromEnv, imgproxySettingsFromEnv, EMPTY_SIGNING } from './env.js';
export { LineIndex, applyEdits, selectNonOverlapping } from './text.js';
export { analyzeText, lintText, extractSources, mayHaveFindings, URL_MARK, type SourceRef, type TextAnalysis } from './lint.js';
export { defaultLintOptions, resolveLintOptions } from './options.js';
export { recognizeImgproxyUrl } from './recognize.js';
export { recognizeUrls, type RecognizedUrl } from './lint.js';
export { findUrls, type UrlCandidate } from './find.js';
export { sign, verifyingPair } from './signature.js';
export { redenormalize, type ParsedImgproxyUrl, type DecodedSource, type ParsedOption, type Segment } from './imgproxy.js';
export { parseSourceUrl, asciiLower } from './url.js';
export { findBuilderCalls, type BuilderCall } from './builders.js';
export { findImgproxyEnv, imgproxyEnvMap, isImgproxyConfigFile, type EnvAssignment } from './imgproxy-env.js';
export { explainImgproxyUrl } from './explain.js';
export { applySuppressions, DISABLE_MARKER } from './suppress.js';
