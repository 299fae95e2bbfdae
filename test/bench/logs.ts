// The `logs` part of `npm run bench`: a proxy log of --log-mb megabytes (default 500) generated
// deterministically from the seed, then `imgproxy-url-lint logs FILE --format json --no-locate` run on it
// under /usr/bin/time: throughput (MB/s) and peak RSS, which must stay flat whatever the log's size.
// The log is a realistic mix: mostly imgproxy v4 structured Started/Completed 200 lines with unique
// request ids and sources, and about 2% failures in every format and class (thumbor and imagor pairs,
// Docker- and kubectl-wrapped lines, ANSI pretty lines, stack traces), over 400 distinct failing sources.
import { closeSync, existsSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { prng } from './generate.js';

export const LOG_GENERATOR_VERSION = 1;

const CLASSES = [
  (h: string, p: string) => `can't download source image: Get \\"https://${h}${p}\\": remote error: tls: handshake failure`,
  (h: string, p: string) => `can't download source image: Get \\"https://${h}${p}\\": dial tcp: lookup ${h} on 127.0.0.11:53: no such host`,
  (h: string, p: string) => `can't download source image: source request timed out: Get \\"https://${h}${p}\\": context deadline exceeded`,
  () => "can't download source image: status: 404",
  () => 'Invalid signature',
  () => 'Unknown processing option blurry',
  (h: string, p: string) => `Source URL is not allowed: https://${h}${p}`,
];

export function generateLog(path: string, megabytes: number, seed: number, log: (line: string) => void): number {
  const target = megabytes * 1e6;
  const manifest = `${path}.manifest.json`;
  const wanted = JSON.stringify({ version: LOG_GENERATOR_VERSION, megabytes, seed });
  if (existsSync(path) && existsSync(manifest) && readFileSync(manifest, 'utf8') === wanted) return statSync(path).size;
  log(`generating a ${megabytes} MB proxy log at ${path}…`);
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const id = () => Math.floor(random() * 2 ** 52).toString(36).padStart(11, '0') + Math.floor(random() * 2 ** 52).toString(36).padStart(10, '0');
  const hosts = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? `Cdn${i}.Example.com` : `cdn${i}.example.com`));
  const failing = Array.from({ length: 400 }, (_, i) => ({ host: hosts[i % hosts.length], path: `/img/${2020 + (i % 5)}/${i}/photo-${i}.jpg` }));
  const fd = openSync(path, 'w');
  let written = 0;
  let batch: string[] = [];
  let second = 0;
  const time = () => {
    const t = new Date(Date.UTC(2026, 7, 20) + second * 1000).toISOString();
    return [t.slice(0, 10) + ' ' + t.slice(11, 19), t.slice(0, 19) + 'Z'];
  };
  const failure = (): string[] => {
    const { host, path: p } = failing[int(failing.length)];
    const error = CLASSES[int(CLASSES.length)](host, p);
    const [local, iso] = time();
    const uri = `/${id()}/rs:fit:300:300/plain/https://${host}${p}`;
    switch (int(8)) {
      case 0: return [`ERROR   [${iso}] Completed in 48ms ${uri}  request_id=${id()} method=GET status=500 client_ip=203.0.113.7 error="${error}"`, '    /app/imagedata/download.go:207 github.com/imgproxy/imgproxy/v3/imagedata.requestImage', '    /app/processing_handler.go:319 main.handleProcessing'];
      case 1: return [JSON.stringify({ log: `\u001b[33mWARNING\u001b[0m [${iso}] Completed in 9ms ${uri}  \u001b[1mrequest_id\u001b[0m=${id()} \u001b[1mstatus\u001b[0m=404 \u001b[1merror\u001b[0m="${error}"\n`, stream: 'stdout', time: iso })];
      case 2: return [`${iso} stdout F time="${local}" level="WARNING" msg="Completed in 3ms ${uri}" request_id="${id()}" method="GET" status=404 client_ip="203.0.113.9" error="${error}"`];
      case 3: return [`${local} thumbor:WARNING ERROR retrieving image https://${host}${p}: HTTP 404: Not Found`, `${local} tornado.access:WARNING 404 GET /unsafe/300x200/https://${host}${p} (203.0.113.7) 40.33ms`];
      case 4: return [`${iso}\tDEBUG\timagor/imagor.go:448\tload\t${JSON.stringify({ params: { path: `300x200/https://${host}${p}`, image: `https://${host}${p}` }, error: `Get "https://${host}${p}": remote error: tls: handshake failure` })}`, JSON.stringify({ level: 'info', ts: 1787227200 + second, msg: 'access', status: 500, method: 'GET', uri: `/unsafe/300x200/https://${host}${p}`, ip: '203.0.113.7', took: 0.2 })];
      case 5: return [`${local.replace(/-/g, '/')} error fetching remote image: Get "https://${host}${p}#300x300": Get "https://${host}${p}": remote error: tls: handshake failure`];
      default: return [`time="${local}" level="WARNING" msg="Completed in 48.213ms ${uri}" request_id="${id()}" method="GET" status=404 client_ip="203.0.113.7" error="${error}"`];
    }
  };
  while (written < target) {
    second += int(2);
    const [local] = time();
    let lines: string[];
    if (random() < 0.02) lines = failure();
    else {
      const requestId = id();
      const source = `https://${hosts[int(hosts.length)].toLowerCase()}/media/${int(1e6)}/${id()}.jpg`;
      const uri = `/${id()}${id()}/rs:fit:${100 + int(900)}:${100 + int(900)}/plain/${source}`;
      lines = [
        `time="${local}" level="INFO" msg="Started ${uri}" request_id="${requestId}" method="GET" client_ip="203.0.113.${int(255)}"`,
        `time="${local}" level="INFO" msg="Completed in ${(random() * 300).toFixed(3)}ms ${uri}" request_id="${requestId}" method="GET" status=200 client_ip="203.0.113.${int(255)}" image_url="${source}" processing_options.resizing_type="fit"`,
      ];
    }
    for (const line of lines) {
      batch.push(line);
      written += Buffer.byteLength(line) + 1;
    }
    if (batch.length >= 20000) {
      writeSync(fd, batch.join('\n') + '\n');
      batch = [];
    }
  }
  if (batch.length > 0) writeSync(fd, batch.join('\n') + '\n');
  closeSync(fd);
  writeFileSync(manifest, wanted);
  return written;
}
