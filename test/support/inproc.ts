// In-process command tests: the fake OP on loopback, a fresh data dir per test (file store, never the keychain),
// logins seeded through the logins service, and a "browser" that finishes an auth-code login without one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, type TestContext } from 'node:test';
import type { TokenSet } from '../../src/flows/types.js';
import { type Logins, openLogins, saveLogin } from '../../src/logins/service.js';
import type { MachineLogin, PersonLogin, StoredLogin } from '../../src/logins/types.js';
import { FileStore } from '../../src/store/file.js';
import { authorize, CLIENT_ID, CLIENT_SECRET, FakeOp, visit } from './fake-op.js';
import { type Recording, recordingIo } from './io.js';

/** One fake OP per test file, reset before each test. Read `.op` inside tests only. */
export function fakeOpPerFile(): { op: FakeOp } {
  const s = {} as { op: FakeOp };
  before(async () => {
    s.op = await FakeOp.start();
  });
  beforeEach(() => s.op.reset());
  after(() => s.op?.close());
  return s;
}

export interface Sandbox {
  env: NodeJS.ProcessEnv;
  logins: Logins;
}

/**
 * A fresh XDG_DATA_HOME (and config and HOME, so no real config file is read) removed after the test. The client
 * secret of provider "fake" is in the environment, as CI would set it.
 */
export function sandbox(t: TestContext, extra: NodeJS.ProcessEnv = {}): Sandbox {
  const home = mkdtempSync(join(tmpdir(), 'oauth-login-inproc-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const env = {
    HOME: home,
    XDG_DATA_HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    OAUTH_LOGIN_STORE: 'file',
    OAUTH_LOGIN_FAKE_CLIENT_SECRET: CLIENT_SECRET,
    ...extra,
  };
  return { env, logins: openLogins(env) };
}

export const inSeconds = (s: number) => Math.floor(Date.now() / 1000) + s;

export function personLogin(op: FakeOp, over: Partial<PersonLogin> = {}): PersonLogin {
  return {
    kind: 'person',
    flow: 'auth-code',
    provider: 'fake',
    account: 'ada',
    store: 'file',
    client_id: CLIENT_ID,
    issuer: op.issuer,
    token_endpoint: `${op.issuer}/token`,
    updated_at: new Date().toISOString(),
    scope: 'openid profile email',
    profile: { id: 'ada', name: 'Ada Lovelace', email: 'ada@example.test', username: 'ada' },
    ...over,
  };
}

export function machineLogin(op: FakeOp, over: Partial<MachineLogin> = {}): MachineLogin {
  return {
    kind: 'machine',
    flow: 'client-credentials',
    provider: 'fake',
    account: CLIENT_ID,
    store: 'file',
    client_id: CLIENT_ID,
    issuer: op.issuer,
    token_endpoint: `${op.issuer}/token`,
    updated_at: new Date().toISOString(),
    scope: 'api:read',
    grant: { scope: 'api:read' },
    ...over,
  };
}

/** Stores a login as `login` would have: the secret in the file store, then the index entry (the new default). */
export async function seed(logins: Logins, login: StoredLogin, tokens: TokenSet, clientSecret?: string) {
  const entry = { ...login, expires_at: tokens.expires_at };
  await saveLogin(logins, new FileStore(logins.dir), entry, { tokens, client_secret: clientSecret });
  return entry;
}

export const tokens = (ttlS: number, extra: Partial<TokenSet> = {}): TokenSet => ({
  access_token: `at-${Math.random().toString(36).slice(2)}`,
  token_type: 'bearer',
  expires_at: inSeconds(ttlS),
  ...extra,
});

/**
 * A recording io whose "person" opens the authorization URL the flow prints (--no-browser), at the fake OP, and
 * follows its redirect to the loopback listener: an auth-code login that completes in-process.
 */
export function browsingIo(env: NodeJS.ProcessEnv): ReturnType<typeof recordingIo> & Recording {
  const io = recordingIo(env);
  const prompt = io.ui.prompt;
  io.ui.prompt = (text) => {
    prompt(text);
    const url = text.match(/https?:\/\/\S+\/authorize\?\S+/)?.[0];
    // A failure here shows as the flow timing out (--timeout in the test), with the reason on stderr.
    if (url)
      authorize(url)
        .then(visit)
        .catch((err: Error) => io.ui.warn(`browser: ${err.message}`));
  };
  return io;
}
