/**
 * One definition for each list the CLI knows. Types, config validation, commander's `.choices()` and the fast path's
 * parser all derive from these arrays, so adding a value is one edit and the compiler finds every switch to extend.
 */

export const PROTOCOLS = ['oidc', 'oauth2', 'oauth1'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const TOKEN_AUTHS = ['client_secret_basic', 'client_secret_post', 'none'] as const;
export type TokenAuth = (typeof TOKEN_AUTHS)[number];

/** How a provider's profile JSON maps to our one profile shape (see profile.ts). */
export const PROFILE_KINDS = ['oidc', 'github', 'facebook', 'twitter', 'x'] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

export const FLOW_NAMES = ['auth-code', 'device', 'client-credentials', 'token-exchange'] as const;
export type FlowName = (typeof FLOW_NAMES)[number];

/** The flows with no person: a machine login, renewed by asking for the same grant again. */
export const isMachineFlow = (flow: string | undefined): flow is 'client-credentials' | 'token-exchange' =>
  flow === 'client-credentials' || flow === 'token-exchange';

/** CI systems whose job's own OIDC token can be asked for (`--subject-token-from`, `--client-assertion-from`). */
export const CI_TOKEN_ISSUERS = ['github-actions'] as const;
export type CiTokenIssuer = (typeof CI_TOKEN_ISSUERS)[number];

export const TOKEN_FORMATS = ['raw', 'json', 'header', 'env', 'exec-credential'] as const;
export type TokenFormat = (typeof TOKEN_FORMATS)[number];

/** What `--store` accepts; `auto` and `none` become a concrete StoreKind when a login is saved. */
export const STORE_OPTIONS = ['auto', 'keychain', 'file', 'none'] as const;
export type StoreOption = (typeof STORE_OPTIONS)[number];

export const STORE_KINDS = ['keychain', 'file', 'memory'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** A person signed in (browser or device code); a machine holds a client-credentials or exchanged token; OAuth 1.0a signs. */
export const LOGIN_KINDS = ['person', 'machine', 'oauth1'] as const;
export type LoginKind = (typeof LOGIN_KINDS)[number];

export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
