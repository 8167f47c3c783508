type Fields = Record<string, unknown>;

/** One base64url segment of a JWT as a JSON object, decoded without any check; undefined when it is not one. */
export function jwtSegment(segment: string): Fields | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A JWT's header (0) or claims (1), decoded without any check; {} when unreadable. Only for what is checked elsewhere
 * or was checked when stored: the signature is verified by flows/id-token.ts.
 */
export function jwtPart(jwt: string, part: 0 | 1): Fields {
  return jwtSegment(jwt.split('.')[part] ?? '') ?? {};
}
