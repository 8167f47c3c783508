import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { rootCertificates } from 'node:tls';
import { chooseCaFile, defaultRoots, readCaFile, storedCaFile } from '../../src/network/ca.js';
import { networkError } from '../../src/network/errors.js';
import { readProxyEnv, routeFor } from '../../src/network/proxy.js';
import { tempDir } from '../support/tmp.js';

const url = new URL('https://idp.corp.test:8443/token');
const proxies = readProxyEnv({ HTTPS_PROXY: 'http://ada:secret@proxy.corp:3128', NO_PROXY: '.direct.test' });
const viaProxy = { url, what: 'the token request', route: routeFor(url, proxies) };
/** What fetch throws: TypeError('fetch failed') around undici's error around the socket's. */
const fetchFailed = (inner: object) => new TypeError('fetch failed', { cause: Object.assign(new Error('x'), inner) });

test('TLS failures: which one it is, and the fix (--ca-file / OAUTH_LOGIN_CA_FILE) for an untrusted CA', () => {
  const cases: [string, string, RegExp][] = [
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls_self_signed', /--ca-file PATH or OAUTH_LOGIN_CA_FILE/],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls_self_signed', /--ca-file PATH or OAUTH_LOGIN_CA_FILE/],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'tls_unknown_issuer', /--ca-file PATH or OAUTH_LOGIN_CA_FILE/],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls_unknown_issuer', /--ca-file PATH or OAUTH_LOGIN_CA_FILE/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls_hostname_mismatch', /a CA file cannot fix/],
    ['CERT_HAS_EXPIRED', 'tls_cert_expired', /clock/],
  ];
  for (const [code, expected, hint] of cases) {
    const err = networkError(fetchFailed({ code }), viaProxy, 30_000);
    assert.equal(err.code, expected, code);
    assert.match(
      err.message,
      new RegExp(`^The TLS certificate of idp\\.corp\\.test:8443 .*\\(${code}\\) during the token request\\.$`),
    );
    assert.match(err.hint ?? '', hint, code);
  }
  const ca = { path: '/etc/corp/ca.pem', source: '--ca-file' };
  const withCa = networkError(fetchFailed({ code: 'SELF_SIGNED_CERT_IN_CHAIN' }), { ...viaProxy, ca }, 30_000);
  assert.match(withCa.message, /even with the CA file \/etc\/corp\/ca\.pem from --ca-file/);
});

test('a proxy refusing CONNECT: 407 asks for credentials, 403 names the host; the password never shows', () => {
  const refused = (status: number) =>
    networkError(
      fetchFailed({ cause: new Error(`Proxy response (${status}) !== 200 when HTTP Tunneling`) }),
      viaProxy,
      1,
    );
  const auth = refused(407);
  assert.equal(auth.code, 'proxy_auth_required');
  assert.match(
    auth.message,
    /^The proxy http:\/\/\*\*\*@proxy\.corp:3128 \(HTTPS_PROXY\) answered 407 .*credentials missing or wrong/,
  );
  const forbidden = refused(403);
  assert.equal(forbidden.code, 'proxy_refused');
  assert.match(forbidden.message, /refused the tunnel to idp\.corp\.test:8443 \(HTTP 403\)/);
  for (const e of [auth, forbidden, refused(503)]) assert.ok(!`${e.message}${e.hint}`.includes('secret'));
});

test('a name that does not resolve says so, and names the NO_PROXY entry that sent it past the proxy', () => {
  const direct = new URL('https://idp.direct.test/');
  const err = networkError(
    fetchFailed({ code: 'ENOTFOUND' }),
    { url: direct, what: 'discovery', route: routeFor(direct, proxies) },
    1,
  );
  assert.equal(err.code, 'host_not_found');
  assert.equal(err.message, 'The name idp.direct.test does not resolve (ENOTFOUND) during discovery.');
  assert.match(err.hint ?? '', /NO_PROXY entry "\.direct\.test"/);
  const refused = networkError(
    fetchFailed({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.1:3128' }),
    viaProxy,
    1,
  );
  assert.equal(
    refused.message,
    'Could not reach the proxy http://***@proxy.corp:3128 (HTTPS_PROXY) during the token request: connect ECONNREFUSED 10.0.0.1:3128',
  );
  const slow = networkError(fetchFailed({ code: 'UND_ERR_CONNECT_TIMEOUT' }), viaProxy, 2500);
  assert.equal(slow.code, 'network_timeout');
  assert.match(slow.message, /within 2\.5 s through the proxy http:\/\/\*\*\*@proxy\.corp:3128/);
});

test('CA file: the flag, then OAUTH_LOGIN_CA_FILE, then the stored login; unreadable or non-PEM files are named', () => {
  const dir = tempDir('ca-test-');
  const good = join(dir, 'good.pem');
  writeFileSync(good, `# corp roots\n${rootCertificates[0]}\n${rootCertificates[1]}\n`);
  assert.equal(readCaFile({ path: good, source: '--ca-file' }).length, 2);
  const login = { provider: 'corp', account: 'ada', ca_file: good };
  assert.deepEqual(storedCaFile(undefined, {}, login), { path: good, source: 'the stored login corp (ada)' });
  assert.equal(storedCaFile('/x.pem', { OAUTH_LOGIN_CA_FILE: '/y.pem' }, login)?.source, '--ca-file');
  assert.equal(storedCaFile(undefined, { OAUTH_LOGIN_CA_FILE: '/y.pem' }, login)?.path, '/y.pem');
  assert.equal(chooseCaFile(undefined, {}), undefined);
  const broken = join(dir, 'broken.pem');
  writeFileSync(broken, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n');
  writeFileSync(join(dir, 'text.pem'), 'hello\n');
  const cases: [string, RegExp][] = [
    [join(dir, 'missing.pem'), /cannot be read \(ENOENT\)/],
    [join(dir, 'text.pem'), /holds no PEM certificate/],
    [broken, /holds a certificate that does not parse/],
  ];
  for (const [path, why] of cases) {
    assert.throws(
      () => readCaFile({ path, source: 'OAUTH_LOGIN_CA_FILE' }),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'ca_file_invalid');
        assert.match(e.message, new RegExp(`^The CA file ${path} \\(from OAUTH_LOGIN_CA_FILE\\) `));
        assert.match(e.message, why);
        return true;
      },
    );
  }
});

test("a private CA is added to Node's roots and NODE_EXTRA_CA_CERTS, never in their place", () => {
  const dir = tempDir('ca-test-');
  const extra = join(dir, 'extra.pem');
  const pem = rootCertificates[2] as string;
  writeFileSync(extra, pem);
  const roots = defaultRoots({ NODE_EXTRA_CA_CERTS: extra });
  for (const root of rootCertificates) assert.ok(roots.includes(root));
  // Node ≥ 22.15 reads NODE_EXTRA_CA_CERTS itself at start-up (getCACertificates); before that we read it here.
  if (process.versions.node.startsWith('20.')) assert.equal(roots.length, rootCertificates.length + 1);
});

test('a refused connection on loopback is a provider that is not running, and the hint says how to start the demo one', () => {
  const local = new URL('http://127.0.0.1:5055/.well-known/openid-configuration');
  const refused = networkError(
    fetchFailed({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5055' }),
    { url: local, what: 'OpenID discovery', route: routeFor(local, readProxyEnv({})) },
    1,
  );
  assert.equal(
    refused.hint,
    'Nothing listens at http://127.0.0.1:5055: start the provider first (for the demo preset: oauth-login demo-provider).',
  );
  const remote = new URL('https://idp.example/');
  const elsewhere = networkError(
    fetchFailed({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 192.0.2.1:443' }),
    { url: remote, what: 'OpenID discovery', route: routeFor(remote, readProxyEnv({})) },
    1,
  );
  assert.equal(elsewhere.hint, 'Check your network connection, the provider URL and any proxy settings.');
});
