import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';

// Debian's interpreter on purpose: the python3 first on PATH (pyenv) has no oauthlib.
const PYTHON = '/usr/bin/python3';
const SCRIPT = resolve('test/support/oauth1_server.py');

export interface Oauth1Client {
  key: string;
  secret: string;
}

export interface Oauth1Server {
  base: string;
  /** A consumer the server knows. */
  client: Oauth1Client;
  /** A consumer whose request-token answers lack oauth_callback_confirmed, like a provider before OAuth 1.0a. */
  unconfirmed: Oauth1Client;
  /** The callback URL (the CLI's listener) a request token was issued for. */
  callbackOf(requestToken: string): Promise<string>;
  close(): void;
}

/** Fails, naming the Debian package, when oauthlib is missing: these tests must never be skipped silently. */
function assertOauthlib(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import oauthlib.oauth1'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      `${PYTHON} cannot import oauthlib: install Debian's python3-oauthlib (apt-get install -y python3-oauthlib). ` +
        `${probe.error?.message ?? probe.stderr.trim()}`,
    );
  }
}

// oauthlib accepts consumer keys of 20–30 letters and digits; base64 secrets exercise the signing key's encoding.
const client = (): Oauth1Client => ({
  key: randomBytes(12).toString('hex'),
  secret: randomBytes(16).toString('base64'),
});

export async function startOauth1Server(): Promise<Oauth1Server> {
  assertOauthlib();
  const known = client();
  const unconfirmed = client();
  const clients = {
    [known.key]: { secret: known.secret },
    [unconfirmed.key]: { secret: unconfirmed.secret, confirm_callback: false },
  };
  const child: ChildProcess = spawn(PYTHON, [SCRIPT], {
    // No __pycache__ beside the scripts in the source tree.
    env: { PATH: process.env.PATH, PYTHONDONTWRITEBYTECODE: '1', OAUTH1_TEST_CLIENTS: JSON.stringify(clients) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolvePort, reject) => {
    child.once('exit', (code) => reject(new Error(`the OAuth 1.0a test server exited (${code}) before listening`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => {
      resolvePort(JSON.parse(line).port);
    });
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    client: known,
    unconfirmed,
    callbackOf: async (token) => (await fetch(`${base}/_test/callback?oauth_token=${token}`)).text(),
    close: () => child.kill(),
  };
}

/** A config file entry pointing the twitter preset (or any OAuth 1.0a provider) at the test server. */
export function oauth1Entry(server: Oauth1Server, consumer: Oauth1Client) {
  return {
    request_token_url: `${server.base}/oauth/request_token`,
    authorize_url: `${server.base}/oauth/authorize`,
    access_token_url: `${server.base}/oauth/access_token`,
    profile_url: `${server.base}/1.1/account/verify_credentials.json?include_email=true`,
    client_id: consumer.key,
  };
}
