import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from 'commander';
import { authParam } from '../../src/cli/options.js';
import { addAuthParam, authParamsOf, PROTOCOL_PARAMS } from '../../src/flows/auth-params.js';
import { authorizationUrl } from '../../src/flows/auth-request.js';
import { resolveProvider } from '../../src/providers/resolve.js';

const noConfig = { path: '/nonexistent/config.json', providers: {} };

test('--param refuses every protocol parameter, naming it', () => {
  for (const key of PROTOCOL_PARAMS) {
    const added = addAuthParam(`${key}=x`);
    assert.ok('refused' in added, key);
    assert.match(added.refused, new RegExp(`^"${key}" is set by oauth-login itself`));
  }
});

test('--param points at the flag to use instead, where there is one', () => {
  const cases = [
    ['scope=openid', /use --scope$/],
    ['redirect_uri=http://x', /use --redirect-uri or --port$/],
    ['client_id=abc', /use --client-id$/],
  ] as const;
  for (const [text, instead] of cases) {
    const added = addAuthParam(text);
    assert.ok('refused' in added && instead.test(added.refused), text);
  }
});

test('--param needs key=value with a plain key', () => {
  for (const text of ['novalue', '=x', 'a b=c', 'k\n=v', '']) {
    const added = addAuthParam(text);
    assert.ok('refused' in added, JSON.stringify(text));
    assert.match(added.refused, /expected key=value/);
  }
});

test('--param accumulates; the value keeps its own = signs; a repeated key keeps the last value', () => {
  let params = authParam('acr_values=urn:mfa');
  params = authParam('claims={"a":"b=c"}', params);
  params = authParam('acr_values=urn:pwd', params);
  params = authParam('empty=', params);
  assert.deepEqual(params, { acr_values: 'urn:pwd', claims: '{"a":"b=c"}', empty: '' });
});

test('commander sees a refused --param as an invalid argument with the reason', () => {
  assert.throws(
    () => authParam('nonce=1'),
    (err: unknown) => err instanceof InvalidArgumentError && /"nonce" is set by oauth-login itself/.test(err.message),
  );
});

test('--prompt and --login-hint become prompt and login_hint; --prompt wins over --param prompt', () => {
  assert.equal(authParamsOf({}), undefined);
  assert.deepEqual(
    authParamsOf({ prompt: 'login', loginHint: 'ada@example.test', param: { prompt: 'none', x: '1' } }),
    {
      prompt: 'login',
      login_hint: 'ada@example.test',
      x: '1',
    },
  );
});

test('the flags merge over a preset’s authorization_params instead of replacing them', () => {
  const { settings } = resolveProvider(
    'google',
    noConfig,
    {},
    { clientId: 'id', authParams: { prompt: 'select_account' } },
  );
  assert.deepEqual(settings.authorization_params, { access_type: 'offline', prompt: 'select_account' });
});

test('a chosen prompt replaces the prompt=consent that offline_access would add; protocol parameters stay ours', async () => {
  const secrets = { state: 'st', verifier: 'v'.repeat(43), nonce: 'n' };
  const settings = { client_id: 'c', scope: 'openid offline_access', authorization_params: { prompt: 'login' } };
  const chosen = new URL(await authorizationUrl('https://op.example/auth', settings, 'http://127.0.0.1/cb', secrets));
  assert.equal(chosen.searchParams.get('prompt'), 'login');
  const plain = { ...settings, authorization_params: {} };
  const added = new URL(await authorizationUrl('https://op.example/auth', plain, 'http://127.0.0.1/cb', secrets));
  assert.equal(added.searchParams.get('prompt'), 'consent');
});
