import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ApiError } from '../http/errors.js';
import { isPublicAddress, type AddressPolicy, type OutboundAllow } from '../net/address-policy.js';
import { checkOutboundUrl, OutboundError } from '../net/outbound-client.js';

const unsafe = (message: string) => new ApiError(422, 'unsafe_url', `url: ${message}`, 'url');

/**
 * A receiver's URL as it may be registered: https, or http to a host AJEL_OUTBOUND_ALLOW lets
 * through; resolving to an address the policy allows. The outbound client checks the address
 * again at every delivery, since a name can resolve elsewhere later.
 */
export async function checkEndpointUrl(value: string, allow: OutboundAllow, policy: AddressPolicy): Promise<string> {
  let url: URL;
  try {
    url = checkOutboundUrl(value);
  } catch (error) {
    throw unsafe(error instanceof OutboundError ? error.message : 'not a URL');
  }
  url.hash = '';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const allowedPrivately = allow.hosts.includes(host) || (isIP(host) !== 0 && !isPublicAddress(host) && policy.allows(host, host));
  if (url.protocol === 'http:' && !allowedPrivately) throw unsafe('must be https (http only to a host AJEL_OUTBOUND_ALLOW lists)');
  let addresses: string[];
  try {
    addresses = isIP(host) !== 0 ? [host] : (await lookup(host, { all: true })).map((found) => found.address);
  } catch {
    throw unsafe(`${host} does not resolve`);
  }
  if (!addresses.some((address) => policy.allows(host, address))) {
    throw unsafe(`${host} is a private address; deliveries go only to public ones (unless AJEL_OUTBOUND_ALLOW lists it)`);
  }
  return url.href;
}
