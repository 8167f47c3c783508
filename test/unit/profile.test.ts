import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeProfile, mapProfile } from '../../src/profile.js';

test('OIDC claims map to the common shape; absent fields are omitted', () => {
  const raw = { sub: '42', name: 'Ada', email: 'ada@example.test', preferred_username: 'ada' };
  assert.deepEqual(mapProfile('oidc', raw), { id: '42', name: 'Ada', email: 'ada@example.test', username: 'ada', raw });
});

test('GitHub, Facebook and Twitter fields map to the same shape', () => {
  assert.deepEqual(mapProfile('github', { id: 7, login: 'octo', name: null, avatar_url: 'https://a/x.png' }), {
    id: '7',
    username: 'octo',
    picture: 'https://a/x.png',
    raw: { id: 7, login: 'octo', name: null, avatar_url: 'https://a/x.png' },
  });
  const fb = mapProfile('facebook', { id: '1', name: 'F', picture: { data: { url: 'https://p' } } });
  assert.equal(fb.picture, 'https://p');
  const tw = mapProfile('twitter', { id_str: '9', screen_name: 'tw', name: 'T', profile_image_url_https: 'https://i' });
  assert.deepEqual([tw.id, tw.username, tw.picture], ['9', 'tw', 'https://i']);
});

test("X's OAuth 2.0 users/me wraps the user in data", () => {
  const x = mapProfile('x', {
    data: { id: '2244994945', name: 'X Dev', username: 'XDevelopers', profile_image_url: 'https://p' },
  });
  assert.deepEqual([x.id, x.name, x.username, x.picture], ['2244994945', 'X Dev', 'XDevelopers', 'https://p']);
});

test('describeProfile is terminal-safe', () => {
  assert.equal(
    describeProfile(mapProfile('oidc', { sub: '1', name: 'Eve\x1b[2J\x1b]0;pwn\x07', email: 'e@x' })),
    'Eve <e@x>',
  );
});
