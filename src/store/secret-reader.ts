import { isUtf8 } from 'node:buffer';
import { type BusConnection, DBusError } from './bus-connection.js';
import type { Value } from './dbus-marshal.js';
import { type Call, type Reply, replyValues } from './dbus-wire.js';
import { onSecretService, SECRETS, type SecretServiceOutcome } from './dbus.js';

/**
 * Reads a secret from the Secret Service over the probe's own connection, for `token` and `status`: loading the
 * native binding, its second connection and its Diffie-Hellman session cost ≈15 ms of a command that is all
 * start-up. Writes and deletes still go through @napi-rs/keyring, so items are created the way it creates them;
 * this finds them the way it does (SearchItems on the same attributes, in every collection).
 */

/** The Secret Service refused the `plain` algorithm (it may insist on encryption): the caller uses the binding. */
export const PLAIN_REFUSED = Symbol('plain refused');
export type ReadOutcome = SecretServiceOutcome<string | undefined | typeof PLAIN_REFUSED>;

const SERVICE = { ...SECRETS, interface: 'org.freedesktop.Secret.Service' };

class Unexpected extends Error {}

/** The values of a reply that must have exactly this signature. */
async function ask(bus: BusConnection, call: Call, signature: string): Promise<Value[]> {
  const reply: Reply = await bus.call(call);
  if (reply.signature !== signature) {
    throw new Unexpected(`the Secret Service answered ${call.member} with "${reply.signature}", not "${signature}"`);
  }
  return replyValues(reply);
}

const locked = { ok: false, code: 'keychain_locked', reason: 'the keyring holding it is locked' } as const;
const failed = (reason: string) => ({ ok: false, code: 'keychain_failed', reason }) as const;

/** A session in which secrets travel as they are; undefined when the service refuses `plain`. */
async function plainSession(bus: BusConnection): Promise<string | undefined> {
  // `plain`: the secret crosses only this user's bus socket, which the bus daemon reads in any case.
  const open = { ...SERVICE, member: 'OpenSession', signature: 'sv', args: ['plain', { signature: 's', value: '' }] };
  try {
    const [, session] = await ask(bus, open, 'vo');
    return session as string;
  } catch (err) {
    if (err instanceof DBusError && err.dbusName.endsWith('.NotSupported')) return undefined;
    throw err;
  }
}

async function read(bus: BusConnection, attributes: Record<string, string>): Promise<ReadOutcome> {
  // Both asked at once: one round trip.
  const search = { ...SERVICE, member: 'SearchItems', signature: 'a{ss}', args: [Object.entries(attributes)] };
  const [session, found] = await Promise.all([plainSession(bus), ask(bus, search, 'aoao')]);
  if (session === undefined) return { ok: true, value: PLAIN_REFUSED };
  const [unlocked, lockedItems] = found as [string[], string[]];
  if (lockedItems.length > 0) return locked;
  const [item, ...more] = unlocked;
  if (item === undefined) return { ok: true, value: undefined };
  if (more.length > 0) {
    const which = Object.entries(attributes).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    return failed(`${unlocked.length} keychain items have the attributes ${which.join(' ')}; remove all but one`);
  }
  const get = { ...SECRETS, path: item, interface: 'org.freedesktop.Secret.Item', member: 'GetSecret' };
  const [secret] = await ask(bus, { ...get, signature: 'o', args: [session] }, '(oayays)');
  const value = (secret as Value[])[2] as Buffer;
  // isUtf8, not a fatal TextDecoder: that one loads Node's whole encoding module on the hot path.
  return isUtf8(value) ? { ok: true, value: value.toString('utf8') } : failed('the stored secret is not UTF-8 text');
}

/**
 * The secret of the one item with exactly these attributes (undefined when there is none), within `timeoutMs` for
 * the probe and the read together; the probe is asked only when no secret was read (it names why: a locked or
 * missing default keyring). A locked item is reported as locked, never unlocked: unlocking would show a prompt and
 * wait for a person. Never throws.
 */
export function readSecretItem(
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  attributes: Record<string, string>,
): Promise<ReadOutcome> {
  const next = async (bus: BusConnection): Promise<ReadOutcome> => {
    try {
      return await read(bus, attributes);
    } catch (err) {
      if (err instanceof DBusError && err.dbusName.endsWith('.IsLocked')) return locked;
      if (err instanceof DBusError || err instanceof Unexpected) return failed(err.message);
      throw err; // the connection failed: the probe's handler names it
    }
  };
  return onSecretService(env, timeoutMs, next, (outcome) => outcome.ok && typeof outcome.value === 'string');
}
