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
    for (const key of [
      'issuer',
      'authorization_endpoint',
      'token_endpoint',
      'profile_url',
      'device_authorization_endpoint',
    ] as const) {
      const value = p[key];
      if (value && name !== 'demo') assert.match(value, /^https:\/\//, `${name}.${key}`);
    }
  });
}

test('the table holds the providers users ask for', () => {
  for (const name of ['google', 'github', 'facebook', 'microsoft', 'gitlab', 'oidc', 'demo'])
    assert.ok(name in PRESETS, name);
});
