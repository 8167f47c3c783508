// GitHub (github.com and Enterprise Server) as its documentation describes it ("Authorizing OAuth apps", "REST API"):
// the token endpoint answers form-encoded unless asked for JSON, reports errors with HTTP 200, the device flow polls
// the same endpoint; the REST API refuses a request without a User-Agent and hides a private e-mail in /user, which
// /user/emails lists instead. Enterprise Server serves the same under https://HOST/login/… and https://HOST/api/v3/….
// With a GitHub App (github-app.ts), user tokens expire and every refresh rotates the refresh token.
import type { GithubApp } from './github-app.js';
import { fakeNetwork, type Handler, type Seen } from './network.js';

export const reply = (req: Seen, fields: Record<string, string | number>) =>
  req.headers.get('accept')?.includes('application/json')
    ? Response.json(fields)
    : new Response(new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString(), {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });

export function github(
  web = 'https://github.com',
  api = 'https://api.github.com',
  polls: string[] = [],
  app?: GithubApp,
) {
  const answers = [...polls];
  const api_: (body: unknown) => Handler = (body) => (req) =>
    req.headers.get('user-agent')
      ? Response.json(body)
      : Response.json(
          {
            message: 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header',
          },
          { status: 403 },
        );
  return fakeNetwork({
    [`${web}/login/device/code`]: (req) =>
      reply(req, {
        device_code: '3584d83530557fdd',
        user_code: 'WDJB-MJHT',
        verification_uri: `${web}/login/device`,
        expires_in: 900,
        interval: 5,
      }),
    [`${web}/login/oauth/access_token`]: (req) => {
      if (app) return app.token(req);
      const next = answers.shift();
      if (next) return reply(req, { error: next, error_description: `${next} (GitHub answers errors with 200)` });
      return reply(req, {
        access_token: 'gho_16C7e42F292c6912E7710c838347Ae178B4a',
        token_type: 'bearer',
        scope: 'read:user,user:email',
      });
    },
    [`${api}/user`]: api_({
      id: 583231,
      login: 'octocat',
      name: 'The Octocat',
      email: null,
      avatar_url: 'https://avatars.example/u/583231',
    }),
    [`${api}/user/emails`]: api_([
      { email: 'octocat@users.noreply.github.example', primary: false, verified: true },
      { email: 'octocat@github.example', primary: true, verified: true },
    ]),
  });
}
