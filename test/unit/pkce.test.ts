import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as oauth from 'oauth4webapi';

test('S256 code challenge matches RFC 7636 Appendix B', async () => {
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  assert.equal(await oauth.calculatePKCECodeChallenge(verifier), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
});

test('code verifiers are fresh and within RFC 7636 length and alphabet', () => {
  const a = oauth.generateRandomCodeVerifier();
  const b = oauth.generateRandomCodeVerifier();
  assert.notEqual(a, b);
  assert.match(a, /^[A-Za-z0-9\-._~]{43,128}$/);
});
