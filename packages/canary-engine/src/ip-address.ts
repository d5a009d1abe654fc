/**
 * IP addresses as 16 bytes (IPv4 as IPv4-mapped IPv6, so `10.0.0.1` and `::ffff:10.0.0.1` are one
 * address), networks, and which addresses are not on the public internet. Plain TypeScript: the
 * engine runs wherever Web Standards do.
 */

/** An address or a network: 16 bytes and a prefix length over them (128 for one address). */
export interface IpNetwork {
  readonly bytes: Uint8Array;
  readonly prefix: number;
}

const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** The 16 bytes of a dotted-quad IPv4 (`127.0.0.1`) or an IPv6 (`::1`, `[fe80::1]`, `::ffff:1.2.3.4`); null otherwise. */
export function parseIpAddress(text: string): Uint8Array | null {
  const address = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const v4 = parseIpv4(address);
  if (v4 !== null) return Uint8Array.from([...MAPPED_PREFIX, ...v4]);
  return parseIpv6(address);
}

function parseIpv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((part) => (/^(0|[1-9]\d{0,2})$/.test(part) ? Number(part) : Number.NaN));
  return bytes.every((byte) => byte <= 255) ? bytes : null;
}

function parseIpv6(text: string): Uint8Array | null {
  // A zone (`fe80::1%eth0`) names an interface of this host: never a public target.
  if (text.includes('%') || !/^[0-9a-f:.]+$/i.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (half: string | undefined): number[] | null => {
    if (half === undefined || half === '') return [];
    const groups: number[] = [];
    const pieces = half.split(':');
    for (const [index, piece] of pieces.entries()) {
      if (index === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === null) return null;
        groups.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
        groups.push(Number.parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return groups;
  };
  const head = groupsOf(halves[0]);
  const tail = groupsOf(halves[1]);
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
  return Uint8Array.from(groups.flatMap((group) => [group >> 8, group & 0xff]));
}

/** `10.1.0.0/16`, `fd00::/8`, or one address (`/32` or `/128` implied); null when it is neither. */
export function parseIpNetwork(text: string): IpNetwork | null {
  const [address = '', prefixText, ...rest] = text.split('/');
  if (rest.length > 0) return null;
  const bytes = parseIpAddress(address);
  if (bytes === null) return null;
  const isV4 = parseIpv4(address) !== null;
  if (prefixText === undefined) return { bytes, prefix: 128 };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText) + (isV4 ? 96 : 0);
  return prefix <= 128 && Number(prefixText) <= (isV4 ? 32 : 128) ? { bytes, prefix } : null;
}

/** True when `address` lies inside `network`. */
export function isInNetwork(address: Uint8Array, network: IpNetwork): boolean {
  for (let bit = 0; bit < network.prefix; bit += 8) {
    const bits = Math.min(8, network.prefix - bit);
    const mask = (0xff << (8 - bits)) & 0xff;
    if (((address[bit / 8] ?? 0) & mask) !== ((network.bytes[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
}

// Every range that is not a public internet address (IANA special-purpose registries), by kind.
const NON_PUBLIC: readonly (readonly [string, string])[] = [
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'private'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'],
  ['198.51.100.0/24', 'reserved'],
  ['203.0.113.0/24', 'reserved'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  // IPv4-compatible (deprecated) and the NAT64/6to4/Teredo forms that embed or reach IPv4 hosts.
  ['::/96', 'reserved'],
  ['64:ff9b::/96', 'reserved'],
  ['64:ff9b:1::/48', 'reserved'],
  ['100::/64', 'reserved'],
  ['2001::/32', 'reserved'],
  ['2001:db8::/32', 'reserved'],
  ['2002::/16', 'reserved'],
  ['fc00::/7', 'unique-local'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'link-local'],
  ['ff00::/8', 'multicast'],
];
const NON_PUBLIC_NETWORKS = NON_PUBLIC.map(([cidr, kind]) => {
  const network = parseIpNetwork(cidr);
  if (network === null) throw new Error(`bad built-in network ${cidr}`);
  return { network, kind };
});

/**
 * What kind of non-public address `address` is (`loopback`, `private`, `link-local`,
 * `unique-local`, `unspecified`, `multicast`, `reserved`), or null for a public one.
 */
export function nonPublicKind(address: Uint8Array): string | null {
  // Most specific first: ::/96 must not hide ::1 and ::.
  let found: { kind: string; prefix: number } | null = null;
  for (const { network, kind } of NON_PUBLIC_NETWORKS) {
    if (isInNetwork(address, network) && (found === null || network.prefix > found.prefix)) {
      found = { kind, prefix: network.prefix };
    }
  }
  return found?.kind ?? null;
}
