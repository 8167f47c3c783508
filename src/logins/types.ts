import type { FlowName, StoreKind } from '../kinds.js';
import type { MachineFlow, MachineGrant, ProfileSummary, TokenSet } from '../flows/types.js';
import type { TokenAuth } from '../kinds.js';
import type { ServerSummary } from '../oauth-client.js';
import type { Profile } from '../profile.js';

/**
 * What the plain index file knows about one login: nothing secret. Enough to find the secret, renew it without
 * discovery, and show `status`.
 */
interface StoredBase extends ServerSummary {
  provider: string;
  account: string;
  store: StoreKind;
  scope?: string;
  /** Seconds since the epoch; absent when the provider did not say. */
  expires_at?: number;
  updated_at: string;
  /** For OAuth 1.0a logins, the consumer key. */
  client_id: string;
  token_auth?: TokenAuth;
  /** A self-hosted edition's host (GitHub Enterprise Server, `--host`): a new sign-in goes there again. */
  host?: string;
  /** The CA file (absolute path) the login was made with: refresh, whoami and logout trust the same CA. */
  ca_file?: string;
  /** private_key_jwt: the key file (absolute path) each renewal reads again; the key itself is never stored. */
  private_key_file?: string;
  /** When the provider last refused this login's refresh token (ISO time): `status` then says it needs a login. */
  refresh_refused_at?: string;
}

/** A person signed in, in a browser or with a device code: it has a profile and usually a refresh token. */
export interface PersonLogin extends StoredBase {
  kind: 'person';
  flow: Exclude<FlowName, MachineFlow>;
  profile: ProfileSummary;
}

/**
 * A client-credentials or token-exchange token: no person and no refresh token; `token` asks again for the same
 * grant (a token exchange with a fresh subject token from the stored source).
 */
export interface MachineLogin extends StoredBase {
  kind: 'machine';
  /** Which grant renews it; versions before kinds read `client-credentials` here to tell a machine login. */
  flow: MachineFlow;
  grant: MachineGrant;
}

/** OAuth 1.0a token credentials: they never expire and are used by signing each request (`sign`). */
export interface Oauth1Login extends StoredBase {
  kind: 'oauth1';
  profile: ProfileSummary;
}

export type StoredLogin = PersonLogin | MachineLogin | Oauth1Login;

export interface LoginIndex {
  version: 1;
  /** The account used last, per provider: the default for `token`, `whoami`, `logout`. */
  defaults: Record<string, string>;
  logins: Record<string, StoredLogin>;
}

/** The secret half of a login. Lives only in the chosen store, as JSON. */
export interface SecretBlob {
  tokens: TokenSet;
  /**
   * Kept so `token` can renew a confidential client without asking again, and so `sign` has the OAuth 1.0a
   * consumer secret when neither the environment nor the config file holds it.
   */
  client_secret?: string;
  /**
   * The whole profile of the sign-in (picture and the provider's raw fields too), so that a reused login prints what
   * a fresh one did. Not in the index: that keeps only a summary.
   */
  profile?: Profile;
  /**
   * Tokens for less than the login holds (`token --scope/--resource/--audience`), keyed by narrowed.ts's canonical
   * request shape. Never the login's own tokens; they hold no refresh token (the login's renews them).
   */
  narrowed?: Record<string, TokenSet>;
}

export const loginKey = (login: { provider: string; account: string }) => `${login.provider}:${login.account}`;
