import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noProxyMatches, readProxyEnv, redact, routeFor } from '../../src/network/proxy.js';

const PROXY = { HTTPS_PROXY: 'http://proxy.corp:3128' };

/** [NO_PROXY, URL, the entry that must match (undefined: the request goes through the proxy)]. */
const TABLE: [string, string, string | undefined][] = [
  ['', 'https://idp.corp.test/', undefined],
  ['*', 'https://idp.corp.test/', '*'],
  ['corp.test', 'https://corp.test/', 'corp.test'],
  ['corp.test', 'https://idp.corp.test/', 'corp.test'],
  ['.corp.test', 'https://idp.corp.test/', '.corp.test'],
  ['.corp.test', 'https://corp.test/', '.corp.test'],
  ['*.corp.test', 'https://a.b.corp.test/', '*.corp.test'],
  ['corp.test', 'https://notcorp.test/', undefined],
  ['corp.test', 'https://corp.test.evil/', undefined],
  ['IDP.Corp.Test', 'https://idp.corp.test./', 'idp.corp.test'],
  ['other.example, idp.corp.test:8443', 'https://idp.corp.test:8443/', 'idp.corp.test:8443'],
  ['idp.corp.test:8443', 'https://idp.corp.test/', undefined],
  ['idp.corp.test:443', 'https://idp.corp.test/', 'idp.corp.test:443'],
  ['10.1.2.3', 'https://10.1.2.3/', '10.1.2.3'],
  ['10.1.2.3', 'https://10.1.2.4/', undefined],
  ['10.0.0.0/8', 'https://10.200.3.4/', '10.0.0.0/8'],
  ['10.0.0.0/8', 'https://11.0.0.1/', undefined],
  ['10.0.0.0/8', 'https://ten.example/', undefined],
  ['fd00::/8', 'https://[fd12::1]/', 'fd00::/8'],
  ['[fd12::1]', 'https://[fd12::1]/', '[fd12::1]'],
  ['3.4', 'https://1.2.3.4/', undefined],
];

test('NO_PROXY: hosts, domain suffixes (with or without a dot), *, host:port, IP literals, CIDR', () => {
  for (const [noProxy, url, entry] of TABLE) {
    const route = routeFor(new URL(url), readProxyEnv({ ...PROXY, NO_PROXY: noProxy }));
    const got = route.kind === 'direct' && route.why === 'no_proxy' ? route.entry : undefined;
    assert.equal(got, entry, `NO_PROXY=${noProxy} ${url}`);
    if (entry === undefined) assert.equal(route.kind, 'proxy', `NO_PROXY=${noProxy} ${url}`);
  }
});

test('loopback is never proxied, whatever the variables say', () => {
  const proxies = readProxyEnv({ ...PROXY, HTTP_PROXY: 'http://proxy.corp:3128' });
  for (const url of [
    'http://127.0.0.1:5000/',
    'https://127.9.9.9/',
    'http://[::1]:80/',
    'https://localhost/',
    'http://a.localhost/',
  ])
    assert.deepEqual(routeFor(new URL(url), proxies), { kind: 'direct', why: 'loopback' }, url);
});

test('the variable for the scheme: https_proxy before HTTPS_PROXY; https never falls back to HTTP_PROXY', () => {
  const both = readProxyEnv({ https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' });
  const route = routeFor(new URL('https://op.example/'), both);
  assert.equal(route.kind === 'proxy' && `${route.proxy.variable} ${route.proxy.url.host}`, 'https_proxy lower:1');
  const httpOnly = readProxyEnv({ HTTP_PROXY: 'http://p:1' });
  assert.deepEqual(routeFor(new URL('https://op.example/'), httpOnly), {
    kind: 'direct',
    why: 'unset',
    variable: 'HTTPS_PROXY',
  });
  assert.equal(routeFor(new URL('http://op.example/'), httpOnly).kind, 'proxy');
  const lowerNo = readProxyEnv({ ...PROXY, no_proxy: 'op.example', NO_PROXY: '' });
  assert.deepEqual(routeFor(new URL('https://op.example/'), lowerNo), {
    kind: 'direct',
    why: 'no_proxy',
    entry: 'op.example',
    variable: 'no_proxy',
  });
});

test('credentials become Proxy-Authorization and are never printed; a bare host:port is an http proxy', () => {
  const { https } = readProxyEnv({ HTTPS_PROXY: 'http://ada:p%40ss%3Aword@proxy.corp:3128' });
  assert.equal(https?.authorization, `Basic ${Buffer.from('ada:p@ss:word').toString('base64')}`);
  assert.equal(https?.url.href, 'http://proxy.corp:3128/');
  assert.equal(https && redact(https), 'http://***@proxy.corp:3128');
  const bare = readProxyEnv({ HTTPS_PROXY: 'proxy.corp:8080' }).https;
  assert.equal(bare && redact(bare), 'http://proxy.corp:8080');
});

test('a malformed proxy URL is an error naming the variable, never quoting its value', () => {
  for (const value of [
    'http://user:secret@',
    'socks5://user:secret@proxy:1080',
    'http://u:%zz@proxy:1',
    'ftp://secret@x',
  ]) {
    assert.throws(
      () => readProxyEnv({ https_proxy: value }),
      (err: Error & { code?: string; hint?: string }) => {
        assert.equal(err.code, 'proxy_invalid');
        assert.match(err.message, /^https_proxy is not a proxy URL/);
        assert.ok(!`${err.message} ${err.hint}`.includes('secret'), value);
        return true;
      },
    );
  }
});

test('noProxyMatches refuses what is not an entry', () => {
  assert.equal(noProxyMatches('a:b:c', 'a', '443'), false);
  assert.equal(noProxyMatches('10.0.0.0/99', '10.0.0.1', '443'), false);
});
