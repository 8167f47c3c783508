import type { LoginResult, ProfileSummary, TokenSet } from '../flows/types.js';
import type { Profile } from '../profile.js';
import type { StoreKind } from '../kinds.js';
import type { ResolvedProvider } from '../providers/types.js';
import { terminalSafe } from '../sanitize.js';
import type { ClientRef } from '../oauth-client.js';
import type { StoredLogin } from './types.js';

/** The client of a stored login, with the secret its store kept (if any). Types only: `token`'s hot path stays light. */
export function clientOf(login: StoredLogin, client_secret: string | undefined): ClientRef {
  const { client_id, token_auth, private_key_file } = login;
  return { client_id, client_secret, token_auth, private_key_file };
}

/** What the index keeps of a login that just worked. */
export function storedLoginFor(
  result: LoginResult,
  provider: ResolvedProvider,
  account: string,
  store: StoreKind,
  caFile?: string,
): StoredLogin {
  const base = {
    provider: result.provider,
    account,
    store,
    expires_at: result.tokens.expires_at,
    updated_at: new Date().toISOString(),
    client_id: provider.settings.client_id,
    host: provider.settings.host,
    token_auth: provider.settings.token_auth,
    ca_file: caFile,
    private_key_file: provider.settings.private_key_file,
    ...result.server,
  };
  switch (result.kind) {
    case 'person': {
      const scope = result.tokens.scope ?? (provider.settings.scope || undefined);
      return { ...base, kind: 'person', flow: result.flow, scope, profile: summary(result.profile) };
    }
    case 'machine':
      // A machine grant asked for its own scope (perhaps none), not the provider's scope for people.
      return {
        ...base,
        kind: 'machine',
        flow: result.flow,
        scope: result.tokens.scope ?? result.grant.scope,
        grant: result.grant,
      };
    case 'oauth1':
      return { ...base, kind: 'oauth1', profile: summary(result.profile) };
  }
}

function summary({ id, name, email, username }: { id: string; name?: string; email?: string; username?: string }) {
  return { id, name, email, username };
}

/** The account a login is stored under: --account, else the profile's username, e-mail or id (a machine: client id). */
export function accountFor(result: LoginResult, flag: string | undefined): string {
  const fromResult =
    result.kind === 'machine'
      ? result.client_id
      : (result.profile.username ?? result.profile.email ?? result.profile.id);
  // Printed by status, logout and errors, and part of a store key: a provider's text is made terminal-safe here, once.
  return terminalSafe(flag ?? fromResult, 100);
}

/**
 * A stored login shown again as the result of a login (reused, no browser): the profile the sign-in printed, when
 * the secret kept it (logins stored by earlier versions have only the index's summary).
 */
export function resultFromStored(login: StoredLogin, tokens: TokenSet, kept?: Profile): LoginResult {
  const server = { token_endpoint: login.token_endpoint, issuer: login.issuer };
  const profile = (p: ProfileSummary): Profile => (kept?.id === p.id ? kept : { ...p, raw: {} });
  switch (login.kind) {
    case 'person':
      return {
        kind: 'person',
        flow: login.flow,
        provider: login.provider,
        profile: profile(login.profile),
        tokens,
        server,
      };
    case 'machine':
      return {
        kind: 'machine',
        flow: login.flow,
        provider: login.provider,
        client_id: login.client_id,
        grant: login.grant,
        tokens,
        server,
      };
    case 'oauth1':
      return { kind: 'oauth1', provider: login.provider, profile: profile(login.profile), tokens, server };
  }
}
