import { LoginError } from './errors.js';
import { EXEC_API_VERSIONS, type ExecApiVersion, execCredential } from './exec-credential.js';
import type { TokenSet } from './flows/types.js';
import { jwtPart } from './jwt-parts.js';
import type { LoginKind } from './kinds.js';
import { isoExpiry } from './output.js';
import type { TokenOptions } from './token-options.js';
import { terminalJson } from './json-out.js';
import { shellQuote } from './shell-quote.js';

type Format = Pick<TokenOptions, 'format' | 'idToken'> & {
  /** For `exec-credential`: the version kubectl asked for in $KUBERNETES_EXEC_INFO (exec-credential.ts). */
  apiVersion?: ExecApiVersion;
};

/** What `token` prints for a login of this kind. Used by the fast path and the full CLI alike. */
export function formatToken(kind: LoginKind, tokens: TokenSet, options: Format, provider = '<provider>'): string {
  switch (kind) {
    case 'oauth1':
      if (!options.idToken) return formatOauth1(tokens, options.format, provider);
      return bearer(tokens, options);
    case 'person':
    case 'machine':
      return bearer(tokens, options);
  }
}

function bearer(tokens: TokenSet, options: Format): string {
  const value = options.idToken ? tokens.id_token : tokens.access_token;
  if (!value)
    throw new LoginError('no_id_token', 'This login has no ID token.', {
      hint: 'Only OpenID Connect providers issue one.',
    });
  switch (options.format) {
    case 'json':
      return terminalJson({
        access_token: tokens.access_token,
        token_type: tokens.token_type,
        expires_at: isoExpiry(tokens.expires_at),
        scope: tokens.scope ?? null,
        id_token: tokens.id_token ?? null,
      });
    case 'header':
      return `Authorization: Bearer ${value}`;
    case 'env':
      // Quoted for `eval "$(…)"`: a token may carry shell syntax (RFC 6749 allows it), which must stay data.
      return `OAUTH_LOGIN_${options.idToken ? 'ID' : 'ACCESS'}_TOKEN=${shellQuote(value)}`;
    case 'exec-credential': {
      // An ID token (what Kubernetes' OIDC authenticator takes) lives until its own `exp`.
      const exp = options.idToken ? jwtPart(value, 1).exp : tokens.expires_at;
      return execCredential(
        value,
        typeof exp === 'number' ? exp : undefined,
        options.apiVersion ?? EXEC_API_VERSIONS[0],
      );
    }
    case 'raw':
      return value;
  }
}

/**
 * OAuth 1.0a token credentials are a pair and never a bearer token: json and env carry both halves, header refuses
 * (each request needs its own signature: `oauth-login sign`).
 */
function formatOauth1(tokens: TokenSet, format: TokenOptions['format'], provider: string): string {
  switch (format) {
    case 'json':
      return terminalJson({
        oauth_token: tokens.access_token,
        oauth_token_secret: tokens.token_secret,
        token_type: tokens.token_type,
        expires_at: null,
      });
    case 'header':
    case 'exec-credential':
      throw new LoginError(
        'signature_required',
        `${provider} uses OAuth 1.0a: there is no bearer header, every request must be signed on its own (method, URL, nonce, time).`,
        { hint: `Print a signed header for one request with: oauth-login sign ${provider} GET https://…` },
      );
    case 'env':
      // Quoted for `eval "$(…)"`, as above.
      return `OAUTH_LOGIN_ACCESS_TOKEN=${shellQuote(tokens.access_token)}\nOAUTH_LOGIN_ACCESS_TOKEN_SECRET=${shellQuote(tokens.token_secret ?? '')}`;
    case 'raw':
      return tokens.access_token;
  }
}
