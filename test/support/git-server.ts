// A git server in miniature for the e2e tests: the machine's `git http-backend` (smart HTTP, as a CGI program)
// behind a node:http server that demands HTTP Basic and lets a caller decide which passwords are good.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface GitServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** Every Basic credential a request carried, in order (including refused ones). */
  seen: { username: string; password: string; accepted: boolean }[];
  close(): Promise<void>;
}

/** The machine's git, or an error naming what to install. */
export function gitExecPath(): string {
  let dir: string;
  try {
    dir = execFileSync('git', ['--exec-path'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error("git not found on PATH: install Debian's git package (apt-get install -y git)");
  }
  if (!existsSync(join(dir, 'git-http-backend')))
    throw new Error(`${dir}/git-http-backend not found: install Debian's git package (apt-get install -y git)`);
  return dir;
}

/** Serves the bare repositories under `root`; `accept` judges each Basic credential. */
export async function startGitServer(
  root: string,
  accept: (username: string, password: string) => Promise<boolean>,
): Promise<GitServer> {
  const backend = join(gitExecPath(), 'git-http-backend');
  const seen: GitServer['seen'] = [];
  const server: Server = createServer((req, res) => {
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const [username = '', ...rest] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    const password = rest.join(':');
    (basic ? accept(username, password) : Promise.resolve(false))
      .then((accepted) => {
        if (basic) seen.push({ username, password, accepted });
        if (!accepted) {
          res.writeHead(401, { 'www-authenticate': 'Basic realm="test git"' }).end('unauthorized\n');
          return;
        }
        cgi(backend, root, username, req, res);
      })
      .catch((err) => res.writeHead(500).end(String(err)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** RFC 3875 in the small: the request as environment and stdin, the CGI's header block turned into the response's. */
function cgi(backend: string, root: string, user: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const child = spawn(backend, [], {
    env: {
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      // http-backend allows a push only from an authenticated user.
      REMOTE_USER: user,
      REMOTE_ADDR: '127.0.0.1',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
      GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  req.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let started = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (started) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    started = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
      const [name = '', ...value] = line.split(':');
      if (name.toLowerCase() === 'status') status = Number.parseInt(value.join(':').trim(), 10);
      else res.setHeader(name, value.join(':').trim());
    }
    res.writeHead(status);
    res.write(head.subarray(end + 4));
  });
  child.on('close', () => res.end());
}
