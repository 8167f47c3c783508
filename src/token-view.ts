import { jwtSegment } from './jwt-parts.js';
import { relativeExpiry } from './output.js';
import { terminalSafe } from './sanitize.js';

type Fields = Record<string, unknown>;

/** A token's decoded parts, for `inspect`: never the token itself. */
export interface TokenView {
  header: Fields | null;
  claims: Fields | null;
  verified: boolean;
  /** Why it is not verified; null when it is. */
  reason: string | null;
}

/** A compact JWS's header and claims, decoded without any check; null for anything else (opaque, JWE, damaged). */
export function decodeJwt(token: string): { header: Fields; claims: Fields } | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, claims] = parts.map(jwtSegment);
  return header && claims && typeof header.alg === 'string' ? { header, claims } : null;
}

const TIME_CLAIMS: Record<string, [future: string, past: string]> = {
  exp: ['expires', 'expired'],
  iat: ['issued', 'issued'],
  nbf: ['valid from', 'valid since'],
  auth_time: ['signed in', 'signed in'],
};

const pad = (n: number) => String(n).padStart(2, '0');

/** A time as this computer's local time, with its offset: "2026-12-01 13:07:56 +01:00". */
export function localTime(seconds: number): string {
  const d = new Date(seconds * 1000);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${zone}`;
}

/** One claim as a line: provider text made terminal-safe; exp, iat, nbf also as local time and "expires in …". */
export function claimLine(key: string, value: unknown, nowMs: number): string {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  const words = TIME_CLAIMS[key];
  let note = '';
  if (words && typeof value === 'number' && Number.isFinite(value)) {
    const future = value * 1000 > nowMs;
    // relativeExpiry rounds: a moment just past would read "in 0 s".
    const when = relativeExpiry(value, nowMs).replace(/^in (.*)$/, future ? 'in $1' : '$1 ago');
    note = ` (${localTime(value)}, ${future ? words[0] : words[1]} ${when})`;
  }
  return `    ${terminalSafe(key, 100)}: ${terminalSafe(shown, 1000)}${note}`;
}

/** The text block of one token: what it is, whether its signature was verified, then its header and claims. */
export function tokenLines(title: string, view: TokenView | null, nowMs: number): string[] {
  if (!view) return [`${title}: none stored`];
  if (!view.claims) return [`${title}: opaque (not a JWT): only the provider can say what it holds (--introspect)`];
  const mark = view.verified
    ? '✓ signature verified'
    : `! signature not verified: ${terminalSafe(view.reason ?? '', 300)}`;
  return [
    `${title} (${mark})`,
    ...fieldLines('header', view.header, nowMs),
    ...fieldLines('claims', view.claims, nowMs),
  ];
}

export function fieldLines(title: string, fields: Fields | null, nowMs: number): string[] {
  if (!fields) return [];
  return [`  ${title}:`, ...Object.entries(fields).map(([k, v]) => claimLine(k, v, nowMs))];
}
