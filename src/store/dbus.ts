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

/**
 * The probe, and `next` on the same connection, all within one `timeoutMs`: a reader pays for one connection and
 * one handshake, and a bus that stops answering halfway is bounded like one that never answers. `next` starts as
 * soon as Hello is sent (its calls then share round trips with the probe's), but its outcome counts only once the
 * probe has passed: a locked default keyring is reported as locked whatever `next` found. Never throws.
 */
export async function onSecretService<T>(
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  next: (bus: BusConnection) => Promise<SecretServiceOutcome<T>>,
): Promise<SecretServiceOutcome<T>> {
  const address = env.DBUS_SESSION_BUS_ADDRESS;
  if (!address) return fail('keychain_unavailable', 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)');
  const sockets = busSockets(address);
  if (sockets.length === 0) return fail('keychain_unavailable', `the D-Bus address ${address} names no unix socket`);

  let stage = 'the D-Bus session bus';
  let bus: BusConnection | undefined;
  /** The handshake, the probe's first call and `next`, all sent before the socket has even connected. */
  const send = (connection: BusConnection) => {
    const { accepted, hello } = connection.authenticate(process.getuid?.() ?? 0);
    const service = { ...SECRETS, interface: 'org.freedesktop.Secret.Service', member: 'ReadAlias', args: ['default'] };
    const alias = connection.call(service);
    const after = next(connection);
    for (const pending of [alias, after]) pending.catch(() => {}); // awaited below, unless the probe fails first
    return { accepted, hello, alias, after };
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
    const { accepted, hello, alias, after } = sent as ReturnType<typeof send>;
    const connection = bus as BusConnection;
    await accepted;
    await hello;
    stage = 'the Secret Service (org.freedesktop.secrets)';
    const collection = firstValue(await alias);
    if (typeof collection !== 'string' || collection === '/') {
      return fail('keychain_unavailable', 'the Secret Service has no default keyring (collection) to store tokens in');
    }
    const property = { interface: 'org.freedesktop.DBus.Properties', member: 'Get' };
    const args = ['org.freedesktop.Secret.Collection', 'Locked'];
    const locked = firstValue(await connection.call({ ...SECRETS, ...property, path: collection, args }));
    if (locked === true) return fail('keychain_locked', `the keyring ${collection} is locked`);
    return after;
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
