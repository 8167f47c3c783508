import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { providerCaFile } from '../../src/network/ca.js';
import { configPath, loadConfig, validateConfig } from '../../src/providers/config.js';
import { envPrefix } from '../../src/providers/env-prefix.js';
import { resolveProvider } from '../../src/providers/resolve.js';
import { tempDir } from '../support/tmp.js';

const empty = { path: '/cfg.json', providers: {} };

function writeConfig(json: unknown): string {
  const file = join(tempDir('cfg-'), 'config.json');
  writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json));
  return file;
}

test('env prefix upper-cases the name and turns non-alphanumerics into _', () => {
  assert.equal(envPrefix('my-idp.dev'), 'OAUTH_LOGIN_MY_IDP_DEV_');
});

test('precedence: preset ← config file ← env ← flags, field by field', () => {
  const config = { path: '/c', providers: { google: { client_id: 'from-config', scope: 'openid config' } } };
  const env = { OAUTH_LOGIN_GOOGLE_CLIENT_ID: 'from-env' };
  const a = resolveProvider('google', config, {}, {});
  assert.equal(a.settings.client_id, 'from-config');
  assert.equal(a.settings.scope, 'openid config');
  assert.equal(a.settings.issuer, 'https://accounts.google.com', 'preset field survives a partial override');
  assert.equal(resolveProvider('google', config, env, {}).settings.client_id, 'from-env');
  assert.equal(resolveProvider('google', config, env, { clientId: 'from-flag' }).settings.client_id, 'from-flag');
  assert.equal(resolveProvider('google', config, env, { scope: 'openid' }).settings.scope, 'openid');
});

test('the client secret comes from env or config, never from an argv flag', () => {
  const env = { OAUTH_LOGIN_GITHUB_CLIENT_ID: 'id', OAUTH_LOGIN_GITHUB_CLIENT_SECRET: 's3cret' };
  assert.equal(resolveProvider('github', empty, env, {}).settings.client_secret, 's3cret');
});

test('default redirect URI is http://localhost:5000/callback; --port and --redirect-uri change it', () => {
  const flags = { clientId: 'x' };
  assert.equal(resolveProvider('google', empty, {}, flags).settings.redirect_uri, 'http://localhost:5000/callback');
  assert.equal(
    resolveProvider('google', empty, {}, { ...flags, port: 8123 }).settings.redirect_uri,
    'http://localhost:8123/callback',
  );
  assert.equal(
    resolveProvider('google', empty, {}, { ...flags, redirectUri: 'http://127.0.0.1:9/cb' }).settings.redirect_uri,
    'http://127.0.0.1:9/cb',
  );
});

test('a missing client id names where to register and which redirect URI to register', () => {
  assert.throws(
    () => resolveProvider('github', empty, {}, {}),
    (err: Error & { code: string; hint: string }) => {
      assert.equal(err.code, 'missing_client_id');
      assert.match(err.hint, /github\.com\/settings\/developers/);
      assert.match(err.hint, /http:\/\/localhost:5000\/callback/);
      assert.match(err.hint, /OAUTH_LOGIN_GITHUB_CLIENT_ID/);
      return true;
    },
  );
});

test('an unknown name needs --issuer; with it, it is any OpenID Provider', () => {
  assert.throws(() => resolveProvider('acme', empty, {}, { clientId: 'x' }), { code: 'unknown_provider' });
  const p = resolveProvider('acme', empty, {}, { clientId: 'x', issuer: 'https://id.acme.example' });
  assert.equal(p.settings.protocol, 'oidc');
  assert.equal(p.settings.issuer, 'https://id.acme.example');
});

test('microsoft fills {tenant}: common by default, --tenant to change', () => {
  assert.equal(
    resolveProvider('microsoft', empty, {}, { clientId: 'x' }).settings.issuer,
    'https://login.microsoftonline.com/common/v2.0',
  );
  assert.equal(
    resolveProvider('microsoft', empty, {}, { clientId: 'x', tenant: 'contoso.example' }).settings.issuer,
    'https://login.microsoftonline.com/contoso.example/v2.0',
  );
});

for (const [what, flags] of [
  ['plain-http issuer on a public host', { issuer: 'http://id.example.com' }],
  ['file: issuer', { issuer: 'file:///etc/passwd' }],
  ['non-loopback redirect URI', { redirectUri: 'http://192.0.2.1:5000/callback' }],
  ['https redirect URI', { redirectUri: 'https://localhost:5000/callback' }],
] as const) {
  test(`refused: ${what}`, () => {
    assert.throws(
      () => resolveProvider('acme', empty, {}, { clientId: 'x', ...{ issuer: 'https://ok.example' }, ...flags }),
      (err: Error) => {
        assert.match((err as Error & { code: string }).code, /insecure_url|invalid_url|invalid_redirect_uri/);
        return true;
      },
    );
  });
}

test('plain http is accepted on loopback issuers (127.0.0.0/8, ::1, localhost)', () => {
  for (const issuer of ['http://127.0.0.1:4000', 'http://127.8.9.10', 'http://[::1]:4000', 'http://localhost:4000']) {
    assert.equal(resolveProvider('acme', empty, {}, { clientId: 'x', issuer }).settings.issuer, issuer);
  }
});

test('config path: --config ← $OAUTH_LOGIN_CONFIG ← $XDG_CONFIG_HOME ← ~/.config', () => {
  assert.equal(configPath('/a.json', { OAUTH_LOGIN_CONFIG: '/b.json' }).path, '/a.json');
  assert.equal(configPath(undefined, { OAUTH_LOGIN_CONFIG: '/b.json' }).path, '/b.json');
  assert.equal(configPath(undefined, { XDG_CONFIG_HOME: '/x' }).path, '/x/oauth-login/config.json');
  assert.match(configPath(undefined, {}).path, /\.config\/oauth-login\/config\.json$/);
});

test('a missing default config file is an empty config; a missing explicit one is an error', () => {
  assert.deepEqual(loadConfig(undefined, { XDG_CONFIG_HOME: '/nonexistent' }).providers, {});
  assert.throws(() => loadConfig('/nonexistent/config.json', {}), { code: 'config_unreadable' });
});

test('a config entry with a preset name overrides that preset; a new name adds a provider', () => {
  const file = writeConfig({
    providers: {
      gitlab: { issuer: 'https://gitlab.example.org', client_id: 'g' },
      corp: {
        protocol: 'oauth2',
        authorization_endpoint: 'https://corp.example/a',
        token_endpoint: 'https://corp.example/t',
        client_id: 'c',
        profile_url: 'https://corp.example/me',
      },
    },
  });
  const config = loadConfig(file, {});
  assert.equal(resolveProvider('gitlab', config, {}, {}).settings.issuer, 'https://gitlab.example.org');
  assert.equal(resolveProvider('corp', config, {}, {}).settings.protocol, 'oauth2');
});

for (const [json, key, expected] of [
  ['{not json', '(file)', 'valid JSON'],
  [[], '(top level)', 'an object'],
  [{ providers: [] }, 'providers', 'an object of provider entries'],
  [{ provider: {} }, 'provider', 'absent'],
  [{ providers: { x: 'y' } }, 'providers.x', 'an object'],
  [{ providers: { x: { protocol: 'saml' } } }, 'providers.x.protocol', 'one of "oidc", "oauth2", "oauth1"'],
  [{ providers: { x: { client_id: 7 } } }, 'providers.x.client_id', 'a non-empty string'],
  [{ providers: { x: { clientid: 'a' } } }, 'providers.x.clientid', 'a known key: "client_id" (the closest known key)'],
  [{ providers: { x: { clientId: 'a' } } }, 'providers.x.clientId', 'a known key: "client_id"'],
  [{ providers: { x: { colour: 'a' } } }, 'providers.x.colour', 'a known key: one of protocol, title, issuer'],
  ['{\n  "providers": {}\n  "x": 1\n}', '(file)', '(line 3 column 3)'],
  [
    { providers: { x: { authorization_params: { a: 1 } } } },
    'providers.x.authorization_params',
    'an object of string values',
  ],
] as const) {
  test(`invalid config names the file, the key "${key}" and what is expected`, () => {
    const file = writeConfig(json);
    assert.throws(
      () => loadConfig(file, {}),
      (err: Error & { code: string }) => {
        assert.equal(err.code, 'config_invalid');
        assert.ok(err.message.includes(file), err.message);
        assert.ok(err.message.includes(`"${key}"`), err.message);
        assert.ok(err.message.includes(expected), err.message);
        return true;
      },
    );
  });
}

test('validateConfig accepts an empty file object', () => {
  assert.deepEqual(validateConfig('/c', {}), {});
});

test('every URL that gets a token must be https: emails_url included', () => {
  const config = {
    path: '/c',
    providers: {
      corp: {
        protocol: 'oauth2',
        authorization_endpoint: 'https://a.example/a',
        token_endpoint: 'https://a.example/t',
        profile_url: 'https://a.example/me',
        emails_url: 'http://a.example/emails',
        client_id: 'x',
      },
    },
  } as never;
  assert.throws(() => resolveProvider('corp', config, {}, {}), { code: 'insecure_url' });
});

test('"ca_file" is a config key, resolved relative to the config file; --ca-file and OAUTH_LOGIN_CA_FILE win', () => {
  const file = writeConfig({
    providers: { corp: { issuer: 'https://sso.corp.example', client_id: 'x', ca_file: 'corp-ca.pem' } },
  });
  const provider = resolveProvider('corp', loadConfig(file, {}), {}, {});
  assert.equal(provider.settings.ca_file, join(dirname(file), 'corp-ca.pem'));
  assert.deepEqual(providerCaFile(undefined, {}, provider), {
    path: join(dirname(file), 'corp-ca.pem'),
    source: '"ca_file" of corp in the config',
  });
  assert.equal(providerCaFile(undefined, { OAUTH_LOGIN_CA_FILE: '/env.pem' }, provider)?.source, 'OAUTH_LOGIN_CA_FILE');
  assert.equal(providerCaFile('/flag.pem', { OAUTH_LOGIN_CA_FILE: '/env.pem' }, provider)?.path, '/flag.pem');
  assert.throws(
    () => validateConfig('/c', { providers: { corp: { ca_file: 3 } } }),
    /"providers\.corp\.ca_file" must be a non-empty string/,
  );
});
