// A strict token-exchange authorization server (RFC 8693), built from the RFC alone, and a CI token service that
// behaves like GitHub Actions' (GitHub's "OpenID Connect" docs: GET the request URL with `audience`, the request token
// as a bearer, answer {"count", "value"}; RS256 JWTs with a fresh jti that live 5 minutes). The server verifies every
// subject token and client assertion against the JWKS the CI issuer serves: signature, iss, aud, exp, and refuses a
// jti it has seen. Routes are Handlers: in-process through fakeNetwork (unit tests) or on 127.0.0.1 (serveRoutes).
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import type { Handler, Seen } from './network.js';

export const EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const JWT_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
export const ACCESS_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const CI_CLIENT = 'ci-app';
/** The audience the server accepts in subject tokens and assertions (the CI token's `aud`). */
export const STS_AUDIENCE = 'https://sts.corp.test';

export interface ExchangeOptions {
  /** expires_in of issued access tokens (seconds). */
  ttl?: number;
}

const oauthError = (status: number, error: string, description: string) =>
  Response.json({ error, error_description: description }, { status });

export async function ciAndExchange(origin: string, options: ExchangeOptions = {}) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'gha-1', alg: 'RS256', use: 'sig' };
  const keys = createLocalJWKSet({ keys: [jwk] });
  const ciIssuer = `${origin}/gha`;
  const requestToken = `gha-request-${randomBytes(16).toString('base64url')}`;
  /** Every secret this fake handed out or was given: the tests scan all output for them. */
  const secrets = new Set<string>([requestToken]);
  const seenJti = new Set<string>();
  const exchanges: Seen[] = [];
  const ciAudiences: (string | null)[] = [];
  const issued: string[] = [];

  async function ciToken(aud: string, over: { exp?: number; iss?: string } = {}) {
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({ repository: 'octo-org/app', ref: 'refs/heads/main' })
      .setProtectedHeader({ alg: 'RS256', kid: 'gha-1', typ: 'JWT' })
      .setIssuer(over.iss ?? ciIssuer)
      .setSubject('repo:octo-org/app:ref:refs/heads/main')
      .setAudience(aud)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(over.exp ?? now + 300)
      .sign(privateKey);
    secrets.add(jwt);
    return jwt;
  }

  /** A CI token's checks; the refusal, or undefined when it is good. */
  async function refuseJwt(jwt: string | null, what: string): Promise<string | undefined> {
    if (!jwt) return `${what} is missing`;
    try {
      const { payload } = await jwtVerify(jwt, keys, {
        issuer: ciIssuer,
        audience: STS_AUDIENCE,
        algorithms: ['RS256'],
      });
      if (!payload.jti || seenJti.has(payload.jti)) return `${what} was used before (jti)`;
      seenJti.add(payload.jti);
      return undefined;
    } catch (err) {
      return `${what} is invalid: ${(err as { code?: string }).code ?? 'bad token'}`;
    }
  }

  function issue(scope: string | null) {
    const access_token = `xchg-${randomBytes(18).toString('base64url')}`;
    secrets.add(access_token);
    issued.push(access_token);
    const answer: Record<string, unknown> = { access_token, token_type: 'Bearer', expires_in: options.ttl ?? 3600 };
    if (scope) answer.scope = scope;
    return answer;
  }

  const repeated = (body: URLSearchParams) =>
    [...new Set(body.keys())].find((key) => key !== 'resource' && body.getAll(key).length > 1);

  async function exchange(body: URLSearchParams): Promise<Response> {
    if (body.get('client_id') !== CI_CLIENT) return oauthError(401, 'invalid_client', 'unknown client');
    if (body.get('subject_token_type') !== JWT_TYPE) return oauthError(400, 'invalid_request', 'subject_token_type');
    const requested = body.get('requested_token_type');
    if (requested !== null && requested !== ACCESS_TYPE) return oauthError(400, 'invalid_request', 'requested type');
    if (body.has('actor_token')) return oauthError(400, 'invalid_request', 'no delegation here');
    const refusal = await refuseJwt(body.get('subject_token'), 'the subject token');
    if (refusal) return oauthError(400, 'invalid_grant', refusal);
    return Response.json({ ...issue(body.get('scope')), issued_token_type: ACCESS_TYPE });
  }

  async function clientCredentials(request: Seen): Promise<Response> {
    const { body } = request;
    if (body.has('client_secret') || request.headers.has('authorization'))
      return oauthError(400, 'invalid_request', 'one client authentication method only');
    if (body.get('client_id') !== CI_CLIENT) return oauthError(401, 'invalid_client', 'unknown client');
    if (body.get('client_assertion_type') !== ASSERTION_TYPE)
      return oauthError(401, 'invalid_client', 'assertion type');
    const refusal = await refuseJwt(body.get('client_assertion'), 'the client assertion');
    if (refusal) return oauthError(401, 'invalid_client', refusal);
    return Response.json(issue(body.get('scope')));
  }

  const routes: Record<string, Handler> = {
    [`${origin}/.well-known/oauth-authorization-server`]: () =>
      Response.json({
        issuer: origin,
        token_endpoint: `${origin}/token`,
        grant_types_supported: [EXCHANGE_GRANT, 'client_credentials'],
        token_endpoint_auth_methods_supported: ['none', 'private_key_jwt'],
      }),
    [`${ciIssuer}/.well-known/jwks`]: () => Response.json({ keys: [jwk] }),
    [`${ciIssuer}/token`]: async ({ url, method, headers }) => {
      if (method !== 'GET' || url.searchParams.get('api-version') !== '2.0') return new Response('', { status: 400 });
      if (headers.get('authorization') !== `bearer ${requestToken}`)
        return Response.json({ message: 'Bad credentials' }, { status: 401 });
      ciAudiences.push(url.searchParams.get('audience'));
      const value = await ciToken(url.searchParams.get('audience') ?? 'https://github.com/octo-org');
      return Response.json({ count: value.length, value });
    },
    [`${origin}/token`]: async (request) => {
      if (request.method !== 'POST') return new Response('', { status: 405 });
      const dup = repeated(request.body);
      if (dup) return oauthError(400, 'invalid_request', `repeated ${dup}`);
      const grant = request.body.get('grant_type');
      if (grant === EXCHANGE_GRANT) exchanges.push(request);
      if (grant === EXCHANGE_GRANT) return exchange(request.body);
      if (grant === 'client_credentials') return clientCredentials(request);
      return oauthError(400, 'unsupported_grant_type', String(grant));
    },
  };

  return {
    routes,
    ciIssuer,
    requestToken,
    secrets,
    exchanges,
    ciAudiences,
    issued,
    ciToken,
    /** The environment of a GitHub Actions job with `permissions: id-token: write`. */
    actionsEnv: {
      GITHUB_ACTIONS: 'true',
      ACTIONS_ID_TOKEN_REQUEST_URL: `${ciIssuer}/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken,
    },
  };
}

/** Serves Handlers on 127.0.0.1 (a free port), for e2e tests that run the CLI as a process. */
export async function serveRoutes(build: (origin: string) => Promise<Record<string, Handler>>) {
  let routes: Record<string, Handler> = {};
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', origin);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const request = {
      url,
      method: req.method ?? 'GET',
      headers,
      body: new URLSearchParams(Buffer.concat(chunks).toString()),
    };
    const handler = routes[`${url.origin}${url.pathname}`];
    const answer = handler ? await handler(request) : new Response('not found', { status: 404 });
    res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const origin = `http://127.0.0.1:${port}`;
  routes = await build(origin);
  return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
