// git's credential helper protocol (git-credential(1), gitcredentials(7)) as `oauth-login git-credential` reads and
// answers it: unknown keys ignored, repeated keys kept, no value that could add lines of its own to the answer.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import type { LoginError } from '../../src/errors.js';
import { parseGitHost, requestAllowed } from '../../src/integrations/git-host.js';
import {
  formatCredential,
  MAX_REQUEST_BYTES,
  parseCredentialRequest,
  readCredentialRequest,
} from '../../src/integrations/git-protocol.js';

test('a request of a current git: capability[] and wwwauth[] kept in order, unknown keys ignored', () => {
  const request = parseCredentialRequest(
    [
      'capability[]=authtype',
      'capability[]=state',
      'protocol=https',
      'host=git.example.com:8443',
      'path=team/repo.git',
      'wwwauth[]=Basic realm="git"',
      'wwwauth[]=Bearer realm="x", error="invalid_token"',
      'state[]=helper:1',
      'a-key-of-git-3.0=whatever',
      '',
      'protocol=http',
    ].join('\n'),
  );
  assert.deepEqual(request, {
    protocol: 'https',
    host: 'git.example.com:8443',
    path: 'team/repo.git',
    capability: ['authtype', 'state'],
    wwwauth: ['Basic realm="git"', 'Bearer realm="x", error="invalid_token"'],
  });
});

test('url= stands for its parts; CRLF line ends and EOF without a blank line are accepted; "=" may be in a value', () => {
  assert.deepEqual(parseCredentialRequest('url=https://ada@git.example.com/a%20b/repo.git\r\npassword=x=y=z'), {
    protocol: 'https',
    host: 'git.example.com',
    path: 'a b/repo.git',
    username: 'ada',
    password: 'x=y=z',
    capability: [],
    wwwauth: [],
  });
});

test('a line that is not key=value, or holds NUL, is refused, quoted without its control characters', () => {
  for (const line of ['no equals sign \u001b[31mred', '=value without key', 'host=a\u0000b']) {
    assert.throws(
      () => parseCredentialRequest(`protocol=https\n${line}\n\n`),
      (err: LoginError) => {
        assert.equal(err.code, 'invalid_credential_request');
        assert.ok(!err.message.includes('\u0000') && !err.message.includes('\u001b'), err.message);
        return true;
      },
    );
  }
});

test('control characters inside a value from git are kept as data (they are never printed)', () => {
  assert.equal(parseCredentialRequest('path=a\u001b[2Jb\tc\n').path, 'a\u001b[2Jb\tc');
});

test('row 40: the answer is key=value lines; a token with a newline or another control character is refused, never sent', () => {
  assert.equal(
    formatCredential([
      ['username', 'x-access-token'],
      ['password', 'gho_abc'],
    ]),
    'username=x-access-token\npassword=gho_abc\n',
  );
  for (const token of ['abc\nhost=evil.example', 'abc\rquit=1', 'a\u0000b', 'a\u001bb', 'a\u007fb']) {
    assert.throws(() => formatCredential([['password', token]]), { code: 'unsafe_token' });
  }
});

test('the request is read up to its blank line, and a flood past the cap is refused', async () => {
  assert.equal(
    await readCredentialRequest(Readable.from(['protocol=https\n', 'host=a\n\n'])),
    'protocol=https\nhost=a\n\n',
  );
  const flood = Readable.from([Buffer.alloc(MAX_REQUEST_BYTES + 1, 'a')]);
  await assert.rejects(readCredentialRequest(flood), { code: 'invalid_credential_request' });
});

test('--host: host[:port] is https; http only on loopback; no user, path or other scheme', () => {
  assert.deepEqual(parseGitHost('Git.Example.com:8443'), { protocol: 'https', host: 'git.example.com:8443' });
  assert.deepEqual(parseGitHost('https://git.example.com'), { protocol: 'https', host: 'git.example.com' });
  assert.deepEqual(parseGitHost('http://127.0.0.1:8080'), { protocol: 'http', host: '127.0.0.1:8080' });
  for (const bad of ['http://git.example.com', 'ssh://git.example.com', 'https://u@h.example', 'h.example/repo', 'a b'])
    assert.throws(() => parseGitHost(bad), { code: 'usage' }, bad);
});

test('row 41: a request gets a token only over https (or http on loopback), and only for the host set up', () => {
  const only = parseGitHost('git.example.com');
  const cases: [Record<string, string>, ReturnType<typeof requestAllowed>][] = [
    [{ protocol: 'https', host: 'GIT.example.com' }, 'ok'],
    [{ protocol: 'https', host: 'git.example.com:444' }, 'other-host'],
    [{ protocol: 'https', host: 'evil.example' }, 'other-host'],
    [{ protocol: 'http', host: 'git.example.com' }, 'other-host'],
  ];
  for (const [request, verdict] of cases) assert.equal(requestAllowed(request, only), verdict, JSON.stringify(request));
  assert.equal(requestAllowed({ protocol: 'http', host: 'git.example.com' }, undefined), 'insecure');
  assert.equal(requestAllowed({ protocol: 'http', host: '127.0.0.1:3000' }, undefined), 'ok');
  assert.equal(requestAllowed({ protocol: 'cert', host: '' }, undefined), 'insecure');
});
