import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateConfig } from '../../src/providers/config.js';
import { PRESETS } from '../../src/providers/presets.js';
import type { ProviderSettings } from '../../src/providers/types.js';

const presets = Object.entries(PRESETS) as [string, ProviderSettings][];

test('every preset passes the same validation as a config-file entry', () => {
  assert.doesNotThrow(() => validateConfig('presets', { providers: PRESETS }));
});

for (const [name, p] of presets) {
  test(`preset ${name}: no secrets, complete for its protocol, safe URLs`, () => {
    assert.equal(p.client_secret, undefined);
    if (p.protocol === 'oidc' && name !== 'oidc') assert.ok(p.issuer, 'OIDC presets need an issuer');
    if (p.protocol === 'oauth2') {
      assert.ok(
        p.authorization_endpoint && p.token_endpoint && p.profile_url && p.profile,
        'OAuth 2.0 presets need endpoints and a profile mapping',
      );
    }
    if (p.protocol === 'oauth1') {
      assert.ok(
        p.request_token_url && p.authorize_url && p.access_token_url && p.profile_url && p.profile,
        'OAuth 1.0a presets need the three RFC 5849 endpoints, a profile URL and a profile mapping',
      );
    }
    for (const key of [
      'issuer',
      'authorization_endpoint',
      'token_endpoint',
      'profile_url',
      'device_authorization_endpoint',
      'revocation_endpoint',
      'request_token_url',
      'authorize_url',
      'access_token_url',
    ] as const) {
      const value = p[key];
      if (value && name !== 'demo') assert.match(value, /^https:\/\//, `${name}.${key}`);
    }
  });
}

test('the table holds the providers users ask for', () => {
  for (const name of ['google', 'github', 'facebook', 'twitter', 'x', 'microsoft', 'gitlab', 'oidc', 'demo'])
    assert.ok(name in PRESETS, name);
});

test('twitter is OAuth 1.0a at api.twitter.com; x is OAuth 2.0 with PKCE at x.com / api.x.com', () => {
  assert.equal(PRESETS.twitter.protocol, 'oauth1');
  assert.equal(PRESETS.twitter.request_token_url, 'https://api.twitter.com/oauth/request_token');
  assert.match(PRESETS.twitter.profile_url, /account\/verify_credentials\.json\?include_email=true$/);
  assert.equal(PRESETS.x.protocol, 'oauth2');
  assert.equal(PRESETS.x.authorization_endpoint, 'https://x.com/i/oauth2/authorize');
  assert.equal(PRESETS.x.token_endpoint, 'https://api.x.com/2/oauth2/token');
  assert.equal(PRESETS.x.profile_url, 'https://api.x.com/2/users/me?user.fields=profile_image_url');
  assert.equal(PRESETS.x.scope, 'users.read tweet.read offline.access');
  assert.equal(PRESETS.x.profile, 'x');
});
