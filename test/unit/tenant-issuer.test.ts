import assert from 'node:assert/strict';
import { test } from 'node:test';
import { issuerForTokenResponse } from '../../src/flows/tenant-issuer.js';
import { resolveProvider } from '../../src/providers/resolve.js';
import type { ResolvedSettings } from '../../src/providers/types.js';

const TEMPLATE = 'https://login.microsoftonline.com/{tenantid}/v2.0';
const TID = '9188040d-6c67-4c5b-b112-36a304b66dad';
const jwt = (payload: object) => `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;
const tokenResponse = (payload: object) =>
  new Response(JSON.stringify({ id_token: jwt(payload), access_token: 'a', token_type: 'bearer' }));

const discoveryIssuer = (settings: ResolvedSettings) =>
  settings.protocol === 'oidc' ? settings.discovery_issuer : 'not oidc';

test('microsoft common discovers the templated issuer; a named tenant does not', () => {
  const empty = { path: '/c', providers: {} };
  assert.equal(discoveryIssuer(resolveProvider('microsoft', empty, {}, { clientId: 'x' }).settings), TEMPLATE);
  assert.equal(
    discoveryIssuer(resolveProvider('microsoft', empty, {}, { clientId: 'x', tenant: 'organizations' }).settings),
    TEMPLATE,
  );
  assert.equal(
    discoveryIssuer(resolveProvider('microsoft', empty, {}, { clientId: 'x', tenant: TID }).settings),
    undefined,
  );
});

test('the expected issuer is the template filled with the ID token tid, and the response stays readable', async () => {
  const response = tokenResponse({ tid: TID });
  const as = await issuerForTokenResponse({ issuer: TEMPLATE }, response);
  assert.equal(as.issuer, `https://login.microsoftonline.com/${TID}/v2.0`);
  assert.equal((await response.json()).access_token, 'a');
});

test('a missing or malformed tid is refused', async () => {
  await assert.rejects(issuerForTokenResponse({ issuer: TEMPLATE }, tokenResponse({})), { code: 'invalid_response' });
  await assert.rejects(issuerForTokenResponse({ issuer: TEMPLATE }, tokenResponse({ tid: '../evil' })), {
    code: 'invalid_response',
  });
});

test('ordinary issuers are left alone', async () => {
  const as = { issuer: 'https://accounts.google.com' };
  assert.equal(await issuerForTokenResponse(as, tokenResponse({ tid: TID })), as);
});
