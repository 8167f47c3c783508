// Real kubectl runs the exec credential plugin (`token --format exec-credential`) against a stub API server over TLS.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../support/cli.js';
import { makeCa } from '../support/corp-net.js';
import { dataHome, e2eSetup, loginWithBrowser } from '../support/e2e.js';
import { tempDir } from '../support/tmp.js';

const KUBECTL = '/usr/bin/kubectl';
// Below the CLI's 60 s renewal margin: every plugin run renews, so each one proves the refresh path as well.
const e = e2eSetup({ ttl: 20 });
let api: Server;
let ca: ReturnType<typeof makeCa>;
const bearers: { token: string; accepted: boolean }[] = [];

before(async () => {
  if (!existsSync(KUBECTL))
    throw new Error(`${KUBECTL} not found: install kubectl (or Debian's kubernetes-client package)`);
  ca = makeCa('127.0.0.1');
  // Only a bearer token the test provider issued and still holds active, as an API server's OIDC check would.
  api = createServer({ key: ca.key, cert: ca.cert }, (req, res) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    void (token ? e.idp.provider.AccessToken.find(token) : Promise.resolve(undefined)).then((found) => {
      if (token) bearers.push({ token, accepted: found !== undefined });
      res.setHeader('content-type', 'application/json');
      if (!found) {
        res.writeHead(401).end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 401 }));
        return;
      }
      res.end(JSON.stringify({ major: '1', minor: '32', gitVersion: 'v1.32.0-stub' }));
    });
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
});

after(() => new Promise<void>((resolve) => (api ? api.close(() => resolve()) : resolve())));

/** A kubeconfig with the stub cluster and a context whose user `setup-kubectl` is then asked to create. */
function kubeconfig(): string {
  const path = join(tempDir('oauth-login-kube-'), 'config');
  const server = `https://127.0.0.1:${(api.address() as AddressInfo).port}`;
  const caData = Buffer.from(readFileSync(ca.caFile)).toString('base64');
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: stub\n  cluster:\n    server: ${server}\n    certificate-authority-data: ${caData}`,
      'contexts:',
      '- name: stub\n  context:\n    cluster: stub\n    user: oauth-login-demo',
      'current-context: stub',
      '',
    ].join('\n'),
  );
  return path;
}

function kubectl(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  const isolated = { PATH: process.env.PATH, HOME: tempDir('oauth-login-kube-home-'), ...env };
  return new Promise((resolve) => {
    execFile(KUBECTL, args, { env: isolated }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function loggedIn(env: NodeJS.ProcessEnv) {
  const login = await loginWithBrowser(
    e,
    ['demo', '--issuer', e.idp.issuer, '--port', '0', '--json', '--show-tokens'],
    env,
  );
  assert.equal(login.code, 0, login.stderr);
  return JSON.parse(login.stdout) as { refresh_token: string };
}

async function setUp(env: NodeJS.ProcessEnv): Promise<string> {
  const config = kubeconfig();
  const setup = await runCli(['setup-kubectl', 'demo', '--kubeconfig', config], env).done;
  assert.equal(setup.code, 0, setup.stderr);
  assert.match(readFileSync(config, 'utf8'), /interactiveMode: IfAvailable/);
  return config;
}

test('kubectl get --raw /version: the plugin hands kubectl a renewed bearer token the API server accepts', async () => {
  const env = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  await loggedIn(env);
  const config = await setUp(env);
  const run = await kubectl(['--kubeconfig', config, 'get', '--raw', '/version'], env);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).gitVersion, 'v1.32.0-stub');
  assert.equal(bearers.at(-1)?.accepted, true);

  // The fast path (a fresh stored token, no renewal: --min-ttl 0) answers in the version kubectl asked for.
  const info = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', spec: { interactive: false } });
  const fast = await runCli(['token', 'demo', '--format', 'exec-credential', '--min-ttl', '0'], {
    ...env,
    KUBERNETES_EXEC_INFO: info,
  }).done;
  assert.equal(fast.code, 0, fast.stderr);
  const credential = JSON.parse(fast.stdout);
  assert.equal(credential.apiVersion, 'client.authentication.k8s.io/v1beta1');
  assert.equal(credential.status.token, bearers.at(-1)?.token, 'the token kubectl was given, still fresh');
});

test('a login that can no longer be renewed: non-interactive kubectl fails, and the plugin names the fix', async () => {
  const env = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  const { refresh_token } = await loggedIn(env);
  // The provider ended the session: the refresh token is gone there.
  await (await e.idp.provider.RefreshToken.find(refresh_token))?.destroy();
  const config = await setUp(env);
  const seen = bearers.length;
  const run = await kubectl(['--kubeconfig', config, 'get', '--raw', '/version'], env);
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /No valid token for demo \(ada\): the provider no longer accepts the refresh token/);
  assert.match(run.stderr, /Run: oauth-login login demo/);
  assert.equal(bearers.length, seen, 'no token reached the API server');
});

test('interactive ($KUBERNETES_EXEC_INFO spec.interactive): no valid token runs the browser login, stdout is the ExecCredential', async () => {
  const env = { ...dataHome(), OAUTH_LOGIN_STORE: 'file' };
  const { refresh_token } = await loggedIn(env);
  await (await e.idp.provider.RefreshToken.find(refresh_token))?.destroy();
  const info = {
    apiVersion: 'client.authentication.k8s.io/v1beta1',
    kind: 'ExecCredential',
    spec: { interactive: true },
  };
  const run = await loginWithBrowser(e, ['token', 'demo', '--format', 'exec-credential'], {
    ...env,
    KUBERNETES_EXEC_INFO: JSON.stringify(info),
  });
  assert.equal(run.code, 0, run.stderr);
  const credential = JSON.parse(run.stdout);
  assert.equal(credential.apiVersion, 'client.authentication.k8s.io/v1beta1');
  assert.equal(credential.kind, 'ExecCredential');
  assert.ok(await e.idp.provider.AccessToken.find(credential.status.token), 'a token the provider issued just now');
  assert.ok(Date.parse(credential.status.expirationTimestamp) > Date.now());
  assert.match(run.stderr, /Signing in again/);
  assert.match(run.stderr, /Signed in to/);
});
