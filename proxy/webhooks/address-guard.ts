/**
 * Which addresses a webhook may be sent to: public ones only. A clinics file names the URL,
 * but it must not be a way to reach the proxy's own network: private ranges, loopback (unless
 * development allows it), link-local (cloud metadata at 169.254.169.254 and fd00:ec2::254
 * included), carrier-grade NAT, multicast, documentation and reserved ranges, and their IPv6
 * equivalents (IPv4-mapped addresses are checked as the IPv4 address they carry).
 *
 * The check is made on the resolved address, and `pinnedLookup` hands that same address to
 * the socket, so a name that resolves differently the second time (DNS rebinding) cannot
 * slip past it.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const ALWAYS_REFUSED: Array<[string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
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
  ['::', 128, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'],
  ['64:ff9b:1::', 48, 'ipv6'],
  ['100::', 64, 'ipv6'],
  ['2001::', 23, 'ipv6'],
  ['2001:db8::', 32, 'ipv6'],
  ['2002::', 16, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['fec0::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

const refused = new BlockList();
for (const [network, prefix, family] of ALWAYS_REFUSED) refused.addSubnet(network, prefix, family);
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Why an address is refused, or null when a webhook may go there. */
export function addressProblem(address: string, allowLoopback: boolean): string | null {
  const version = isIP(address);
  if (version === 0) return 'not an IP address';
  const family = version === 4 ? 'ipv4' : 'ipv6';
  if (loopback.check(address, family)) return allowLoopback ? null : 'a loopback address';
  if (refused.check(address, family)) return 'a private, link-local or reserved address';
  return null;
}

/** Thrown when a webhook's host resolves to an address it may not be sent to. */
export class AddressRefused extends Error {
  constructor(host: string, reason: string) {
    super(`The webhook host ${host} resolves to ${reason}.`);
    this.name = 'AddressRefused';
  }
}

type Resolve = (
  hostname: string,
  callback: (error: Error | null, addresses: LookupAddress[]) => void,
) => void;

const systemResolve: Resolve = (hostname, callback) =>
  dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => callback(error, addresses ?? []));

/**
 * A `lookup` for `http.request` that resolves the name, refuses it when any of its addresses
 * is refused, and connects to the checked address only.
 */
export function pinnedLookup(allowLoopback: boolean, resolve: Resolve = systemResolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const bad = addresses.map((a) => addressProblem(a.address, allowLoopback)).find((p) => p !== null);
      if (addresses.length === 0 || bad) {
        return callback(new AddressRefused(hostname, bad ?? 'no address'), '', 0);
      }
      const wanted = addresses.filter((a) => !options.family || a.family === options.family);
      const usable = wanted.length > 0 ? wanted : addresses;
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}
