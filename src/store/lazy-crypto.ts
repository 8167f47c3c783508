import { createRequire } from 'node:module';

/**
 * node:crypto costs a process ≈5 ms to load, and the hot path (`token` reading a fresh token) needs none of it:
 * the stores load it only when they write or hash.
 */
export function crypto(): typeof import('node:crypto') {
  return createRequire(import.meta.url)('node:crypto');
}
