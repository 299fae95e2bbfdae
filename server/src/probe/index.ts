// The live TLS probe: the only code in the project that opens sockets. See README.md.
export { probeHost, DEFAULT_PROBE_TIMEOUT, type ProbeHostOptions, type ProbeResult } from './probe-host.js';
export { Prober, type ProberOptions, type ProberStats } from './prober.js';
export { probeSources, runProbes, probeTargets, findingsFor, evidence, EXPIRY_WARNING_DAYS, type ProbeSourcesOptions, type ProbeTarget } from './findings.js';
export { formatProbeReport } from './report.js';
export { parseConnectTo, applyConnectTo, type ConnectToRule, type LookupFunction } from './resolve.js';
export { privateAddressReason } from './address-guard.js';
export { classifyError, alertName, goAlertMessage, TLS_ALERTS } from './classify.js';
export { probeNames, asciiLowercase } from './hostname.js';
export type { ProbeAttempt, ProbeCertificate, ProbeEvidence, ProbeOutcome, ProbeVerdict } from '../core/types.js';
