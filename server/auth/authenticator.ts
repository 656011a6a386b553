import type { EmbedTokens, PartnerGrant, TokenRefusal } from '../partners/embed-tokens.js';
import { looksLikeToken } from '../partners/embed-tokens.js';
import type { HeadlineStore } from '../store/store.js';
import { grantAllows, hashSecret, matchGrant, type KeyGrant } from './keys.js';

export type Role = 'editor' | 'partner' | 'admin';

export interface Identity {
  name: string;
  role: Role;
  /** Channels the key is limited to; undefined for all. */
  channels?: string[];
  /** Set when the identity comes from a partner's embed token rather than a key. */
  grant?: PartnerGrant;
  /** An editor's public byline, when the newsroom set one. */
  byline?: string;
}

export type Identification = { ok: true; identity: Identity } | { ok: false; code: TokenRefusal | 'invalid_key'; message: string };

export interface KeySets {
  editorKeys: KeyGrant[];
  partnerKeys: KeyGrant[];
  adminKeys: KeyGrant[];
}

/**
 * Resolves a presented credential to who holds it: a partner's embed token (a JWT) through the
 * partner directory; a key from the environment first, then from the store.
 */
export class Authenticator {
  constructor(
    private readonly keys: KeySets,
    private readonly store: HeadlineStore,
    private readonly tokens: EmbedTokens,
  ) {}

  /** `origin`: the browser's `Origin` header, where there is one; a token is good only on its partner's origins. */
  async identify(secret: string | undefined, origin?: string): Promise<Identification> {
    if (!secret) return { ok: false, code: 'invalid_key', message: 'no key' };
    if (looksLikeToken(secret)) {
      const check = await this.tokens.verify(secret);
      if (!check.ok) return check;
      const { grant } = check;
      if (origin !== undefined && !this.tokens.originAllowed(grant, origin)) {
        return { ok: false, code: 'origin_not_allowed', message: `partner ${grant.partner} has not registered the origin ${origin}` };
      }
      return { ok: true, identity: { name: grant.partner, role: 'partner', channels: grant.channels, grant } };
    }
    if (secret.length > 256) return { ok: false, code: 'invalid_key', message: 'the key is not valid' };
    const hash = hashSecret(secret);
    for (const [role, grants] of [['editor', this.keys.editorKeys], ['partner', this.keys.partnerKeys], ['admin', this.keys.adminKeys]] as const) {
      const match = matchGrant(grants, hash);
      if (match) return { ok: true, identity: { name: match.name, role, channels: match.channels, byline: match.byline } };
    }
    const stored = await this.store.findStoredKey(hash.toString('hex'));
    if (stored) return { ok: true, identity: { name: stored.name, role: stored.role, channels: stored.channels, byline: stored.byline } };
    return { ok: false, code: 'invalid_key', message: 'the key is not valid' };
  }
}

export function canWrite(identity: Identity | undefined, channel: string): boolean {
  return identity?.role === 'editor' && grantAllows(identity, channel);
}

/** Public channels are open to all; private ones to editors and partners whose key or token covers them. */
export function canRead(identity: Identity | undefined, channel: string, privateChannels: ReadonlySet<string>): boolean {
  return !privateChannels.has(channel) || (identity !== undefined && identity.role !== 'admin' && grantAllows(identity, channel));
}
