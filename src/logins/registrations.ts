import { join } from 'node:path';
import type { RegisteredClient } from '../flows/register-client.js';
import type { StoreKind } from '../kinds.js';
import { ensurePrivateDir, readPrivateFile, writeFileAtomic } from '../store/atomic.js';
import { withLock } from '../store/lock.js';
import type { SecretStore } from '../store/types.js';
import type { Logins } from './service.js';

/**
 * A client oauth-login registered at an authorization server (RFC 7591), kept per issuer so that a login of another
 * resource behind the same server reuses it instead of registering again. Nothing secret: a client_secret, when the
 * server issued one, is in `secret_store` under `registrationKey(issuer)`.
 */
export interface Registration extends Omit<KnownClient, 'client_secret'> {
  secret_store?: StoreKind;
  registered_at: string;
}

/** A registration with its secret read back: what a login needs to use the client. */
export type KnownClient = RegisteredClient & { issuer: string };

interface RegistrationFile {
  version: 1;
  clients: Record<string, Registration>;
}

// '@' cannot begin a provider name (providers/config.ts), so this never collides with a login's "provider:account".
const registrationKey = (issuer: string) => `@registration:${issuer}`;

const fileOf = (logins: Logins) => join(logins.dir, 'registrations.json');

/** The kept registrations. A file that is unsafe (mode, owner, symlink) or unreadable fails: only damage is forgiven. */
function readFile(logins: Logins): RegistrationFile {
  // Outside the try: swallowed, store_insecure would look like damage, and the next save would drop every other issuer.
  const text = readPrivateFile(fileOf(logins)) ?? '{}';
  let parsed: Partial<RegistrationFile> | undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined; // a damaged file costs only a new registration
  }
  const clients = parsed && typeof parsed.clients === 'object' && parsed.clients !== null ? parsed.clients : {};
  return { version: 1, clients };
}

/** The client registered at `issuer`, when there is one whose secret (if it has one) is still readable and valid. */
export async function findRegistration(logins: Logins, issuer: string): Promise<KnownClient | undefined> {
  const found = readFile(logins).clients[issuer];
  if (typeof found?.client_id !== 'string' || !Array.isArray(found.grant_types)) return undefined;
  const { secret_store, registered_at: _at, ...client } = found;
  if (found.secret_expires_at && found.secret_expires_at <= Date.now() / 1000) return undefined;
  if (!secret_store) return client;
  const text = await logins
    .store(secret_store)
    .get(registrationKey(issuer))
    .catch(() => undefined);
  const secret = secretOf(text);
  return secret === undefined ? undefined : { ...client, client_secret: secret };
}

function secretOf(text: string | undefined): string | undefined {
  try {
    const secret = text === undefined ? undefined : (JSON.parse(text) as { client_secret?: unknown }).client_secret;
    return typeof secret === 'string' ? secret : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps a new registration where the login's tokens go: its secret first, then the record (a crash in between leaves
 * an orphan secret, never a record without its secret). A login that stores nothing keeps no registration either.
 */
export async function saveRegistration(logins: Logins, store: SecretStore, client: KnownClient): Promise<void> {
  if (store.kind === 'memory') return;
  const { client_secret, ...rest } = client;
  const record: Registration = {
    ...rest,
    secret_store: client_secret === undefined ? undefined : store.kind,
    registered_at: new Date().toISOString(),
  };
  ensurePrivateDir(logins.dir);
  // The secret's key names only the issuer: written under the lock with its record, two registrations made at once
  // at one server cannot leave one client's record paired with the other's secret.
  await withLock(join(logins.dir, 'registrations.lock'), async () => {
    if (client_secret !== undefined) await store.set(registrationKey(client.issuer), JSON.stringify({ client_secret }));
    const file = readFile(logins);
    const replaced = file.clients[client.issuer];
    file.clients[client.issuer] = record;
    writeFileAtomic(fileOf(logins), `${JSON.stringify(file, null, 2)}\n`);
    // A secret of the replaced registration must not linger where nothing points at it any more. Inside the lock:
    // after it, another registration at this server may have put its own secret under the same key.
    if (replaced?.secret_store && replaced.secret_store !== record.secret_store)
      await logins
        .store(replaced.secret_store)
        .delete(registrationKey(client.issuer))
        .catch(() => false);
  });
}
