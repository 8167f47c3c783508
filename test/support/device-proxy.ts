import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DeviceProxyOptions {
  /** Rewrites the device authorization response's `interval` (oidc-provider sends none: 5 s), to keep tests short. */
  interval?: number;
  /** Answers the first device-code poll with `slow_down` itself, without asking the IdP. */
  slowDownOnce?: boolean;
}

export interface DeviceProxy {
  /** Put these in a config-file provider entry: explicit endpoints win over the discovered ones. */
  endpoints: { device_authorization_endpoint: string; token_endpoint: string };
  /** When each device-code poll reached the proxy (ms since the epoch), and what it was answered. */
  polls: { at: number; answer: string }[];
  /** When the device authorization response was sent. */
  authorizedAt?: number;
  close(): Promise<void>;
}

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

const body = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c) => {
      text += c;
    });
    req.on('end', () => resolve(text));
  });

/** A loopback proxy in front of the IdP's device authorization and token endpoints, to watch and steer polling. */
export async function startDeviceProxy(issuer: string, options: DeviceProxyOptions = {}): Promise<DeviceProxy> {
  const proxy: DeviceProxy = {
    endpoints: { device_authorization_endpoint: '', token_endpoint: '' },
    polls: [],
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer(async (req, res) => {
    const text = await body(req);
    const form = new URLSearchParams(text);
    const isPoll = req.url === '/token' && form.get('grant_type') === DEVICE_GRANT;
    if (isPoll && options.slowDownOnce && proxy.polls.length === 0) {
      proxy.polls.push({ at: Date.now(), answer: 'slow_down' });
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'slow_down' }));
      return;
    }
    const headers = new Headers({ 'content-type': req.headers['content-type'] ?? 'application/x-www-form-urlencoded' });
    if (req.headers.authorization) headers.set('authorization', req.headers.authorization);
    const upstream = await fetch(new URL(req.url ?? '/', issuer), {
      method: req.method,
      headers,
      body: text || undefined,
    });
    let answer = await upstream.text();
    if (req.url === '/device/auth' && upstream.ok && options.interval !== undefined) {
      answer = JSON.stringify({ ...JSON.parse(answer), interval: options.interval });
      proxy.authorizedAt = Date.now();
    }
    if (isPoll) proxy.polls.push({ at: Date.now(), answer: upstream.ok ? 'tokens' : JSON.parse(answer).error });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    res.end(answer);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.endpoints = { device_authorization_endpoint: `${base}/device/auth`, token_endpoint: `${base}/token` };
  return proxy;
}
