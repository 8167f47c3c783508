// A GitHub App's expiring user access tokens, as "Refreshing user access tokens" describes them: the token lives
// 8 hours (expires_in 28800) and comes with a refresh token (refresh_token_expires_in, six months); a refresh needs
// the client id and secret, returns a NEW refresh token and makes the old one unusable. Every error, a spent refresh
// token (bad_refresh_token) included, comes with HTTP 200, like the rest of GitHub's token endpoint.
import { reply } from './github.js';
import type { Seen } from './network.js';

export interface GithubApp {
  token(req: Seen): Response;
  /** Every refresh token the endpoint was sent, in order. */
  refreshesSent: string[];
  /** The one refresh token that works now. */
  current(): string | undefined;
  /** Another copy of the login refreshed: the current refresh token is spent and a new one issued elsewhere. */
  refreshElsewhere(): string;
}

export function githubApp(clientId: string, clientSecret: string, code = 'gh-code'): GithubApp {
  let n = 0;
  let current: string | undefined;
  const refreshesSent: string[] = [];
  const error = (req: Seen, error: string, error_description: string) =>
    reply(req, { error, error_description, error_uri: `https://docs.github.example/errors#${error}` });
  const rotate = () => {
    n += 1;
    const next = `ghr_rotated${n}`;
    current = next;
    return next;
  };
  const issue = (req: Seen) => {
    const refresh_token = rotate();
    return reply(req, {
      access_token: `ghu_access${n}`,
      expires_in: 28800,
      refresh_token,
      refresh_token_expires_in: 15897600,
      scope: '',
      token_type: 'bearer',
    });
  };
  return {
    refreshesSent,
    current: () => current,
    refreshElsewhere: rotate,
    token(req) {
      const body = req.body;
      if (body.get('client_id') !== clientId || body.get('client_secret') !== clientSecret)
        return error(req, 'incorrect_client_credentials', 'The client_id and/or client_secret passed are incorrect.');
      switch (body.get('grant_type')) {
        case 'refresh_token': {
          const sent = body.get('refresh_token') ?? '';
          refreshesSent.push(sent);
          if (sent !== current)
            return error(req, 'bad_refresh_token', 'The refresh token passed is incorrect or expired.');
          return issue(req);
        }
        case 'authorization_code':
          if (body.get('code') !== code)
            return error(req, 'bad_verification_code', 'The code passed is incorrect or expired.');
          return issue(req);
        default:
          return error(req, 'unsupported_grant_type', 'The grant type is not supported.');
      }
    },
  };
}
