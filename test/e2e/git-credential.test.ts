// Real git against real git http-backend: clone and push over smart HTTP with tokens from the credential helper.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CONFIDENTIAL_CLIENT_ID, CONFIDENTIAL_CLIENT_SECRET, type Idp, startIdp } from '../../demo/idp.js';
import { runCli } from '../support/cli.js';
import { type GitServer, startGitServer } from '../support/git-server.js';
import { tempDir } from '../support/tmp.js';

let idp: Idp;
let server: GitServer;
let mints = 0;
const root = tempDir('oauth-login-git-root-');

before(async () => {
  console.info = () => {};
  idp = await startIdp({ ttl: 3600 });
  idp.provider.on('grant.success', (ctx: { oidc: { params?: { grant_type?: string } } }) => {
    if (ctx.oidc.params?.grant_type === 'client_credentials') mints++;
  });
  // Only what the test provider issued, still active there, with the username the demo provider gets (oauth2).
  server = await startGitServer(
    root,
    async (username, password) =>
      username === 'oauth2' && (await idp.provider.ClientCredentials.find(password)) !== undefined,
  );
  await git(['init', '--bare', '-b', 'main', join(root, 'repo.git')], {});
});

after(async () => {
  await server?.close();
  await idp?.close();
});

interface GitRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The machine's git, in an isolated home: no system config, no prompt, a global config of the test's own. */
function git(args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<GitRun> {
  const isolated = {
    PATH: process.env.PATH,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'Ada',
    GIT_AUTHOR_EMAIL: 'ada@example.test',
    GIT_COMMITTER_NAME: 'Ada',
    GIT_COMMITTER_EMAIL: 'ada@example.test',
    ...env,
  };
  return new Promise((resolve) => {
    execFile('git', args, { env: isolated, cwd }, (err, stdout, stderr) => {
      const code = err ? Number((err as { code?: unknown }).code ?? 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A home whose git asks oauth-login for the test server, and a token store with a client-credentials login in it. */
async function userEnv(login = true): Promise<NodeJS.ProcessEnv> {
  const home = tempDir('oauth-login-git-home-');
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    GIT_CONFIG_GLOBAL: join(home, 'gitconfig'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, '.config'),
    OAUTH_LOGIN_STORE: 'file',
  };
  const setup = await runCli(['setup-git', 'demo', '--host', server.origin], env).done;
  assert.equal(setup.code, 0, setup.stderr);
  if (login) {
    const args = [
      'demo',
      '--flow',
      'client-credentials',
      '--client-id',
      CONFIDENTIAL_CLIENT_ID,
      '--issuer',
      idp.issuer,
    ];
    const made = await runCli(args, { ...env, OAUTH_LOGIN_DEMO_CLIENT_SECRET: CONFIDENTIAL_CLIENT_SECRET }).done;
    assert.equal(made.code, 0, made.stderr);
  }
  return env;
}

async function commit(dir: string, env: NodeJS.ProcessEnv, file: string): Promise<void> {
  writeFileSync(join(dir, file), `${file}\n`);
  assert.equal((await git(['add', file], env, dir)).code, 0);
  assert.equal((await git(['commit', '-qm', `add ${file}`], env, dir)).code, 0);
}

test('git clones and pushes over smart HTTP with the stored token as the password (username oauth2)', async () => {
  const env = await userEnv();
  const work = join(tempDir('oauth-login-git-work-'), 'repo');
  const clone = await git(['clone', `${server.origin}/repo.git`, work], env);
  assert.equal(clone.code, 0, clone.stderr);
  await commit(work, env, 'one.txt');
  const push = await git(['push', 'origin', 'HEAD:main'], env, work);
  assert.equal(push.code, 0, push.stderr);
  const used = server.seen.filter((s) => s.accepted);
  assert.ok(used.length > 0);
  assert.ok(used.every((s) => s.username === 'oauth2'));
  const log = await git(['--git-dir', join(root, 'repo.git'), 'log', '--format=%s', 'main'], env);
  assert.match(log.stdout, /add one\.txt/);
});

test('a token the server refuses: git calls erase, and the next git run gets a renewed token that works', async () => {
  const env = await userEnv();
  const work = join(tempDir('oauth-login-git-work-'), 'repo');
  assert.equal((await git(['clone', `${server.origin}/repo.git`, work], env)).code, 0);
  const first = server.seen.at(-1)?.password as string;
  // The provider revokes it (as a resource server would see an expired or revoked token); locally it still looks fresh.
  await (await idp.provider.ClientCredentials.find(first))?.destroy();
  const minted = mints;

  await commit(work, env, 'two.txt');
  const refused = await git(['push', 'origin', 'HEAD:main'], env, work);
  assert.notEqual(refused.code, 0, 'the revoked token is refused');
  assert.match(refused.stderr, /Authentication failed/);
  assert.equal(server.seen.at(-1)?.password, first);
  assert.equal(server.seen.at(-1)?.accepted, false);
  const index = JSON.parse(readFileSync(join(env.XDG_DATA_HOME as string, 'oauth-login', 'index.json'), 'utf8'));
  assert.ok(index.logins[`demo:${CONFIDENTIAL_CLIENT_ID}`].expires_at <= Date.now() / 1000, 'erase marked it expired');

  const retry = await git(['push', 'origin', 'HEAD:main'], env, work);
  assert.equal(retry.code, 0, retry.stderr);
  const renewed = server.seen.at(-1);
  assert.equal(renewed?.accepted, true);
  assert.notEqual(renewed?.password, first, 'a new token, not the refused one');
  assert.equal(mints, minted + 1, 'one new client-credentials grant');
});

test('no stored login: git gets no password, prints the one-line hint and fails without prompting', async () => {
  const env = await userEnv(false);
  const seen = server.seen.length;
  const clone = await git(['clone', `${server.origin}/repo.git`, join(tempDir('oauth-login-git-work-'), 'r')], env);
  assert.notEqual(clone.code, 0);
  const hints = clone.stderr.split('\n').filter((line) => line.includes('oauth-login:'));
  assert.equal(hints.length, 1, clone.stderr);
  assert.match(hints[0] as string, /Not logged in to demo\. Run: oauth-login login demo$/);
  assert.equal(server.seen.length, seen, 'no credential was sent');
});
