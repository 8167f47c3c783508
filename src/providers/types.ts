import type { AuthorizationServer } from 'oauth4webapi';
import type { ProfileKind, Protocol, TokenAuth } from '../kinds.js';

/**
 * Everything that describes a provider, as presets, config-file entries, env and flags give it: every field optional,
 * merged field by field. Endpoint names follow RFC 8414.
 */
export interface ProviderSettings {
  protocol: Protocol;
  title?: string;
  issuer?: string;
  /** Fills `{tenant}` in `issuer` (Microsoft Entra ID). */
  tenant?: string;
  /** A self-hosted edition's host (GitHub Enterprise Server): its endpoints come from the preset's templates. */
  host?: string;
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
  /**
   * Facebook Graph: every profile call carries `appsecret_proof` (hex HMAC-SHA256 of the access token, keyed by the
   * client secret), which apps with "Require App Secret" on demand and the others accept.
   */
  profile_proof?: 'appsecret_proof';
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
  /** The audience asked of a CI's token service for a subject token or client assertion (e.g. GitHub Actions). */
  subject_audience?: string;
  /** A PEM bundle of private CAs, added to the roots Node trusts for this provider's requests. */
  ca_file?: string;
  /** private_key_jwt: the client's signing key (PEM PKCS#8 or a JWK), in place of a secret. */
  private_key_file?: string;
  /** The username `git-credential` answers with the token (GitHub: x-access-token; default oauth2). */
  git_username?: string;
}

/** What every resolved provider has, whatever its protocol. */
interface Resolved extends Omit<ProviderSettings, 'protocol'> {
  client_id: string;
  redirect_uri: string;
  scope: string;
  /**
   * A login made from a protected resource's URL (flows/url-provider.ts): its RFC 8707 resource indicator, sent on the
   * authorization, token and refresh requests, so the token is bound to that resource.
   */
  resource?: string;
  /** Which metadata an oauth2 `issuer` publishes: RFC 8414 (the default) or OpenID discovery. */
  metadata?: 'oauth2' | 'oidc';
}

/** OpenID Connect: endpoints come from discovery at the issuer. */
export interface OidcSettings extends Resolved {
  protocol: 'oidc';
  issuer: string;
  /** The issuer the discovery document must name, when it differs from `issuer` (a multi-tenant template). */
  discovery_issuer?: string;
}

/**
 * Plain OAuth 2.0: endpoints from the configuration, or from RFC 8414 metadata at `issuer` (then configured ones win).
 * Resolution guarantees one of `issuer` and `token_endpoint`.
 */
export interface OAuth2Settings extends Resolved {
  protocol: 'oauth2';
}

/** OAuth 1.0a: the three RFC 5849 endpoints and the profile, all signed. */
export interface OAuth1Settings extends Resolved {
  protocol: 'oauth1';
  request_token_url: string;
  authorize_url: string;
  access_token_url: string;
  profile_url: string;
}

export type ResolvedSettings = OidcSettings | OAuth2Settings | OAuth1Settings;

/** A provider after resolution: the name it was asked for and its merged, checked settings. */
export interface ResolvedProvider<S extends ResolvedSettings = ResolvedSettings> {
  name: string;
  settings: S;
  /**
   * The issuer's metadata when it was already fetched and checked for this run (a URL login): discover() uses it
   * instead of asking again, so a server cannot answer one document to the checks and another to the flow.
   */
  discovered?: AuthorizationServer;
}
