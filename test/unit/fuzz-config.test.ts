// Property tests of the config loader (src/providers/config.ts validateConfig/loadConfig) and what resolution makes
// of whatever it lets through: arbitrary JSON and arbitrary file bytes never crash, and every failure is a typed
// LoginError. FUZZ_RUNS scales the number of runs (scripts/fuzz.mjs).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { LoginError } from '../../src/errors.js';
import { loadConfig, validateConfig } from '../../src/providers/config.js';
import { resolveProvider } from '../../src/providers/resolve.js';
import { assertEndpointUrl } from '../../src/providers/urls.js';
import { tempDir } from '../support/tmp.js';

const RUNS = Number(process.env.FUZZ_RUNS) || 1;
const runs = (n: number) => ({
  numRuns: Math.ceil(n * RUNS),
  seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined,
});
const PATH = '/fuzz/config.json';

const KEYS = [
  'protocol',
  'title',
  'issuer',
  'tenant',
  'authorization_endpoint',
  'token_endpoint',
  'userinfo_endpoint',
  'device_authorization_endpoint',
  'revocation_endpoint',
  'profile_url',
  'emails_url',
  'scope',
  'client_id',
  'client_secret',
  'token_auth',
  'redirect_uri',
  'authorization_params',
  'profile',
  'register_url',
];
const TRAPS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** Either returns, or throws a LoginError with one of the given codes; anything else fails the property. */
function typed<T>(fn: () => T, codes: string[]): T | undefined {
  try {
    return fn();
  } catch (err) {
    assert.ok(err instanceof LoginError, `not a LoginError: ${(err as Error)?.stack ?? err}`);
    assert.ok(codes.includes(err.code), `unexpected code ${err.code}: ${err.message}`);
    assert.ok(err.message.length > 0);
    return undefined;
  }
}

// Values that get past the type checks (so resolution runs) as well as anything at all.
const plausible = fc.oneof(
  fc.constantFrom('oidc', 'oauth2', 'oauth1', 'none', 'client_secret_post', 'github', 'x', 'common'),
  fc.constantFrom('https://op.example', 'http://127.0.0.1:5055', 'http://evil.example', 'file:///etc/passwd'),
  fc.constantFrom('javascript:alert(1)', 'https://op.example/a$(id)', 'http://localhost:0/cb', 'http://[::1]:1/x'),
  fc.webUrl(),
  fc.string({ maxLength: 30 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const anyEntry = fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.constantFrom(...TRAPS), fc.string()), plausible, {
  maxKeys: 8,
});
// Close to a working entry (an issuer or endpoints and a client id), so resolution gets past its first checks.
const nearEntry = fc
  .record({ issuer: plausible, client_id: plausible, authorization_endpoint: plausible, token_endpoint: plausible })
  .chain((base) => anyEntry.map((extra) => ({ ...base, ...extra })));
const entry = fc.oneof(anyEntry, nearEntry);
const name = fc.oneof(fc.constantFrom('google', 'github', 'demo', 'corp', 'my-idp.dev', ...TRAPS), fc.string());
const config = fc.dictionary(name, fc.oneof(entry, fc.jsonValue({ maxDepth: 1 })), { maxKeys: 3 });

test('fuzz: validateConfig of any JSON value returns providers or throws config_invalid', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.jsonValue(),
        config.map((providers) => ({ providers })),
      ),
      (json) => {
        typed(() => validateConfig(PATH, json), ['config_invalid']);
      },
    ),
    runs(4000),
  );
});

let resolvedCount = 0;
test('fuzz: whatever validateConfig accepts, resolution returns a safe provider or a typed error', () => {
  fc.assert(
    fc.property(config, name, (providers, asked) => {
      const valid = typed(() => validateConfig(PATH, { providers }), ['config_invalid']);
      if (!valid) return;
      const picked = Object.keys(valid)[0] ?? asked;
      const resolved = typed(
        () => resolveProvider(picked, { path: PATH, providers: valid }, {}, {}),
        [
          'unknown_provider',
          'missing_client_id',
          'missing_issuer',
          'missing_endpoints',
          'invalid_url',
          'insecure_url',
          'unsafe_url',
          'invalid_redirect_uri',
        ],
      );
      if (!resolved) return;
      resolvedCount++;
      const s = resolved.settings;
      for (const url of [s.issuer, s.authorization_endpoint, s.token_endpoint, s.userinfo_endpoint, s.profile_url])
        if (url) assertEndpointUrl(url, 'resolved'); // https or loopback http, no shell metacharacters
      assert.equal(Object.getPrototypeOf(s), Object.prototype, 'no prototype pollution');
    }),
    runs(4000),
  );
  assert.equal(({} as Record<string, unknown>).client_id, undefined, 'Object.prototype untouched');
  assert.ok(resolvedCount > 0, 'some configs resolve: the property reaches past the first checks');
});

test('fuzz: loadConfig of any file content returns providers or throws config_invalid', () => {
  const file = join(tempDir('oauth-login-fuzz-'), 'config.json');
  // Raw JSON text with trap keys as own properties ("__proto__" only becomes one through JSON.parse).
  const trapText = fc
    .array(fc.tuple(fc.constantFrom(...TRAPS, ...KEYS, 'providers'), fc.jsonValue({ maxDepth: 2 })), { maxLength: 4 })
    .map((pairs) => `{"providers":{"corp":{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)}}}}`);
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.json(),
    config.map((providers) => JSON.stringify({ providers })),
    trapText,
    trapText.map((t) => `\uFEFF${t}`),
    fc.nat({ max: 20_000 }).map((n) => '['.repeat(n)),
    fc.nat({ max: 5_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
  );
  fc.assert(
    fc.property(text, (content) => {
      writeFileSync(file, content);
      typed(() => loadConfig(file, {}), ['config_invalid']);
    }),
    runs(1000),
  );
});
