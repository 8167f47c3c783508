import * as oauth from 'oauth4webapi';
import { LoginError, oauthErrorOf } from '../errors.js';
import { type Answer, toLoginError } from '../error-mapping.js';
import { type ClientRef, oauthClient, oauthOptions, type ServerSummary, serverOf } from '../oauth-client.js';
import { terminalSafe } from '../sanitize.js';
import { answerOf } from '../transport.js';
import { grantParams, machineResult } from './machine-result.js';
import { toTokenSet } from './token-result.js';
import { describeSource, machineAuth, readTokenSource, type Sources } from './token-source.js';
import type { Flow, MachineGrant, TokenSet, TokenSource } from './types.js';

const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

// What `token` can hand out as an access token: RFC 8693 §3's access token, or a JWT that is one (some servers say so).
const USABLE_TYPES = new Set([ACCESS_TOKEN_TYPE, JWT_TOKEN_TYPE]);

/**
 * OAuth 2.0 Token Exchange (RFC 8693): a token someone else issued (a CI job's OIDC token) traded at the provider's
 * token endpoint for an access token. Stored as a machine login with the subject token's source, never the token:
 * `token` exchanges a fresh one when the access token has expired.
 */
export const tokenExchangeFlow: Flow = async (provider, ctx) => {
  const grant = ctx.grant;
  if (!grant?.subject) {
    throw new LoginError('usage', '--flow token-exchange needs a subject token.', {
      hint: 'Pass --subject-token-from github-actions, --subject-token-file PATH, --subject-token-env VAR or --subject-token-stdin.',
    });
  }
  return machineResult(provider, ctx, grant, 'token-exchange', exchangeTokens);
};

/** The exchange itself: at login, and again by `token` (with a fresh subject token) when the stored one expired. */
export async function exchangeTokens(
  server: ServerSummary,
  clientRef: ClientRef,
  grant: MachineGrant,
  signal: AbortSignal,
  sources: Sources = { env: process.env },
): Promise<TokenSet> {
  const subject = grant.subject;
  if (!subject) throw new LoginError('usage', 'This token-exchange login names no subject token source.');
  const io = { ...sources, signal };
  const subjectParams = new URLSearchParams({
    subject_token: await readTokenSource(subject.source, 'subject token', io),
    subject_token_type: subject.token_type,
    requested_token_type: ACCESS_TOKEN_TYPE,
  });
  const params = grantParams(grant, subjectParams);
  const as = serverOf(server);
  const client = oauthClient(clientRef.client_id);
  const what = 'the token exchange';
  let answer: Answer | undefined; // read before oauth4webapi consumes the body, so that an error can quote it
  try {
    const auth = await machineAuth(clientRef, grant, io);
    const options = oauthOptions(signal, what);
    const response = await oauth.genericTokenEndpointRequest(as, client, auth, TOKEN_EXCHANGE_GRANT, params, options);
    answer = await answerOf(response);
    const result = await oauth.processGenericTokenEndpointResponse(as, client, response);
    const issued = result.issued_token_type;
    if (typeof issued === 'string' && !USABLE_TYPES.has(issued)) {
      throw new LoginError(
        'unsupported_token_type',
        `The token exchange issued a ${terminalSafe(issued, 100)}, not an access token.`,
        {
          hint: `Nothing was stored. The server ignored requested_token_type=${ACCESS_TOKEN_TYPE}; check its exchange policy.`,
        },
      );
    }
    // RFC 8693 §2.2.1: scope may be left out when it is the one requested.
    return { scope: grant.scope, ...toTokenSet(result) };
  } catch (err) {
    throw refusedSubject(toLoginError(err, what, answer), subject.source);
  }
}

/**
 * invalid_grant to a token exchange is the subject token refused (RFC 8693 §2.2.2): the message has the server's
 * words (error-mapping.ts); the hint says what to check, not the generic one about client secrets and redirect URIs.
 */
function refusedSubject(error: LoginError, source: TokenSource): LoginError {
  if (oauthErrorOf(error) !== 'invalid_grant') return error;
  return new LoginError(error.code, error.message, {
    hint: `The server did not accept the subject token from ${describeSource(source)}: check the audience it was issued for${source.kind === 'ci' ? ' (--subject-audience or "subject_audience")' : ''}, that the server trusts its issuer, and that it has not expired.`,
    cause: error.cause,
  });
}
