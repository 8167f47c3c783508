export type Protocol = 'oidc' | 'oauth2' | 'oauth1';
/** How a provider's profile JSON maps to our one profile shape (see profile.ts). */
export type ProfileKind = 'oidc' | 'github' | 'facebook' | 'twitter' | 'x';
export type TokenAuth = 'client_secret_basic' | 'client_secret_post' | 'none';

/**
 * Everything that describes a provider. Presets, config-file entries, env and flags all produce this shape
 * and are merged field by field. Endpoint names follow RFC 8414.
 */
export interface ProviderSettings {
  protocol: Protocol;
  title?: string;
  issuer?: string;
  /** Fills `{tenant}` in `issuer` (Microsoft Entra ID). */
  tenant?: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  userinfo_endpoint?: string;
  device_authorization_endpoint?: string;
  revocation_endpoint?: string;
  /** OAuth 1.0a (RFC 5849 §2): temporary credentials, the page the user approves on, token credentials. */
  request_token_url?: string;
  /** Twitter also has `…/oauth/authenticate`, which skips the approval page for an app the user already allowed. */
  authorize_url?: string;
  access_token_url?: string;
  /** Profile API for OAuth 2.0 providers without OIDC userinfo, and for OAuth 1.0a (fetched with a signed request). */
  profile_url?: string;
  /** GitHub: where to find the primary e-mail when the profile hides it. */
  emails_url?: string;
  scope?: string;
  client_id?: string;
  client_secret?: string;
  token_auth?: TokenAuth;
  redirect_uri?: string;
  /** Extra authorization request parameters (e.g. Google's access_type=offline). */
  authorization_params?: Record<string, string>;
  profile?: ProfileKind;
  /** Where a user registers an app (shown when no client id is configured). */
  register_url?: string;
}

/** A provider after resolution: the name it was asked for and its merged settings. */
export interface ResolvedProvider {
  name: string;
  settings: ProviderSettings & {
    client_id: string;
    redirect_uri: string;
    scope: string;
    /** The issuer the discovery document must name, when it differs from `issuer` (a multi-tenant template). */
    discovery_issuer?: string;
  };
}
