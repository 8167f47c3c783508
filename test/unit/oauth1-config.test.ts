import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateConfig } from '../../src/providers/config.js';
import { resolveProvider } from '../../src/providers/resolve.js';

const endpoints = {
  request_token_url: 'https://api.example/oauth/request_token',
  authorize_url: 'https://api.example/oauth/authorize',
  access_token_url: 'https://api.example/oauth/access_token',
  profile_url: 'https://api.example/me.json',
};
const withEntry = (entry: Record<string, unknown>) => ({
  path: '/cfg.json',
  providers: validateConfig('/cfg.json', { providers: { legacy: entry } }),
});

test('any OAuth 1.0a provider can be configured: protocol oauth1 and the four endpoint keys', () => {
  const p = resolveProvider('legacy', withEntry({ protocol: 'oauth1', client_id: 'k', ...endpoints }), {}, {});
  assert.equal(p.settings.protocol, 'oauth1');
  assert.equal(p.settings.request_token_url, endpoints.request_token_url);
  assert.equal(p.settings.scope, '', 'OAuth 1.0a has no scopes, so no default "openid"');
});

for (const key of Object.keys(endpoints)) {
  test(`an oauth1 entry without ${key} is refused, naming it`, () => {
    const entry: Record<string, unknown> = { protocol: 'oauth1', client_id: 'k', ...endpoints };
    delete entry[key];
    assert.throws(
      () => resolveProvider('legacy', withEntry(entry), {}, {}),
      (err: Error & { code: string }) => {
        assert.equal(err.code, 'missing_endpoints');
        assert.match(err.message, new RegExp(`OAuth 1\\.0a but has no ${key}`));
        return true;
      },
    );
  });
}

test('OAuth 1.0a endpoints must be https (plain http only on loopback) and strings', () => {
  const entry = { protocol: 'oauth1', client_id: 'k', ...endpoints, access_token_url: 'http://api.example/at' };
  assert.throws(() => resolveProvider('legacy', withEntry(entry), {}, {}), { code: 'insecure_url' });
  const local = { ...entry, access_token_url: 'http://127.0.0.1:8080/at' };
  assert.equal(resolveProvider('legacy', withEntry(local), {}, {}).settings.access_token_url, local.access_token_url);
  assert.throws(
    () => withEntry({ request_token_url: 7 }),
    /"providers\.legacy\.request_token_url" must be a non-empty string/,
  );
});

test('twitter takes its consumer key and secret from the usual flags, env and config', () => {
  const env = { OAUTH_LOGIN_TWITTER_CLIENT_ID: 'env-key', OAUTH_LOGIN_TWITTER_CLIENT_SECRET: 'env-secret' };
  const empty = { path: '/c', providers: {} };
  const fromEnv = resolveProvider('twitter', empty, env, {});
  assert.deepEqual([fromEnv.settings.client_id, fromEnv.settings.client_secret], ['env-key', 'env-secret']);
  const fromFlags = resolveProvider('twitter', empty, env, { clientId: 'flag-key', clientSecret: 'stdin-secret' });
  assert.deepEqual([fromFlags.settings.client_id, fromFlags.settings.client_secret], ['flag-key', 'stdin-secret']);
  const config = {
    path: '/c',
    providers: { twitter: { client_id: 'cfg-key', authorize_url: 'https://api.twitter.com/oauth/authenticate' } },
  };
  const fromConfig = resolveProvider('twitter', config, {}, {});
  assert.equal(fromConfig.settings.client_id, 'cfg-key');
  assert.equal(
    fromConfig.settings.authorize_url,
    'https://api.twitter.com/oauth/authenticate',
    'authenticate instead of authorize',
  );
  assert.equal(fromConfig.settings.request_token_url, 'https://api.twitter.com/oauth/request_token', 'the rest stays');
});

test('twitter without a consumer key says which key is meant and where to register', () => {
  assert.throws(
    () => resolveProvider('twitter', { path: '/c', providers: {} }, {}, {}),
    (err: Error & { code: string; hint: string }) => {
      assert.equal(err.code, 'missing_client_id');
      assert.match(err.message, /consumer key/);
      assert.match(err.hint, /developer\.x\.com/);
      assert.match(err.hint, /OAUTH_LOGIN_TWITTER_CLIENT_ID/);
      return true;
    },
  );
});
