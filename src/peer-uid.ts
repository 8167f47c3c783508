import { readFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { endianness } from 'node:os';

/**
 * Which local user opened a loopback TCP connection, on Linux: the kernel lists every TCP socket with its owner's uid
 * in /proc/net/tcp and /proc/net/tcp6. The callback listener refuses connections of other users (row 35 of
 * test/HOSTILE.md): they could have read the start URL in a browser's argv. Undefined where it cannot be known
 * (not Linux, no /proc): then only the start page's cookie protects the callback.
 */
export function peerUid(peer: { address?: string; port?: number }, local: { address?: string; port?: number }) {
  if (process.platform !== 'linux' || !peer.address || !peer.port || !local.address || !local.port) return undefined;
  const v4 = isIPv4(peer.address);
  let table: string;
  try {
    table = readFileSync(v4 ? '/proc/net/tcp' : '/proc/net/tcp6', 'latin1');
  } catch {
    return undefined;
  }
  const ours = `${hexAddress(peer.address)}:${hexPort(peer.port)}`;
  const theirs = `${hexAddress(local.address)}:${hexPort(local.port)}`;
  for (const line of table.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields[1] === ours && fields[2] === theirs) return Number(fields[7]);
  }
  return undefined;
}

const hexPort = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');

/** As the kernel prints it: the address in 32-bit words, each in the machine's byte order. */
export function hexAddress(address: string): string {
  const bytes = isIPv4(address) ? address.split('.').map(Number) : ipv6Bytes(address);
  const words: string[] = [];
  for (let i = 0; i < bytes.length; i += 4) {
    const word = bytes.slice(i, i + 4);
    if (endianness() === 'LE') word.reverse();
    words.push(word.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(''));
  }
  return words.join('');
}

function ipv6Bytes(address: string): number[] {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return [...Array(10).fill(0), 0xff, 0xff, ...(mapped[1] as string).split('.').map(Number)];
  const [head = '', tail = ''] = address.split('::');
  const parts = (s: string) => (s ? s.split(':') : []);
  const groups = [...parts(head), ...Array(8 - parts(head).length - parts(tail).length).fill('0'), ...parts(tail)];
  return groups.flatMap((g) => {
    const n = Number.parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}
