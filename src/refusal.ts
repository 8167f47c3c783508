import { maskTokens, terminalSafe } from './sanitize.js';

type Json = Record<string, unknown> | undefined;
const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** Where each JSON shape keeps its words: Twitter's errors[], Graph's error object, OAuth's (RFC 6749 §5.2), GitHub's. */
function jsonDetail(json: Json): string | undefined {
  const first = Array.isArray(json?.errors) ? (json.errors[0] as Json) : undefined;
  const graph = json?.error !== null && typeof json?.error === 'object' ? (json.error as Json) : undefined;
  return (
    text(first?.message) ??
    text(graph?.message) ??
    text(json?.error_description) ??
    text(json?.error) ??
    text(json?.message) ??
    text(json?.detail)
  );
}

/** The words of a JSON refusal only (anything else may be a page or hold a token: callers quote an excerpt instead). */
export function refusalInJson(body: string): string | undefined {
  return body.trim().startsWith('{') ? refusalDetail(body) : undefined;
}

/**
 * The provider's own words about a refusal, in any of the shapes seen in the wild: a form (oauthlib, RFC 5849
 * Problem Reporting), Twitter's JSON `errors` or its XML `<error>`, Facebook Graph's `{"error":{"message"}}`, OAuth's
 * `error_description`, GitHub's `message`. Sanitized, short, token-like runs masked; HTML pages say nothing useful.
 */
export function refusalDetail(body: string): string | undefined {
  const trimmed = body.trim();
  let detail: unknown;
  if (trimmed.startsWith('{')) {
    try {
      detail = jsonDetail(JSON.parse(trimmed));
    } catch {}
  } else if (trimmed.startsWith('<')) {
    detail = /<error\b[^>]*>([^<]+)<\/error>/i.exec(trimmed)?.[1];
  } else if (trimmed) {
    const form = new URLSearchParams(trimmed);
    detail = form.get('error_description') ?? form.get('oauth_problem') ?? form.get('error') ?? trimmed;
  }
  return typeof detail === 'string' && detail ? maskTokens(terminalSafe(detail, 160)) : undefined;
}
