// Walking a workspace: config discovery and loading, ignore files and excludes, reading files to lint,
// writing fixed files atomically. The only part of the server that touches the file system for linting.
export { nodeFs, errorCode, type WorkspaceFs, type FileStat, type DirEntry, type DirEntryType, type FileRead } from './fs.js';
export { MemoryFs, type MemoryFsMethod } from './memoryFs.js';
export {
  findConfigFile,
  loadProjectContext,
  contextFromConfig,
  PROXY_SETTINGS_FILE,
  ProjectContexts,
  relativeInside,
  globMatcher,
  runOptions,
  readNamedKeyFiles,
  withKeyFiles,
  type RunOverrides,
  type ProjectContext,
  type ContextNotice,
  type LoadOptions,
  type Env,
} from './context.js';
export { walkFiles, ALWAYS_SKIPPED, type WalkOptions, type WalkEntry, type WalkFile, type WalkSkip } from './walk.js';
export {
  readTextFile,
  decodeFile,
  binarySkip,
  tooLargeSkip,
  encodeText,
  skipForError,
  BINARY_SNIFF_BYTES,
  type ReadResult,
  type TextFile,
  type SkippedFile,
  type SkipReason,
  type FileVersion,
} from './read.js';
export { writeFileAtomic, FileChangedError, type Expected } from './write.js';
export { scanFileSync, scanBytes, readBytesSync, type ScanResult, type ScannedFile, type PositionedFinding, type ReadBytes } from './scanFile.js';
export { scanTree, type TreeScanOptions } from './treeScan.js';
export { shardOf, addCounts, type ResultPart, type TreeScanSettings, type FindingRenderer, type RenderedFindings, type FindingCounts } from './treeScanTask.js';
export { serveTreeScanTasks } from './treeScanWorker.js';
export { ScanCache, CacheView, cacheFilePath, optionsKey, contentHash, isAmbiguous, entryResult, makeEntry, type CacheEntry, type CachedResult } from './scanCache.js';
export { locateSources, type LocateOptions } from './locate.js';
export { readLogFiles, streamLines, LogFileError } from './logFiles.js';
