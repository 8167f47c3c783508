// Behind a corporate proxy, with a private CA: Debian's squid is the only way to idp.corp.test (its hosts_file maps
// the name to 127.0.0.1), and the demo provider serves https with a certificate from a CA made by this test.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { completeLogin, launchChromium } from '../../demo/chromium.js';
import { type Idp, startIdp } from '../../demo/idp.js';
import { BrowserHook, runCli, transcript } from '../support/cli.js';
import { makeCa, type Squid, startSquid, startTinyProxy, type TestCa } from '../support/corp-net.js';
import { dataHome } from '../support/e2e.js';
import { chromiumCookies } from '../support/start-page.js';
import { tempDir } from '../support/tmp.js';

const HOST = 'idp.corp.test';
const SECRET = 'pr0xy-s3cret';
let ca: TestCa;
let idp: Idp;
let squid: Squid;
let browser: Browser;
let hook: BrowserHook;

before(async () => {
  console.info = () => {}; // oidc-provider's development notices
  ca = makeCa(HOST);
  idp = await startIdp({ tls: { key: ca.key, cert: ca.cert }, hostname: HOST, ttl: 120 });
  squid = await startSquid({ [HOST]: '127.0.0.1' });
  // The test's browser reaches the provider through squid too; the callback on localhost bypasses it.
  browser = await launchChromium([`--proxy-server=http://127.0.0.1:${squid.port}`]);
  hook = await BrowserHook.start();
});
after(async () => {
  await browser?.close();
  await idp?.close();
  await squid?.close();
  await hook?.close();
});

const proxyEnv = (port = squid.port) => ({ HTTPS_PROXY: `http://ada:${SECRET}@127.0.0.1:${port}` });
const tunnels = () =>
  squid
    .log()
    .split('\n')
    .filter((l) => l.includes(` CONNECT ${HOST}:${idp.port} `)).length;
/** squid logs a tunnel when it closes, a moment after the CLI exits. */
async function moreTunnelsThan(count: number): Promise<boolean> {
  for (let i = 0; i < 40 && tunnels() <= count; i++) await new Promise((r) => setTimeout(r, 50));
  return tunnels() > count;
}
const cli = (args: string[], env: NodeJS.ProcessEnv) => runCli(args, { ...hook.env, ...env }).done;

async function signIn(url: string): Promise<void> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true }); // the test's browser, not the product
  await context.addCookies(chromiumCookies()); // the start page's, which the hook followed
  try {
    await completeLogin(await context.newPage(), url);
  } finally {
    await context.close();
  }
}

test('login, token refresh, whoami and logout all go through the proxy with the CA; the callback never does', async () => {
  const env = { ...dataHome(), OAUTH_LOGIN_STORE: 'file', ...proxyEnv() };
  const run = runCli(['demo', '--issuer', idp.issuer, '--port', '0', '--ca-file', ca.caFile, '--json'], {
    ...hook.env,
    ...env,
  });
  const url = await hook.next();
  const callbackPort = new URL(new URL(url).searchParams.get('redirect_uri') as string).port;
  await signIn(url);
  const login = await run.done;
  assert.equal(login.code, 0, login.stderr);
  assert.equal(JSON.parse(login.stdout).profile.name, 'Ada Lovelace');
  assert.ok(await moreTunnelsThan(0), `squid saw no CONNECT ${HOST}:${idp.port}:\n${squid.log()}`);
  let seen = tunnels();
  // No --ca-file from here on: the stored login remembers the CA it signed in with.
  for (const args of [
    ['token', 'demo', '--min-ttl', '86400'],
    ['whoami', 'demo'],
    ['logout', 'demo'],
  ]) {
    const result = await cli(args, env);
    assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
    assert.ok(await moreTunnelsThan(seen), `${args[0]} went through squid`);
    seen = tunnels();
    if (args[0] === 'logout') assert.match(result.stderr, /Revoked the tokens/);
  }
  assert.ok(!squid.log().includes(`:${callbackPort}`), 'the callback never reaches the proxy');
});

test('without the CA: the TLS message names --ca-file, before any browser opens', async () => {
  const calls = hook.calls;
  const result = await cli(['demo', '--issuer', idp.issuer, '--port', '0', '--json'], { ...dataHome(), ...proxyEnv() });
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    new RegExp(`TLS certificate of ${HOST}:${idp.port} is signed by (an unknown|a self-signed) CA`),
  );
  assert.match(result.stderr, /--ca-file PATH or OAUTH_LOGIN_CA_FILE/);
  assert.equal(hook.calls, calls);
});

test('NO_PROXY matching: no proxy use, and the name does not resolve: the error says so', async () => {
  await new Promise((r) => setTimeout(r, 500)); // the previous test's tunnels are logged by now
  const before = squid.log();
  const env = { ...dataHome(), ...proxyEnv(), NO_PROXY: 'localhost, .corp.test' };
  const result = await cli(['demo', '--issuer', idp.issuer, '--port', '0', '--ca-file', ca.caFile], env);
  assert.equal(result.code, 1);
  assert.match(result.stderr, new RegExp(`The name ${HOST} does not resolve`));
  assert.match(result.stderr, /NO_PROXY entry "\.corp\.test" sends idp\.corp\.test past the proxy/);
  assert.equal(squid.log(), before, 'squid saw nothing');
});

for (const status of [407, 403] as const) {
  test(`a proxy answering CONNECT with ${status}: the error names the proxy (redacted) and the status`, async (t) => {
    const tiny = await startTinyProxy(status);
    t.after(() => tiny.close());
    const result = await cli(['demo', '--issuer', idp.issuer, '--port', '0'], {
      ...dataHome(),
      ...proxyEnv(tiny.port),
    });
    assert.equal(result.code, 1);
    const proxy = `The proxy http://\\*\\*\\*@127\\.0\\.0\\.1:${tiny.port} \\(HTTPS_PROXY\\)`;
    const expected =
      status === 407
        ? `${proxy} answered 407 during .*: proxy credentials missing or wrong`
        : `${proxy} refused the tunnel to ${HOST}:${idp.port} \\(HTTP 403\\)`;
    assert.match(result.stderr, new RegExp(expected));
    assert.equal(tiny.seen[0]?.url, `${HOST}:${idp.port}`);
    assert.equal(
      tiny.seen[0]?.headers['proxy-authorization'],
      `Basic ${Buffer.from(`ada:${SECRET}`).toString('base64')}`,
    );
  });
}

test('a proxy that hangs: the usual timeout, naming the proxy', async (t) => {
  const tiny = await startTinyProxy('hang');
  t.after(() => tiny.close());
  const env = { ...dataHome(), ...proxyEnv(tiny.port), OAUTH_LOGIN_HTTP_TIMEOUT_MS: '700' };
  const result = await cli(['demo', '--issuer', idp.issuer, '--port', '0'], env);
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    new RegExp(`within 0\\.7 s through the proxy http://\\*\\*\\*@127\\.0\\.0\\.1:${tiny.port}`),
  );
});

test('a malformed proxy URL, an unreadable or non-PEM CA file: an error naming the variable or flag, no browser', async () => {
  const calls = hook.calls;
  const notPem = join(tempDir('oauth-login-'), 'ca.pem');
  writeFileSync(notPem, 'not a certificate\n');
  const cases: [NodeJS.ProcessEnv, string[], RegExp][] = [
    [{ HTTPS_PROXY: `http://ada:${SECRET}@` }, [], /HTTPS_PROXY is not a proxy URL/],
    [
      {},
      ['--ca-file', '/nonexistent/ca.pem'],
      /CA file \/nonexistent\/ca\.pem \(from --ca-file\) cannot be read \(ENOENT\)/,
    ],
    [{ OAUTH_LOGIN_CA_FILE: notPem }, [], /\(from OAUTH_LOGIN_CA_FILE\) holds no PEM certificate/],
  ];
  for (const [env, args, message] of cases) {
    const result = await cli(['demo', '--issuer', idp.issuer, '--port', '0', ...args], { ...dataHome(), ...env });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, message);
  }
  assert.equal(hook.calls, calls, 'no browser opened');
});

test('doctor names the proxy (redacted) or the NO_PROXY entry, and the TLS fault with its fix', async () => {
  const config = join(tempDir('oauth-login-'), 'config.json');
  writeFileSync(
    config,
    JSON.stringify({ providers: { corp: { issuer: idp.issuer, client_id: 'demo', ca_file: ca.caFile } } }),
  );
  const doctor = (args: string[], env: NodeJS.ProcessEnv) =>
    cli(['doctor', ...args, '--port', '0'], { OAUTH_LOGIN_STORE: 'file', ...env });
  const ok = await doctor(['corp', '--config', config], proxyEnv());
  assert.equal(ok.code, 0, ok.stdout);
  assert.match(
    ok.stdout,
    new RegExp(
      `^✓ network: ${HOST}:${idp.port} through the proxy http://\\*\\*\\*@127\\.0\\.0\\.1:${squid.port} \\(HTTPS_PROXY\\); the CA file .* \\(from "ca_file" of corp in the config\\)`,
      'm',
    ),
  );
  assert.match(ok.stdout, /^✓ discovery: /m);
  const untrusted = await doctor(['demo', '--issuer', idp.issuer], proxyEnv());
  assert.equal(untrusted.code, 1);
  assert.match(untrusted.stdout, /^✗ network: .*TLS certificate of .* → .*--ca-file PATH or OAUTH_LOGIN_CA_FILE/m);
  const direct = await doctor(['corp', '--config', config], { ...proxyEnv(), no_proxy: 'corp.test' });
  assert.match(
    direct.stdout,
    new RegExp(
      `^✗ network: ${HOST}:${idp.port} directly: no_proxy entry "corp.test" matches; the CA file .*: The name ${HOST} does not resolve`,
      'm',
    ),
  );
});

test('credentials in HTTPS_PROXY never appear in any output', () => {
  assert.ok(transcript.length > 10);
  const basic = Buffer.from(`ada:${SECRET}`).toString('base64');
  for (const text of transcript) assert.ok(!text.includes(SECRET) && !text.includes(basic), text);
});
