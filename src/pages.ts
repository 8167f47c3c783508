import type { ServerResponse } from 'node:http';
import { escapeHtml } from './sanitize.js';

export interface Page {
  status: number;
  title: string;
  message: string;
}

// No scripts, no third-party resources, no referrer: the page is static and leaks nothing of the callback URL.
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  Connection: 'close',
};

export function renderPage(page: Page): string {
  const title = escapeHtml(page.title);
  const ok = page.status < 400;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · oauth-login</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f6f7f9;color:#1f2328}
main{background:#fff;border:1px solid #d0d7de;border-radius:12px;padding:2rem 2.5rem;max-width:32rem;text-align:center}
h1{font-size:1.4rem;margin:.5rem 0}.mark{font-size:2.5rem;color:${ok ? '#1a7f37' : '#cf222e'}}p{color:#59636e}</style></head>
<body><main><div class="mark">${ok ? '✓' : '✗'}</div><h1>${title}</h1><p>${escapeHtml(page.message)}</p></main></body></html>
`;
}

/** Sends a page and resolves once it is flushed, so closing the listener afterwards cannot cut it off. */
export function sendPage(res: ServerResponse, page: Page, extraHeaders: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve) => {
    res.writeHead(page.status, { 'Content-Type': 'text/html; charset=utf-8', ...SECURITY_HEADERS, ...extraHeaders });
    res.end(renderPage(page), () => resolve());
    res.on('close', () => resolve());
  });
}
