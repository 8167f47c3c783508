/**
 * Which parts of a small bundle (fast.ts, fast-local.ts) this run used: the command, each store it read, an error
 * shown. bin/ keeps V8's compiled code of a bundle and writes it again when a run used a part the cached code was not
 * made with, so that one cache ends up holding the functions of every path taken (V8 compiles a function on its first
 * call, and the cache can only hold functions that were compiled).
 */
const used = new Set<string>();

export function using(part: string): void {
  used.add(part);
}

export function partsUsed(): string[] {
  return [...used];
}
