import { LoginError } from '../errors.js';
import { isLoopbackHost } from '../providers/urls.js';
import { terminalSafe } from '../sanitize.js';

/** Where git may send a token: the protocol and host (with its port, if any) as git names them in a request. */
export interface GitHost {
  protocol: 'https' | 'http';
  host: string;
}

const usage = (value: string, why: string) =>
  new LoginError('usage', `--host "${terminalSafe(value, 100)}" ${why}.`, {
    hint: 'Give a host with an optional port (git.example.com, git.example.com:8443), or http://127.0.0.1:PORT on loopback.',
  });

/** `--host`: `host[:port]` means https; a URL may say `http:` only for loopback, and names no path or user. */
export function parseGitHost(value: string): GitHost {
  const withScheme = value.includes('://') ? value : `https://${value}`;
  if (!URL.canParse(withScheme)) throw usage(value, 'is not a host name');
  const url = new URL(withScheme);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw usage(value, 'must be https (or http on loopback)');
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/')
    throw usage(value, 'must be a host, with no user, path or query');
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    throw usage(value, 'uses plain http to a host off this machine: tokens would cross the network unencrypted');
  return { protocol: url.protocol === 'http:' ? 'http' : 'https', host: url.host };
}

/**
 * Whether a request from git may get a token: https, or http on loopback only, and the host the helper was set up
 * for (case-insensitive, port included). A request for another host is not ours to answer.
 */
export function requestAllowed(
  request: { protocol?: string; host?: string },
  only: GitHost | undefined,
): 'ok' | 'other-host' | 'insecure' {
  const host = request.host?.toLowerCase() ?? '';
  if (only && (request.protocol !== only.protocol || host !== only.host.toLowerCase())) return 'other-host';
  if (request.protocol === 'https') return 'ok';
  if (
    request.protocol === 'http' &&
    URL.canParse(`http://${host}`) &&
    isLoopbackHost(new URL(`http://${host}`).hostname)
  )
    return 'ok';
  return 'insecure';
}
