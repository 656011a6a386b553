import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { bylineText, CHANNEL_PATTERN, MAX_BYLINE_LENGTH } from '../headlines/schema.js';
import { checkReaderText } from '../headlines/text.js';

/** A key and what it may do: write (editor keys) or read private channels (partner keys). */
export interface KeyGrant {
  name: string;
  /** SHA-256 of the secret; the secret itself is never kept. */
  hash: Buffer;
  /** Channels the key is limited to; `undefined` for all. */
  channels?: string[];
  /** The editor's public byline, shown to readers with what they publish; without one, readers see no author. */
  byline?: string;
}

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

const NAME = /^[A-Za-z0-9._-]{1,64}$/;
const SECRET = /^[\x21-\x7e]{5,256}$/;

/** A key written into the store by an operator (`ajel:keys` in Redis); anything else there is not a key. */
export const storedKeySchema = z
  .object({
    name: z.string().regex(NAME),
    role: z.enum(['editor', 'partner']),
    channels: z.array(z.string().regex(CHANNEL_PATTERN)).min(1).optional(),
    byline: bylineText.optional(),
  })
  .refine((key) => key.role === 'editor' || key.byline === undefined, { message: 'only editor keys carry a byline', path: ['byline'] });

export type StoredKey = z.infer<typeof storedKeySchema>;

/**
 * Parses `[name[=byline]:]secret[@channel|channel]`, comma-separated:
 * `alice=Alice Haddad:s3cret,bob:t0ken@ar-main`. A key without a name is named after the start of
 * its hash, so the audit log never shows a secret. A byline (editor keys only, `bylines`) is
 * reader-facing text of at most 64 characters without `,`, `:` or `@`.
 */
export function parseKeyList(value: string, options: { bylines: boolean }): KeyGrant[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, index) => {
      const at = entry.lastIndexOf('@');
      const credential = at === -1 ? entry : entry.slice(0, at);
      const channels = at === -1 ? undefined : entry.slice(at + 1).split('|').filter(Boolean);
      const colon = credential.indexOf(':');
      const secret = colon === -1 ? credential : credential.slice(colon + 1);
      const hash = hashSecret(secret);
      const label = colon === -1 ? undefined : credential.slice(0, colon);
      const equals = label?.indexOf('=') ?? -1;
      const name = label === undefined ? `key-${hash.toString('hex').slice(0, 8)}` : equals === -1 ? label : label.slice(0, equals);
      if (!NAME.test(name)) throw new Error(`entry ${index + 1}: name must be 1-64 of A-Z a-z 0-9 . _ -`);
      if (!SECRET.test(secret)) throw new Error(`entry ${index + 1}: key must be 5-256 printable characters without spaces`);
      if (channels && (channels.length === 0 || !channels.every((channel) => CHANNEL_PATTERN.test(channel)))) {
        throw new Error(`entry ${index + 1}: channels after "@" must be slugs separated by "|"`);
      }
      const grant: KeyGrant = { name, hash, channels };
      if (equals !== -1) {
        if (!options.bylines) throw new Error(`entry ${index + 1}: only editor keys carry a byline ("name=byline:key")`);
        const checked = checkReaderText(label!.slice(equals + 1), MAX_BYLINE_LENGTH);
        if ('problem' in checked) throw new Error(`entry ${index + 1}: byline ${checked.problem.message}`);
        grant.byline = checked.text;
      }
      return grant;
    });
}

export function grantAllows(grant: { channels?: string[] }, channel: string): boolean {
  return grant.channels === undefined || grant.channels.includes(channel);
}

/** Finds the grant whose hash equals `hash`, comparing against every grant in constant time. */
export function matchGrant(grants: KeyGrant[], hash: Buffer): KeyGrant | undefined {
  let found: KeyGrant | undefined;
  for (const grant of grants) {
    if (timingSafeEqual(grant.hash, hash) && !found) found = grant;
  }
  return found;
}
