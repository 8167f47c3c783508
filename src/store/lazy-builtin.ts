import { createRequire } from 'node:module';

/**
 * Built-in modules the hot path (`token` reading a fresh token) does without, loaded on first use: node:crypto costs
 * a process ≈5 ms, node:net and its streams ≈2 ms. process.getBuiltinModule (Node ≥ 20.16) skips the path work of
 * createRequire (≈0.2 ms on Node 20); older Node takes createRequire.
 */
function builtin<T>(name: string): T {
  return (process.getBuiltinModule?.(name) ?? createRequire(import.meta.url)(name)) as T;
}

/** For the stores, only when they write or hash. */
export const crypto = () => builtin<typeof import('node:crypto')>('node:crypto');
/** For the home folder, only when $HOME is not set. */
export const os = () => builtin<typeof import('node:os')>('node:os');
/** For the D-Bus connection, only when a keychain is really used. */
export const net = () => builtin<typeof import('node:net')>('node:net');
