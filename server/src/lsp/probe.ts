// The live TLS probe from the editor: only in a trusted workspace, only with imgproxyUrlLint.probe.enable
// on; then open documents and scanned files are probed in the background, and the probeHosts command
// probes on demand with a report. Never from a code action or a save. Probe findings are kept per
// document version; an edit drops them (their offsets would be stale) until the next probe.
import { extractSources, type Finding, type LintOptions } from '../core/index.js';
import { Prober, runProbes } from '../probe/index.js';
import type { ProbeConfig } from '../core/index.js';

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

  /** Probes the source hosts of `text`; `onHost` is called as each host's probe finishes. */
  async probeText(text: string, options: LintOptions, probe: ProbeConfig, signal: AbortSignal, onHost: (host: string) => void): Promise<ProbeRun> {
    const sources = extractSources(text, options);
    let hosts = 0;
    const { findings } = await runProbes(sources, this.get(probe), {
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
