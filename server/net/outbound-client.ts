import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { AddressPolicy } from './address-policy.js';

export type OutboundErrorCode = 'bad_url' | 'address_not_allowed' | 'too_many_redirects' | 'too_large' | 'timeout' | 'network';

/** Why an outbound request did not get an answer; `message` is safe to show to whoever gave the URL. */
export class OutboundError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

export interface OutboundRequest {
  method?: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** For the whole exchange: connecting, every redirect and the body. */
  timeoutMs?: number;
  /** Of the body as received, after decompression. */
  maxBytes?: number;
  /** Followed for GET and HEAD only; a POST gets the redirect back as its answer. */
  maxRedirects?: number;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Where the answer came from, after redirects. */
  url: string;
}

export interface OutboundClient {
  request(url: string, init?: OutboundRequest): Promise<OutboundResponse>;
}

export const OUTBOUND_DEFAULTS = { timeoutMs: 10_000, maxBytes: 2 * 1024 * 1024, maxRedirects: 3 } as const;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that are for the origin they were given to, not for one a redirect leads to. */
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** An absolute http(s) URL without credentials in it: the only kind an outbound request takes. */
export function checkOutboundUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OutboundError('bad_url', 'not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundError('bad_url', 'only http and https URLs are allowed');
  if (url.username || url.password) throw new OutboundError('bad_url', 'a URL must not carry credentials');
  return url;
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/**
 * The one way Ajel makes requests to URLs it was given: only to addresses the policy allows,
 * checked on the address actually connected to (after DNS resolution, on every redirect, so a name
 * that resolves or redirects to the node's own network is refused), within a time and a size.
 */
export function createOutboundClient(options: { policy: AddressPolicy; userAgent: string }): OutboundClient {
  const { policy, userAgent } = options;

  const allowedLookup = (host: string): LookupFunction => (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { all: true, family: lookupOptions.family, hints: lookupOptions.hints }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const allowed = addresses.filter(({ address }) => policy.allows(host, address));
      if (allowed.length === 0) return callback(new OutboundError('address_not_allowed', `${host} resolves to an address that is not allowed`), '', 0);
      if (lookupOptions.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };

  function once(url: URL, init: OutboundRequest, headers: Record<string, string>, deadline: number, maxBytes: number): Promise<OutboundResponse> {
    const host = hostOf(url);
    if (isIP(host) !== 0 && !policy.allows(host, host)) return Promise.reject(new OutboundError('address_not_allowed', `${host} is not an address that is allowed`));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return reject(new OutboundError('timeout', 'no answer in time'));
      const request = send(url, { method: init.method ?? 'GET', headers, lookup: allowedLookup(host), agent: false });
      const timer = setTimeout(() => request.destroy(new OutboundError('timeout', 'no answer in time')), remaining);
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error instanceof OutboundError ? error : new OutboundError('network', (error as NodeJS.ErrnoException).code ?? error.message));
      };
      request.on('error', fail);
      request.on('response', (response) => {
        readBody(response, init.method === 'HEAD', maxBytes).then(
          (body) => {
            clearTimeout(timer);
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body, url: url.href });
          },
          (error: Error) => {
            request.destroy();
            fail(error);
          },
        );
      });
      request.end(init.body);
    });
  }

  return {
    async request(target, init = {}) {
      let url = checkOutboundUrl(target);
      const deadline = Date.now() + (init.timeoutMs ?? OUTBOUND_DEFAULTS.timeoutMs);
      const maxBytes = init.maxBytes ?? OUTBOUND_DEFAULTS.maxBytes;
      const follows = init.method === undefined || init.method === 'GET' || init.method === 'HEAD';
      const maxRedirects = follows ? (init.maxRedirects ?? OUTBOUND_DEFAULTS.maxRedirects) : 0;
      let headers: Record<string, string> = { 'user-agent': userAgent, 'accept-encoding': 'gzip, deflate, br', ...lowerCased(init.headers ?? {}) };
      for (let redirects = 0; ; redirects++) {
        const response = await once(url, init, headers, deadline, maxBytes);
        const location = response.headers.location;
        if (!follows || !REDIRECTS.has(response.status) || !location) return response;
        if (redirects === maxRedirects) throw new OutboundError('too_many_redirects', `more than ${maxRedirects} redirects`);
        const next = checkOutboundUrl(new URL(location, url).href);
        if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !ORIGIN_BOUND_HEADERS.includes(name)));
        url = next;
      }
    },
  };
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function decoded(response: IncomingMessage): Readable {
  switch (response.headers['content-encoding']?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return response.pipe(createGunzip());
    case 'deflate':
      return response.pipe(createInflate());
    case 'br':
      return response.pipe(createBrotliDecompress());
    default:
      return response;
  }
}

/** The body, decompressed, refused as soon as it passes `maxBytes` (a decompression bomb included). */
function readBody(response: IncomingMessage, head: boolean, maxBytes: number): Promise<Buffer> {
  if (head || response.statusCode === 204 || response.statusCode === 304) {
    response.resume();
    return Promise.resolve(Buffer.alloc(0));
  }
  const declared = Number(response.headers['content-length']);
  if (!response.headers['content-encoding'] && Number.isFinite(declared) && declared > maxBytes) {
    return Promise.reject(new OutboundError('too_large', `the answer is larger than ${maxBytes} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const body = decoded(response);
    const fail = (error: Error) => {
      if (body !== response) body.destroy();
      reject(error instanceof OutboundError ? error : new OutboundError('network', error.message));
    };
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return fail(new OutboundError('too_large', `the answer is larger than ${maxBytes} bytes`));
      chunks.push(chunk);
    });
    body.on('end', () => resolve(Buffer.concat(chunks)));
    body.on('error', fail);
    response.on('error', fail);
    response.on('aborted', () => fail(new OutboundError('network', 'the answer was cut off')));
  });
}
