// The live TLS probe from the editor: only in a trusted workspace, only with imgproxyUrlLint.probe.enable
// on; then open documents and scanned files are probed in the background, and the probeHosts command
// probes on demand with a report. Never from a code action or a save. Probe findings are kept per
// document version; an edit drops them (their offsets would be stale) until the next probe. The hosts
// come from the sources the document's validation read: nothing is recognised twice.
import { ErrorCodes, ResponseError, type CancellationToken, type ExecuteCommandParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, LintOptions, ProbeConfig, SourceRef, TextAnalysis } from '../../core/index.js';
import { Prober, runProbes } from '../../probe/index.js';
import type { LintedDocument } from '../features/diagnostics.js';
import { stack, type ServerLog } from '../log.js';
import type { ProbeSummary } from '../protocol.js';
import type { ServerState } from '../serverState.js';
import type { DocumentSettings } from '../settings.js';
import { startProgress, type ProgressContext } from './progress.js';

export interface ProbeRun {
  hosts: number;
  findings: Finding[];
}

/** Probers shared per option set, so their caches and per-host limits hold across commands. */
export class Probers {
  private readonly byOptions = new Map<string, Prober>();

  constructor(private readonly connectTo: readonly string[] = []) {}

  get(probe: ProbeConfig): Prober {
    const key = JSON.stringify([probe.timeout, probe.allowPrivateAddresses]);
    let prober = this.byOptions.get(key);
    if (!prober) {
      prober = new Prober({ timeout: probe.timeout, allowPrivateAddresses: probe.allowPrivateAddresses, connectTo: [...this.connectTo] });
      this.byOptions.set(key, prober);
    }
    return prober;
  }

  /** Probes the hosts of `sources`; `onHost` is called as each host's probe finishes. */
  async probeSources(sources: readonly SourceRef[], options: LintOptions, probe: ProbeConfig, signal: AbortSignal, onHost: (host: string) => void): Promise<ProbeRun> {
    let hosts = 0;
    const { findings } = await runProbes([...sources], this.get(probe), {
      rules: options.rules,
      includeHttp: probe.includeHttp,
      signal,
      onResult: (result) => {
        hosts++;
        onHost(result.host);
      },
    });
    return { hosts, findings };
  }
}

export interface ProbeContext extends ProgressContext {
  state: Pick<ServerState, 'documents' | 'trusted' | 'activeSettings'>;
  log: ServerLog;
  /** The current reading of a document (its sources), from validation's cache. */
  current(document: TextDocument): Promise<LintedDocument | undefined>;
  /** Validates a document again (its probe findings changed). */
  refresh(uri: string): Promise<void>;
}

export class HostProbe {
  private probers = new Probers();
  /** Probe findings by document URI, for the version they were computed on. */
  private readonly findings = new Map<string, { version: number; findings: Finding[] }>();
  /** Documents being probed in the background (probe.enable), by URI: the version being probed. */
  private readonly probing = new Map<string, number>();

  constructor(private readonly ctx: ProbeContext) {}

  /** `initializationOptions.probeConnectTo`: the CLI's --probe-connect-to rules. */
  configure(connectTo: unknown): void {
    this.probers = new Probers(Array.isArray(connectTo) ? connectTo.filter((r) => typeof r === 'string') : []);
  }

  private allowed(settings: DocumentSettings): boolean {
    return this.ctx.state.trusted && settings.probe.enable;
  }

  /** The probe findings of a document version; those of an older version are dropped. */
  findingsFor(uri: string, version: number): readonly Finding[] | undefined {
    const probed = this.findings.get(uri);
    if (probed && probed.version !== version) this.findings.delete(uri);
    return probed?.version === version ? probed.findings : undefined;
  }

  closed(uri: string): void {
    this.findings.delete(uri);
  }

  /**
   * probe.enable: an open document's source hosts are probed in the background, once per version (the
   * prober caches verdicts, so an edit costs no new handshake for a host already judged); the findings
   * join its diagnostics when they arrive. Never from a code action or a save.
   */
  documentValidated(uri: string, version: number, analysis: TextAnalysis, settings: DocumentSettings): void {
    if (!this.allowed(settings) || this.findings.get(uri)?.version === version || this.probing.get(uri) === version) return;
    this.probing.set(uri, version);
    this.probers.probeSources(analysis.sources, settings.options, settings.probe, new AbortController().signal, () => undefined)
      .then(async (run) => {
        if (this.ctx.state.documents.get(uri)?.version !== version) return; // edited meanwhile: offsets are stale
        this.findings.set(uri, { version, findings: run.findings });
        await this.ctx.refresh(uri);
      })
      .catch((error) => this.ctx.log.error(`Probing ${uri} failed: ${stack(error)}`))
      .finally(() => {
        if (this.probing.get(uri) === version) this.probing.delete(uri);
      });
  }

  /** probe.enable in a workspace scan: the findings for a scanned file's sources; undefined when not allowed. */
  background(analysis: TextAnalysis, settings: DocumentSettings): Promise<Finding[]> | undefined {
    if (!this.allowed(settings)) return undefined;
    return this.probers.probeSources(analysis.sources, settings.options, settings.probe, new AbortController().signal, () => undefined).then((run) => run.findings);
  }

  /** `imgproxyUrlLint.probeHosts` `{ uri? }`: one open document, or every one. */
  async run(params: ExecuteCommandParams, token: CancellationToken): Promise<ProbeSummary> {
    if (!this.ctx.state.trusted) {
      throw new ResponseError(ErrorCodes.InvalidRequest, 'the probe opens network connections and is not available in an untrusted workspace');
    }
    const { documents } = this.ctx.state;
    const arg = params.arguments?.[0];
    const uri = typeof arg === 'string' ? arg : (arg as { uri?: unknown } | undefined)?.uri;
    if (uri !== undefined && typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'probeHosts takes { uri? }');
    const targets = uri !== undefined ? [documents.get(uri)].filter((d): d is TextDocument => d !== undefined) : documents.all();
    const summary: ProbeSummary = { available: true, documents: 0, hosts: 0, findings: 0, byRule: {}, cancelled: false };
    const allowed: { document: TextDocument; settings: DocumentSettings }[] = [];
    for (const document of targets) {
      const active = await this.ctx.state.activeSettings(document.uri).catch(() => undefined);
      if (active?.settings.probe.enable) allowed.push(active);
    }
    if (allowed.length === 0) {
      return { ...summary, available: false, message: targets.length === 0
        ? 'no open document to probe'
        : 'the probe is off: set imgproxyUrlLint.probe.enable to true to let it connect to the source hosts (twice each: as written and lowercased)' };
    }
    const controller = new AbortController();
    const progress = await startProgress(this.ctx, params, token, controller);
    progress.begin('imgproxy URL Lint: probing source hosts', undefined, 'Connecting…', true);
    try {
      for (const { document, settings } of allowed) {
        if (controller.signal.aborted) break;
        const version = document.version;
        const linted = await this.ctx.current(document);
        let run;
        try {
          run = await this.probers.probeSources(linted?.analysis.sources ?? [], settings.options, settings.probe, controller.signal, (host) => progress.report(`${host} done`));
        } catch (error) {
          if (controller.signal.aborted) break;
          throw error;
        }
        summary.documents++;
        summary.hosts += run.hosts;
        summary.findings += run.findings.length;
        for (const f of run.findings) summary.byRule[f.rule] = (summary.byRule[f.rule] ?? 0) + 1;
        if (documents.get(document.uri)?.version !== version) continue; // edited meanwhile: offsets are stale
        this.findings.set(document.uri, { version, findings: run.findings });
        await this.ctx.refresh(document.uri);
      }
    } finally {
      progress.done();
    }
    summary.cancelled = controller.signal.aborted;
    this.ctx.log.info(`Probe: ${summary.hosts} hosts in ${summary.documents} documents, ${summary.findings} findings${summary.cancelled ? ' (cancelled)' : ''}`);
    return summary;
  }
}
