import { BlockList, isIP } from 'node:net';

/**
 * Which addresses an outbound request (a feed, a webhook, a push service) may reach: public ones,
 * and private ones only where the operator allows them (`AJEL_OUTBOUND_ALLOW`: hosts, addresses and
 * CIDR ranges), so that a URL an editor or a partner gives cannot reach the node's own network.
 */
export interface AddressPolicy {
  /** Whether a request to `host` may connect to `address` (what `host` resolved to, or `host` itself when it is an address). */
  allows(host: string, address: string): boolean;
}

/** Everything that is not the public internet: IANA's special-purpose registries, v4 and v6. */
const NOT_PUBLIC: Array<[string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.0.2.0', 24, 'ipv4'],
  ['192.88.99.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 96, 'ipv6'],
  ['100::', 64, 'ipv6'],
  ['2001::', 23, 'ipv6'],
  ['2001:db8::', 32, 'ipv6'],
  ['2002::', 16, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['fec0::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

const notPublic = new BlockList();
for (const [network, prefix, family] of NOT_PUBLIC) notPublic.addSubnet(network, prefix, family);

/** An IPv4 address carried inside an IPv6 one (`::ffff:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`), or the address itself. */
export function unwrapAddress(address: string): string {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(bare) !== 6) return bare;
  const embedded = /^(?:::ffff:(?:0:)?|64:ff9b::)(.+)$/.exec(bare)?.[1];
  if (!embedded) return bare;
  if (isIP(embedded) === 4) return embedded;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(embedded);
  if (!hex) return bare;
  const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

const familyOf = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

export function isPublicAddress(address: string): boolean {
  const bare = unwrapAddress(address);
  if (isIP(bare) === 0) return false;
  return !notPublic.check(bare, familyOf(bare));
}

export interface OutboundAllow {
  /** Names allowed to resolve to any address. */
  hosts: string[];
  /** Network and prefix length. */
  ranges: Array<[string, number]>;
}

/** Parses `AJEL_OUTBOUND_ALLOW`'s entries: host names (exact), addresses and CIDR ranges. */
export function parseOutboundAllow(entries: string[]): OutboundAllow {
  const hosts: string[] = [];
  const ranges: OutboundAllow['ranges'] = [];
  for (const entry of entries) {
    const [network, prefixText, extra] = entry.trim().toLowerCase().replace(/^\[|\]$/g, '').split('/');
    if (extra !== undefined) throw new Error(`"${entry}" is not a host, an address or a CIDR range`);
    const family = isIP(network);
    if (family === 0) {
      if (prefixText !== undefined || !/^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/.test(network)) {
        throw new Error(`"${entry}" is not a host, an address or a CIDR range`);
      }
      hosts.push(network);
      continue;
    }
    const max = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (!/^\d{1,3}$/.test(prefixText ?? String(max)) || prefix > max) throw new Error(`"${entry}": the prefix must be 0-${max}`);
    ranges.push([network, prefix]);
  }
  return { hosts, ranges };
}

export function createAddressPolicy(allow: OutboundAllow): AddressPolicy {
  const allowedHosts = new Set(allow.hosts);
  const allowedRanges = new BlockList();
  for (const [network, prefix] of allow.ranges) allowedRanges.addSubnet(network, prefix, familyOf(network));
  return {
    allows(host, address) {
      const bare = unwrapAddress(address);
      if (isIP(bare) === 0) return false;
      if (isPublicAddress(bare)) return true;
      return allowedHosts.has(host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '')) || allowedRanges.check(bare, familyOf(bare));
    },
  };
}
