import { createRequire } from 'node:module';
import type { AsyncEntry } from '@napi-rs/keyring';
import { LoginError } from '../errors.js';
import { type ProbeFailure, probeSecretService, type SecretServiceProbe, seconds } from './dbus.js';
import { PLAIN_REFUSED, readSecretItem } from './secret-reader.js';
import type { SecretStore } from './types.js';

const SERVICE = 'oauth-login';
const TIMEOUT_MS = 3000;

export type KeychainProbe = SecretServiceProbe;

type Binding = typeof import('@napi-rs/keyring');
let binding: Binding | undefined;

/** Loaded on first use only: through createRequire it costs ≈7 ms (≈29 ms through import()), and only here. */
function loadBinding(): Binding {
  binding ??= createRequire(import.meta.url)('@napi-rs/keyring') as Binding;
  return binding;
}

/**
 * Can the keychain be used right now? Never throws, never blocks: the binding loads, and on Linux/BSD the session
 * bus, the Secret Service and its unlocked default keyring answer within `timeoutMs` (see dbus.ts). ≈2 ms when
 * healthy. For `doctor`, for choosing a store, and run by KeychainStore before its first native call.
 */
export async function probeKeychain(
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = TIMEOUT_MS,
): Promise<KeychainProbe> {
  try {
    loadBinding();
  } catch (err) {
    const reason = `the keychain module @napi-rs/keyring cannot be loaded (${String(err)})`;
    return { ok: false, code: 'keychain_unavailable', reason };
  }
  // macOS and Windows keychains are system services, not reached through D-Bus.
  if (process.platform === 'darwin' || process.platform === 'win32') return { ok: true };
  return probeSecretService(env, timeoutMs);
}

const HINTS: Record<ProbeFailure | 'keychain_failed', string> = {
  keychain_unavailable:
    'Run a Secret Service (gnome-keyring, KWallet or KeePassXC) with a default keyring, or use the file store.',
  keychain_timeout:
    'The keyring daemon or the D-Bus session bus is stuck: restart it (or log in again), or use the file store.',
  keychain_locked: 'Unlock your login keyring (for example in "Passwords and Keys"), then try again.',
  keychain_failed: 'Try again; if it keeps failing, use the file store.',
};

function keychainError(code: ProbeFailure | 'keychain_failed', message: string, cause?: unknown): LoginError {
  return new LoginError(code, message, { hint: HINTS[code], cause });
}

/** The binding's messages are D-Bus error texts: they never contain the secret. */
function fromBinding(err: unknown, what: string): LoginError {
  if (err instanceof LoginError) return err;
  const text = err instanceof Error ? err.message : String(err);
  if (/locked|unlock prompt/i.test(text)) return keychainError('keychain_locked', `Cannot ${what}: it is locked.`, err);
  if (/did not receive a reply|timed? ?out/i.test(text)) {
    return keychainError('keychain_timeout', `Cannot ${what}: it did not answer in time.`, err);
  }
  return keychainError('keychain_failed', `Cannot ${what}: ${text}`, err);
}

/**
 * The native call runs on a libuv thread, and the timer lets us stop waiting for it. It cannot stop the thread,
 * and Node waits for that thread when the process exits: that is why the probe first rules out every state we know
 * of in which a call could wait for long (a silent bus, a stopped daemon, a locked keyring that would prompt).
 */
function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  work.catch(() => {}); // a failure after the timeout has nobody left to tell
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    const late = () => keychainError('keychain_timeout', `Cannot ${what}: it did not answer within ${seconds(ms)}.`);
    timer = setTimeout(() => reject(late()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const PHRASES = {
  read: 'read "%" from the keychain',
  save: 'save "%" in the keychain',
  delete: 'delete "%" from the keychain',
};

/** Tokens in the OS keychain: Secret Service on Linux (never the kernel keyring, which forgets them on reboot). */
export class KeychainStore implements SecretStore {
  readonly kind = 'keychain' as const;
  private readonly timeoutMs: number;
  private probe: Promise<KeychainProbe> | undefined;
  private readonly entries = new Map<string, AsyncEntry>();

  /** `probe`: a probe already made (e.g. to choose this store), so the first call does not repeat it. */
  constructor(options: { timeoutMs?: number; probe?: KeychainProbe } = {}) {
    this.timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
    if (options.probe) this.probe = Promise.resolve(options.probe);
  }

  async get(key: string): Promise<string | undefined> {
    // On Linux and the BSDs a read needs no binding: the probe's own connection reads it (secret-reader.ts).
    if (process.platform !== 'darwin' && process.platform !== 'win32') {
      const what = PHRASES.read.replace('%', () => key);
      const probe = await this.probe;
      if (probe && !probe.ok) throw keychainError(probe.code, `Cannot ${what}: ${probe.reason}.`);
      const read = await readSecretItem(process.env, this.timeoutMs, { service: SERVICE, username: key });
      if (!read.ok) throw keychainError(read.code, `Cannot ${what}: ${read.reason}.`);
      if (read.value !== PLAIN_REFUSED) return read.value;
    }
    return (await this.run('read', key, (entry) => entry.getPassword())) ?? undefined;
  }

  async set(key: string, value: string): Promise<void> {
    await this.run('save', key, (entry) => entry.setPassword(value));
  }

  async delete(key: string): Promise<boolean> {
    return this.run('delete', key, (entry) => entry.deleteCredential());
  }

  private async run<T>(action: keyof typeof PHRASES, key: string, op: (entry: AsyncEntry) => Promise<T>): Promise<T> {
    const what = PHRASES[action].replace('%', () => key);
    // Once per store: libdbus connects synchronously and would freeze us on a bus that does not answer, so the
    // binding is only used after the probe heard the bus and the Secret Service answer. It reads process.env
    // because libdbus does. A locked keyring is refused here, never passed to the binding: on a desktop the binding
    // would show an unlock prompt and wait for it with no time limit.
    this.probe ??= probeKeychain(process.env, this.timeoutMs);
    const probe = await this.probe;
    if (!probe.ok) throw keychainError(probe.code, `Cannot ${what}: ${probe.reason}.`);
    try {
      let entry = this.entries.get(key);
      if (!entry) {
        // Synchronous (≈5 ms: connect + session). `store` pins the Secret Service: no fallback to the kernel keyring.
        entry = new (loadBinding().AsyncEntry)(SERVICE, key, { linux: { store: 'secret-service' } });
        this.entries.set(key, entry);
      }
      return await withTimeout(op(entry), this.timeoutMs, what);
    } catch (err) {
      throw fromBinding(err, what);
    }
  }
}
