// Real TLS servers from Debian packages, started and stopped by the tests in their own process group.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { closedPort } from './servers.js';

/** The absolute path of a binary, or null when it is not installed (PATH plus the sbin dirs). */
export function findBinary(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    if (dir && spawnSync('test', ['-x', join(dir, name)]).status === 0) return join(dir, name);
  }
  return null;
}

/** Whether .ci/apt-packages.txt lists the package, so CI installs it. */
export function listedForCi(pkg: string): boolean {
  // The tests run from the repository root (node test/run.mjs).
  const text = readFileSync(join(process.cwd(), '.ci', 'apt-packages.txt'), 'utf8');
  return text.split('\n').some((line) => line.trim() === pkg);
}

export interface RunningServer {
  port: number;
  /** Everything the server wrote to stdout/stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Spawns `command` in a new process group, waits until `port` accepts TCP connections. */
export async function startServer(command: string, args: string[], port: number, timeoutMs = 10_000): Promise<RunningServer> {
  const child: ChildProcess = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 3000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`${command} did not start listening on ${port}:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, output: () => out, stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export { closedPort as freePort };

/**
 * nginx serving `ssl_certificate <dir>/$ssl_server_name.crt`: the certificate file is looked up with
 * the SNI byte for byte, so only names whose files exist get a certificate (alert 80 otherwise).
 */
export function nginxConfig(dir: string, certDir: string, port: number): string {
  return `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${certDir}/$ssl_server_name.crt;
    ssl_certificate_key ${certDir}/$ssl_server_name.key;
    return 204;
  }
}
`;
}

/**
 * haproxy routing on `req.ssl_sni` without -i (byte-exact): the exact name reaches a TLS frontend with
 * its certificate; anything else reaches a strict-sni frontend that only has `otherPem` (a certificate
 * for another name), which answers fatal alert 112 (unrecognized_name).
 */
export function haproxyConfig(dir: string, pemFile: string, otherPem: string, port: number): string {
  return `global
  maxconn 100
defaults
  mode tcp
  timeout connect 2s
  timeout client 5s
  timeout server 5s
frontend sni_router
  bind 127.0.0.1:${port}
  tcp-request inspect-delay 2s
  tcp-request content accept if { req.ssl_hello_type 1 }
  use_backend exact if { req.ssl_sni ebtekarstore.ir }
  default_backend reject
backend exact
  server s1 unix@${dir}/exact.sock send-proxy-v2
backend reject
  server s1 unix@${dir}/reject.sock send-proxy-v2
frontend tls_exact
  mode http
  bind unix@${dir}/exact.sock accept-proxy ssl crt ${pemFile} strict-sni
  http-request return status 204
frontend tls_reject
  mode http
  bind unix@${dir}/reject.sock accept-proxy ssl crt ${otherPem} strict-sni
  http-request deny
`;
}
