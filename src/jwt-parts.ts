/**
 * A JWT's header (0) or claims (1), decoded without any check; {} when unreadable. Only for what is checked elsewhere
 * or was checked when stored: the signature is verified by flows/id-token.ts.
 */
export function jwtPart(jwt: string, part: 0 | 1): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(jwt.split('.')[part] ?? '', 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
