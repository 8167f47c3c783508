// A corporate network in miniature for the e2e tests: a CA made with openssl, Debian's squid as the forward proxy
// (its hosts_file is the only place a made-up host name resolves), and tiny proxies that refuse or hang.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { tempDir } from './tmp.js';

export const SQUID = '/usr/sbin/squid';
export const OPENSSL = '/usr/bin/openssl';

export interface TestCa {
  /** The CA certificate (PEM file): what --ca-file points at. */
  caFile: string;
  /** The server's key and certificate for `hostname`, signed by that CA. */
  key: string;
  cert: string;
}

const need = (path: string, pkg: string) => {
  if (!existsSync(path))
    throw new Error(`${path} not found: install Debian's ${pkg} package (apt-get install -y ${pkg})`);
};

/** A throwaway CA and a server certificate for `hostname`, or an IPv4 address (EC P-256: fast to make). */
export function makeCa(hostname: string): TestCa {
  need(OPENSSL, 'openssl');
  const dir = tempDir('oauth-login-ca-');
  const at = (f: string) => join(dir, f);
  const ssl = (...args: string[]) => execFileSync(OPENSSL, args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=oauth-login test CA',
  );
  ssl('req', ...ec, '-keyout', at('server.key'), '-out', at('server.csr'), '-subj', `/CN=${hostname}`);
  const san = /^\d{1,3}(?:\.\d{1,3}){3}$/.test(hostname) ? `IP:${hostname}` : `DNS:${hostname}`;
  writeFileSync(at('ext.cnf'), `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`);
  ssl(
    'x509',
    '-req',
    '-in',
    at('server.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-out',
    at('server.pem'),
    '-days',
    '2',
    '-extfile',
    at('ext.cnf'),
  );
  return {
    caFile: at('ca.pem'),
    key: readFileSync(at('server.key'), 'utf8'),
    cert: readFileSync(at('server.pem'), 'utf8'),
  };
}

export interface Squid {
  port: number;
  /** squid's access log so far: one line per request, CONNECT host:port for tunnels. */
  log(): string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function accepting(port: number, child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`squid exited (${child.exitCode}): ${output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket.end() && true));
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`squid did not listen on ${port} within 5 s: ${output()}`);
}

/** squid on a free loopback port, logging every request, resolving `hosts` (name → address) from its hosts_file. */
export async function startSquid(hosts: Record<string, string>): Promise<Squid> {
  need(SQUID, 'squid');
  const dir = tempDir('oauth-login-squid-');
  chmodSync(dir, 0o777); // squid drops root for its "proxy" user, which must write its logs here
  const port = await freePort();
  writeFileSync(
    join(dir, 'hosts'),
    Object.entries(hosts)
      .map(([name, ip]) => `${ip} ${name}\n`)
      .join(''),
  );
  const conf = [
    `http_port 127.0.0.1:${port}`,
    `pid_filename ${dir}/squid.pid`,
    `access_log stdio:${dir}/access.log squid`,
    `cache_log ${dir}/cache.log`,
    'cache_store_log none',
    'cache deny all',
    `hosts_file ${dir}/hosts`,
    `coredump_dir ${dir}`,
    'shutdown_lifetime 0 seconds',
    'acl tester src 127.0.0.1/32',
    'http_access allow tester',
    'http_access deny all',
  ];
  writeFileSync(join(dir, 'squid.conf'), `${conf.join('\n')}\n`);
  let output = '';
  const child = spawn(SQUID, ['-N', '-f', join(dir, 'squid.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (c) => {
    output += c;
  });
  child.stderr?.on('data', (c) => {
    output += c;
  });
  await accepting(port, child, () => output);
  const logFile = join(dir, 'access.log');
  return {
    port,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface TinyProxy {
  port: number;
  /** The CONNECT requests it saw. */
  seen: IncomingMessage[];
  close(): Promise<void>;
}

/** A proxy that answers every CONNECT with `status` (407 asks for credentials), or never answers (`'hang'`). */
export async function startTinyProxy(status: number | 'hang'): Promise<TinyProxy> {
  const seen: IncomingMessage[] = [];
  const sockets: Duplex[] = [];
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, socket) => {
    seen.push(req);
    sockets.push(socket);
    socket.on('error', () => {});
    if (status === 'hang') return;
    const auth = status === 407 ? 'Proxy-Authenticate: Basic realm="corp"\r\n' : '';
    socket.end(`HTTP/1.1 ${status} Refused\r\n${auth}Content-Length: 0\r\n\r\n`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () =>
      new Promise<void>((r) => {
        // A CONNECT socket belongs to us, not to the server: closeAllConnections does not see it.
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
