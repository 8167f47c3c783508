import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataDir } from '../../src/store/paths.js';

test('dataDir: $XDG_DATA_HOME/oauth-login, else ~/.local/share/oauth-login; a relative XDG_DATA_HOME is ignored', () => {
  assert.equal(dataDir({ XDG_DATA_HOME: '/xdg', HOME: '/home/ada' }), '/xdg/oauth-login');
  assert.equal(dataDir({ HOME: '/home/ada' }), '/home/ada/.local/share/oauth-login');
  assert.equal(dataDir({ XDG_DATA_HOME: '', HOME: '/home/ada' }), '/home/ada/.local/share/oauth-login');
  assert.equal(dataDir({ XDG_DATA_HOME: 'rel/dir', HOME: '/home/ada' }), '/home/ada/.local/share/oauth-login');
});
