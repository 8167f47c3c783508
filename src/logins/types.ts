import type { FlowName, MachineGrant } from '../flows/types.js';
import type { Protocol, TokenAuth } from '../providers/types.js';
import type { StoreKind } from '../store/types.js';

/**
 * What the plain index file knows about one login: nothing secret. Enough to find the secret, refresh it without
 * discovery, and show `status`.
 */
export interface LoginEntry {
  provider: string;
  account: string;
  store: StoreKind;
  profile: { id: string; name?: string; email?: string; username?: string };
  scope?: string;
  /** Seconds since the epoch; absent when the provider did not say. */
  expires_at?: number;
  updated_at: string;
  /** `oauth1` logins are used by signing each request (`sign`) instead of a bearer token. Absent in older indexes. */
  protocol?: Protocol;
  /** For `oauth1` logins, the consumer key. */
  client_id: string;
  issuer?: string;
  token_endpoint: string;
  revocation_endpoint?: string;
  userinfo_endpoint?: string;
  token_auth?: TokenAuth;
  /** How it was obtained; absent for logins stored before flows were recorded (auth-code). */
  flow?: FlowName;
  /** What a client-credentials login asked for, asked again when its token expires. */
  grant?: MachineGrant;
}

export interface LoginIndex {
  version: 1;
  /** The account used last, per provider: the default for `token`, `whoami`, `logout`. */
  defaults: Record<string, string>;
  logins: Record<string, LoginEntry>;
}

export const loginKey = (provider: string, account: string) => `${provider}:${account}`;
