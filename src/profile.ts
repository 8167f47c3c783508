import type { ProfileKind } from './kinds.js';
import { terminalSafe } from './sanitize.js';

/** One shape for every provider. Absent fields are omitted, never null. */
export interface Profile {
  id: string;
  name?: string;
  email?: string;
  username?: string;
  picture?: string;
  raw: Record<string, unknown>;
}

type Json = Record<string, unknown>;
type Fields = Omit<Profile, 'raw'>;

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined;

/** Per-provider field mapping: the only provider-specific code, and it is a table. */
const MAPPERS: Record<ProfileKind, (raw: Json) => Partial<Fields>> = {
  oidc: (r) => ({
    id: str(r.sub),
    name: str(r.name),
    email: str(r.email),
    username: str(r.preferred_username) ?? str(r.nickname),
    picture: str(r.picture),
  }),
  github: (r) => ({
    id: str(r.id),
    name: str(r.name),
    email: str(r.email),
    username: str(r.login),
    picture: str(r.avatar_url),
  }),
  facebook: (r) => ({
    id: str(r.id),
    name: str(r.name),
    email: str(r.email),
    picture: str(((r.picture as Json | undefined)?.data as Json | undefined)?.url),
  }),
  twitter: (r) => ({
    id: str(r.id_str) ?? str(r.id),
    name: str(r.name),
    email: str(r.email),
    username: str(r.screen_name),
    picture: str(r.profile_image_url_https),
  }),
  x: (r) => {
    const d = (r.data as Json | undefined) ?? r;
    return { id: str(d.id), name: str(d.name), username: str(d.username), picture: str(d.profile_image_url) };
  },
};

export function mapProfile(kind: ProfileKind, raw: Json): Profile {
  const fields = MAPPERS[kind](raw);
  const profile: Profile = { id: fields.id ?? '', raw };
  for (const key of ['name', 'email', 'username', 'picture'] as const) {
    const value = fields[key];
    if (value !== undefined) profile[key] = value;
  }
  return profile;
}

/** "Ada Lovelace <ada@example.com>", safe to print: provider text never reaches the terminal raw. */
export function describeProfile(p: Profile): string {
  const who = p.name ?? p.username ?? p.email ?? p.id;
  const extra = p.email && p.email !== who ? ` <${p.email}>` : '';
  return terminalSafe(`${who}${extra}`);
}
