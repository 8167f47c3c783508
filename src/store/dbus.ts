import { BusConnection, DBusError } from './bus-connection.js';
import { busSockets, firstValue } from './dbus-wire.js';

/** The Secret Service probe: can the keychain be used right now, asked over our own connection with a deadline. */

export type ProbeFailure = 'keychain_unavailable' | 'keychain_timeout' | 'keychain_locked';
export type SecretServiceProbe = { ok: true } | { ok: false; code: ProbeFailure; reason: string };
/** What a step after the probe may also fail with: the Secret Service answered, with an error. */
export type SecretServiceFailure = ProbeFailure | 'keychain_failed';
export type SecretServiceOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; code: SecretServiceFailure; reason: string };

const fail = (code: ProbeFailure, reason: string) => ({ ok: false, code, reason }) as const;
export const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
export const SECRETS = { destination: 'org.freedesktop.secrets', path: '/org/freedesktop/secrets' };

/**
 * Within `timeoutMs`: the session bus answers the handshake, org.freedesktop.secrets answers, and its default
 * collection exists and is unlocked. ≈2 ms when healthy. Never throws.
 */
export async function probeSecretService(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<SecretServiceProbe> {
  const outcome = await onSecretService(env, timeoutMs, async () => ({ ok: true, value: undefined }));
  // Only `next` can fail with keychain_failed, and this one never fails.
  return outcome.ok ? { ok: true } : (outcome as SecretServiceProbe);
}

/** Whether the default keyring exists and is unlocked: undefined when it does, else the failure to report. */
async function defaultKeyring(connection: BusConnection): Promise<SecretServiceOutcome<never> | undefined> {
  const service = { ...SECRETS, interface: 'org.freedesktop.Secret.Service', member: 'ReadAlias', args: ['default'] };
  const collection = firstValue(await connection.call(service));
  if (typeof collection !== 'string' || collection === '/') {
    return fail('keychain_unavailable', 'the Secret Service has no default keyring (collection) to store tokens in');
  }
  const property = { interface: 'org.freedesktop.DBus.Properties', member: 'Get' };
  const args = ['org.freedesktop.Secret.Collection', 'Locked'];
  const locked = firstValue(await connection.call({ ...SECRETS, ...property, path: collection, args }));
  return locked === true ? fail('keychain_locked', `the keyring ${collection} is locked`) : undefined;
}

/**
 * The probe, and `next` on the same connection, all within one `timeoutMs`: a reader pays for one connection and
 * one handshake, and a bus that stops answering halfway is bounded like one that never answers. `next` starts as
 * soon as Hello is sent (its calls share the handshake's round trip). Its outcome stands alone when `decisive` says
 * so (a secret found and read needs no word on the default keyring: two round trips in all); otherwise it counts only
 * once the probe has passed, so a locked or missing default keyring is reported as such whatever `next` found (a
 * locked KeePassXC database shows no items at all). Without `decisive` the probe's calls go out with the handshake.
 * Never throws.
 */
export async function onSecretService<T>(
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  next: (bus: BusConnection) => Promise<SecretServiceOutcome<T>>,
  decisive?: (outcome: SecretServiceOutcome<T>) => boolean,
): Promise<SecretServiceOutcome<T>> {
  const address = env.DBUS_SESSION_BUS_ADDRESS;
  if (!address) return fail('keychain_unavailable', 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)');
  const sockets = busSockets(address);
  if (sockets.length === 0) return fail('keychain_unavailable', `the D-Bus address ${address} names no unix socket`);

  let stage = 'the D-Bus session bus';
  let bus: BusConnection | undefined;
  /** The handshake, `next` and (unless `decisive` may spare it) the probe, all sent before the socket connects. */
  const send = (connection: BusConnection) => {
    const { accepted, hello } = connection.authenticate(process.getuid?.() ?? 0);
    const after = next(connection);
    const probe = decisive ? undefined : defaultKeyring(connection);
    for (const pending of [after, probe]) pending?.catch(() => {}); // awaited below, unless the handshake fails first
    return { accepted, hello, after, probe };
  };
  const check = async (): Promise<SecretServiceOutcome<T>> => {
    let sent: ReturnType<typeof send> | undefined;
    for (const [i, socket] of sockets.entries()) {
      bus = new BusConnection(socket);
      sent = send(bus);
      // Like libdbus: the first address that accepts a connection is the bus.
      const ok = await bus.connected.then(
        () => true,
        (err) => (i === sockets.length - 1 ? Promise.reject(err) : false),
      );
      if (ok) break;
      bus.close();
    }
    const { accepted, hello, after, probe } = sent as ReturnType<typeof send>;
    await accepted;
    await hello;
    stage = 'the Secret Service (org.freedesktop.secrets)';
    const found = await after;
    if (decisive?.(found)) return found;
    return (await (probe ?? defaultKeyring(bus as BusConnection))) ?? found;
  };

  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<SecretServiceOutcome<T>>((resolve) => {
    const late = () => fail('keychain_timeout', `${stage} did not answer within ${seconds(timeoutMs)}`);
    timer = setTimeout(() => resolve(late()), timeoutMs);
  });
  try {
    return await Promise.race([check(), expired]);
  } catch (err) {
    if (err instanceof DBusError && err.dbusName.endsWith('.ServiceUnknown')) {
      return fail('keychain_unavailable', 'no Secret Service (org.freedesktop.secrets) on the D-Bus session bus');
    }
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return fail('keychain_unavailable', `cannot talk to ${stage} (${why})`);
  } finally {
    clearTimeout(timer);
    bus?.close();
  }
}
