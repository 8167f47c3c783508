import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { CONFIDENTIAL_CLIENT_ID, CONFIDENTIAL_CLIENT_SECRET } from '../../demo/idp.js';
import { type CliRun, runCli, waitForOutput } from '../support/cli.js';
import { e2eSetup, signIn } from '../support/e2e.js';
import { tempDir } from '../support/tmp.js';

const e = e2eSetup({});

async function finish(run: CliRun, url: string) {
  await signIn(e.browser, url);
  const result = await run.done;
  assert.equal(result.code, 0, result.stderr);
  return result;
}

function tempFile(name: string, content: string): string {
  const file = join(tempDir('oauth-login-'), name);
  writeFileSync(file, content);
  return file;
}

test('a confidential client reads its secret from stdin, never argv', async () => {
  const run = runCli(
    [
      'demo',
      '--issuer',
      e.idp.issuer,
      '--client-id',
      CONFIDENTIAL_CLIENT_ID,
      '--client-secret-stdin',
      '--port',
      '0',
      '--json',
    ],
    e.hook.env,
    `${CONFIDENTIAL_CLIENT_SECRET}\n`,
  );
  const url = await e.hook.next();
  assert.equal(new URL(url).searchParams.get('client_id'), CONFIDENTIAL_CLIENT_ID);
  const { stdout, stderr } = await finish(run, url);
  assert.equal(JSON.parse(stdout).profile.id, 'ada');
  assert.ok(!stderr.includes(CONFIDENTIAL_CLIENT_SECRET) && !stdout.includes(CONFIDENTIAL_CLIENT_SECRET));
});

test('a wrong client secret is a clear error from the token endpoint', async () => {
  const run = runCli(
    ['demo', '--issuer', e.idp.issuer, '--client-id', CONFIDENTIAL_CLIENT_ID, '--client-secret-stdin', '--port', '0'],
    e.hook.env,
    'wrong',
  );
  await signIn(e.browser, await e.hook.next());
  const { code, stderr } = await run.done;
  assert.equal(code, 1);
  assert.match(stderr, /The provider refused the token request: invalid_client/);
  assert.ok(!stderr.includes('wrong'));
});

test('client id and secret from OAUTH_LOGIN_<NAME>_CLIENT_ID / _CLIENT_SECRET', async () => {
  const env = {
    ...e.hook.env,
    OAUTH_LOGIN_MY_IDP_CLIENT_ID: CONFIDENTIAL_CLIENT_ID,
    OAUTH_LOGIN_MY_IDP_CLIENT_SECRET: CONFIDENTIAL_CLIENT_SECRET,
  };
  const run = runCli(['my-idp', '--issuer', e.idp.issuer, '--port', '0', '--json'], env);
  const url = await e.hook.next();
  assert.equal(new URL(url).searchParams.get('client_id'), CONFIDENTIAL_CLIENT_ID);
  assert.equal(JSON.parse((await finish(run, url)).stdout).provider, 'my-idp');
});

test('a provider defined only in the config file (--config), with its scope', async () => {
  const config = tempFile(
    'config.json',
    JSON.stringify({ providers: { corp: { issuer: e.idp.issuer, client_id: 'demo', scope: 'openid email' } } }),
  );
  const run = runCli(['corp', '--config', config, '--port', '0', '--json'], e.hook.env);
  const url = await e.hook.next();
  assert.equal(new URL(url).searchParams.get('scope'), 'openid email');
  const out = JSON.parse((await finish(run, url)).stdout);
  assert.equal(out.profile.email, 'ada@example.test');
  assert.equal(out.profile.name, undefined, 'no profile scope, no name: absent fields are omitted');
});

test('$OAUTH_LOGIN_CONFIG points at the config file; --scope and --redirect-uri override it', async () => {
  const config = tempFile(
    'c.json',
    JSON.stringify({ providers: { corp: { issuer: e.idp.issuer, client_id: 'demo' } } }),
  );
  const run = runCli(['corp', '--scope', 'openid profile', '--redirect-uri', 'http://127.0.0.1:0/callback'], {
    ...e.hook.env,
    OAUTH_LOGIN_CONFIG: config,
  });
  const url = await e.hook.next();
  const params = new URL(url).searchParams;
  assert.equal(params.get('scope'), 'openid profile');
  assert.match(params.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  await finish(run, url);
});

test('an invalid config file is an error naming the file and the key', async () => {
  const config = tempFile('bad.json', JSON.stringify({ providers: { corp: { protocol: 'saml' } } }));
  const { code, stderr } = await runCli(['corp', '--config', config], e.hook.env).done;
  assert.equal(code, 1);
  assert.ok(stderr.includes(config) && stderr.includes('"providers.corp.protocol"'), stderr);
});

test('--no-browser prints the URL and opens nothing; a person can still complete the login', async () => {
  const calls = e.hook.calls;
  const run = runCli(['demo', '--issuer', e.idp.issuer, '--port', '0', '--no-browser'], e.hook.env);
  let url: string | undefined;
  for (let i = 0; i < 100 && !url; i++) {
    url = run.stderrSoFar().match(/(http:\/\/127\.0\.0\.1:\d+\/auth\?\S+)/)?.[1];
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(url, 'the URL is printed on stderr');
  await finish(run, url);
  assert.equal(e.hook.calls, calls);
});

test('--browser-command runs the given command with the URL and overrides $BROWSER', async () => {
  const run = runCli(
    ['demo', '--issuer', e.idp.issuer, '--port', '0', '--browser-command', e.hook.env.BROWSER as string],
    {
      ...e.hook.env,
      BROWSER: '/nonexistent/browser',
    },
  );
  await finish(run, await e.hook.next());
});

test('--quiet keeps stderr free of progress; stdout still has the data', async () => {
  const args = ['demo', '--issuer', e.idp.issuer, '--port', '0', '--quiet', '--json'];
  const run = runCli([...args, '--store', 'file'], { ...e.hook.env, XDG_DATA_HOME: tempDir('oauth-login-data-') });
  const { stdout, stderr } = await finish(run, await e.hook.next());
  assert.equal(stderr, '');
  assert.equal(JSON.parse(stdout).provider, 'demo');
  // No keychain here: the one thing --quiet still says is that the tokens were not stored.
  const unstored = await finish(runCli(args, e.hook.env), await e.hook.next());
  assert.equal(
    unstored.stderr,
    '! No OS keychain answers, so the tokens are kept for this run only ("oauth-login doctor" says why; --store file keeps them in a private file).\n',
  );
});

test('colour only when allowed: FORCE_COLOR colours stderr, NO_COLOR wins over it', async () => {
  const coloured = await runCli(['nope'], { FORCE_COLOR: '1', NO_COLOR: '' }).done;
  assert.ok(coloured.stderr.includes('\x1b['));
  const plain = await runCli(['nope'], { FORCE_COLOR: '1', NO_COLOR: '1' }).done;
  assert.ok(!plain.stderr.includes('\x1b['));
  assert.match(plain.stderr, /Unknown provider "nope"/);
});

test('providers lists the presets, and --json gives an array including config entries', async () => {
  const config = tempFile(
    'config.json',
    JSON.stringify({ providers: { corp: { issuer: 'https://id.corp.example', client_id: 'x' } } }),
  );
  const text = await runCli(['providers']).done;
  assert.equal(text.code, 0);
  for (const name of ['google', 'github', 'facebook', 'microsoft', 'gitlab', 'oidc', 'demo'])
    assert.match(text.stdout, new RegExp(`^${name} `, 'm'));
  const json = JSON.parse((await runCli(['providers', '--json', '--config', config]).done).stdout);
  assert.deepEqual(
    json.find((p: { name: string }) => p.name === 'corp'),
    { name: 'corp', protocol: 'oidc', title: 'corp', source: 'config', issuer: 'https://id.corp.example' },
  );
});

test('--version and --help exit 0; a usage error exits 1', async () => {
  const version = await runCli(['--version']).done;
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+/);
  const help = await runCli(['login', '--help']).done;
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--client-secret-stdin/);
  const bad = await runCli(['login', 'demo', '--port', 'abc']).done;
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--port/);
});

test('a hostile discovery document (javascript: authorization endpoint) is refused before any browser opens', async () => {
  const server: Server = createServer((_req, res) => {
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        issuer,
        authorization_endpoint: 'javascript:alert(1)//',
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const calls = e.hook.calls;
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { code, stderr } = await runCli(['evil', '--issuer', issuer, '--client-id', 'x', '--port', '0'], e.hook.env)
    .done;
  server.close();
  assert.equal(code, 1);
  assert.match(stderr, /authorization_endpoint must be an https:\/\/ URL/);
  assert.equal(e.hook.calls, calls);
});

test('--tenant fills the Microsoft issuer (seen in the discovery URL it tries)', async () => {
  // No network here: the failure names the URL built from --tenant, which is what this test is about.
  const { code, stderr } = await runCli(
    ['microsoft', '--tenant', 'contoso.example', '--client-id', 'x', '--port', '0'],
    {
      ...e.hook.env,
      OAUTH_LOGIN_HTTP_TIMEOUT_MS: '2000',
    },
  ).done;
  assert.equal(code, 1);
  assert.match(stderr, /https:\/\/login\.microsoftonline\.com\/contoso\.example\/v2\.0/);
});

test('`oauth-login demo-provider` serves the demo preset on 127.0.0.1:5055: `oauth-login demo` needs no flags', async () => {
  const provider = runCli(['demo-provider']);
  try {
    await waitForOutput(provider.stdoutSoFar, /\{"issuer":"http:\/\/127\.0\.0\.1:5055"\}/);
    // stdout and stderr are two pipes: the hint may arrive after the issuer line.
    await waitForOutput(provider.stderrSoFar, /In another terminal: oauth-login demo\n/);
    const run = runCli(['demo', '--port', '0', '--store', 'none', '--json'], e.hook.env);
    const { stdout } = await finish(run, await e.hook.next());
    assert.equal(JSON.parse(stdout).provider, 'demo');
  } finally {
    provider.child.kill('SIGINT');
  }
  const stopped = await provider.done;
  assert.equal(stopped.code, 0, 'Ctrl+C stops the demo provider cleanly');
});

test('`oauth-login demo-provider` on a port in use says so and how to pick another', async () => {
  const busy = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => busy.once('listening', r));
  try {
    const port = (busy.address() as AddressInfo).port;
    const { code, stderr } = await runCli(['demo-provider', '--port', String(port)]).done;
    assert.equal(code, 1);
    assert.equal(stderr, `✗ Port ${port} on 127.0.0.1 is already in use.\n  Run: oauth-login demo-provider --port 0\n`);
  } finally {
    busy.close();
  }
});
