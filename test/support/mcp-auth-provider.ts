import { randomBytes } from 'node:crypto';
import type { OAuthRegisteredClientsStore } from '@modelcontextprotocol/sdk/server/auth/clients.js';
import {
  InvalidClientMetadataError,
  InvalidGrantError,
  InvalidRequestError,
  InvalidTargetError,
  InvalidTokenError,
} from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { AuthorizationParams, OAuthServerProvider } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { OAuthClientInformationFull, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Response } from 'express';

/** What one access or refresh token was issued for. */
interface Grant {
  clientId: string;
  scopes: string[];
  resource?: URL;
}

/** What the authorization server saw, for tests to assert on. */
export interface Seen {
  /** Every client registered through the SDK's registration endpoint, in order. */
  registrations: OAuthClientInformationFull[];
  /** The resource indicator (RFC 8707) of each authorization, token and refresh request; undefined when absent. */
  resources: { step: 'authorize' | 'code' | 'refresh'; resource: string | undefined }[];
  /** The redirect URI of each authorization the SDK let through (it checks them against the registration). */
  redirects: string[];
  /** Every refresh token issued: none may ever reach the CLI's output. */
  refreshTokens: string[];
}

export type Registration = 'open' | 'none' | 'refused';

const opaque = () => randomBytes(24).toString('base64url');

/**
 * An in-memory OAuthServerProvider for the SDK's mcpAuthRouter: the SDK parses the requests, checks the redirect URI
 * against the registration and verifies PKCE; this approves every authorization at once (no person to ask in a test),
 * issues opaque tokens bound to the resource asked for, and refreshes them with rotation. The SDK's own demo provider
 * refreshes nothing and matches redirect URIs exactly (no other loopback port), so it cannot stand in.
 */
export class TestAuthProvider implements OAuthServerProvider {
  readonly seen: Seen = { registrations: [], resources: [], redirects: [], refreshTokens: [] };
  private clients = new Map<string, OAuthClientInformationFull>();
  private codes = new Map<string, { clientId: string; params: AuthorizationParams }>();
  private access = new Map<string, Grant & { expiresAt: number }>();
  private refresh = new Map<string, Grant>();

  readonly clientsStore: OAuthRegisteredClientsStore;

  /** 'none' leaves registerClient out (the SDK then advertises no registration_endpoint); 'refused' refuses each. */
  constructor(registration: Registration = 'open') {
    const getClient = (id: string) => this.clients.get(id);
    this.clientsStore =
      registration === 'none' ? { getClient } : { getClient, registerClient: this.register(registration) };
  }

  private register(registration: Registration) {
    return (client: Omit<OAuthClientInformationFull, 'client_id' | 'client_id_issued_at'>) => {
      if (registration === 'refused') throw new InvalidClientMetadataError('registrations are closed on this server');
      const full = client as OAuthClientInformationFull; // the SDK's handler has set client_id already
      this.clients.set(full.client_id, full);
      this.seen.registrations.push(full);
      return full;
    };
  }

  async authorize(client: OAuthClientInformationFull, params: AuthorizationParams, res: Response): Promise<void> {
    this.seen.resources.push({ step: 'authorize', resource: params.resource?.href });
    this.seen.redirects.push(params.redirectUri);
    const code = opaque();
    this.codes.set(code, { clientId: client.client_id, params });
    const to = new URL(params.redirectUri);
    to.searchParams.set('code', code);
    if (params.state !== undefined) to.searchParams.set('state', params.state);
    res.redirect(302, to.href);
  }

  async challengeForAuthorizationCode(_client: OAuthClientInformationFull, code: string): Promise<string> {
    const issued = this.codes.get(code);
    if (!issued) throw new InvalidGrantError('unknown authorization code');
    return issued.params.codeChallenge;
  }

  async exchangeAuthorizationCode(
    client: OAuthClientInformationFull,
    code: string,
    _verifier?: string, // the SDK has checked it against the challenge
    redirectUri?: string,
    resource?: URL,
  ): Promise<OAuthTokens> {
    this.seen.resources.push({ step: 'code', resource: resource?.href });
    const issued = this.codes.get(code);
    this.codes.delete(code);
    if (!issued || issued.clientId !== client.client_id) throw new InvalidGrantError('code not issued to this client');
    // RFC 6749 §4.1.3: the same redirect URI as in the authorization request.
    if (redirectUri !== issued.params.redirectUri) throw new InvalidGrantError('redirect_uri differs');
    const granted = issued.params.resource;
    if (resource && granted && resource.href !== granted.href) throw new InvalidTargetError('another resource');
    return this.issue({
      clientId: client.client_id,
      scopes: issued.params.scopes ?? [],
      resource: resource ?? granted,
    });
  }

  async exchangeRefreshToken(
    client: OAuthClientInformationFull,
    token: string,
    scopes?: string[],
    resource?: URL,
  ): Promise<OAuthTokens> {
    this.seen.resources.push({ step: 'refresh', resource: resource?.href });
    const grant = this.refresh.get(token);
    this.refresh.delete(token); // rotation: each refresh token works once
    if (!grant || grant.clientId !== client.client_id) throw new InvalidGrantError('unknown refresh token');
    if (resource && grant.resource && resource.href !== grant.resource.href) {
      throw new InvalidTargetError('the refresh token is for another resource');
    }
    if (scopes?.some((s) => !grant.scopes.includes(s))) throw new InvalidRequestError('scope not granted before');
    return this.issue({ ...grant, scopes: scopes ?? grant.scopes });
  }

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    const grant = this.access.get(token);
    // An OAuthError, not a plain Error: the SDK's bearer middleware answers 401 only for InvalidTokenError.
    if (!grant || grant.expiresAt < Date.now() / 1000) throw new InvalidTokenError('unknown or expired token');
    return { token, ...grant };
  }

  private issue(grant: Grant): OAuthTokens {
    const access_token = opaque();
    const refresh_token = opaque();
    this.access.set(access_token, { ...grant, expiresAt: Math.floor(Date.now() / 1000) + 3600 });
    this.refresh.set(refresh_token, grant);
    this.seen.refreshTokens.push(refresh_token);
    return { access_token, token_type: 'Bearer', expires_in: 3600, scope: grant.scopes.join(' '), refresh_token };
  }
}
